"""Data items the customer gave: typed values with the span where they were given.

Thread data (RULES.md, family *data*) is everything the customer already gave: values in their
messages, their attachments and the CRM profile. Each item has a kind:

`order` `phone` `email` `name` `address` `date` `amount` `card` `tracking` `account` `contract`
`screenshot` `document` `problem`

How values are found:
- e-mails by a strict pattern, phones by `phonenumbers` (region RU), money, dates and address parts
  by natasha's extractors (`MoneyExtractor`, `DatesExtractor`, `AddrExtractor`; address parts that
  follow one another — `ул. Ленина, д. 5, кв. 12`, `Заводская 18, кв 92` — are one address);
  names by natasha's NER (a full name, not somebody's role: `курьер Дмитрий Соколов`) and the
  customer's signature;
- a number or code (`74120098`, `4412-87`, `№ 12-345/6`, `CD445120987RU`) is typed by the nearest
  data noun before it in its sentence (`заказ №…`, `номер заказа …`, `по заказу …`,
  `договор …`, `посылка …`) or by its syntactic head; a message that is only a value answers the
  agent's request just before it (`Подскажите номер договора` → `448190`);
- attachments: an image is a screenshot/photo, anything else a document;
- a problem description: a customer message that describes a failure in some detail (at least
  `PROBLEM_MIN_WORDS` content words in its statements, with a failure word).

Requests for data (in the draft and in earlier agent messages) live in `requests.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

import yaml

from ..budget import tick, untimed
from ..engine.lexicon import Lexicon
from ..model import Span
from ..resources import lexicon_file
from .morph import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..analysis import AnalysedThread, Text

KINDS = ("order", "phone", "email", "name", "address", "date", "amount", "card", "tracking",
         "account", "contract", "screenshot", "document", "problem")

# How a kind is named in a finding's message (accusative: «просите номер заказа»).
LABELS = {
    "order": "номер заказа", "phone": "телефон", "email": "e-mail", "name": "имя",
    "address": "адрес", "date": "дату", "amount": "сумму", "card": "последние цифры карты",
    "tracking": "трек-номер", "account": "логин или аккаунт", "contract": "номер договора",
    "screenshot": "скриншот или фото", "document": "документ", "problem": "описание проблемы",
}
PERSONAL = frozenset({"order", "phone", "email", "name", "address", "amount", "card", "tracking",
                      "account", "contract"})
PROBLEM_MIN_WORDS = 8

_PHRASE_KEYS = KINDS + ("private", "public_here")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(r"https?://\S+|www\.\S+")
_CODE_RE = re.compile(
    r"(?<![\w@./:-])(№\s?)?((?:[A-Za-zА-Яа-я]{1,4}-?)?\d(?:[\d/-]*\d)?(?:[A-Za-z]{1,3})?)(?![\w@]|[.,]\d)"
)
_MIXED_CODE_RE = re.compile(r"(?<![\w@./-])(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{5,12}(?![\w@])")
_S10_RE = re.compile(r"^[A-Z]{2}\d{9}[A-Z]{2}$")  # UPU tracking numbers: CD445120987RU
# Possessive, and only from the start of a run of mask characters: `(?:[*]{2,}[\s-]?)+` can split
# a run of n stars in 2^n ways, and tries them all when no four digits follow.
_MASKED_CARD_RE = re.compile(r"(?<![*•·xXхХ])(?:[*•·xXхХ]{2,}+[\s-]?+)++(\d{4})\b")
_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\b(?!\.\d)")
_MONEY_END_RE = re.compile(r"^.*?(?:₽|\$|€|руб(?:л\w*)?\.?|р\.|коп\w*\.?|доллар\w*|евро|RUB|USD|EUR)", re.I)
_RELATIVE_DATES = frozenset({"вчера", "позавчера"})
_ROLES = frozenset({"курьер", "оператор", "сотрудник", "сотрудница", "менеджер", "мастер",
                    "консультант", "специалист", "продавец", "водитель", "кассир", "врач",
                    "директор", "поддержка", "коллега", "администратор", "инженер", "монтажник"})
_STREET_TYPES = frozenset({"улица", "проспект", "переулок", "шоссе", "бульвар", "проезд", "площадь",
                           "набережная", "аллея", "тупик", "микрорайон", "линия", "квартал"})
_ADDR_HOUSE_TYPES = frozenset({"дом", "квартира", "корпус", "строение", "офис"})
_FIELD_KINDS = (  # CRM field name (fragments) → kind; the first that matches wins
    (("email", "mail", "почта"), "email"),
    (("phone", "mobile", "tel", "телефон"), "phone"),
    (("track", "трек"), "tracking"),
    (("card", "карт"), "card"),
    (("contract", "dogovor", "policy", "polis", "booking", "reservation", "agreement", "договор",
      "полис", "брон"), "contract"),
    (("order", "заказ"), "order"),
    (("account", "login", "username", "user_id", "nick", "логин", "аккаунт", "лицев"), "account"),
    (("address", "адрес"), "address"),
    (("fio", "full_name", "fullname", "фио"), "name"),
    (("date", "дата", "birthday"), "date"),
    (("amount", "sum", "сумма"), "amount"),
)
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff")


@dataclass(frozen=True)
class DataItem:
    """One value the customer gave. `qualifier`: `new` for «новый адрес …», `old` for «старый»,
    `first` for a name that is a first name only."""

    kind: str
    value: str
    span: Span
    qualifier: str = ""

    @property
    def source(self) -> str:
        return self.span.source


@dataclass
class Words:
    """The data lexicon (`rules/lexicons/data.yaml`): phrase lists and word sets."""

    raw: dict
    phrases: Lexicon = field(init=False)

    def __post_init__(self) -> None:
        self.phrases = Lexicon({k: self.raw[k] for k in _PHRASE_KEYS if k in self.raw})

    def set(self, key: str) -> frozenset[str]:
        return frozenset(fold(w) for w in self.raw.get(key, ()))

    @property
    def number_context(self) -> dict[str, str]:
        """context noun lemma → kind (or `ignore`)."""
        return {fold(w): kind for kind, words in self.raw["number_context"].items() for w in words}


@lru_cache(maxsize=1)
@untimed
def words() -> Words:
    return Words(yaml.safe_load(lexicon_file("data.yaml").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
@untimed
def _extractors():
    from natasha import AddrExtractor, DatesExtractor, MoneyExtractor, MorphVocab

    vocab = MorphVocab()
    return DatesExtractor(vocab), MoneyExtractor(vocab), AddrExtractor(vocab)


# ---------------------------------------------------------------------------------------------
# Values in one text


def extract(text: "Text", *, people: bool = True) -> list[DataItem]:
    """The data items in one text (a customer message, or the draft when checking disclosure).
    Untyped numbers are returned with kind `number` (an answer to a request types them)."""
    raw = text.text
    items: list[DataItem] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _URL_RE.finditer(raw)]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(kind: str, s: int, e: int, value: str | None = None, qualifier: str = "") -> None:
        while e > s and raw[e - 1] in " ,.;:":
            e -= 1
        items.append(DataItem(kind, value or raw[s:e], text.span(s, e), qualifier))
        taken.append((s, e))

    for m in _EMAIL_RE.finditer(raw):
        if free(m.start(), m.end()):
            add("email", m.start(), m.end())
    for m in _TIME_RE.finditer(raw):
        taken.append((m.start(), m.end()))
    dates, money, addresses = _extractors()
    # every rule of natasha's money and date grammars has a number token: without a digit there
    # is nothing for their chart parsers to find
    numbered = any(c.isdigit() for c in raw)
    for match in _windowed(money, raw) if numbered else ():
        cut = _MONEY_END_RE.match(raw[match.start:match.stop])  # «1 200 ₽ 5 апреля»: no kopecks
        stop = match.start + cut.end() if cut else match.stop
        if free(match.start, stop):
            add("amount", match.start, stop)
    for s, e in _addresses(raw, addresses):
        if free(s, e):
            add("address", s, e, qualifier=_qualifier(text, s))
    for match in _windowed(dates, raw) if numbered else ():
        if match.fact.day is None and match.fact.month is None:
            continue  # a year alone is no date of anything
        if free(match.start, match.stop):
            add("date", match.start, match.stop)
    doc = text.doc
    for t in doc:
        if t.lower_ in _RELATIVE_DATES:
            add("date", t.idx, t.idx + len(t.text))
    for m in _MASKED_CARD_RE.finditer(raw):
        if free(m.start(), m.end()):
            add("card", m.start(), m.end(), m.group(1))
    items.extend(_numbers(text, taken))
    items.extend(_logins(text, taken))
    if people:
        items.extend(_people(text))
    return sorted(items, key=lambda i: i.span.start)


@dataclass(frozen=True)
class _Found:
    """A match of a natasha extractor with offsets into the whole text."""

    start: int
    stop: int
    fact: object


def _windowed(extractor, raw: str) -> list[_Found]:
    """`extractor(raw)`'s matches, read window by window (`_windows`, those with a digit): natasha's
    chart parsers slow down faster than the text grows (`1.20 ` × 2,000: 8 s)."""
    out = []
    for offset, window in _windows(raw, re.compile(r"\d")):
        tick()
        out.extend(_Found(offset + m.start, offset + m.stop, m.fact) for m in extractor(window))
    return out


def _qualifier(text: "Text", start: int) -> str:
    """`new` / `old` when the words just before a value say so (`новый адрес ул. …`)."""
    w = words()
    before = [t for t in text.doc if t.idx < start][-4:]
    lemmas = {t.lemma_ for t in before}
    if lemmas & w.set("new_qualifiers"):
        return "new"
    if lemmas & w.set("old_qualifiers"):
        return "old"
    return ""


# An address needs a number and a street or house word; natasha's AddrExtractor (a chart parser,
# ~50 ms a message) runs only on texts that have both — a cheap guard, not the recogniser.
# Short forms count only as abbreviations (a period or a number after them): «к», «г», «д» and
# «ш» are also prepositions and particles, and let almost every text through.
_ADDRESS_CUE = re.compile(
    r"(?i)(?<![а-яё])(?:"
    r"(?:улиц|проспект|переул|бульвар|шоссе|набережн|площад|микрорайон|проезд|тупик|алле|"
    r"квартир|корпус|строени|город|поселк|посёлк|поселок|посёлок|село|деревн|тракт|линия)[а-яё]*"
    r"|дом|снт"
    r"|(?:ул|пр-?т|просп|пер|бул|б-р|ш|наб|пл|мкр|д|кв|корп|к|стр|г|пос)(?:\.|\s*\d)"
    r")(?![а-яё])")


ADDRESS_WINDOW = 600  # characters natasha's extractors read at once
ADDRESS_WINDOWS = 8  # and how many such windows of one text, at most


def _windows(raw: str, cue: re.Pattern) -> list[tuple[int, str]]:
    """The parts of `raw` one of natasha's extractors reads, with their offsets: the whole text
    when short, else lines (and sentences) gathered into windows of up to ADDRESS_WINDOW
    characters, only those where `cue` is found, at most ADDRESS_WINDOWS. The chart parsers' time
    grows faster than the text's length (900 addresses in one message: 35 s)."""
    if len(raw) <= ADDRESS_WINDOW:
        return [(0, raw)] if cue.search(raw) else []
    cuts = [0] + [m.end() for m in re.finditer(r"\n|[.;!?](?=\s)", raw)] + [len(raw)]
    windows: list[tuple[int, str]] = []
    start = 0
    for a, b in zip(cuts, cuts[1:]):
        if b - start > ADDRESS_WINDOW and a > start:
            windows.append((start, raw[start:a]))
            start = a
        while b - start > ADDRESS_WINDOW:  # one overlong sentence: cut it
            windows.append((start, raw[start:start + ADDRESS_WINDOW]))
            start += ADDRESS_WINDOW
    windows.append((start, raw[start:]))
    return [(o, w) for o, w in windows if cue.search(w)][:ADDRESS_WINDOWS]


