"""Tone: would a person be glad to receive the draft? (RULES.md, family *tone*)."""
from __future__ import annotations

import re
from typing import Iterator

from ..analysis import AnalysedThread
from ..engine import Rule, register
from ..model import Finding
from ..nlp.address import address_forms
from ..nlp.layout import body
from ..nlp.mood import mood
from ..nlp.morph import is_known, parse
from ..nlp.profanity import is_profane
from ..nlp.stance import said

_EMOJI = re.compile(
    "[\U0001F300-\U0001FAFF\U00002600-\U000027BF\U0001F000-\U0001F2FF\U0001F900-\U0001F9FF]"
)
_SHOUT_PUNCT = re.compile(r"!{2,}|\?{2,}")


@register("rude-or-blaming")
def rude_or_blaming(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    draft = ctx.draft
    for match in rule.find(draft.doc):
        if not draft.quoted(match):
            yield rule.finding(ctx, draft.span_of(match))
    for token in draft.doc:
        if token.is_alpha or "*" in token.text or "@" in token.text:
            if not draft.quoted(token) and is_profane(token.text, token.lemma_):
                yield rule.finding(ctx, draft.span_of(token), message=rule.options(ctx)["profanity_message"])


@register("familiar-address")
def familiar_address(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    draft, opts = ctx.draft, rule.options(ctx)
    ty_voice = ctx.voice == "ты"
    if not ty_voice:
        seen_sents = set()
        for a in address_forms(draft):
            if a.form == "ты" and a.token.sent.start not in seen_sents:
                seen_sents.add(a.token.sent.start)
                yield rule.finding(ctx, draft.span_of(a.token), message=opts["ty_message"])
    bare = re.sub(r"[\W_]+", " ", draft.text).strip().lower()
    if bare in rule.words("whole_reply"):
        yield rule.finding(ctx, draft.span(0, len(draft.text.rstrip())), message=opts["whole_reply_message"])
        return
    keys = ["slang", "diminutive"] + ([] if ty_voice else ["ty_greeting"])
    for match in rule.find(draft.doc, *keys):
        words = [t for t in match if t.is_alpha]  # patterns match the commas around «короче»
        if words and not draft.quoted(match):
            yield rule.finding(ctx, draft.span(words[0].idx, words[-1].idx + len(words[-1])))
    limit = ctx.settings.emoji_limit.get(ctx.thread.channel, 0)
    emoji = list(_EMOJI.finditer(draft.text))
    if len(emoji) > limit:
        first = emoji[limit]
        yield rule.finding(ctx, draft.span(first.start(), first.end()),
                           message=opts["emoji_message"], count=len(emoji), limit=limit,
                           channel=ctx.thread.channel)


@register("inconsistent-address")
def inconsistent_address(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    draft, opts = ctx.draft, rule.options(ctx)
    forms = address_forms(draft)
    ty = [a for a in forms if a.form == "ты"]
    vy = [a for a in forms if a.form == "вы"]
    capital = [a for a in vy if a.capital]
    lower = [a for a in vy if a.capital is False]
    if ty and vy:
        odd = min(ty, vy, key=len)[0]
        yield rule.finding(ctx, draft.span_of(odd.token), message=opts["mixed_ty_vy"])
    elif capital and lower:
        odd = min(capital, lower, key=len)[0]
        yield rule.finding(ctx, draft.span_of(odd.token), message=opts["mixed_case"])
    else:
        expected = ctx.voice or _established(ctx)
        departs = {"ты": vy, "Вы": lower + ty, "вы": capital + ty}.get(expected or "", [])
        if departs:
            yield rule.finding(ctx, draft.span_of(departs[0].token), message=opts["departs"],
                               expected=expected)


def _established(ctx: AnalysedThread) -> str | None:
    """The form the agent's earlier messages used consistently, if any."""
    forms = [a for t in ctx.agent_texts for a in address_forms(t)]
    kinds = {"ты" if a.form == "ты" else "Вы" if a.capital else "вы"
             for a in forms if a.form == "ты" or a.capital is not None}
    return kinds.pop() if len(kinds) == 1 else None


@register("excuses")
def excuses(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    for sent in said(ctx, "excuse", rule.options(ctx)["threshold"]):
        yield rule.finding(ctx, ctx.draft.sentence_span(sent))


@register("missing-apology")
def missing_apology(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    opts = rule.options(ctx)
    if not ctx.draft.sentences() or said(ctx, "apology", opts["apology_threshold"], body_only=False):
        return
    first = ctx.draft.sentence_span(ctx.draft.sentences()[0][0])
    failures = ctx.memo(mood).failures
    if failures:
        yield rule.finding(ctx, first, related=failures[:3], message=opts["complaint_message"])
    delay = ctx.reply_delay_hours
    if not failures and delay is not None and delay > ctx.settings.sla_hours:
        yield rule.finding(ctx, first, message=opts["late_message"], hours=round(delay, 1),
                           sla=ctx.settings.sla_hours)


@register("bureaucratese")
def bureaucratese(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    draft, opts = ctx.draft, rule.options(ctx)
    markers = [m for m in rule.find(draft.doc, "markers") if not draft.quoted(m)]
    asked_about_document = any(
        rule.find(t.doc, "document") for t in ctx.open_turn
    )
    clauses = [] if asked_about_document else [
        m for m in rule.find(draft.doc, "clause") if not draft.quoted(m)
    ]
    if len(markers) >= opts["min_markers"] or clauses:
        for m in sorted(markers + clauses, key=lambda m: m.start):
            yield rule.finding(ctx, draft.span_of(m))


def _abbreviation(token, abbreviations: frozenset[str]) -> bool:
    word = token.text
    if word.lower() in abbreviations or not re.search("[А-ЯЁ]", word):
        return True  # a listed abbreviation, or Latin (SMS, PDF, VISA)
    return not is_known(word) or any("Abbr" in p.tag for p in [parse(word.lower())])


def _heading(text: str, offset: int) -> bool:
    """A word on a line written wholly in capitals («2.1 КАМЕРА») is a section heading."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:end if end >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


@register("shouting")
def shouting(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    draft, opts = ctx.draft, rule.options(ctx)
    abbreviations = rule.words("abbreviations")
    caps = [
        t for t in draft.doc
        if t.is_alpha and len(t.text) >= 3 and t.text.isupper() and not draft.quoted(t)
        and not _abbreviation(t, abbreviations) and not _heading(draft.text, t.idx)
    ]
    if len(caps) >= opts["min_words"]:
        for t in caps:
            yield rule.finding(ctx, draft.span_of(t))
    for m in _SHOUT_PUNCT.finditer(draft.text):
        yield rule.finding(ctx, draft.span(m.start(), m.end()), message=opts["punct_message"])


@register("unanswered-thanks")
def unanswered_thanks(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    complaints = {(s.source, s.start) for s in ctx.memo(mood).failures}
    thanks = [
        (text, m) for text in ctx.open_turn for m in rule.find(text.doc, "thanks")
        if (text.source, m.sent.start_char) not in complaints  # «спасибо за такой сервис»
    ]
    if not thanks:
        return
    draft = ctx.draft
    if rule.find(draft.doc, "acknowledgement"):
        return
    if any(re.fullmatch(r"\W*пожалуйста\W*", s.text, re.I) for s in draft.sentences()):
        return
    text, match = thanks[0]
    first = draft.sentences()[0] if draft.sentences() else None
    span = draft.sentence_span(first) if first is not None else draft.span(0, 0)
    yield rule.finding(ctx, span, related=[text.sentence_span(match)])


@register("bare-refusal")
def bare_refusal(ctx: AnalysedThread, rule: Rule) -> Iterator[Finding]:
    draft = ctx.draft
    sentences = body(draft)
    for sent in sentences:
        refusal = _refusal(sent, rule)
        if refusal is None or any(t.lemma_ in rule.words("conditional") for t in sent):
            continue
        has_reason = bool(rule.find(sent, "reason")) or _explains_after(sent, refusal)
        others = [s for s in sentences if s.start != sent.start and len([t for t in s if t.is_alpha]) >= 3]
        if not has_reason and not others:
            yield rule.finding(ctx, draft.sentence_span(sent))


def _refusal(sent, rule: Rule):
    found = rule.find(sent, "refusal")
    if found:
        return found[0]
    lemmas = [t.lemma_ for t in sent]
    if "сожаление" in lemmas and "нет" in lemmas:  # «к сожалению, … нет»
        return sent[lemmas.index("нет"):lemmas.index("нет") + 1]
    for t in sent:  # «мы не принимаем», «не доставляем»: a negated 1st person plural verb
        if t.i > sent.start and t.doc[t.i - 1].lower_ == "не":
            tag = parse(t.lower_, t.pos_).tag
            if tag.POS == "VERB" and "1per" in tag and "plur" in tag:
                return t.doc[t.i - 1:t.i + 1]
    return None


def _explains_after(sent, refusal) -> bool:
    """`нельзя: по закону …`, `не можем — посылка …`: an explanation after a colon or dash."""
    rest = [t for t in sent if t.i >= refusal.end]
    for i, t in enumerate(rest):
        if t.text in {":", "—", "–"}:
            return len([w for w in rest[i + 1:] if w.is_alpha]) >= 3
    return False
