"""Input and output types: the Thread a help desk sends and the Report replylint returns.

These are the public contract of `../shared/spec/FORMATS.md`; unknown keys are ignored and
optional keys take the defaults shown there.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

Channel = Literal["email", "chat", "messenger", "social_private", "social_public", "phone"]
Author = Literal["customer", "agent", "note"]
Severity = Literal["error", "warning", "info"]
AddressForm = Literal["Вы", "вы", "ты"]

_SURROGATE_OR_ASTRAL = re.compile("[\ud800-\udfff\U00010000-\U0010ffff]")


def _readable(text: str) -> str:
    """Text that can be analysed and written out: no lone surrogate (`\\ud800` in JSON is no
    character; no encoding can write it) and no letter without a Unicode name (Tangut, U+17000…:
    pymorphy3 cannot read them). Only those code points are looked at one by one."""
    for m in _SURROGATE_OR_ASTRAL.finditer(text):
        ch = m.group()
        if "\ud800" <= ch <= "\udfff":
            raise ValueError(f"a lone surrogate \\u{ord(ch):04x} at character {m.start()} is not "
                             "Unicode text")
        if ch.isalpha() and not unicodedata.name(ch, ""):
            raise ValueError(f"U+{ord(ch):04X} at character {m.start()} is a letter with no Unicode "
                             "name (Tangut or the like), which replylint cannot analyse")
    return text


Readable = Annotated[str, AfterValidator(_readable)]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Attachment(_In):
    name: Readable = ""
    type: Readable = ""


class Customer(_In):
    name: Readable | None = None
    email: Readable | None = None
    phone: Readable | None = None
    address_form: AddressForm | None = None
    fields: dict[Readable, Readable | int | float | bool | None] = Field(default_factory=dict)


class Message(_In):
    author: Author
    text: Readable
    sent_at: datetime | None = None
    attachments: list[Attachment] = Field(default_factory=list)


class Draft(_In):
    text: Readable
    created_at: datetime | None = None
    template_id: Readable | None = None


class Thread(_In):
    id: Readable | None = None
    channel: Channel = "email"
    customer: Customer = Field(default_factory=Customer)
    messages: list[Message] = Field(default_factory=list)
    draft: Draft

    @model_validator(mode="before")
    @classmethod
    def _bare_pair(cls, data):
        """`{"question": "…", "draft": "…"}` is one customer message and a draft."""
        if isinstance(data, dict) and "question" in data and "messages" not in data:
            data = dict(data)
            data["messages"] = [{"author": "customer", "text": data.pop("question")}]
        if isinstance(data, dict) and isinstance(data.get("draft"), str):
            data = dict(data)
            data["draft"] = {"text": data["draft"]}
        return data

    @field_validator("customer", mode="before")
    @classmethod
    def _null_customer(cls, value):
        return {} if value is None else value

    def created_at(self) -> datetime:
        return self.draft.created_at or datetime.now(timezone.utc)


class Span(BaseModel):
    source: str
    start: int
    end: int
    text: str

    def clipped(self, limit: int) -> "Span":
        """This span with its text cut to `limit` characters and `…` when longer; `start` and
        `end` still give the whole span."""
        if len(self.text) <= limit:
            return self
        return self.model_copy(update={"text": self.text[:limit].rstrip() + "…"})


class Finding(BaseModel):
    rule: str
    code: str
    severity: Severity
    message: str
    span: Span
    related: list[Span] = Field(default_factory=list)
    suggestion: str | None = None


class Question(BaseModel):
    span: Span
    answered_by: Span | None = None
    status: Literal["answered", "deferred", "unanswered"]


class TemplateSuggestion(BaseModel):
    id: str
    title: str
    score: float
    text: str  # placeholders filled from the thread
    covers: list[Span] = Field(default_factory=list)  # the open-turn questions it answers


class DataItem(BaseModel):
    """A data item the customer gave (kind: order, phone, email, name, address, date, amount, card,
    tracking, account, contract, screenshot, document, problem) and where."""

    kind: str
    value: str
    span: Span


class Report(BaseModel):
    thread_id: str | None
    verdict: Literal["block", "warn", "ok"]
    findings: list[Finding] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    templates: list[TemplateSuggestion] = Field(default_factory=list)
    mood: Literal["negative", "neutral", "positive"] | None = None
    data: list[DataItem] = Field(default_factory=list)

    @staticmethod
    def verdict_of(findings: list[Finding]) -> str:
        severities = {f.severity for f in findings}
        return "block" if "error" in severities else "warn" if "warning" in severities else "ok"