def _addresses(raw: str, extractor) -> list[tuple[int, int]]:
    """Address parts merged into addresses; a bare house number after a street joins it, and a
    street written without `ул.` before a house and a flat (`Лесная 3 кв 45`) is taken in."""
    if not re.search(r"\d", raw) or not _ADDRESS_CUE.search(raw):
        return []
    parts = []
    for offset, window in _windows(raw, _ADDRESS_CUE):
        tick()
        for m in extractor(window):
            start, end = offset + m.start, offset + m.stop
            stop = start + len(re.sub(r"\s+[а-яё]$", "", raw[start:end]))  # «кв. 105 в 16:20»
            parts.append((start, stop, m.fact.type))
    groups: list[list] = []
    for s, e, kind in parts:
        if groups and re.fullmatch(r"[\s,]*(?:\d+[а-яА-Я]?(?:/\d+)?[\s,]*)?", raw[groups[-1][1]:s]):
            groups[-1][1] = e
            groups[-1][2].add(kind)
        else:
            groups.append([s, e, {kind}])
    out = []
    for s, e, kinds in groups:
        # a bare house number (and letter) right after the last part: «ул. Садовая, 12»
        tail = re.match(r"[\s,]*(?:д\.?\s*)?\d+[а-яА-Я]?(?:/\d+)?\b", raw[e:])
        if tail:
            e += tail.end()
            kinds.add("дом")
        if kinds & _ADDR_HOUSE_TYPES and not kinds & _STREET_TYPES:
            # «Лесная 3 кв 45», «Садовая 12-48»: a capitalised word and a number before
            head = re.search(r"([А-ЯЁ][а-яё-]+,?\s+\d+[а-я]?(?:/\d+)?[\s,]*)$", raw[:s])
            if head:
                s = head.start(1)
                kinds.add("улица")
        if kinds & _STREET_TYPES and kinds & _ADDR_HOUSE_TYPES:
            out.append((s, e))
    return out


