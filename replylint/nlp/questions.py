"""The customer's questions and requests in the open turn, each with its span, type and topic.

Customers skip punctuation and write with typos, so a question is found by its form, not only by
`?`: an interrogative word opening the clause (`когда`, `скока`, `где`), `ли` after the first
word (`можно ли`, `доставляете ли`), an indirect intro (`подскажите`, `интересует`, `хочу
узнать`, `не понимаю, почему`), or a request — an imperative to the company (`верните`,
`заблокируйте`) or a wish for a company action (`хочу вернуть`, `хочу замену`, `прошу
перерасчёт`). One sentence may hold several: `Когда доставят и можно ли оплатить картой?` is split
where a coordinated clause opens with its own interrogative, `ли` or imperative (natasha's parse
marks such clauses `conj`/`parataxis`, but it is unreliable on customer text, so the split reads
the clause openings, with the parse as a tie-breaker). Greetings, thanks, sign-offs, narrative and
rhetorical lines (`Это как вообще?`, `Сколько можно ждать?!`) are not questions.

Use `ctx.memo(questions)`; `extract(text)` reads one analysed message.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from ..engine.lexicon import Lexicon
from ..model import Span
from .morph import analyzer, fold, is_imperative

if TYPE_CHECKING:
    from ..analysis import AnalysedThread, Text

KINDS = ("yesno", "when", "howmuch", "where", "how", "why", "what", "request", "other")

_CONJ = frozenset({"и", "а", "или", "также", "плюс"})
_GREET = frozenset({"здравствуйте", "здравствуй", "здраствуйте", "здрасте", "привет", "приветствую",
                    "добрый", "доброе", "доброй", "день", "вечер", "утро", "ночи", "утра", "дня",
                    "вечера", "hello", "hi", "алло", "уважаемые", "уважаемый"})
_CLOSING = frozenset({"уважение", "наилучший"})
_PRED_POS = frozenset({"VERB", "AUX"})
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM", "X", "AUX"})
_WEIGHT = {"NOUN": 1.0, "PROPN": 1.5, "VERB": 1.0, "AUX": 0.5, "ADJ": 0.6, "ADV": 0.4, "NUM": 1.2,
           "X": 1.2}
_WEAK_PLAIN = frozenset({"что", "как", "какой", "который", "кто", "чей"})


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon.load("answer.yaml")


@lru_cache(maxsize=None)
def words(key: str) -> frozenset[str]:
    return lexicon().words(key)


# The lists of answer.yaml matched as phrases, by the side that reads them (a matcher costs per
# pattern and token, so each text runs only its side's lists); the other lists are read as sets of
# lemmas (`words`).
_PHRASE_KEYS = {
    "question": ("indirect_intro", "rhetorical", "rhetorical_weak", "not_how", "how_phrases"),
    "answer": ("yes_no", "cause", "steps", "redirect", "place", "refusal"),
}
_MATCHES = "replylint.answer.matches"


@lru_cache(maxsize=2)
def _phrases(side: str) -> Lexicon:
    full = lexicon()
    return Lexicon({k: full.phrases[k] for k in _PHRASE_KEYS[side] if k in full.phrases})


def matches(doc, side: str = "question") -> list[tuple[str, int, int]]:
    """Every match of one side's phrase lists in a whole text, `(list, start, end)`, computed once
    per `Doc`."""
    cache = doc.user_data.setdefault(_MATCHES, {})
    found = cache.get(side)
    if found is None:
        strings = doc.vocab.strings
        found = cache[side] = [(strings[k], s, e) for k, s, e in _phrases(side).matcher(doc)]
    return found


def find(span, *keys: str) -> list[TokenSpan]:
    """Matches of the named question-side lists inside `span`, in text order (overlaps kept)."""
    doc = span.doc
    return sorted((doc[s:e] for k, s, e in matches(doc, "question")
                   if k in keys and span.start <= s and e <= span.end), key=lambda m: m.start)


@dataclass
class Question:
    """One question or request of the customer."""

    text: "Text"  # the message it is in
    start: int  # token indices in `text.doc`
    end: int
    kind: str  # one of KINDS
    topic: dict[str, float]  # content lemma -> weight
    focus: str | None  # the lemma the question turns on (its main predicate, else its head noun)
    entities: list[str] = field(default_factory=list)
    context: dict[str, float] = field(default_factory=dict)  # content lemmas of the rest of the message
    indirect: bool = False  # asked through `подскажите`, `интересует`…
    marker: str | None = None  # the interrogative word, `ли`, or the request verb
    object: str | None = None  # the focus verb's object (`привязать карту` → `карта`)
    wish: bool = False  # a request put as a wish (`хочу вернуть`), not an imperative

    @property
    def tokens(self) -> TokenSpan:
        return self.text.doc[self.start:self.end]

    @property
    def span(self) -> Span:
        toks = [t for t in self.tokens if not t.is_space]
        start = toks[0].idx
        end = toks[-1].idx + len(toks[-1].text)
        return self.text.span(start, end)

    @property
    def specific(self) -> list[str]:
        """Lemmas of the question's proper names and codes (`Коммунарка`, `Android`, `HR3655`): a
        direct answer names them."""
        ents = {t.i for e in self.tokens.ents for t in e}
        out = []
        for t in self.tokens:
            lem = t.lemma_
            if lem not in self.topic or lem.isdigit() and len(lem) < 3:
                continue
            if t.pos_ == "PROPN" or t.i in ents and t.pos_ == "NOUN" or (t.is_ascii and t.is_alpha and len(lem) > 2):
                out.append(lem)
        return out

    @property
    def weight(self) -> float:
        return sum(self.topic.values())

    @property
    def closed(self) -> bool:
        """A simple closed question: yes/no or one fact (a time, an amount, a place)."""
        return self.kind in ("yesno", "when", "howmuch", "where")


def questions(ctx: "AnalysedThread") -> list[Question]:
    """The questions and requests of the open turn, in order (use as `ctx.memo(questions)`)."""
    return [q for text in ctx.open_turn for q in extract(text)]


# --- extraction ---------------------------------------------------------------------------------

def extract(text: "Text") -> list[Question]:
    found: list[Question] = []
    for sent in text.sentences():
        toks = [t for t in sent if not t.is_space]
        if not any(t.is_alpha for t in toks) or _skip_sentence(toks):
            continue
        here = []
        for clause, opener in _clauses(toks):
            asks = any(t.text.startswith("?") or t.text.endswith("?") for t in clause)
            q = _classify(text, clause, asks, opener)
            if q is not None:
                here.append(q)
        if len(here) > 1:  # «Вопрос по доставке: привозите ли…?» — the intro is a heading
            here = [q for q in here if not (q.kind == "other" and q.indirect)]
        found.extend(here)
    # «Мы ООО, хотим подключить эквайринг. Какие условия?»: a wish beside questions is their
    # context, not a separate request.
    if any(q.kind != "request" for q in found):
        found = [q for q in found if not q.wish]
    # Elliptical follow-ups (`и первого числа?`) and bare `ПОЧЕМУ??` lean on the sentence before.
    for q in found:
        q.context = _context(text, q)
    return found


def _skip_sentence(toks: list[Token]) -> bool:
    alpha = [t for t in toks if t.is_alpha]
    first = alpha[0].lemma_ if alpha else ""
    if first == "с" and len(alpha) > 1 and alpha[1].lemma_ in _CLOSING:
        return True  # sign-off
    if any(t.lemma_ in words("thanks") for t in alpha) and not _has_trigger(toks) and len(alpha) <= 6:
        return True  # «Заранее спасибо!», «Спасибо большое»
    if all(t.lower_ in _GREET or t.lemma_ in _GREET for t in alpha):
        return True
    span = toks[0].doc[toks[0].i:toks[-1].i + 1]
    if find(span, "rhetorical"):
        return True
    if find(span, "rhetorical_weak"):
        return not _has_trigger(toks, strong=True)
    return False


def _has_trigger(toks: list[Token], strong: bool = False) -> bool:
    keys = ("when_words", "where_words", "why_words", "many_words", "howmuch_words")
    if not strong:
        keys += ("how_words", "what_words")
    wanted = frozenset().union(*(words(k) for k in keys))
    return any(t.lower_ in wanted or t.lemma_ in wanted for t in toks) or (
        not strong and any(t.lower_ == "ли" for t in toks))


def _strip(toks: list[Token]) -> list[Token]:
    """Leading greeting, vocative punctuation, conjunctions and list numbering off a clause."""
    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.lower_
        if (low in _GREET or t.is_punct or low in _CONJ or low.isdigit() and i + 1 < len(toks)
                and toks[i + 1].text in {")", "."} or low in {"ну", "еще", "ещё", "вот", "кстати", "тогда",
                                                          "пожалуйста", "плиз"}):
            i += 1
            continue
        break
    out = toks[i:]
    while out and (out[-1].is_punct or out[-1].lower_ in {"пожалуйста", "плиз", "спасибо"}):
        out = out[:-1]
    return out


def _clauses(toks: list[Token]) -> list[tuple[list[Token], str]]:
    """Split a sentence where a coordinated clause opens with its own question or request; each
    clause comes with what opened it: `start`, `conj` (и, а, или, `;`), `comma` or `number`."""
    cuts: list[tuple[int, str]] = [(0, "start")]
    n = len(toks)
    for i, t in enumerate(toks):
        if i == 0:
            continue
        numbering = t.text.isdigit() and len(t.text) <= 2 and i + 1 < n and (
            toks[i + 1].text == ")" or toks[i + 1].text == "." and toks[i - 1].is_punct)
        boundary = t.lower_ in _CONJ or t.text in {",", ";", ":", "—", "–", "-", ".", "!", "…"} or numbering
        if not boundary:
            continue
        j = i + 1
        while j < n and (toks[j].lower_ in _CONJ or toks[j].is_punct):
            j += 1
        right = toks[j:j + 5]
        if not right:
            continue
        coordinated = (t.lower_ in _CONJ or any(toks[k].lower_ in _CONJ for k in range(i, j))
                       or t.text in {";", ".", "!", "…"})
        left = _strip(toks[cuts[-1][0]:i])
        if numbering:
            cuts.append((i, "number"))
        elif left and _opens_clause(right, coordinated) and _stands_alone(left):
            cuts.append((i, "conj" if coordinated else "comma"))
    bounds = [c[0] for c in cuts] + [n]
    return [(toks[a:b], how) for (a, how), b in zip(cuts, bounds[1:])]


def _opens_clause(right: list[Token], coordinated: bool) -> bool:
    first = right[0]
    if is_imperative(first) and (first.lemma_ not in words("not_request") or coordinated and _asks_for_info(first)):
        return True  # «…и верните деньги», «…и подскажите, когда будет новая»
    wh = _wh(first)
    if wh and (coordinated or first.lower_ not in _WEAK_PLAIN and first.lemma_ not in _WEAK_PLAIN):
        return True
    if len(right) > 1 and first.lower_ in {"во", "до", "со", "к", "в", "на", "по", "за"} and _wh(right[1]):
        return True
    if any(t.lower_ == "ли" for t in right[1:4]):
        return True
    if first.lower_ in {"можно", "можна", "нельзя"} and coordinated:
        return True
    return False


def _stands_alone(left: list[Token]) -> bool:
    """The part before a split point is a clause of its own, not just an intro (`Подскажите,`)."""
    content = [t for t in left if t.is_alpha and t.lemma_ not in words("stop_lemmas")]
    intro = find(left[0].doc[left[0].i:left[-1].i + 1], "indirect_intro") if left else []
    if intro:
        rest = [t for t in content if not any(m.start <= t.i < m.end for m in intro)]
        return len(rest) >= 1
    return len(content) >= 1


def _wh(t: Token) -> str | None:
    low, lem = t.lower_, t.lemma_
    if low == "скоро":
        return None
    for key, kind in (("when_words", "when"), ("where_words", "where"), ("why_words", "why"),
                      ("many_words", "many"), ("howmuch_words", "howmuch"), ("how_words", "how"),
                      ("what_words", "what")):
        if low in words(key) or lem in words(key):
            return kind
    return None


def _classify(text: "Text", clause: list[Token], asks: bool, opener: str) -> Question | None:
    body = _strip(clause)
    if not body or not any(t.is_alpha for t in body):
        return None
    doc = text.doc
    span = doc[body[0].i:body[-1].i + 1]
    indirect = False
    intro = [m for m in find(span, "indirect_intro")
             if m.start - span.start <= 3 and _asks_for_info(m)]
    rest = body
    if intro:
        indirect = True
        cut = intro[0].end
        rest = _strip([t for t in body if t.i >= cut])
    at = None
    kind, marker = _question_kind(rest, asks, indirect, opener)
    if kind is None:
        kind, marker, at = _request(body)
        if kind == "request" and at is not None:
            body = _from_boundary(body, at)
    if kind is None:
        if indirect and rest:
            kind, marker = "other", intro[0].text
        else:
            return None
    topic, focus, ents, obj = _topic(body if kind == "request" else (rest or body), kind)
    if kind == "request" and at is not None and at.lemma_ not in words("light_verbs"):
        if focus in topic and focus != at.lemma_:
            topic[focus] /= 1.5
        focus = at.lemma_
        topic[focus] = max(topic.get(focus, 0.0), 1.5)
    # The question's span: from the intro (or the clause) to the end of the clause, with the `?`.
    end = clause[-1].i + 1
    start = body[0].i
    wish = kind == "request" and at is not None and not is_imperative(at)
    return Question(text, start, end, kind, topic, focus, ents, indirect=indirect, marker=marker,
                    object=obj, wish=wish)


def _question_kind(toks: list[Token], asks: bool, indirect: bool,
                   opener: str = "start") -> tuple[str | None, str | None]:
    if not toks:
        return None, None
    if not asks and not indirect and opener == "comma":
        return None, None  # «…, когда я попросила помочь» is a subordinate clause, not a question
    span = toks[0].doc[toks[0].i:toks[-1].i + 1]
    limit = len(toks) if (asks or indirect) else 3
    for k, t in enumerate(toks[:limit]):
        wh = _wh(t)
        if wh is None:
            continue
        if not asks and not indirect and wh in ("what", "how") and k > (1 if toks[k - 1].pos_ == "ADP" else 0):
            continue  # «роутер, который вы ставили»: a relative word, not a question
        if wh == "how" and any(m.start == t.i for m in find(span, "not_how")):
            continue
        if wh == "what" and t.pos_ == "SCONJ" and not (asks or indirect or k == 0):
            continue
        return _refine(wh, toks, k), t.text
    for k, t in enumerate(toks[:6]):
        if t.lower_ == "ли" and k >= 1:
            return "yesno", "ли"
    first = toks[0]
    if first.lower_ in {"можно", "можна", "нельзя", "реально", "возможно"} and len(toks) > 1:
        return "yesno", first.text
    if _asks_you(toks):
        return "yesno", toks[0].text
    if asks and (len([t for t in toks if t.is_alpha]) >= 2 or any(t.pos_ in _PRED_POS for t in toks)):
        # A `?` sentence without an interrogative word: a yes/no question («Курьер уже выехал?»).
        if is_imperative(first) and first.lemma_ not in words("not_request"):
            return None, None  # «Перезвоните мне?» is a request
        return "yesno", "?"
    return None, None


def _asks_you(toks: list[Token]) -> bool:
    """«а вы работаете 1 мая», «а у вас есть самовывоз»: `а` + you + a present verb, a question
    even without `?`."""
    first = toks[0]
    prev = first.nbor(-1) if first.i > 0 else None
    while prev is not None and prev.is_space and prev.i > 0:
        prev = prev.nbor(-1)
    if prev is None or prev.lower_ != "а" or "!" in first.sent.text:
        return False
    if first.lower_ == "у" and len(toks) > 2 and toks[1].lower_ == "вас":
        return toks[2].lower_ in {"есть", "бывает", "можно"}
    if first.lower_ != "вы" or len(toks) < 2:
        return False
    m = str(toks[1].morph)
    return toks[1].pos_ in {"VERB", "AUX"} and "Tense=Past" not in m and "Person=2" in m


def _refine(wh: str, toks: list[Token], k: int) -> str:
    t = toks[k]
    after = toks[k + 1:k + 4]
    before = toks[k - 1].lower_ if k > 0 else ""
    lemmas = {a.lemma_ for a in after}
    if wh == "many":
        if before in {"во", "до", "со", "с", "к", "через"}:
            return "when"
        if lemmas & words("time_nouns") or lemmas & words("time_verbs"):
            return "when"
        return "howmuch"
    if wh == "what" and t.lemma_ in {"какой", "который", "каков"}:
        nouns = [a.lemma_ for a in after if a.pos_ in {"NOUN", "ADJ", "PROPN"}]
        if any(n in words("time_nouns") for n in nouns):
            return "when"
        if any(n in words("amount_nouns") for n in nouns):
            return "howmuch"
        if before in {"в", "на", "из"} and any(n in words("place_nouns") for n in nouns):
            return "where"
        return "what"
    if wh == "what":
        span = t.doc[t.i:min(t.i + 4, len(t.doc))]
        if find(span, "how_phrases"):
            return "how"
        return "what"
    if wh == "how" and after and after[0].lower_ in {"долго", "скоро", "быстро"}:
        return "when"
    return wh


def _request(toks: list[Token]) -> tuple[str | None, str | None, Token | None]:
    for k, t in enumerate(toks):
        if t.lower_ == "если":
            break  # «если не подойдёт, …»: a condition, not the request
        if is_imperative(t) and t.lemma_ not in words("not_request"):
            return "request", t.text, t
        if t.lemma_ in words("want_verbs") or t.lower_ in {"прошу", "хочу", "хотим", "хотела", "хотел", "требую"}:
            for a in toks[k + 1:k + 5]:
                if a.lemma_ in words("wish_verbs") or a.lemma_ in words("wish_nouns") and a.pos_ == "NOUN":
                    return "request", a.text, a
                if a.lemma_ in {"узнать", "спросить", "сказать", "поблагодарить", "понять"}:
                    break
    return None, None, None


def _from_boundary(toks: list[Token], at: Token) -> list[Token]:
    """A request's clause from the punctuation before its verb: «Очень разочарована, хочу вернуть
    деньги» asks for «хочу вернуть деньги»."""
    k = next(i for i, t in enumerate(toks) if t.i == at.i)
    start = 0
    for i in range(k - 1, -1, -1):
        if toks[i].is_punct:
            start = i + 1
            break
    return toks[start:]


def _asks_for_info(match) -> bool:
    """`подскажите`, `скажите`, `не понимаю`, `хочу узнать`, `интересует` — not «внук сказал»."""
    first = match if isinstance(match, Token) else match[0]
    if first.lemma_ in {"подсказать", "сказать", "уточнить", "объяснить", "пояснить", "рассказать",
                        "разъяснить"}:
        return is_imperative(first) or first.lower_ in {"подскажете", "скажете", "расскажете"}
    if first.lemma_ in {"понимать", "понять"}:
        return False
    return True


def _topic(toks: list[Token], kind: str) -> tuple[dict[str, float], str | None, list[str], str | None]:
    """Content lemmas with weights, the focus lemma, and the entities of a question."""
    from .answers import norm  # numbers compare by value

    stop = words("stop_lemmas")
    generic = words("generic_lemmas")
    light = words("light_verbs")
    topic: dict[str, float] = {}
    verbs: list[tuple[int, str]] = []
    nouns: list[tuple[int, str]] = []
    marker = next((k for k, t in enumerate(toks) if _wh(t) or t.lower_ == "ли"), 0)
    sub = 1.0
    for k, t in enumerate(toks):
        lem = norm(t.lemma_)
        if t.lower_ in {"чтобы", "если", "хотя", "который", "которая", "которое", "которые"}:
            sub = 0.5  # a purpose, condition or relative clause says less about what is asked
        digits = any(c.isdigit() for c in t.text)
        if not (t.is_alpha or t.like_num or digits):
            continue
        if lem in stop or t.pos_ in {"PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "INTJ", "PUNCT"} and not digits:
            continue
        if _wh(t) or t.lower_ in words("many_words"):
            continue
        if digits:
            w = 0.6
        elif t.pos_ == "NUM":
            w = 0.4
        else:
            w = _WEIGHT.get(t.pos_, 0.5)
        if lem in generic or t.pos_ in {"VERB", "AUX"} and lem in light:
            w *= 0.4
        if len(lem) <= 2 and not digits:
            w *= 0.5
        topic[lem] = max(topic.get(lem, 0.0), w * sub)
        if t.pos_ in {"VERB", "AUX"} and lem not in light:
            verbs.append((k, lem))
        elif t.pos_ in {"NOUN", "PROPN"} and lem not in generic and lem not in _TIME_NOUNS:
            nouns.append((k, lem))
    after = [(k, lem) for k, lem in verbs if k > marker]
    head = after[0] if after else verbs[0] if verbs else None
    focus = head[1] if head else nouns[0][1] if nouns else None
    obj = next((lem for k, lem in nouns if head is None or k > head[0]), None)
    if focus in topic:
        topic[focus] *= 1.5
    ents = [e.text for e in toks[0].doc.ents if toks[0].i <= e.start and e.end <= toks[-1].i + 1] if toks else []
    return topic, focus, ents, obj


_TIME_NOUNS = frozenset({"ночь", "утро", "вечер", "день", "неделя", "месяц", "год", "час", "минута",
                         "сегодня", "вчера", "завтра", "понедельник", "вторник", "среда", "четверг",
                         "пятница", "суббота", "воскресенье"})


def _context(text: "Text", q: Question) -> dict[str, float]:
    """Content lemmas of the rest of the message, which short questions lean on."""
    out: dict[str, float] = {}
    stop = words("stop_lemmas")
    for t in text.doc:
        if q.start <= t.i < q.end or not t.is_alpha and not t.like_num:
            continue
        if t.lemma_ in stop or t.pos_ not in _CONTENT_POS:
            continue
        out[t.lemma_] = 0.5
    return out


def fold_text(s: str) -> str:
    return fold(s)
