"""The analysed thread: everything rules read, computed once per thread.

`AnalysedThread` holds the thread, the settings and one `Text` per message and the draft; each
`Text` is analysed by the pipeline on first use. Analyses that several rules need (questions,
data items, mood…) are plain functions of the thread, computed once through `memo`.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from typing import Callable, TypeVar

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from .config import Settings
from .model import Span, Thread
from .nlp.pipeline import analyse

T = TypeVar("T")

_QUOTES = re.compile(r"«[^«»\n]*»|„[^„“\n]*“|\"[^\"\n]*\"|“[^“”\n]*”")
# Invisible characters that split a word for the tokenizer and the lexicons («ху\u200bйня»):
# zero-width space, word joiner, BOM, soft hyphen, Mongolian vowel separator, invisible operators
# — anywhere; zero-width (non-)joiners next to a letter or digit (between emoji they join them).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u2060-\u2064\ufeff]|(?<=\\w)[\u200c\u200d]|[\u200c\u200d](?=\\w)")


def visible(text: str) -> tuple[str, list[int] | None]:
    """`text` without its invisible characters (`_INVISIBLE`), and for each character of the
    result (and its end) its offset in `text`; None when nothing was removed."""
    if not _INVISIBLE.search(text):
        return text, None
    kept = [i for i in range(len(text)) if not _INVISIBLE.match(text, i)]
    return "".join(text[i] for i in kept), kept + [len(text)]


@dataclass
class Text:
    """One text of the thread (a message or the draft) and its analysis.

    `text` is what is analysed: the given text without invisible characters (`visible`), so that
    a zero-width space cannot hide a word from the rules. Every offset inside the analysis is into
    `text`; `original_span` maps a span back into `original`, the text as given."""

    source: str  # "draft" or "message:N"
    text: str
    author: str = "agent"
    index: int | None = None  # position in `messages`

    def __post_init__(self) -> None:
        self.original = self.text
        self.text, self._offsets = visible(self.text)

    def original_span(self, span: Span) -> Span:
        """A span of `text` as the same characters of `original` (the report's offsets)."""
        at = self._offsets
        if at is None or span.source != self.source:
            return span
        start = at[span.start]
        end = at[span.end - 1] + 1 if span.end > span.start else start
        return Span(source=span.source, start=start, end=end, text=self.original[start:end])

    @cached_property
    def doc(self) -> Doc:
        return analyse(self.text)

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """Character ranges inside quotation marks: UI labels, button names, quoted documents."""
        return [(m.start(), m.end()) for m in _QUOTES.finditer(self.text)]

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [a for a, _ in self.quotes]

    def quoted(self, item: Token | TokenSpan) -> bool:
        start = item.idx if isinstance(item, Token) else item.start_char
        # the ranges are sorted and apart: only the last one that opens before `start` can hold
        # it (a scan of all of them for every token is quadratic in a text of quote marks)
        i = bisect_left(self._quote_starts, start) - 1
        return i >= 0 and start < self.quotes[i][1]

    def span(self, start: int, end: int) -> Span:
        return Span(source=self.source, start=start, end=end, text=self.text[start:end])

    def span_of(self, item: Token | TokenSpan) -> Span:
        if isinstance(item, Token):
            return self.span(item.idx, item.idx + len(item.text))
        return self.span(item.start_char, item.end_char)

    def sentence_span(self, item: Token | TokenSpan) -> Span:
        """The sentence around a token or span, without trailing whitespace."""
        sent = item.sent
        return self.span(sent.start_char, sent.start_char + len(sent.text.rstrip()))

    def sentences(self) -> list[TokenSpan]:
        return [s for s in self.doc.sents if s.text.strip()]


@dataclass
class AnalysedThread:
    thread: Thread
    settings: Settings = field(default_factory=Settings)
    _memo: dict = field(default_factory=dict, repr=False)

    @cached_property
    def draft(self) -> Text:
        return Text("draft", self.thread.draft.text, "agent")

    @cached_property
    def messages(self) -> list[Text]:
        return [
            Text(f"message:{i}", m.text, m.author, i) for i, m in enumerate(self.thread.messages)
        ]

    @cached_property
    def open_turn(self) -> list[Text]:
        """Customer messages after the last agent message (all of them if the agent has not written)."""
        last_agent = max((t.index for t in self.messages if t.author == "agent"), default=-1)
        return [t for t in self.messages if t.author == "customer" and t.index > last_agent]

    @cached_property
    def customer_texts(self) -> list[Text]:
        return [t for t in self.messages if t.author == "customer"]

    @cached_property
    def agent_texts(self) -> list[Text]:
        """What the agent already said to the customer (internal notes excluded)."""
        return [t for t in self.messages if t.author == "agent"]

    def original_span(self, span: Span) -> Span:
        """A span from the analysis (offsets into a `Text.text`) in the thread as given."""
        text = self.draft if span.source == "draft" else next(
            (t for t in self.messages if t.source == span.source), None)
        return text.original_span(span) if text is not None else span

    def memo(self, fn: Callable[["AnalysedThread"], T]) -> T:
        """`fn(self)`, computed once per thread: how rules share an analysis."""
        if fn not in self._memo:
            self._memo[fn] = fn(self)
        return self._memo[fn]

    def memoized(self, fn: Callable[["AnalysedThread"], T]) -> T | None:
        """`fn`'s result if `memo` computed it already, else None (nothing is computed)."""
        return self._memo.get(fn)

    @cached_property
    def voice(self) -> str | None:
        """How this customer is addressed: the profile's form, else the configured brand voice."""
        return self.thread.customer.address_form or self.settings.voice

    def rule_options(self, name: str) -> dict:
        entry = self.settings.rules.get(name)
        return entry.options() if entry else {}

    @cached_property
    def reply_delay_hours(self) -> float | None:
        """Hours from the customer's last message to the draft, when both times are known."""
        last = next(
            (m.sent_at for m in reversed(self.thread.messages) if m.author == "customer" and m.sent_at),
            None,
        )
        if last is None:
            return None
        created = self.thread.created_at()
        if (created.tzinfo is None) != (last.tzinfo is None):
            created, last = _aware(created), _aware(last)
        return (created - last).total_seconds() / 3600


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