def _numbers(text: "Text", taken: list[tuple[int, int]]) -> list[DataItem]:
    """Numbers and codes, typed by context; phones by `phonenumbers`."""
    import phonenumbers

    raw = text.text
    out: list[DataItem] = []
    phones: list[tuple[int, int]] = []
    for m in phonenumbers.PhoneNumberMatcher(raw, "RU"):
        if all(m.end <= a or m.start >= b for a, b in taken):
            phones.append((m.start, m.end))
    context = words().number_context
    doc = text.doc
    by_char = {}
    for t in doc:
        for c in range(t.idx, t.idx + len(t.text)):
            by_char[c] = t
    spans: list[tuple[int, int, int]] = []  # (start, end, value start)
    for s, e in phones:
        spans.append((s, e, s))
    for m in _CODE_RE.finditer(raw):
        s, e = m.start(), m.end()
        if any(not (e <= a or s >= b) for a, b in taken + phones):
            continue
        spans.append((s, e, m.start(2)))
    for m in _MIXED_CODE_RE.finditer(raw):  # booking codes: «бронь 5XK7QL»
        if any(not (m.end() <= a or m.start() >= b) for a, b in taken + phones + [x[:2] for x in spans]):
            continue
        spans.append((m.start(), m.end(), m.start()))
    for s, e, vs in sorted(spans):
        value = raw[vs:e]
        digits = sum(ch.isdigit() for ch in value)
        token = by_char.get(vs)
        if token is None:
            continue
        kind = _context_kind(doc, token, context)
        is_phone = (s, e) in phones and _phone_like(raw[s:e])
        if kind == "ignore":
            continue
        if _S10_RE.match(value):
            kind = "tracking"
        elif kind == "card":
            if not (digits == 4 and value.isdigit()):
                continue
        elif kind == "phone" or (kind is None and is_phone):
            if not is_phone:
                continue
            kind = "phone"
        elif kind is None:
            if (s, e) in phones:
                continue  # a company line (8 800 …) or a number nobody would call
            if not value[:1].isdigit() and not raw[s] == "№" and digits < len(value) - 1:
                continue  # a code with letters needs a noun to say what it is (`LETO200`)
            if _MIXED_CODE_RE.fullmatch(value) and not value.isdigit():
                continue
            if digits < 3 or _unit_after(doc, token, context) or (value.isdigit() and len(value) == 4 and 1990 <= int(value) <= 2100):
                continue
            kind = "number"
        elif digits < 3 and kind != "card" and not (_MIXED_CODE_RE.fullmatch(value) and digits):
            continue
        if _unit_after(doc, token, context):
            continue
        out.append(DataItem(kind, value, text.span(vs if raw[s] == "№" else s, e), _qualifier(text, s)))
    return out


