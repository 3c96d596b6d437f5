"""The analysis pipeline: one spaCy `Doc` per text, carrying natasha's analysis.

`spacy.blank("ru")` gives the vocabulary, the `Doc` type and the `Matcher`; razdel (natasha's
segmenter) tokenises and splits sentences (line breaks end sentences too: customers skip
punctuation); natasha's slovnet models add POS, morphology, dependency syntax and NER; lemmas come
from pymorphy3, disambiguated by natasha's POS (`марта` → `март`, `данные` NOUN → `данные`,
`данного` ADJ → `данный`). Built lazily once per process; `analyse(text)` is the only entry point.
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.tokens import Doc, Span

from ..budget import tick, untimed
from . import morph

_WORD_RE = re.compile(r"\w", re.UNICODE)
PARSE_WORDS = 200  # natasha parses a longer sentence in pieces of this many words
PARSE_BATCH = 64  # pieces per call of the models
_END_MARKS = set("?!…")  # a token of these ends a sentence even before a lower-case word
# A URL, an e-mail, a «#{…}»/«{{…}}» placeholder or a masked word («х*рня», «бл@ть») is kept as
# one token, so rules see it whole.
_ATOMIC_RE = re.compile(
    r"https?://[^\s<>«»\"]+[^\s<>«»\".,;:!?)]"
    r"|www\.[^\s<>«»\"]+[^\s<>«»\".,;:!?)]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|#\{[^{}\n]{1,60}\}|\{\{[^{}\n]{1,80}\}\}|\{[A-Za-z_][\w.]{0,40}\}|%[A-Za-z_][\w.]{0,40}%"
    r"|(?<![\w@*])[а-яё]+(?:[*@#$%]+[а-яё]+)+(?![\w@*])",
    re.IGNORECASE,
)


class _Models:
    """natasha's slovnet models, loaded once (about 1 s)."""

    def __init__(self) -> None:
        from natasha import NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

        from .vectors import embedding

        emb = embedding()
        self.morph = NewsMorphTagger(emb)
        self.syntax = NewsSyntaxParser(emb)
        self.ner = NewsNERTagger(emb)


@lru_cache(maxsize=1)
@untimed
def nlp() -> spacy.language.Language:
    """The process-wide spaCy pipeline (blank `ru`: vocab and Matcher; analysis is ours)."""
    return spacy.blank("ru")


@lru_cache(maxsize=1)
@untimed
def _models() -> _Models:
    return _Models()


def _tokens(text: str) -> list[tuple[int, int]]:
    """Token character spans: razdel's tokens, with URLs, e-mails and placeholders kept whole."""
    from razdel import tokenize

    out: list[tuple[int, int]] = []
    pos = 0
    for m in _ATOMIC_RE.finditer(text):
        out.extend((pos + t.start, pos + t.stop) for t in tokenize(text[pos:m.start()]))
        out.append((m.start(), m.end()))
        pos = m.end()
    out.extend((pos + t.start, pos + t.stop) for t in tokenize(text[pos:]))
    return out


