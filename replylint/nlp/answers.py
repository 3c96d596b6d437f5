"""Which draft sentences answer each question of the open turn.

A draft sentence answers a question when it is about the same thing and gives the kind of answer
the question asks for:
- *about the same thing*: the question's content lemmas are found in the sentence — the same lemma,
  a lemma of the same support-word cluster (`возврат`~`вернуть`, `доставка`~`привезти`~`курьер`,
  `rules/lexicons/answer.yaml`: navec alone is weak across parts of speech), the same stem
  (`перенести`~`перенос`), or a navec neighbour (`поменять`~`изменить`); the lemma the question
  turns on (its focus) counts most. A bare `Почему?` or `Где она?` leans on the rest of its message.
- *the kind of answer*: `когда` wants a date, time, weekday or duration; `сколько` a number or an
  amount; `можно ли` a yes/no, `можно`/`нельзя` or a statement about the same action; `где` a
  place, section, address or link; `как` steps or a way; `почему` a cause; a request an
  acknowledgement (done, will be done, cannot).
The reply to a turn's only question may leave the question's words out, as answers do in
conversation (`Сколько устройств можно привязать?` — `До 5 устройств Smart TV.`; `Можно ли скрыть
разделы?` — `На данный момент такой возможности нет.`; `Что нельзя публиковать?` — `Чужой контент
без разрешения автора.`): then the reply's opening sentence answers if it is of the asked kind, or
a noun phrase alone for a `что`/`какой` question.
A sentence that only sends the customer to a page (`см. раздел на сайте`, `инструкция здесь:
<link>`) answers nothing but a `где` question. An explicit deferral with a promise (`уточню и
вернусь с ответом до 18:00`, `передали специалистам, ответим`) about the question's topic makes it
`deferred`.

Use `ctx.memo(answers)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Span as TokenSpan

from ..model import Question as QuestionModel
from ..model import Span
from .layout import body
from .links import words as link_words
from .morph import analyzer, is_full_participle, is_imperative
from .questions import Question, lexicon, matches, questions, words
from .vectors import unit_vector

if TYPE_CHECKING:
    from ..analysis import AnalysedThread, Text

_TIME_RE = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b", re.U)
_URL_RE = re.compile(r"https?://|www\.|\.ru/|\.рф/|\.com/", re.I)
_TIME_WORDS = frozenset({
    "сегодня", "завтра", "послезавтра", "сейчас", "немедленно", "утро", "вечер", "ночь", "полдень",
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье", "выходные",
    "выходной", "будни", "ежедневно", "круглосуточно", "январь", "февраль", "март", "апрель", "май",
    "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь", "утром", "вечером", "ночью",
    "днем", "позавчера", "вчера", "накануне"})
_UNITS = frozenset({"секунда", "минута", "час", "день", "неделя", "месяц", "год", "сутки", "квартал",
                    "полчаса", "мин", "ч"})
_UNIT_LEAD = frozenset({"течение", "через", "конец", "за", "следующий", "ближайший", "тот", "этот",
                        "в", "до", "на", "пара", "несколько", "один", "два", "три", "четыре", "пять",
                        "полтора", "раз", "рабочий", "календарный", "пределы", "каждый"})
_EXTRA_WHEN = frozenset({"уже", "сразу", "скоро", "моментально", "мгновенно", "оперативно"})
_AMOUNT = frozenset({"бесплатно", "бесплатный", "ноль", "половина", "процент", "рубль", "руб", "₽",
                     "копейка", "евро", "доллар", "комиссия", "платно", "безлимитный", "безлимит"})
_GENERIC_REF = frozenset({"вопрос", "ответ", "обращение", "запрос", "ситуация", "проблема", "заявка", "случай",
                          "претензия", "жалоба"})
_DEFER_CHECK = frozenset({"уточнить", "проверить", "выяснить", "разобраться", "узнать", "посмотреть",
                          "изучить", "рассмотреть", "передать", "направить", "переслать",
                          "разбираться", "выяснять", "проверять", "уточнять", "искать", "найти"})
_DEFER_RETURN = frozenset({"ответить", "вернуться", "связаться", "сообщить", "написать", "перезвонить",
                           "позвонить", "дать", "прислать", "рассказать", "оповестить", "уведомить"})
_SEMANTIC = 0.5  # navec cosine from which two lemmas count as the same topic
_COURTESY = frozenset({"извинение", "извинить", "извиняться", "обращение", "ожидание", "терпение",
                       "понимание", "рад", "сожаление", "вопрос", "секунда", "секундочка", "минутка",
                       "момент"})


# --- the draft's sentences, read once -------------------------------------------------------------

@dataclass
class DraftSentence:
    """One body sentence of the draft, or a window of two adjacent ones (an answer often names
    its topic in one sentence and gives the detail in the next)."""

    parts: list[TokenSpan]
    index: int  # position of the first sentence in the body

    @property
    def sent(self) -> TokenSpan:
        first, last = self.parts[0], self.parts[-1]
        return first.doc[first.start:last.end]

    @cached_property
    def tokens(self):
        return [t for p in self.parts for t in p if not t.is_space]

    @cached_property
    def lemmas(self) -> frozenset[str]:
        return frozenset(norm(t.lemma_) for t in self.tokens if t.is_alpha or t.like_num
                         or any(c.isdigit() for c in t.text))

    @cached_property
    def content(self) -> list[str]:
        stop = words("stop_lemmas")
        return sorted({t.lemma_ for t in self.tokens if (t.is_alpha or t.like_num) and t.lemma_ not in stop})

    @cached_property
    def clusters(self) -> frozenset[int]:
        return frozenset(c for l in self.lemmas for c in _clusters().get(l, ()))

    @cached_property
    def matrix(self) -> tuple[list[str], np.ndarray | None]:
        known = [(l, v) for l in self.content if (v := unit_vector(l)) is not None]
        if not known:
            return [], None
        return [l for l, _ in known], np.stack([v for _, v in known])

    @cached_property
    def alpha(self) -> int:
        return sum(t.is_alpha for t in self.tokens)

    @cached_property
    def found(self) -> set[str]:
        """The answer lexicon's lists that match here (all of them, overlapping or not)."""
        doc = self.parts[0].doc
        return {k for k, s, e in matches(doc, "answer") for p in self.parts if p.start <= s and e <= p.end}

    @cached_property
    def time(self) -> bool:
        return any(has_time(p) for p in self.parts)

    @cached_property
    def number(self) -> bool:
        return any(t.like_num or any(c.isdigit() for c in t.text) for t in self.tokens) or bool(
            self.lemmas & _AMOUNT)

    @cached_property
    def link(self) -> bool:
        return bool(_URL_RE.search(self.sent.text))

    @cached_property
    def redirect(self) -> bool:
        if not ("redirect" in self.found or (self.link and self.alpha <= 8)):
            return False
        # «Нажмите на значок «+» или перейдите по ссылке»: the link is one step among others
        reading = link_words("read_verb") | link_words("web_verb")
        return not {t.lemma_ for t in self.tokens if is_imperative(t)} - reading

    @cached_property
    def yes_no(self) -> bool:
        first = next((t for t in self.tokens if t.is_alpha), None)
        return "yes_no" in self.found or "refusal" in self.found or (
            first is not None and first.lower_ in {"да", "нет", "конечно"})

    @cached_property
    def opens_with_yes_no(self) -> bool:
        """`Да, …` / `Нет, …` / `К сожалению, нет` opening the sentence (after a name)."""
        alpha = [t for t in self.parts[0] if t.is_alpha and t.pos_ != "PROPN"]
        return bool(alpha) and (alpha[0].lower_ in {"да", "нет"} or
                                [t.lemma_ for t in alpha[:3]] == ["к", "сожаление", "нет"])

    @cached_property
    def bare(self) -> bool:
        """`Да.`, `Ок`, `К сожалению, нет.`, `Это невозможно.`: a whole sentence of assent or refusal."""
        names = {t.i for e in self.sent.ents if e.label_ == "PER" for t in e}
        alpha = [t for t in self.tokens if t.is_alpha and t.pos_ != "PROPN" and t.i not in names]
        if len(alpha) > 1 and alpha[0].text[:1].isupper() and alpha[0].lower_ not in words("bare_ack") \
                and alpha[0].i + 1 < len(alpha[0].doc) and alpha[0].nbor(1).text == ",":
            alpha = alpha[1:]  # «Виктория, к сожалению, это невозможно.»: the name is a vocative
        return 0 < len(alpha) <= 4 and all(t.lemma_ in words("bare_ack") or t.lower_ in words("bare_ack")
                                           for t in alpha)

    @cached_property
    def steps(self) -> bool:
        return "steps" in self.found or "→" in self.sent.text or any(
            is_imperative(t) for t in self.tokens)

    @cached_property
    def place(self) -> bool:
        if "place" in self.found or self.link or "«" in self.sent.text:
            return True
        if any(e.label_ == "LOC" for p in self.parts for e in p.ents):
            return True
        # «в отделении», «на складе», «у двери», «из магазина приложений»: a preposition with a
        # noun in the locative (or `у`/`из` + genitive) — not «готов к выдаче».
        return any(t.pos_ == "ADP" and (t.lower_ in {"в", "во", "на"} and "Case=Loc" in str(t.head.morph)
                                        or t.lower_ in {"у", "из"} and "Case=Gen" in str(t.head.morph))
                   and t.head.pos_ in {"NOUN", "PROPN"} for t in self.tokens)

    @cached_property
    def absence(self) -> bool:
        """`Таких ограничений нет.`, `Такой возможности нет.`: there is no such thing."""
        return any(t.lower_ == "нет" for t in self.tokens) and any(t.pos_ == "NOUN" for t in self.tokens)

    @cached_property
    def fragment(self) -> bool:
        """A verbless answer fragment, its head a noun or number (`Длительность до 60 секунд.`,
        `Пользователь, подтвердивший авторство.`), not a courtesy (`Спасибо за обращение!`)."""
        if self.lemmas & (words("thanks") | _COURTESY) or sum(t.is_alpha or t.like_num
                                                               for t in self.tokens) < 2:
            return False  # «Отличный вопрос!», «Секундочку.»
        roots = [t for p in self.parts for t in p if t.head.i == t.i and not t.is_punct and not t.is_space]
        # a noun phrase alone: «Возврат у нас простой» (an adjective predicate) is no fragment; a
        # full participle parsed as the root only qualifies a noun («Пользователь, подтвердивший …»)
        return bool(roots) and all(t.pos_ in {"NOUN", "PROPN", "NUM"} or is_full_participle(t) for t in roots)

    @cached_property
    def cause(self) -> bool:
        return "cause" in self.found or ":" in self.sent.text or "—" in self.sent.text

    @cached_property
    def ack(self) -> bool:
        """Done, will be done, or cannot: a past or future verb of the company, a short participle,
        a refusal."""
        if "refusal" in self.found or self.bare:
            return True
        for t in self.tokens:
            m = str(t.morph)
            if t.pos_ in {"VERB", "AUX", "ADJ"} and ("Tense=Past" in m and "VerbForm=Fin" in m
                                                     or "Variant=Short" in m and "VerbForm=Part" in m
                                                     or "Tense=Fut" in m and "Person=1" in m
                                                     or "Tense=Fut" in m and "Person=3" in m):
                return True
            if t.lower_ in {"уже", "готово", "сделано", "можно", "нельзя", "невозможно"}:
                return True
            if t.pos_ in {"VERB", "AUX"} and future_person(t) is not None:
                return True
        return False

    @cached_property
    def deferral(self) -> bool:
        """A promise to come back: `уточню и вернусь с ответом`, `передали специалистам, ответим`."""
        check = ret = False
        for t in self.tokens:
            m = str(t.morph)
            future = "Tense=Fut" in m or future_person(t) is not None
            if t.lemma_ in _DEFER_RETURN and future:
                ret = True
            if t.lemma_ in _DEFER_CHECK and (future or "Tense=Past" in m and t.lemma_ in
                                             {"передать", "направить", "переслать"}):
                check = True
        del check  # checking alone («они проверят платёж») promises no answer to the customer
        return ret and "?" not in self.sent.text