def _phone_like(value: str) -> bool:
    """A phone as people write one: 10–11 digits, not a company 8-800 line."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    return len(digits) == 10 and not digits.startswith(("800", "804"))


def _context_kind(doc: "Doc", token: "Token", context: dict[str, str]) -> str | None:
    """The kind a data noun before the value (same sentence, up to 4 words back, nearest first)
    or its syntactic head gives it."""
    sent_start = token.sent.start
    seen = 0
    for i in range(token.i - 1, sent_start - 1, -1):
        t = doc[i]
        if t.is_space or t.is_punct and t.text not in {".", "!", "?"}:
            if t.text in {".", "!", "?"}:
                break
            continue
        if t.text in {".", "!", "?"}:
            break
        if t.lemma_ in context:
            return context[t.lemma_]
        if t.like_num:
            break
        seen += 1
        if seen > 4:
            break
    head = token.head
    if head is not token and head.lemma_ in context and head.i < token.i:
        return context[head.lemma_]
    return None


def _unit_after(doc: "Doc", token: "Token", context: dict[str, str]) -> bool:
    """`500 бонусов`, `3 дня`, `10 минут`: a number of units, not an identifier."""
    j = token.i + 1
    while j < len(doc) and (doc[j].is_space or doc[j].text in {"-", "–"}):
        j += 1
    return j < len(doc) and context.get(doc[j].lemma_) == "ignore" and doc[j].lemma_ not in {"д", "кв"}


def _logins(text: "Text", taken: list[tuple[int, int]]) -> list[DataItem]:
    """A login written after `логин`/`ник`/`аккаунт`: a latin word (`ivan_petrov`)."""
    doc = text.doc
    context = words().number_context
    out = []
    for t in doc:
        if context.get(t.lemma_) != "account":
            continue
        for j in range(t.i + 1, min(t.i + 4, len(doc))):
            w = doc[j]
            login = re.match(r"@?[A-Za-z][\w.\-]*[\w]", text.text[w.idx:])
            if login and len(login.group()) >= 3 and all(
                w.idx + login.end() <= a or w.idx >= b for a, b in taken
            ):
                out.append(DataItem("account", login.group(), text.span(w.idx, w.idx + login.end())))
                break
            if not (w.is_punct or w.is_space or w.lower_ in {"мой", "у", "меня", "мой"}):
                break
    return out


def _people(text: "Text") -> list[DataItem]:
    """Full names (two or three words) that are not somebody's role (`курьер Иван Петров`)."""
    out = []
    doc = text.doc
    for ent in doc.ents:
        if ent.label_ != "PER" or len(ent) < 2:
            continue
        before = {doc[i].lemma_ for i in range(max(ent.start - 3, ent.sent.start), ent.start)}
        if before & _ROLES:
            continue
        out.append(DataItem("name", ent.text, text.span_of(ent)))
    return out