def _sentence_starts(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    """razdel's sentence boundaries plus line breaks."""
    from razdel import sentenize

    starts = {s.start for s in sentenize(text)}
    flags = []
    prev = ""
    prev_end = 0
    for i, (start, end) in enumerate(spans):
        after_mark = bool(prev) and set(prev) <= _END_MARKS and text[start].isalnum()
        flags.append(i == 0 or start in starts or after_mark or "\n" in text[prev_end:start])
        prev, prev_end = text[start:end], end
    return flags


def analyse(text: str) -> Doc:
    """Analyse one text into a spaCy `Doc` whose `text` is exactly `text` (so token offsets are the
    original's): tokens, sentences, POS, morphology, lemmas, dependency syntax, named entities."""
    vocab = nlp().vocab
    spans = _tokens(text)
    if not spans:
        return Doc(vocab, words=[text] if text else [], spaces=[False] if text else [])
    starts = _sentence_starts(text, spans)

    # Words and the whitespace between them: a gap that is not one plain space becomes a SPACE
    # token (spaCy's own convention), so `doc.text == text`.
    words: list[str] = []
    spaces: list[bool] = []
    real: list[int] = []  # index in `words` of each razdel token
    sent_of: list[int] = []  # sentence number of each word
    sent = -1
    if spans[0][0] > 0:
        words.append(text[: spans[0][0]]); spaces.append(False); sent_of.append(0)
    for k, (s, e) in enumerate(spans):
        sent += starts[k]
        real.append(len(words))
        words.append(text[s:e]); sent_of.append(sent)
        gap = text[e : spans[k + 1][0] if k + 1 < len(spans) else len(text)]
        if gap == " ":
            spaces.append(True)
        else:
            spaces.append(False)
            if gap:
                words.append(gap); spaces.append(False); sent_of.append(sent)

    sents: list[list[int]] = [[] for _ in range(sent + 1)]
    for k, i in enumerate(real):
        sents[sent_of[i]].append(i)
    models = _models()
    # natasha's parser scores every pair of words in a sentence: a "sentence" of 20,000 tokens
    # (a draft of `#{#{…`) is a 20,000² matrix. A sentence longer than PARSE_WORDS words is
    # parsed in pieces, each piece's root hung from the first's; the models run a batch of
    # pieces at a time, with the check's time budget looked at between batches.
    pieces = [(n, s[i:i + PARSE_WORDS]) for n, s in enumerate(sents) for i in range(0, len(s), PARSE_WORDS)]
    pos = ["SPACE"] * len(words)
    morphs = [""] * len(words)
    heads = list(range(len(words)))
    deps = ["dep"] * len(words)
    first_root: dict[int, int] = {}  # sentence number → the root of its first piece
    for b in range(0, len(pieces), PARSE_BATCH):
        tick()
        batch = pieces[b:b + PARSE_BATCH]
        piece_words = [[words[i] for i in s] for _, s in batch]
        for (n, s), m_markup, s_markup in zip(batch, models.morph.map(piece_words),
                                              models.syntax.map(piece_words)):
            local = [int(t.head_id.split("_")[-1]) - 1 for t in s_markup.tokens]
            for k, (i, mt, st) in enumerate(zip(s, m_markup.tokens, s_markup.tokens)):
                pos[i] = mt.pos or "X"
                morphs[i] = "|".join(f"{key}={val}" for key, val in sorted(mt.feats.items()))
                deps[i] = st.rel or "dep"
            for k, h in enumerate(_as_tree(local)):
                heads[s[k]] = s[h]
                if h == k:
                    if n in first_root:  # a later piece of a long sentence
                        heads[s[k]], deps[s[k]] = first_root[n], "parataxis"
                    else:
                        first_root[n] = s[k]
                        deps[s[k]] = "ROOT"
                elif local[k] < 0 or local[k] == k:
                    deps[s[k]] = "parataxis"  # a second root, hung from the first
    _attach_spaces(words, pos, heads, sent_of)
    for s in sents:  # a capital opening a sentence is no evidence of a name («Рады, что…»)
        if s and pos[s[0]] == "PROPN":
            pos[s[0]] = morph.common_pos(words[s[0]]) or "PROPN"
    lemmas = [
        morph.lemma(w, p, f) if _WORD_RE.search(w) else w for w, p, f in zip(words, pos, morphs)
    ]
    doc = Doc(vocab, words=words, spaces=spaces, pos=pos, morphs=morphs, lemmas=lemmas,
              heads=heads, deps=deps)
    _add_entities(doc, _models(), text)
    return doc


def _as_tree(heads: list[int]) -> list[int]:
    """natasha's heads for one sentence (-1 = root) made into one tree: the first root stays the
    root, other roots and any token on a cycle hang from it."""
    n = len(heads)
    root = next((k for k, h in enumerate(heads) if h < 0 or h >= n or h == k), 0)
    out = [root if (h < 0 or h >= n or h == k) else h for k, h in enumerate(heads)]
    out[root] = root
    for k in range(n):
        seen, j = set(), k
        while j != root and j not in seen:
            seen.add(j)
            j = out[j]
        if j != root:  # k leads into a cycle: break it at k
            out[k] = root
    return out


def _attach_spaces(words, pos, heads, sent_of) -> None:
    """Whitespace tokens hang from the word before them in their sentence (or the one after)."""
    for i, p in enumerate(pos):
        if p != "SPACE":
            continue
        prev = next((j for j in range(i - 1, -1, -1) if pos[j] != "SPACE"), None)
        nxt = next((j for j in range(i + 1, len(pos)) if pos[j] != "SPACE"), None)
        if prev is not None and sent_of[prev] == sent_of[i]:
            heads[i] = prev
        elif nxt is not None:
            heads[i] = nxt
            sent_of[i] = sent_of[nxt]
        elif prev is not None:
            heads[i] = prev


def _add_entities(doc: Doc, models: _Models, text: str) -> None:
    by_start = {t.idx: t.i for t in doc}
    by_end = {t.idx + len(t.text): t.i for t in doc}
    ents = [
        Span(doc, by_start[s.start], by_end[s.stop] + 1, label=s.type)
        for s in models.ner(text).spans
        if s.start in by_start and s.stop in by_end
    ]
    doc.ents = spacy.util.filter_spans(ents)