@lru_cache(maxsize=1)
def _clusters() -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for k, line in enumerate(lexicon().phrases.get("clusters", [])):
        for w in line.split():
            out.setdefault(w.replace("ё", "е"), []).append(k)
    return {w: tuple(ks) for w, ks in out.items()}


def _stem_match(a: str, b: str) -> bool:
    """Same stem: `перенести`~`перенос`, `отправить`~`отправление`."""
    if len(a) < 5 or len(b) < 5 or a.isdigit() or b.isdigit():
        return False
    k = 0
    for x, y in zip(a, b):
        if x != y:
            break
        k += 1
    return k >= 6 or (k >= 5 and k >= 0.7 * min(len(a), len(b)))


@lru_cache(maxsize=50_000)
def _readings(word: str, lemma: str) -> frozenset[str]:
    """Grammemes of the pymorphy3 verb readings of `word` with this lemma: natasha tags
    «проверим», «разберёмся» as imperatives, pymorphy3 knows they are 1st person future."""
    out: set[str] = set()
    for p in analyzer().parse(word):
        if p.tag.POS == "VERB" and p.normal_form.replace("ё", "е") == lemma:
            out |= set(p.tag.grammemes)
    return frozenset(out)


def future_person(t) -> int | None:
    """1 or 3 when `t` can be a future-tense verb of that person (`проверим`, `свяжутся`)."""
    g = _readings(t.lower_, t.lemma_)
    if "futr" not in g:
        return None
    return 1 if "1per" in g else 3 if "3per" in g else None