# ---------------------------------------------------------------------------------------------
# The thread's data


def problem_description(text: "Text") -> DataItem | None:
    """The statements of a customer message that describe a failure in some detail."""
    w = words()
    problem = w.set("problem_words")
    sents = [s for s in text.sentences() if not s.text.rstrip().endswith("?")]
    content, failure, used = 0, False, []
    for s in sents:
        n = sum(t.is_alpha and t.pos_ in {"NOUN", "VERB", "ADJ", "ADV", "PROPN"} and not t.is_stop for t in s)
        lemmas = [t.lemma_ for t in s]
        hit = any(l in problem for l in lemmas) or any(
            a == "не" and f"не {b}" in problem for a, b in zip(lemmas, lemmas[1:])
        )
        if hit or n >= 4:
            content += n
            used.append(s)
        failure = failure or hit
    if not failure or content < PROBLEM_MIN_WORDS or not used:
        return None
    start, end = used[0].start_char, used[-1].start_char + len(used[-1].text.rstrip())
    return DataItem("problem", text.text[start:end], text.span(start, end))


def profile_items(ctx: "AnalysedThread") -> list[DataItem]:
    customer = ctx.thread.customer
    out = []
    fields: list[tuple[str, object, str | None]] = [
        ("name", customer.name, "name"),
        ("email", customer.email, "email"), ("phone", customer.phone, "phone"),
    ]
    fields += [(f"fields.{k}", v, _field_kind(k)) for k, v in customer.fields.items()]
    for path, value, kind in fields:
        if value in (None, "", False) or kind is None:
            continue
        value = str(value)
        first = "first" if kind == "name" and len(value.split()) < 2 else ""  # a first name only
        out.append(DataItem(kind, value, Span(source=f"customer.{path}", start=0, end=len(value), text=value), first))
    return out


