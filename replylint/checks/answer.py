"""Answer: does the draft answer what was asked? (RULES.md, family *answer*).

The questions and their answers come from `nlp/questions.py` and `nlp/answers.py`, computed once
per thread; these checks only read them.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..analysis import AnalysedThread
from ..engine import Rule, register
from ..model import Finding
from ..nlp.answers import answers, direct_answer, draft_sentences, future_person, has_time
from ..nlp.layout import body


@register("unanswered-question")
def unanswered_question(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    opts = rule.options(ctx)
    hints = opts["suggestions"]
    for a in ctx.memo(answers):
        if a.status != "unanswered":
            continue
        q = a.question
        span = q.span
        message = opts["request_message"] if q.kind == "request" else None
        yield rule.finding(ctx, span, related=[span], message=message,
                           suggestion=hints.get(q.kind, hints["other"]))


@register("missing-timeframe")
def missing_timeframe(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    draft = ctx.draft
    promise = rule.words("promise")
    company = rule.words("company")
    feedback = rule.words("feedback")
    handover = rule.words("handover")
    sents = body(draft)
    for k, sent in enumerate(sents):
        if "?" in sent.text or has_time(sent, strict=True):
            continue
        if k + 1 < len(sents) and has_time(sents[k + 1], strict=True) and not any(
                t.lemma_ in promise for t in sents[k + 1]):
            continue  # «Вернём сумму по чеку. Деньги придут в течение 5 рабочих дней.»
        words = [t for t in sent if t.is_alpha]
        if words and words[0].lower_ in {"если", "когда"}:
            continue  # a promise under a condition of the customer's («если не заработает — …»)
        hit = next((t for t in sent if t.lemma_ in promise and _promises(t, company, feedback, handover)
                    and not _conditional(t)), None)
        if hit is None or draft.quoted(hit):
            continue
        if "как только" not in sent.text.lower() and _has_immediate(sent):
            continue
        yield rule.finding(ctx, draft.sentence_span(sent))


def _conditional(t) -> bool:
    """The verb's clause opens with a condition: «при болезни … вернём полную стоимость», «если
    товар с дефектом, заменим» — a policy, not a promise about this case. (`как только …` is a
    wait for an unknown moment: still a promise without a time frame.)"""
    sent = t.sent
    start = sent.start
    for i in range(t.i - 1, sent.start - 1, -1):
        if t.doc[i].text in {":", ";", "—", "–"}:
            start = i + 1
            break
    head = [w for w in t.doc[start:t.i] if w.is_alpha][:3]
    return bool(head) and (head[0].lower_ in {"если", "при"} or
                           [w.lower_ for w in head[:2]] == ["в", "случае"])


_IMMEDIATE = frozenset({"сразу", "немедленно", "незамедлительно", "моментально", "мгновенно"})


def _has_immediate(sent) -> bool:
    return any(t.lemma_ in _IMMEDIATE for t in sent)


def _promises(t, company, feedback, handover) -> bool:
    """`t` (a promise verb) states a future action of the company: 1st person future (`проверим`,
    `вернусь с ответом`), a company role's future (`специалисты свяжутся`, `вам перезвонят`), a
    future passive (`заявка будет рассмотрена`), or a hand-over (`передали специалистам`)."""
    m = str(t.morph)
    doc = t.doc
    before = [doc[i] for i in range(max(t.sent.start, t.i - 3), t.i)]
    if any(b.lower_ in {"не", "ни"} for b in before[-2:]):
        return False
    if t.lemma_ in handover and any(c.lemma_ in feedback for c in t.children):
        return False  # «передадим благодарность курьеру»: nothing more to wait for
    if any(b.lemma_ in {"мочь", "смочь", "давать", "можно", "хотеть", "стараться", "постараться"}
           for b in before) or t.head.lemma_ in {"мочь", "смочь", "давать", "хотеть"}:
        return False  # «можем перенести», «давайте настроим»: an offer, not a promise
    person = future_person(t) or (1 if "Tense=Fut" in m and "Person=1" in m else
                                  3 if "Tense=Fut" in m and "Person=3" in m else None)
    if person == 1:
        return True
    if person == 3:
        subjects = [c for c in t.children if c.dep_.startswith("nsubj")]
        if not subjects:
            return "Number=Plur" in m  # «вам перезвонят»
        return any(c.lemma_ in company for c in subjects)
    if "VerbForm=Part" in m and any(b.lemma_ == "быть" and "Tense=Fut" in str(b.morph) for b in t.sent):
        return True
    if "Tense=Past" in m and t.lemma_ in handover:
        objects = [c.lemma_ for c in t.children if c.dep_ in {"obj", "nsubj:pass", "nsubj"}]
        targets = [c.lemma_ for c in t.children if c.dep_ in {"iobj", "obl"}]
        if any(o in feedback for o in objects):
            return False
        return bool(set(targets) & company) or any(w.lemma_ in company for w in t.sent)
    return False


@register("overlong-reply")
def overlong_reply(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    found = ctx.memo(answers)
    if len(found) != 1 or not found[0].question.closed:
        return  # several questions, or a request for an explanation: length is welcome
    opts = rule.options(ctx)
    draft = ctx.draft
    sents = ctx.memo(draft_sentences)
    if not sents:
        return
    n_words = sum(1 for s in sents for t in s.tokens if t.is_alpha)
    paragraphs = _paragraphs(draft.text, [(s.sent.start_char, s.sent.end_char) for s in sents])
    a = found[0]
    direct = direct_answer(a.question, sents) if a.status == "answered" else None
    late = direct is not None and direct.index >= opts["answer_within"]
    span = draft.span(sents[0].sent.start_char,
                      sents[-1].sent.start_char + len(sents[-1].sent.text.rstrip()))
    if n_words > opts["max_words"] or paragraphs > opts["max_paragraphs"]:
        yield rule.finding(ctx, span, related=[a.question.span], words=n_words,
                           paragraphs=paragraphs, max_words=opts["max_words"],
                           max_paragraphs=opts["max_paragraphs"])
    elif late:
        yield rule.finding(ctx, span, message=opts["late_message"], related=[a.question.span],
                           position=direct.index + 1, answer_within=opts["answer_within"])


def _paragraphs(text: str, spans: list[tuple[int, int]]) -> int:
    """Blank-line separated blocks of the draft that hold body sentences."""
    count, pos = 0, 0
    for block in re.split(r"\n\s*\n", text):
        start = text.find(block, pos)
        end = start + len(block)
        pos = end
        if block.strip() and any(s < end and e > start for s, e in spans):
            count += 1
    return count