def norm(lemma: str) -> str:
    """Numbers compare by value: `02` is `2`."""
    return lemma.lstrip("0") or "0" if lemma.isdigit() else lemma


def has_time(span: TokenSpan, strict: bool = False) -> bool:
    """A date, time, weekday or duration in `span` (`до конца дня`, `в течение 24 часов`, `завтра`,
    `через 2–3 рабочих дня`, `14:00`). `strict`: only a real time frame — not `сразу`/`уже`, and not
    `как только …` alone."""
    if _TIME_RE.search(span.text):
        return True
    toks = [t for t in span if not t.is_space]
    for k, t in enumerate(toks):
        lem = t.lemma_
        if lem in _TIME_WORDS and not (strict and lem in {"вчера", "позавчера", "накануне"}):
            return True
        if lem in _UNITS or t.lower_ in {"мин", "ч"}:
            lead = toks[max(0, k - 3):k]
            if any(a.like_num or any(c.isdigit() for c in a.text) or a.lemma_ in _UNIT_LEAD for a in lead):
                return True
        if not strict and lem in _EXTRA_WHEN:
            return True
    return False


# --- matching -----------------------------------------------------------------------------------

@dataclass
class Answer:
    question: Question
    status: str  # answered | deferred | unanswered
    sentence: DraftSentence | None = None
    draft: "Text | None" = None

    @property
    def span(self) -> Span | None:
        if self.sentence is None or self.draft is None:
            return None
        return self.draft.sentence_span(self.sentence.sent)

    def model(self) -> QuestionModel:
        return QuestionModel(span=self.question.span, answered_by=self.span, status=self.status)


