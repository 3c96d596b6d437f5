"""The customer's mood in the open turn: negative (a complaint, a failure of the company),
positive (thanks, praise) or neutral, with the sentences that show it.

No Russian sentiment model ships offline, so this reads lemma lexicons (`rules/lexicons/mood.yaml`)
sentence by sentence:
- the failure frames of support (late, broken, wrong item, charged twice or unexpectedly, no
  answer, cannot log in) — a failure under negation (`ни одной царапины`, `ничего не разбилось`)
  is praise, one inside a conditional clause (`если сломается`) is not a complaint, and `ещё не
  пришёл` is not late yet;
- sarcasm (`спасибо за такой сервис`, `ну спасибо, удружили`, `отличный сервис, ничего не
  скажешь`): praise words that mean the opposite;
- negative words and negated praise (`не понравилось`, `не доволен`);
- intensity: `!!`, `??`, `?!` and words in capitals make a sentence without praise negative.
Thanks in a message that also complains does not make it positive: the complaint wins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Span as TokenSpan

from ..engine.lexicon import Lexicon
from ..model import Span

if TYPE_CHECKING:
    from ..analysis import AnalysedThread

_INTENSE = re.compile(r"[!?]*(?:!!|\?\?|\?!|!\?)[!?]*")
_CLAUSE_END = frozenset({",", ";", ":", "—", "–", "-", "(", ")"})


@dataclass
class Mood:
    label: str  # negative | neutral | positive
    failures: list[Span] = field(default_factory=list)  # sentences that describe a failure
    negatives: list[Span] = field(default_factory=list)  # other negative sentences (anger, sarcasm…)
    positives: list[Span] = field(default_factory=list)  # thanks, praise
    sarcasm: list[Span] = field(default_factory=list)  # praise that means the opposite

    @property
    def complaint(self) -> bool:
        """The open turn complains about a failure of the company."""
        return bool(self.failures)

    @property
    def evidence(self) -> list[Span]:
        """The sentences that show the label, in text order."""
        spans = {"negative": self.failures + self.negatives, "positive": self.positives}.get(self.label, [])
        return sorted(spans, key=lambda s: (s.source, s.start))


@dataclass
class SentenceMood:
    failure: bool = False
    negative: bool = False
    positive: bool = False
    sarcasm: bool = False


def sentence_mood(sent: TokenSpan, lex: Lexicon | None = None) -> SentenceMood:
    """The mood signals of one sentence of a customer message."""
    lex = lex or Lexicon.load("mood.yaml")
    out = SentenceMood()
    for m in lex.find(sent, "failure"):
        if not (_negated(m) or _conditional(m, lex) or _not_yet(m, lex) or _own_mistake(m, lex)):
            out.failure = True
    if _unexpected_charge(sent, lex) or _does_not_work(sent, lex):
        out.failure = True
    out.sarcasm = bool(lex.find(sent, "sarcasm"))
    for m in lex.find(sent, "negative"):
        if not (_negated(m) or _conditional(m, lex)):
            out.negative = True
    praise = [m for m in lex.find(sent, "positive")]
    for m in praise:
        if _negated(m) and m[0].lemma_ not in {"спасибо", "благодарить"}:
            out.negative = True  # «не понравилось», «не очень вкусно»
        else:
            out.positive = True
    if out.sarcasm:
        out.positive = False
        out.negative = True
    intense = bool(_INTENSE.search(sent.text)) or _capitals(sent) >= 2
    if intense and not out.positive:
        out.negative = True
    if out.failure:
        out.positive = False
    return out


def mood(ctx: "AnalysedThread") -> Mood:
    """The open turn's mood (use as `ctx.memo(mood)`)."""
    lex = Lexicon.load("mood.yaml")
    found = Mood("neutral")
    for text in ctx.open_turn:
        for sent in text.sentences():
            sm = sentence_mood(sent, lex)
            span = text.span(sent.start_char, sent.start_char + len(sent.text.rstrip()))
            if sm.failure:
                found.failures.append(span)
            elif sm.negative:
                found.negatives.append(span)
            if sm.sarcasm:
                found.sarcasm.append(span)
            if sm.positive:
                found.positives.append(span)
    if found.failures or found.negatives:
        found.label = "negative"
    elif found.positives:
        found.label = "positive"
    return found


_NEGATORS = frozenset({"ни", "без", "не", "нет", "никакой", "ноль"})


def _negated(match: TokenSpan) -> bool:
    """`ни одной разбитой игрушки`, `без царапин`, `ничего не разбилось`, `не было проблем`:
    a word under negation. (Negated verbs are failure phrases of their own: `не пришёл`.)"""
    if match[0].lemma_ in _NEGATORS:
        return False
    doc = match.doc
    start = max(match.start - 2, match.sent.start)
    before = [doc[i] for i in range(start, match.start)]
    if any(t.text in _CLAUSE_END for t in before):
        before = before[max(i for i, t in enumerate(before) if t.text in _CLAUSE_END) + 1:]
    return any(t.lemma_ in _NEGATORS for t in before)


def _conditional(match: TokenSpan, lex: Lexicon) -> bool:
    """The match sits in a conditional clause: `если она сломается`, `вдруг не придёт`
    (but `если честно`, and `вдруг` meaning «suddenly» with a past verb, are not conditions)."""
    doc = match.doc
    conditional = lex.words("conditional")
    for i in range(match.start - 1, match.sent.start - 1, -1):
        t = doc[i]
        if t.text in _CLAUSE_END and t.text not in {"-"}:
            return False
        if t.lemma_ in conditional:
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if t.lemma_ == "если" and nxt is not None and nxt.lemma_ in {"честно", "честный"}:
                return False
            if t.lemma_ == "вдруг" and any("Tense=Past" in str(w.morph) for w in match):
                return False
            return True
    return False


