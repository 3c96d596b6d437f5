"""Lemma lexicons compiled into one spaCy `Matcher`: how rules and analyses find phrases.

A phrase is written in lemmas (`в соответствие с` matches every inflection); `a|b` is either
lemma; `=word` matches the surface form (lower-cased); `*` is any one token; a trailing `?` makes
a word optional. An entry `@file.txt` stands for that file's lines in the `lexicons/` folder
beside the pack (`rules/lexicons/` for the packaged packs): a regular file inside that folder, of
at most `MAX_LEXICON_BYTES` — never a path outside it, a device or a pipe.
"""
from __future__ import annotations

import itertools
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from ..budget import untimed
from ..files import MiB, read_bytes
from ..nlp.morph import fold
from ..nlp.pipeline import nlp
from ..resources import lexicons_dir

MAX_LEXICON_BYTES = 4 * MiB

_serials = itertools.count()


def phrase_pattern(phrase: str) -> list[dict[str, Any]]:
    pattern = []
    for word in phrase.split():
        optional = len(word) > 1 and word.endswith("?")
        word = word[:-1] if optional else word
        if word == "*":
            item: dict[str, Any] = {"IS_SPACE": False}
        elif word.startswith("="):
            item = {"LOWER": {"IN": [w.lower() for w in word[1:].split("|")]}}
        else:
            item = {"LEMMA": {"IN": [fold(w) for w in word.split("|")]}}
        if optional:
            item["OP"] = "?"
        pattern.append(item)
    if not pattern:
        raise ValueError(f"empty phrase {phrase!r}")
    return pattern


def lexicon_text(folder: Path, name: str) -> str:
    """The text of the lexicon file `name` in `folder`. Raises ValueError for a name that leads
    outside the folder, `OSError` for a file that cannot be read or is not a regular file."""
    rel = Path(name)
    if not name or rel.is_absolute() or ".." in rel.parts or \
            not (folder / rel).resolve().is_relative_to(folder.resolve()):
        raise ValueError(f"@{name}: a lexicon file is named by its path inside {folder}, "
                         "which it cannot leave")
    return read_bytes(folder / rel, MAX_LEXICON_BYTES).decode("utf-8")


def expand(entries: list[str], folder: Path | None = None) -> list[str]:
    """The entries with each `@file` replaced by that file's lines (in `folder`, by default the
    packaged `rules/lexicons/`), `#` comments and blank lines dropped."""
    out: list[str] = []
    for entry in entries:
        if entry.startswith("@"):
            try:
                lines = lexicon_text(folder or lexicons_dir(), entry[1:]).splitlines()
            except OSError as e:
                raise ValueError(f"{entry}: cannot read: {e.strerror or e}") from None
            out.extend(l.split("#")[0].strip() for l in lines if l.split("#")[0].strip())
        else:
            out.append(entry)
    return out


class Lexicon:
    def __init__(self, phrases: dict[str, list[str]] | None = None,
                 patterns: dict[str, list[list[dict[str, Any]]]] | None = None,
                 folder: Path | None = None) -> None:
        """`folder`: where `@file` entries are read (default: the packaged `rules/lexicons/`)."""
        self.phrases = {key: expand(entries, folder) for key, entries in (phrases or {}).items()}
        self.patterns = patterns or {}
        self._memo_key = ("replylint.lexicon", next(_serials))

    @classmethod
    @lru_cache(maxsize=32)
    @untimed
    def load(cls, name: str) -> "Lexicon":
        """A lexicon file `rules/lexicons/<name>` (YAML: list name → phrases)."""
        return cls(yaml.safe_load(lexicon_text(lexicons_dir(), name)))

    @cached_property
    @untimed
    def matcher(self) -> Matcher:
        matcher = Matcher(nlp().vocab)
        for key, phrases in self.phrases.items():
            matcher.add(key, [phrase_pattern(p) for p in phrases])
        for key, patterns in self.patterns.items():
            matcher.add(key, patterns)
        return matcher

    def __bool__(self) -> bool:
        return bool(self.phrases or self.patterns)

    def words(self, key: str) -> frozenset[str]:
        """A list used as a set of single lemmas (`a|b` entries give both)."""
        return frozenset(fold(w) for e in self.phrases.get(key, ()) for w in e.split("|"))

    def matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Every match in the whole `doc` as (list name, start, end): the Matcher runs once per
        doc and lexicon, and the result is kept in `doc.user_data` for every later `find`."""
        hits = doc.user_data.get(self._memo_key)
        if hits is None:
            strings = nlp().vocab.strings
            hits = doc.user_data[self._memo_key] = [(strings[k], s, e) for k, s, e in self.matcher(doc)]
        return hits

    def find(self, doc: Doc | TokenSpan, *keys: str) -> list[TokenSpan]:
        """Matches of the named lists (all when none named) inside `doc` (a Doc or a span of one),
        in text order, the longest kept where matches overlap."""
        if not self:
            return []
        base = doc.doc if isinstance(doc, TokenSpan) else doc
        lo, hi = (doc.start, doc.end) if isinstance(doc, TokenSpan) else (0, len(doc))
        wanted = set(keys)
        spans = [TokenSpan(base, s, e, label=k) for k, s, e in self.matches(base)
                 if lo <= s and e <= hi and (not wanted or k in wanted)]
        kept: list[TokenSpan] = []
        for s in sorted(spans, key=lambda s: (-len(s), s.start)):
            if all(s.end <= k.start or s.start >= k.end for k in kept):
                kept.append(s)
        return sorted(kept, key=lambda s: s.start)