@dataclass
class Relation:
    score: float  # share of the question's topic weight found in the sentence
    focus: bool  # the question's focus lemma is found
    context: int  # content lemmas of the rest of the message found
    hits: list[str] = field(default_factory=list)


def relation(q: Question, s: DraftSentence) -> Relation:
    lemmas = s.lemmas
    names, matrix = s.matrix
    total = sum(q.topic.values()) or 1.0
    got = 0.0
    focus = False
    hits = []
    for lem, w in q.topic.items():
        m = _match(lem, s, names, matrix)
        if m:
            got += w * m
            hits.append(lem)
            if lem == q.focus and m >= _SEMANTIC:
                focus = True
    ctx = sum(1 for lem in q.context if lem not in words("generic_lemmas")
              and _match(lem, s, names, matrix) >= 0.9 and not lem.isdigit())
    del lemmas
    return Relation(got / total, focus, ctx, hits)


def _match(lem: str, s: DraftSentence, names: list[str], matrix) -> float:
    if lem in s.lemmas:
        return 1.0
    cl = _clusters().get(lem)
    if cl and set(cl) & s.clusters:
        return 1.0
    if any(_stem_match(lem, l) for l in s.lemmas):
        return 0.9
    if matrix is None or lem.isdigit():
        return 0.0
    v = unit_vector(lem)
    if v is None:
        return 0.0
    best = float(np.max(matrix @ v))
    return best if best >= _SEMANTIC else 0.0


