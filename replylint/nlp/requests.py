"""Requests for data in an agent's text (the draft or an earlier agent message), typed by the
kinds of `entities.py`.

A request is a trigger and its object:
- an imperative or polite request verb (`пришлите`, `укажите`, `сообщите`, `продублируйте`,
  `напишите`, `приложите`, `уточните`, `подскажите`, `не могли бы вы продублировать`,
  `просим прислать`),
- a need (`нам понадобится …`, `для проверки нужен …`),
- a question about a value (`Какой у вас номер заказа?`, `На какой адрес оформлен заказ?`),
whose clause (from the trigger to a dash, a colon after a noun, `чтобы`/`если`/`мы`… or the end
of the sentence) names a data kind — not as the place to send it (`на почту`, `в ЛС`).
`опишите подробнее`, `расскажите, что произошло`, `в чём проблема` ask for a problem description.

Not requests for new data: a confirmation or a correction of a quoted value (`подтвердите, что
адрес — ул. …`, `уточните: номер заказа 74120098?`), a negated one (`присылать ничего не
нужно`), instructions for a form or a third party (`при оформлении укажите час`,
`в приложении укажите…`). A conditional request (`если адрес изменился, напишите новый`) is kept
but marked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Span
from .entities import KINDS, words
from .morph import is_imperative

if TYPE_CHECKING:
    from spacy.tokens import Span as TokenSpan
    from spacy.tokens import Token

    from ..analysis import AnalysedThread, Text

_DASHES = {"—", "–", "-", ";"}
_LOCATIVE = {"в", "во", "на", "при", "через"}
_CHANNEL_PREPS = {"в", "во", "на", "по", "через", "с", "из", "от", "к", "о", "об", "про"}
_POLITE_IF = {"сложно", "трудно", "затруднить", "сложный", "трудный", "удобно", "можно", "мочь"}
_ID_VALUE_RE = re.compile(r"(?<!\d)(?:\+?\d[\d ()/-]{5,}\d|\d{3,})(?![\d ]*(?:₽|руб|р\.|%))")
_ID_KINDS = {"order", "phone", "card", "tracking", "account", "contract"}
_CONFIRM_Q = re.compile(r"\b(верно|правильно|корректно|актуальн\w*)\s+ли\b|\bвсё верно\b|\bвсе верно\b", re.I)


@dataclass
class Asked:
    kind: str
    span: Span  # the kind's noun phrase
    qualifier: str = ""  # "other" (другой, второй), "new" (новый), "third" (ФИО получателя)
    of: str = ""  # lemma of the noun it is of: `фото чека` → `чек`, `скриншот ошибки` → `ошибка`


@dataclass
class Request:
    span: Span  # from the trigger to the last noun phrase asked for
    asked: list[Asked] = field(default_factory=list)
    confirm: bool = False  # confirms or corrects a given value: not a request for new data
    conditional: bool = False  # «если адрес изменился, напишите новый»
    private: bool = False  # moves to private messages (ЛС, директ, почта)
    here: bool = False  # explicitly public: «здесь», «в ответе на этот комментарий»

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys(a.kind for a in self.asked))

    @property
    def new_data(self) -> bool:
        """A request for data the customer is to send now (not a confirmation, not conditional)."""
        return bool(self.asked) and not self.confirm and not self.conditional


def requests_in(text: "Text") -> list[Request]:
    """The data requests of one agent text, in order."""
    cache = text.__dict__.setdefault("_data_requests", None)
    if cache is not None:
        return cache
    out: list[Request] = []
    sents = text.sentences()
    for n, sent in enumerate(sents):
        prev = sents[n - 1] if n else None
        out.extend(_in_sentence(text, sent, prev))
    text.__dict__["_data_requests"] = out
    return out


def draft_requests(ctx: "AnalysedThread") -> list[Request]:
    return requests_in(ctx.draft)


def _triggers(sent: "TokenSpan") -> list[tuple["Token", str]]:
    w = words()
    verbs, modal, need = w.set("request_verbs"), w.set("ask_modal"), w.set("need_words")
    out = []
    toks = [t for t in sent if not t.is_space]
    for k, t in enumerate(toks):
        low = t.lower_
        before = [x.lemma_ for x in toks[max(0, k - 3):k]]
        if t.lemma_ in verbs or low in verbs:
            imperative = is_imperative(t)
            infinitive = low.endswith(("ть", "ти", "ться")) and any(b in modal for b in before)
            future_q = low.endswith(("ете", "ёте", "ите")) and sent.text.rstrip().endswith("?")
            if imperative or infinitive or future_q:
                negated = "не" in before[-1:] or (infinitive and "не" in before)
                out.append((t, "negated" if negated else "verb"))
        elif t.lemma_ in need or low in need:
            negated = "не" in before[-2:]
            out.append((t, "negated" if negated else "need"))
    text = sent.text.rstrip()
    if text.endswith("?") and not out:
        if any(t.lemma_ in {"какой", "каков", "который"} for t in toks) or len(toks) <= 6:
            out.append((toks[0], "question"))
    return out


def _in_sentence(text: "Text", sent: "TokenSpan", prev: "TokenSpan | None") -> list[Request]:
    w = words()
    triggers = _triggers(sent)
    if not triggers:
        return []
    doc = sent.doc
    kind_matches = [m for m in w.phrases.find(sent, *KINDS) if not text.quoted(m)]
    private_here = w.phrases.find(sent, "private", "public_here")
    prev_private = bool(prev is not None and w.phrases.find(prev, "private"))
    out = []
    trigger_idx = {t.i for t, _ in triggers}
    stops = w.set("clause_stop")
    for n, (trig, how) in enumerate(triggers):
        if how == "negated":
            continue
        # the clause the trigger governs
        if how == "question":
            start, end = sent.start, sent.end
            covered = {i for m in kind_matches for i in range(m.start, m.end)}
            rest = [t for t in sent if t.is_alpha and t.i not in covered]
            if not any(t.lemma_ in {"какой", "каков", "который"} for t in sent) and (
                len(rest) > 2 or any(t.pos_ in {"VERB", "AUX"} for t in rest)
            ):
                continue  # «Вам пришёл чек?» asks about an event, «Номер заказа?» for a value
        else:
            start = trig.i
            end = sent.end
            seen_noun = False
            for t in doc[trig.i + 1:sent.end]:
                if t.i in trigger_idx:
                    end = t.i
                    break
                if t.text in _DASHES or t.lower_ in stops or (
                    "Person=1" in str(t.morph) and t.pos_ in {"VERB", "AUX"}
                ):
                    end = t.i
                    break
                if t.text == ":" and seen_noun:
                    end = t.i
                    break
                seen_noun = seen_noun or t.pos_ in {"NOUN", "PROPN"}
            if how == "need":  # «номер заказа нужен», «нам понадобится номер заказа»
                start = _clause_start(sent, trig)
            else:  # «Номер заказа подскажете?», «Номер заказа, пожалуйста, пришлите»
                begin = _clause_start(sent, trig)
                lead = [t for t in doc[begin:trig.i] if not (t.is_punct or t.is_space)]
                if lead and not any(t.pos_ in {"VERB", "AUX"} for t in lead) and any(
                    m.start <= lead[0].i + 1 and m.start >= begin and m.end <= trig.i for m in kind_matches
                ):
                    start = begin
        asked = []
        for m in kind_matches:
            if not (start <= m.start and m.end <= end):
                continue
            if _channel(m, sent) or _dependent(m, trig, kind_matches):
                continue
            asked.append(Asked(m.label_, text.span_of(m), _qualifier(m, end), _of(m, end)))
        if how == "need":
            if _need_for_action(trig, end):
                continue  # «нужно ввести номер карты»: a step to take, not data for us
            # «для отправок нужен договор»: a document to have, not a number to tell
            asked = [a for a in asked if not (a.kind in {"contract", "document"} and " " not in a.span.text)]
        describe = trig.lemma_ in w.set("describe_verbs") or trig.lower_ in w.set("describe_verbs")
        if describe and not asked and _describes_problem(doc[trig.i + 1:end]):
            asked.append(Asked("problem", text.span_of(trig)))
        if trig.lemma_ in w.set("photo_verbs") and not any(a.kind == "screenshot" for a in asked):
            asked.append(Asked("screenshot", text.span_of(trig)))
        asked = _dedupe(asked)
        if not asked:
            continue
        clause_start = _clause_start(sent, trig) if how != "question" else sent.start
        if _instruction(doc[clause_start:end]) or _step(text, sent):
            continue
        last = max(max(a.span.end for a in asked), trig.idx + len(trig.text) if how != "question" else 0)
        first = min(text.span_of(doc[start]).start, min(a.span.start for a in asked))
        scope = doc[start:end]
        req = Request(span=text.span(first, max(last, first + 1)), asked=asked)
        req.confirm = bool(_CONFIRM_Q.search(sent.text)) or _quotes_value(scope.text, req.kinds)
        req.conditional = _conditional(doc[sent.start:trig.i])
        req.private = prev_private or any(m.label_ == "private" for m in private_here) or any(
            "@" in t.text for t in sent  # «напишите на support@shop.ru»
        )
        req.here = any(m.label_ == "public_here" for m in private_here)
        out.append(req)
    return out


def _quotes_value(scope: str, kinds: list[str]) -> bool:
    """The request itself carries a value of the kind it asks about: a check of a given value
    (`уточните: номер заказа 74120098 или 74120089?`), not a request for new data."""
    if set(kinds) & _ID_KINDS and _ID_VALUE_RE.search(scope):
        return True
    if "email" in kinds and "@" in scope:
        return True
    return "address" in kinds and bool(re.search(r"\b(?:ул|д|кв|пр-т|пер)\.\s*\w", scope))


def _channel(match: "TokenSpan", sent: "TokenSpan") -> bool:
    """The noun phrase is where or how to send, not what: `на почту`, `с личного аккаунта`,
    `в личные сообщения` (but `на какой адрес` asks for an address)."""
    doc = match.doc
    i = match.start - 1
    skipped = 0
    while i >= sent.start and skipped < 3:
        t = doc[i]
        if t.lower_ in _CHANNEL_PREPS:
            return True
        if t.lemma_ in {"какой", "который"}:
            return False
        if t.pos_ in {"ADJ", "DET"} or t.lemma_ in {"ваш", "свой", "этот", "тот", "личный"}:
            i -= 1
            skipped += 1
            continue
        return False
    return False


def _dependent(match: "TokenSpan", trig: "Token", matches: list) -> bool:
    """The phrase hangs, in the genitive, from another noun that is asked for instead:
    `доступ к студии автора этого видео`, `копию чека` — not the object itself."""
    doc = match.doc
    if "Case=Gen" not in str(match[0].morph):
        return False
    kind_ends = {m.end for m in matches if m is not match}
    i = match.start - 1
    while i > trig.i and doc[i].pos_ in {"ADJ", "DET", "NUM"} and i not in kind_ends:
        i -= 1
    prev = doc[i]
    return i > trig.i and prev.pos_ in {"NOUN", "PROPN"} and (i + 1) not in kind_ends


def _dedupe(asked: list[Asked]) -> list[Asked]:
    seen, out = set(), []
    for a in asked:
        if a.kind not in seen:
            seen.add(a.kind)
            out.append(a)
    return out


def _clause_start(sent: "TokenSpan", trig: "Token") -> int:
    """Back from the trigger to the start of its clause (a dash, a semicolon or the sentence)."""
    doc = sent.doc
    for i in range(trig.i - 1, sent.start - 1, -1):
        if doc[i].text in {"—", "–", ";", ":"}:
            return i + 1
    return sent.start


def _qualifier(match: "TokenSpan", end: int) -> str:
    w = words()
    doc = match.doc
    around = [doc[i] for i in range(max(match.start - 3, match.sent.start), match.start)]
    around += list(match)
    lemmas = {t.lemma_ for t in around}
    after = [doc[i].lemma_ for i in range(match.end, min(match.end + 3, end))]
    if lemmas & w.set("other_qualifiers") or "еще один" in " ".join(t.lemma_ for t in around):
        return "other"
    if set(after) & w.set("third_party") or lemmas & w.set("third_party"):
        return "third"
    if lemmas & w.set("new_qualifiers") or set(after[:1]) & w.set("new_qualifiers"):
        return "new"
    return ""


_DETAIL = frozenset({"подробно", "подробный", "подробнее", "детально", "детальный", "детальнее", "что",
                     "проблема", "ситуация", "дефект", "поломка", "неисправность", "ошибка",
                     "случиться", "произойти", "происходить"})


def _describes_problem(rest: "TokenSpan") -> bool:
    """`опишите подробнее`, `расскажите, что произошло` — not `расскажите, какой тариф нужен`."""
    return any(t.lemma_ in _DETAIL or t.lower_ in _DETAIL for t in rest[:6]) or len(
        [t for t in rest if t.is_alpha]) == 0


def _need_for_action(trig: "Token", end: int) -> bool:
    """`нужно` followed by an infinitive that is not a request to us (`нужно ввести`)."""
    doc = trig.doc
    verbs = words().set("request_verbs")
    for t in doc[trig.i + 1:min(trig.i + 4, end)]:
        if t.lower_.endswith(("ть", "ти", "чь")) and t.pos_ in {"VERB", "AUX", "NOUN", "X"}:
            return t.lemma_ not in verbs
    return False


def _of(match: "TokenSpan", end: int) -> str:
    """The genitive noun right after the phrase (adjectives skipped): what a photo is of."""
    doc = match.doc
    for i in range(match.end, min(match.end + 3, end)):
        t = doc[i]
        if t.pos_ in {"ADJ", "DET"}:
            continue
        if t.pos_ in {"NOUN", "PROPN"} and "Case=Gen" in str(t.morph):
            return t.lemma_
        break
    return ""


def _instruction(clause: "TokenSpan") -> bool:
    """`при оформлении укажите…`, `в приложении введите…`, `сообщите курьеру…`: directions for a
    form or somebody else, not a request to us."""
    ctx_words = words().set("instruction_context")
    doc = clause.doc
    for t in clause:
        if t.lemma_ not in ctx_words:
            continue
        j = t.i - 1
        while j >= clause.start and j >= t.i - 3 and doc[j].pos_ in {"ADJ", "DET"}:
            j -= 1  # «на защищённую страницу», «в нашем приложении»
        if j >= clause.start and doc[j].lower_ in _LOCATIVE:
            return True
        if "Case=Dat" in str(t.morph):  # «сообщите курьеру», «напишите вашему боту»
            return True
    return False


_STEP_RE = re.compile(r"^[ \t]*(?:\d{1,2}[.)]|[-•*—])[ \t]+")
_TO_US = frozenset({"нам", "мы", "сюда", "ответ", "чат", "письмо"})


def _step(text: "Text", sent: "TokenSpan") -> bool:
    """A numbered or bulleted step of instructions (`3. Укажите телефон и адрес`) tells how to
    fill a form, unless it says to send it to us."""
    line_start = text.text.rfind("\n", 0, sent.start_char) + 1
    if not _STEP_RE.match(text.text[line_start:sent.start_char + 4] or ""):
        return False
    return not any(t.lemma_ in _TO_US for t in sent)


def _conditional(before: "TokenSpan") -> bool:
    """A condition before the request (`Если адрес изменился, …`), but not a polite one
    (`если не сложно`, `если вам удобно`)."""
    lemmas = [t.lemma_ for t in before]
    if "если" not in lemmas and "случай" not in lemmas:
        return False
    return not any(l in _POLITE_IF for l in lemmas)