def _not_yet(match: TokenSpan, lex: Lexicon) -> bool:
    """`заказ ещё не пришёл` (but the deadline has not passed): not a failure yet."""
    if match[0].lemma_ != "не" or match.start == match.sent.start:
        return False
    return match.doc[match.start - 1].lemma_ in lex.words("not_yet") and not any(
        t.lemma_ == "уже" for t in match.sent)


def _does_not_work(sent: TokenSpan, lex: Lexicon) -> bool:
    """`кнопка не нажимается`, `бонусы не начислились`, `не могу оформить заказ`: a thing that does
    not do what it should (a negated reflexive verb of the 3rd person or past tense), or the
    customer cannot do something (`не могу` + an infinitive other than find/understand/choose)."""
    doc = sent.doc
    for t in sent:
        if t.lower_ != "не" or t.i + 1 >= sent.end:
            continue
        verb = doc[t.i + 1]
        morph = str(verb.morph)
        before = doc[t.i - 1].lemma_ if t.i > sent.start else ""
        if before in {"ничто", "ничего", "ни", "никогда"}:
            continue  # «ничего не разбилось»: praise
        if verb.pos_ != "VERB" or "Mood=Imp" in morph or _not_yet(doc[t.i:t.i + 2], lex) \
                or _conditional(doc[t.i:t.i + 2], lex):
            continue
        past = re.search(r"л(?:ся|ась|ось|ись)$", verb.lower_) is not None  # no person in the past
        personal = (not past and ("Person=1" in morph or "Person=2" in morph)) or any(
            c.lemma_ in {"я", "мы", "ты", "вы"} for c in verb.children) or _subject_in_clause(t)
        if verb.lower_.endswith(("ся", "сь")) and not personal and "VerbForm=Inf" not in morph:
            return True
        if verb.lemma_ == "мочь" and "Person=1" in morph:
            if _asks_what(sent, t):
                continue  # «Что я могу и что не могу делать во время стрима?»: asks the rules
            nxt = next((w for w in doc[verb.i + 1:sent.end] if w.is_alpha), None)
            if nxt is not None and "VerbForm=Inf" in str(nxt.morph) and nxt.lemma_ not in lex.words("cannot_ok"):
                return True
    return False


def _asks_what(sent: TokenSpan, t) -> bool:
    """`t` is in a question clause opened by `что`/`какой` (what one may or may not do)."""
    if "?" not in sent.text:
        return False
    for w in reversed(sent.doc[sent.start:t.i]):
        if w.text in _CLAUSE_END:
            return False
        if w.lemma_ in {"что", "какой", "чего"}:
            return True
    return False


def _own_mistake(match: TokenSpan, lex: Lexicon) -> bool:
    """`указал не тот адрес`, `я перепутала размер`: the customer's own action went wrong — a verb
    of their own action in the clause, with `я`/`мы`, or singular with no subject at all (never
    `курьер перепутал`, nor the indefinite-personal `так и не отправили`)."""
    doc, own = match.doc, lex.words("own_action")
    start = match.start
    while start > match.sent.start and doc[start - 1].text not in _CLAUSE_END:
        start -= 1
    end = match.end
    while end < match.sent.end and doc[end].text not in _CLAUSE_END:
        end += 1
    for t in doc[start:end]:
        if t.lemma_ not in own or t.pos_ not in {"VERB", "AUX"} and t not in match:
            continue
        subjects = [c for c in t.children if c.dep_.startswith("nsubj")]
        if "Person=1" in str(t.morph) or any(s.lemma_ in {"я", "мы"} for s in subjects) or (
                not subjects and "Tense=Past" in str(t.morph) and "Number=Sing" in str(t.morph)
                and not any(
                    w.lemma_ in {"вы", "курьер", "оператор", "менеджер", "сотрудник", "магазин", "продавец"}
                    for w in doc[start:end])):
            return True
    return False


def _subject_in_clause(token) -> bool:
    """`я сервисом не пользовался`: a personal pronoun earlier in the same clause."""
    doc = token.doc
    for i in range(token.i - 1, token.sent.start - 1, -1):
        if doc[i].text in _CLAUSE_END:
            return False
        if doc[i].lemma_ in {"я", "мы", "ты", "вы"} and doc[i].pos_ == "PRON":
            return True
    return False


def _unexpected_charge(sent: TokenSpan, lex: Lexicon) -> bool:
    """`списали 870, хотя тариф 450`, `почему сняли плату`: a charge the customer did not expect."""
    charge = lex.words("charge")
    concessive = lex.words("charge_concessive")
    lemmas = {t.lemma_ for t in sent}
    verbs = [t for t in sent if t.lemma_ in charge and "Tense=Past" in str(t.morph)]
    money = lemmas & lex.words("money") or any(t.like_num or "₽" in t.text for t in sent)
    if not verbs or not money or any(_conditional(sent.doc[v.i:v.i + 1], lex) for v in verbs):
        return False
    return bool(lemmas & concessive) or any(_after_a_but(v) for v in verbs)


def _after_a_but(token) -> bool:
    """`деньги ушли, а заказ…`, `…, а списали 2100`: a charge set against an expectation."""
    sent = token.sent
    return any(t.lower_ in {"а", "но"} and t.i < token.i for t in sent)


def _capitals(sent: TokenSpan) -> int:
    """Words in capitals (three letters or more) that are not abbreviations the dictionary knows."""
    from .morph import is_known

    return sum(
        1 for t in sent
        if t.is_alpha and len(t.text) >= 3 and t.text.isupper() and is_known(t.text.lower())
        and not re.fullmatch(r"[A-Z]+", t.text)
    )