def _about_a_process(q: Question) -> bool:
    """«Как продвигаются стримы?», «как формируется рейтинг?»: how something happens (a reflexive
    verb in the 3rd person), which an explanation answers — not steps for the customer."""
    return any(t.lemma_ == q.focus and t.pos_ == "VERB" and "Person=3" in str(t.morph)
               and t.lower_.endswith(("ся", "сь")) for t in q.tokens)


def _verbal(q: Question) -> bool:
    return q.focus is not None and any(t.lemma_ == q.focus and t.pos_ in {"VERB", "AUX"} for t in q.tokens)


def _thin(q: Question) -> bool:
    strong = [w for l, w in q.topic.items() if l not in words("generic_lemmas")]
    return sum(strong) <= 1.5


def answers_question(q: Question, s: DraftSentence) -> bool:
    """Does `s` answer `q`?"""
    if s.redirect and q.kind != "where":
        return False
    r = relation(q, s)
    kind = q.kind
    if not r.focus and q.focus and any(h not in words("generic_lemmas") for h in r.hits) and (
            kind == "howmuch" and s.number and q.focus in words("amount_nouns")
            or kind == "when" and s.time and q.focus in words("time_nouns")):
        # «Какая ставка по ипотеке?» — «Ипотека — 6% годовых»: the number is the asked amount, the
        # date the asked term (when the sentence is about the same thing).
        r.focus = True
        r.score = min(1.0, r.score + q.topic.get(q.focus, 0.0) / max(q.weight, 1e-9))
    generic = words("generic_lemmas")
    solid = [h for h in r.hits if h not in generic]
    related = (r.score >= 0.4 or (r.focus and r.score >= 0.25) or len(solid) >= 2
               or (_thin(q) and r.context >= 1))
    strong = r.score >= 0.6 or (r.focus and r.score >= 0.45)
    kind = q.kind
    if q.weight < 0.5 and not r.context:
        # «Что не так?», «Почему?» with nothing in the message to go by: any answer of the kind.
        related = True
    # A time (or an amount) is itself strong evidence: with one non-generic word of the question
    # beside it (`заявка`, the order number) the sentence answers «как долго…?», «когда…?».
    typed = related or (bool(solid) and r.score >= 0.2)
    if kind == "when":
        return s.time and typed
    if kind == "howmuch":
        return (s.number or s.time) and typed
    if kind == "where":
        # «Где мой заказ?» is answered by where it is or when it comes; «где посмотреть…» by a place.
        return (s.place or s.time and not _verbal(q)) and related
    if kind == "yesno":
        return s.yes_no and (related or bool(solid) or r.focus) or strong
    if kind == "how":
        if q.focus in words("explain_verbs") or _about_a_process(q):
            return related or bool(solid)  # «как работает бонусная программа»: an explanation
        if len(s.parts) > 1:
            return strong  # the steps and the topic must meet in one sentence
        # The steps must be about the asked action or its object (`привязать карту` answered by
        # «Добавить карту»), not a neighbour of it (`добавить сотрудника в аккаунт` answered
        # by steps about the account's subscription).
        return s.steps and (r.focus or q.object in r.hits or r.score >= 0.25) or strong
    if kind == "why":
        return s.cause and (related or bool(solid) or r.context >= 1) or related
    if kind == "request":
        # The asked action itself must be acknowledged: «Новую карту выпустим» does not answer
        # «Заблокируйте карту».
        if not q.focus:
            return s.ack
        return s.ack and r.focus
    return related


def direct_answer(q: Question, sents: list[DraftSentence]) -> DraftSentence | None:
    """The first sentence that answers `q` directly, on its own: the right kind of answer about the
    asked action or object, naming the question's most specific named thing (the last proper name
    or code it mentions: `в Новую Москву, в Коммунарку` → `Коммунарка`)."""
    specific = q.specific[-1:]
    for s in sents:
        if s.redirect and q.kind != "where":
            continue
        if q.kind == "yesno" and (s.opens_with_yes_no or s.bare):
            return s  # «Да, можно: …» answers the one closed question, whatever it names
        if specific and not any(x == l or _stem_match(x, l) for x in specific for l in s.lemmas):
            continue
        r = relation(q, s)
        about = (r.focus or (q.object in r.hits) or r.score >= 0.4 or bool(specific)
                 or (_thin(q) and r.context >= 1))
        if not about:
            continue
        kind = q.kind
        if kind == "yesno" and (s.yes_no or specific and r.focus):
            return s  # «Коммунарка входит в зону доставки, туда мы доставляем»
        if kind == "when" and s.time:
            return s
        if kind == "howmuch" and s.number:
            return s
        if kind == "where" and (s.place or s.time):
            return s
        if kind not in ("yesno", "when", "howmuch", "where") and answers_question(q, s):
            return s
    return None