def _field_kind(name: str) -> str | None:
    low = name.lower()
    for keys, kind in _FIELD_KINDS:
        if any(k in low for k in keys):
            return kind
    return None


def attachment_items(ctx: "AnalysedThread") -> list[DataItem]:
    out = []
    for i, message in enumerate(ctx.thread.messages):
        if message.author != "customer":
            continue
        for j, a in enumerate(message.attachments):
            image = a.type.startswith("image/") or a.name.lower().endswith(_IMAGE_EXT)
            video = a.type.startswith("video/")
            kind = "screenshot" if image or video else "document"
            name = a.name or a.type or "attachment"
            out.append(DataItem(kind, name, Span(source=f"attachment:{i}:{j}", start=0, end=len(name), text=name)))
    return out


def data_items(ctx: "AnalysedThread") -> list[DataItem]:
    """Everything the customer gave: message values, attachments, the profile
    (use as `ctx.memo(data_items)`). Untyped numbers that answer no request are left out."""
    from .requests import requests_in

    out: list[DataItem] = []
    last_asked: tuple[str, ...] = ()
    for text in ctx.messages:
        if text.author == "agent":
            last_asked = tuple(k for r in requests_in(text) if not r.confirm for k in r.kinds)
            continue
        if text.author != "customer":
            continue
        items = extract(text)
        items = _answer_types(text, items, last_asked)
        out.extend(i for i in items if i.kind != "number")
        problem = problem_description(text)
        if problem:
            out.append(problem)
        last_asked = ()
    out.extend(attachment_items(ctx))
    out.extend(profile_items(ctx))
    return out


def _answer_types(text: "Text", items: list[DataItem], asked: tuple[str, ...]) -> list[DataItem]:
    """A short message answering the agent's request takes the requested kinds: `448190` after
    `Подскажите номер договора`; values given in the order the kinds were asked."""
    if not asked:
        return items
    filler = words().set("filler")
    bare = [t for t in text.doc if t.is_alpha and t.lemma_ not in filler]
    if len(bare) > 3 + 3 * len(items):
        return items
    wanted = [k for k in dict.fromkeys(asked) if k not in {i.kind for i in items}]
    out = []
    for item in items:
        if item.kind == "number" and wanted:
            kind = next((k for k in wanted if _fits(k, item.value)), None)
            if kind:
                wanted.remove(kind)
                item = DataItem(kind, item.value, item.span, item.qualifier)
        out.append(item)
    return out


def _fits(kind: str, value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    if kind == "card":
        return digits == 4
    if kind == "phone":
        return _phone_like(value)
    return kind in {"order", "contract", "tracking", "account"} and digits >= 3


def values_in(items: Iterable[DataItem], kind: str) -> list[DataItem]:
    return [i for i in items if i.kind == kind]