def elliptical(q: Question, s: DraftSentence) -> bool:
    """Does `s`, opening the reply to the turn's only question, answer it without repeating it?"""
    if s.redirect and q.kind != "where":
        return False
    kind = q.kind
    if kind == "when":
        return s.time
    if kind == "howmuch":
        return s.number or s.absence
    if kind == "where":
        return s.place
    if kind == "yesno":  # `Нет.`, `Такой возможности нет.`, the list asked for, the steps to do it
        return s.yes_no or s.absence or s.fragment or s.steps and bool(relation(q, s).hits)
    if kind == "what":
        return s.fragment or s.absence
    if kind == "how":
        # `Пока никак.`, `Такой возможности нет.`, `Да, если …`; or steps — for «Что делать (, если
        # …)?» whatever the situation, for `как …` touching the question
        what_to_do = "делать" in q.topic and (q.marker or "").lower() == "что"
        return ("refusal" in s.found or s.absence or s.opens_with_yes_no
                or s.steps and (what_to_do or q.weight < 0.5 or bool(relation(q, s).hits)))
    if kind == "request" and "помочь" in q.topic:  # «помогите»: help is the answer
        return s.steps or s.place
    return False


def _defers(q: Question, s: DraftSentence, alone: bool = False) -> bool:
    """`s` promises to come back about `q`: it names its topic, refers to «ваш вопрос/обращение»,
    embeds its question word (`проверим, где она`), or `q` is the only question asked."""
    if not s.deferral:
        return False
    if alone:
        return True
    r = relation(q, s)
    asked = q.marker and q.marker.lower() in {t.lower_ for t in s.tokens}  # «проверим, где она»
    return r.score > 0 or r.context >= 1 or bool(s.lemmas & _GENERIC_REF) or not q.topic or bool(asked)


def answers(ctx: "AnalysedThread") -> list[Answer]:
    """Each question of the open turn with its status and answering sentence
    (use as `ctx.memo(answers)`)."""
    qs = ctx.memo(questions)
    if not qs:
        return []
    draft = ctx.draft
    sents = ctx.memo(draft_sentences)
    out: list[Answer] = []
    windows = sents + [DraftSentence(a.parts + b.parts, a.index) for a, b in zip(sents, sents[1:])]
    windows.sort(key=lambda w: (w.index + len(w.parts), len(w.parts)))  # by where the answer ends
    for q in qs:
        hit = next((s for s in windows if answers_question(q, s)), None)
        if hit is None and len(qs) == 1:
            hit = next((s for s in sents[:2] if elliptical(q, s)), None)
        if hit is not None:
            out.append(Answer(q, "answered", hit, draft))
            continue
        defer = next((s for s in sents if _defers(q, s, alone=len(qs) == 1)), None)
        out.append(Answer(q, "deferred", defer, draft) if defer else Answer(q, "unanswered", None, draft))
    # `Да.` / `Ок` / `Это невозможно.` on their own answer the first open yes/no question or request.
    for s in sents:
        kinds = ("yesno", "request") if s.bare else ("yesno",) if s.opens_with_yes_no else ()
        if kinds:
            a = next((a for a in out if a.status == "unanswered" and a.question.kind in kinds), None)
            if a is not None:
                a.status, a.sentence = "answered", s
    return out


def draft_sentences(ctx: "AnalysedThread") -> list[DraftSentence]:
    """The draft's body sentences, as matching reads them (for the overlong-reply rule)."""
    sents = [s for s in body(ctx.draft) if any(t.is_alpha for t in s)]
    return [DraftSentence([s], i) for i, s in enumerate(sents)]
