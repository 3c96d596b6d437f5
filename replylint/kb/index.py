"""The KB search index: lexical (BM25 over lemma stems and character 3-grams) + semantic
(navec) + fuzzy (rapidfuzz), combined without learned weights.

How a question is ranked
------------------------
1. The question is reduced to content lemmas (`kb.text`): greetings, politeness and function
   words are dropped by lemma, but its question words (`кто`, `сколько`, `где` …; «могу ли»,
   «есть ли возможность» read as `можно`) are kept and matched against the templates' phrasings,
   never against answer bodies. A Cyrillic word that the dictionary does not know and that
   spells one of the KB's Latin words (`рутуб` → `rutube`, `шортс` → `shorts`) is that word, in
   questions and in the KB alike; any other unknown word the KB never uses (a typo such as
   `приложеиии`) is replaced by the closest KB word form (rapidfuzz, ≥ 80).
2. First stage, over every template — three features, each in [0, 1]:
   - `stem_doc`, `stem_phr`: BM25 over 4-letter lemma prefixes ("stems") against the whole
     template (title + example questions + topic + body) and against each phrasing (title or
     example question) separately, the best phrasing counting. Prefixes join the derivational
     family that lemmas keep apart: `верифицировать` ~ `верификация`, `стримить` ~ `стрим`;
   - `sem_doc`: cosine between IDF-weighted navec mean vectors of the question and of the
     template, after removing the component common to all templates (SIF), on the templates'
     `SEM_DIM` principal axes. A question word's weight is its IDF among the KB's phrasings
     (what customers ask), not among the bodies.
   Every BM25 feature is divided by the question's own maximum attainable score (Σ idf·(k1+1)
   over its terms): "how much of the question is covered", comparable across questions.
   A phrasing feature (`*_phr`) counts a match through an example question `EXAMPLE_WEIGHT` of
   one through the title: the title is the team's own wording of the question; example questions
   are customers' words (learned from history by `kb learn`), with their asides and noise.
3. Second stage, for the `RERANK` best templates of the first stage — four more features:
   - `gram_doc`, `gram_phr`: the same BM25 with character 3-grams of the lemmas (` ав`, `авт` …),
     which catches compounds and misspellings (`автосубтитры` ~ `субтитры`, `коменты`); scored
     from each candidate's own postings, so their long posting lists cost nothing per query;
   - `soft_doc`, `soft_phr`: soft coverage, where the similarity of two words is the larger of
     their navec cosine and their rapidfuzz similarity (kept when ≥ `FUZZY_WORD`).
     `soft_doc` is the IDF-weighted mean over question words of the best similarity to a word
     of the template; `soft_phr`, for each phrasing, the harmonic mean of question→phrasing and
     phrasing→question coverage (a long phrasing that mentions everything does not win by
     length) — the best phrasing counts and is reported as `Hit.matched`.
4. `combined` is the plain sum of the seven features (no weights) plus a topic vote: the
   question's `TOPIC_VOTERS` best templates vote for their topics (softmax of their sums), and
   each candidate gains `TOPIC_PRIOR` × its topic's share — when the words leave siblings of two
   topics level, the neighbourhood says what the question is about. The reported score is
   `1 / (1 + exp(-(combined - CAL_MID) · CAL_SLOPE))`: a fixed monotone map, the same for every
   question and KB, so `--min-score` means the same everywhere. The two calibration constants
   are a logistic fit of "the top template is right" on the RUTUBE development questions
   (`benchmarks/bench_kb.py`, both KBs); they change no ranking.
5. Templates that answer the same question — the same title, ignoring case, punctuation and
   Latin look-alike letters (`c YouTube` = `с YouTube`) — are versions of one answer: they are
   listed once, as the latest record in the KB (a later version supersedes an earlier one),
   with the score of the best-matching version.

The index is built once per KB content and cached on disk in `$REPLYLINT_CACHE_DIR` (default
`~/.cache/replylint`) as `<key>.npz`, keyed by a SHA-256 of the KB's bytes and `INDEX_VERSION`:
numpy arrays read with `allow_pickle=False`, and the vocabulary and records as one JSON member —
data only, so a planted file can at worst be refused, never run. A cache folder that is not the
user's own, or that group or others can write to, is not used at all. A cache file that is
corrupt, from another version, or whose arrays do not fit together is rebuilt, never fatal.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict

from ..nlp.vectors import embedding
from ..files import read_bytes
from .store import MAX_KB_FILE_BYTES, Template, kb_files, load_kb
from .text import content_tokens, tokens

INDEX_VERSION = "kbindex-20"

K1, B = 1.2, 0.75
RERANK = 30
STEM = 4            # letters kept of a lemma for the stem features
FUZZY_WORD = 0.75   # rapidfuzz similarity (0-1) from which two words count as the same word
FUZZ_CUTOFF = 80.0  # typo correction of unknown question words
LATIN_ALIAS = 90.0  # similarity from which an unknown Cyrillic word spells a Latin KB word
FEATURES = ("stem_doc", "stem_phr", "gram_doc", "gram_phr", "sem_doc", "soft_doc", "soft_phr")
TOPIC_VOTERS = 10   # the best templates whose topics vote
TOPIC_PRIOR = 0.5   # what a unanimous topic vote adds to a template's combined score
EXAMPLE_WEIGHT = 0.7  # a phrasing match through an example question, against one through the title
CAL_MID = 3.1
CAL_SLOPE = 1.1
DIM = 300
SEM_DIM = 100  # principal axes of the templates' vectors kept for the first-stage cosine


def _word_vec(emb, form: str, lem: str):
    for w in (lem, form, lem.replace("е", "ё"), form.replace("е", "ё")):
        if w in emb:
            return emb.get(w)
    return None


def cache_dir() -> Path:
    d = os.environ.get("REPLYLINT_CACHE_DIR")
    return Path(d).expanduser() if d else Path.home() / ".cache" / "replylint"


log = logging.getLogger(__name__)


@dataclass
class Hit:
    template: Template
    score: float
    matched: str  # the phrasing (title or example question) that matched best
    features: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return self.template.id


def stem_of(lemma: str) -> str:
    return lemma[:STEM]


def grams_of(lemma: str) -> list[str]:
    w = f" {lemma} "
    return [w[i:i + 3] for i in range(len(w) - 2)]


class _BM25:
    """A sparse BM25 over term-id lists, postings stored as CSR arrays (fast to save)."""

    def __init__(self, docs: Sequence[Sequence[int]], n_terms: int, by_term: bool = True):
        n = len(docs)
        self.n = n
        lens = np.fromiter((len(d) for d in docs), dtype=np.float32, count=n)
        avg = float(lens.mean()) if n and lens.mean() > 0 else 1.0
        doc_of = np.repeat(np.arange(n, dtype=np.int64), lens.astype(np.int64))
        term = np.fromiter((t for d in docs for t in d), dtype=np.int64, count=int(lens.sum()))
        pair, tf = np.unique(term * max(n, 1) + doc_of, return_counts=True)
        t_of, d_of = pair // max(n, 1), pair % max(n, 1)  # sorted by term, then doc
        df = np.bincount(t_of, minlength=n_terms).astype(np.float64)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.unseen_idf = float(math.log(1.0 + (n + 0.5) / 0.5))
        self.ptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        self.ids = d_of.astype(np.int32)
        tf = tf.astype(np.float32)
        norm = K1 * (1 - B + B * lens[d_of] / avg)
        self.w = (self.idf[t_of] * tf * (K1 + 1) / (tf + norm)).astype(np.float32)
        # the same postings by document, to score a few candidate documents only
        by_doc = np.lexsort((t_of, d_of))
        self.dptr = np.concatenate([[0], np.cumsum(np.bincount(d_of, minlength=n))]).astype(np.int64)
        self.dterm = t_of[by_doc].astype(np.int32)
        self.dw = self.w[by_doc]
        self.n_terms = n_terms
        if not by_term:  # scored only through `normalized_for`: keep the index small on disk
            self.ptr = np.zeros(n_terms + 1, dtype=np.int64)
            self.ids = np.zeros(0, dtype=np.int32)
            self.w = np.zeros(0, dtype=np.float32)

    def idf_of(self, t: int | None) -> float:
        return float(self.idf[t]) if t is not None and self.idf[t] > 0 else self.unseen_idf

    def scores(self, q: Sequence[int | None]) -> tuple[np.ndarray, float]:
        """Raw scores and the question's maximum attainable score (for normalising)."""
        s = np.zeros(self.n, dtype=np.float32)
        top = 0.0
        for t in q:
            top += self.idf_of(t) * (K1 + 1)
            if t is not None:
                a, b = self.ptr[t], self.ptr[t + 1]
                s[self.ids[a:b]] += self.w[a:b]
        return s, top

    def normalized(self, q: Sequence[int | None]) -> np.ndarray:
        s, top = self.scores(q)
        return s / top if top > 0 else s

    def normalized_for(self, q: Sequence[int | None], docs: np.ndarray) -> np.ndarray:
        """`normalized(q)[docs]`, computed from the documents' own postings (for a few docs)."""
        top = sum(self.idf_of(t) * (K1 + 1) for t in q)
        out = np.zeros(len(docs), dtype=np.float32)
        known = [t for t in q if t is not None]
        if not known or top <= 0 or len(docs) == 0:
            return out
        qc = np.zeros(self.n_terms, dtype=np.float32)
        np.add.at(qc, np.array(known, dtype=np.int64), 1.0)
        idx, lens, offs = _spans(self.dptr[docs], self.dptr[docs + 1])
        contrib = self.dw[idx] * qc[self.dterm[idx]]
        nz = lens > 0
        if nz.any():
            out[nz] = np.add.reduceat(contrib, offs[nz]) / top
        return out


def _spans(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ranges `lo[i]:hi[i]` concatenated into one index array, with each range's length and
    its offset in that array (for `ufunc.reduceat`)."""
    lens = (hi - lo).astype(np.int64)
    offs = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64)
    return np.repeat(lo - offs, lens) + np.arange(int(lens.sum()), dtype=np.int64), lens, offs


class _Ragged:
    """A list of int arrays stored as one flat array and offsets (two arrays to save, not
    thousands): `r[i]` is a view of the i-th array."""

    def __init__(self, arrays: Sequence[np.ndarray]):
        lens = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
        self.ptr = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        self.flat = np.concatenate(list(arrays) + [np.zeros(0, np.int32)]).astype(np.int32)

    def __len__(self) -> int:
        return len(self.ptr) - 1

    def __getitem__(self, i) -> np.ndarray:
        return self.flat[self.ptr[i]:self.ptr[i + 1]]

    def take(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The arrays of `rows` concatenated, with their lengths and offsets (see `_spans`)."""
        idx, lens, offs = _spans(self.ptr[rows], self.ptr[rows + 1])
        return self.flat[idx], lens, offs


def _normalize_rows(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return (m / n).astype(np.float32)


_LATIN_LOOKALIKE = str.maketrans("aceopxy", "асеорху")
# How Russian speakers spell Latin brand and product names (`шортс`, `ютуб`, `айфон`).
_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"})
_CYRILLIC = re.compile(r"[а-яё]")


def latin_words(templates: Iterable[Template]) -> list[str]:
    """The Latin words of the KB (product and brand names, `rutube`, `shorts`), sorted."""
    return sorted({w for t in templates for text in (t.title, *t.questions, t.body)
                   for w in tokens(text) if len(w) > 3 and w.isalpha() and w.isascii()})


def latin_alias(form: str, latin: Sequence[str]) -> str | None:
    """The KB's Latin word that a Cyrillic word the dictionary does not know spells
    (`рутуб`, `рутубе` → `rutube`; `шортс` → `shorts`), or None. In the KB and in questions
    alike, so a customer's `рутуб` is the KB's `RUTUBE` — not a rare word of its own that
    matches whichever learned phrasing happens to spell the name in Cyrillic."""
    from rapidfuzz import fuzz, process

    from ..nlp.morph import is_known

    if len(form) <= 3 or not form.isalpha() or not _CYRILLIC.search(form):
        return None
    m = process.extractOne(form.translate(_TO_LATIN), latin, scorer=fuzz.ratio, score_cutoff=LATIN_ALIAS)
    return m[0] if m and not is_known(form) else None  # the dictionary lookup is the dearer test


def version_key(t: Template) -> str:
    """What makes two templates versions of one answer: the same question (title) — case,
    punctuation and Latin letters written for Cyrillic ones aside; untitled ones by their body."""
    words = []
    for w in tokens(t.title) or tokens(t.body):
        if len(w) == 1 or _CYRILLIC.search(w):  # `c` for `с`, `cтатус`: Latin look-alikes
            w = w.translate(_LATIN_LOOKALIKE)
        words.append(w.replace("ё", "е"))
    return " ".join(words)


class KBIndex:
    """Search index over a list of templates. Build with `KBIndex.build` or `KBIndex.from_path`."""

    def __init__(self, state: dict, from_cache: bool = False):
        self._s = state
        # the records were validated when the index was built: no second validation on load
        self.templates: list[Template] = [Template.model_construct(**r) for r in state["records"]]
        self.from_cache = from_cache
        self.key: str = state["key"]
        self._vocab: dict[str, int] = state["vocab"]
        self._forms: dict[str, str] = state["forms"]
        self._stems: dict[str, int] = state["stems"]
        self._grams: dict[str, int] = state["grams"]
        self._by_initial: dict[str, list[str]] | None = None

    # ------------------------------------------------------------------ building

    @classmethod
    def build(cls, templates: Iterable[Template], *, use_cache: bool = True,
              cache: str | Path | None = None) -> "KBIndex":
        """Index `templates`, reusing an on-disk index of identical content when there is one."""
        templates = list(templates)
        h = hashlib.sha256(INDEX_VERSION.encode())
        for t in templates:
            h.update(json.dumps(t.record(), ensure_ascii=False, sort_keys=True).encode())
            h.update(b"\0")
        key = "t-" + h.hexdigest()[:32]
        return cls._cached(key, lambda: templates, use_cache, cache)

    @classmethod
    def from_path(cls, path: str | Path, *, use_cache: bool = True,
                  cache: str | Path | None = None) -> "KBIndex":
        """Index the KB at `path` (Markdown dir or JSONL); the cache key hashes the files' bytes,
        so a cached index loads without parsing the KB again."""
        p = Path(path)
        h = hashlib.sha256(INDEX_VERSION.encode())
        files = kb_files(p) if p.exists() else []
        for f in files:
            try:
                rel = str(f.relative_to(p)) if p.is_dir() else f.name
                h.update(rel.encode() + b"\0")
                h.update(read_bytes(f, MAX_KB_FILE_BYTES))
                h.update(b"\0")
            except OSError:
                use_cache = False
        key = "p-" + h.hexdigest()[:32]
        return cls._cached(key, lambda: load_kb(p), use_cache, cache)

    @classmethod
    def _cached(cls, key: str, get_templates, use_cache: bool, cache) -> "KBIndex":
        d = Path(cache) if cache is not None else cache_dir()
        use_cache = use_cache and _private_dir(d)
        f = d / f"{key}.npz"
        if use_cache:
            state = _load_state(f, key)
            if state is not None:
                return cls(state, from_cache=True)
        state = cls._build_state(list(get_templates()), key)
        if use_cache:
            _save_state(state, d, f)
        return cls(state, from_cache=False)

    @staticmethod
    def _build_state(templates: list[Template], key: str) -> dict:
        vocab: dict[str, int] = {}
        forms: dict[str, str] = {}  # every KB word form -> its lemma (for typo correction)
        first_form: dict[str, str] = {}
        stems: dict[str, int] = {}
        grams: dict[str, int] = {}
        lemma_stem: list[int] = []
        lemma_grams: list[list[int]] = []

        latin = latin_words(templates)
        aliases: dict[str, str | None] = {}

        def ids_of(text: str, asking: bool = False) -> list[int]:
            out = []
            for form, lem in content_tokens(text, asking):
                if form not in aliases:
                    aliases[form] = latin_alias(form, latin)
                if aliases[form]:
                    form = lem = aliases[form]
                forms.setdefault(form, lem)
                j = vocab.get(lem)
                if j is None:
                    j = vocab[lem] = len(vocab)
                    first_form[lem] = form
                    lemma_stem.append(stems.setdefault(stem_of(lem), len(stems)))
                    lemma_grams.append([grams.setdefault(g, len(grams)) for g in grams_of(lem)])
                out.append(j)
            return out

        phr_docs, phr_owner, phr_text, phr_weight = [], [], [], []
        doc_docs = []
        for i, t in enumerate(templates):
            first_phr = len(phr_docs)
            seen = set()
            for ph in [t.title, *t.questions]:
                key_ph = " ".join(tokens(ph))
                if not key_ph or key_ph in seen:
                    continue
                seen.add(key_ph)
                phr_docs.append(ids_of(ph, asking=True))
                phr_weight.append(1.0 if len(seen) == 1 else EXAMPLE_WEIGHT)
                phr_owner.append(i)
                phr_text.append(ph)
            if not seen:  # a template with no title nor questions: its body opening stands in
                phr_docs.append(ids_of(t.body[:200]))
                phr_weight.append(1.0)
                phr_owner.append(i)
                phr_text.append(t.body[:80])
            body_ids = ids_of(t.body)
            topic_ids = ids_of(t.topic)
            doc_docs.append([x for d in phr_docs[first_phr:] for x in d] + topic_ids + body_ids)
        nv = len(vocab)
        lstem = np.array(lemma_stem, dtype=np.int64)
        to_stems = lambda docs: [[int(lstem[x]) for x in d] for d in docs]  # noqa: E731
        to_grams = lambda docs: [[g for x in d for g in lemma_grams[x]] for d in docs]  # noqa: E731
        bm_lem = _BM25(doc_docs, nv)  # lemma IDF for weighting words (not a ranking feature)
        state_bm = {
            "stem_doc": _BM25(to_stems(doc_docs), len(stems)),
            "stem_phr": _BM25(to_stems(phr_docs), len(stems)),
            "gram_doc": _BM25(to_grams(doc_docs), len(grams), by_term=False),
            "gram_phr": _BM25(to_grams(phr_docs), len(grams), by_term=False),
        }

        emb = embedding()
        lemmas = [""] * nv
        for lem, j in vocab.items():
            lemmas[j] = lem
        wv = np.zeros((nv, DIM), dtype=np.float32)
        has = np.zeros(nv, dtype=bool)
        for j, lem in enumerate(lemmas):
            v = _word_vec(emb, first_form.get(lem, lem), lem)
            if v is not None:
                wv[j] = v
                has[j] = True
        wvn = _normalize_rows(wv)
        idf = bm_lem.idf

        def mean_vec(ids: list[int]) -> np.ndarray:
            ids = [x for x in ids if has[x]]
            if not ids:
                return np.zeros(DIM, dtype=np.float32)
            return (wvn[ids] * idf[ids][:, None]).sum(0)

        doc_vecs = _normalize_rows(np.stack([mean_vec(d) for d in doc_docs]) if doc_docs else np.zeros((0, DIM)))
        # SIF-style: remove the component common to all templates (it only says "this is
        # support text"), which sharpens cosine differences.
        if len(doc_vecs) >= 2:
            # the first right singular vector, from the small DIM x DIM Gram matrix
            common = np.linalg.eigh((doc_vecs.T @ doc_vecs).astype(np.float64))[1][:, -1].astype(np.float32)
        else:
            common = np.zeros(DIM, dtype=np.float32)
        doc_vecs = _normalize_rows(doc_vecs - np.outer(doc_vecs @ common, common))
        # the templates' own principal axes: cosines in SEM_DIM dimensions cost a third per query
        axes = np.linalg.eigh((doc_vecs.T @ doc_vecs).astype(np.float64))[1][:, ::-1][:, :SEM_DIM]
        axes = np.ascontiguousarray(axes, dtype=np.float32)
        doc_vecs = np.ascontiguousarray(doc_vecs @ axes)
        doc_terms = _Ragged([np.array(sorted(set(d)), dtype=np.int32) for d in doc_docs])
        phr_terms = _Ragged([np.array(sorted(set(d)), dtype=np.int32) for d in phr_docs])

        owner = np.array(phr_owner, dtype=np.int32)
        # phrasings are appended template by template, so each template's are contiguous
        starts = np.searchsorted(owner, np.arange(len(templates))).astype(np.int64)
        versions: dict[str, int] = {}
        group = np.array([versions.setdefault(version_key(t), len(versions)) for t in templates], dtype=np.int32)
        latest = np.zeros(len(versions), dtype=np.int32)
        latest[group] = np.arange(len(templates), dtype=np.int32)  # the last assignment wins
        topics: dict[str, int] = {}
        topic = np.array([topics.setdefault(t.topic.strip().lower(), len(topics)) if t.topic.strip() else -1
                          for t in templates], dtype=np.int32)
        return {
            "version": INDEX_VERSION, "key": key,
            "records": [t.record() for t in templates],
            "vocab": vocab, "forms": forms, "latin": latin, "stems": stems, "grams": grams, "lemmas": lemmas,
            "bm_lem": bm_lem, **state_bm,
            "phr_starts": starts, "phr_text": phr_text,
            "phr_weight": np.array(phr_weight, dtype=np.float32),
            "doc_vecs": doc_vecs, "axes": axes, "common": common,
            "group": group, "latest": latest, "topic": topic,
            "wvn": wvn, "has_vec": has, "doc_terms": doc_terms, "phr_terms": phr_terms,
        }

    # ------------------------------------------------------------------ querying

    def __len__(self) -> int:
        return len(self.templates)

    def _correct(self, form: str) -> str | None:
        """The closest KB word form for an unknown word — a typo (`приложеиии`) or a Latin name
        written in Cyrillic (`шортс` → `shorts`) — or None."""
        from rapidfuzz import fuzz, process

        if self._by_initial is None:
            by: dict[str, list[str]] = {}
            for f in self._forms:
                if len(f) > 3:
                    by.setdefault(f[0], []).append(f)
            self._by_initial = by
        if len(form) <= 3:
            return None
        for w in dict.fromkeys((form, form.translate(_TO_LATIN))):
            cands = self._by_initial.get(w[0])
            m = cands and process.extractOne(w, cands, scorer=fuzz.ratio, score_cutoff=FUZZ_CUTOFF)
            if m:
                return m[0]
        return None

    def analyse(self, text: str) -> list[tuple[str, str, int | None]]:
        """(form, lemma, vocab id or None) for the content words of a question, typos corrected."""
        from ..nlp.morph import is_known

        out = []
        for form, lem in content_tokens(text, asking=True):
            alias = latin_alias(form, self._s["latin"])
            if alias:
                form = lem = alias
            j = self._vocab.get(lem)
            if j is None and form not in self._forms and form.isalpha() and not is_known(form):
                fixed = self._correct(form)
                if fixed is not None:
                    form, lem = fixed, self._forms[fixed]
                    j = self._vocab.get(lem)
            out.append((form, lem, j))
        return out

    def _query(self, text: str):
        s = self._s
        q = self.analyse(text)
        if not q:
            return None
        # a question word weighs by how rare it is among the questions the KB answers (its
        # phrasings), not among answer bodies: `приложение` names half the questions of an
        # app's KB however rarely the answers repeat it
        bm = s["stem_phr"]
        vecs, ws = [], []
        for form, lem, j in q:
            ws.append(bm.idf_of(self._stems.get(stem_of(lem))))
            if j is not None and s["has_vec"][j]:
                vecs.append(s["wvn"][j])
                continue
            v = _word_vec(embedding(), form, lem)
            vecs.append(None if v is None else (v / (np.linalg.norm(v) or 1.0)).astype(np.float32))
        return q, vecs, np.array(ws, dtype=np.float32)

    def _stage1(self, q, vecs, ws) -> dict[str, np.ndarray]:
        s = self._s
        lems = [lem for _, lem, _ in q]
        st = [self._stems.get(stem_of(x)) for x in lems]
        starts = s["phr_starts"]
        kept = [(v, w) for v, w in zip(vecs, ws) if v is not None]
        if kept:
            qv = np.sum([v * w for v, w in kept], axis=0)
            c = s["common"]
            qv = qv - (qv @ c) * c
            qv = (qv / (np.linalg.norm(qv) or 1.0)).astype(np.float32)
            # BLAS, single-threaded (`replylint/__init__`): 2x faster than einsum
            sem_doc = np.clip(s["doc_vecs"] @ (qv @ s["axes"]), 0, 1)
        else:
            sem_doc = np.zeros(len(self.templates), dtype=np.float32)
        return {
            "stem_doc": s["stem_doc"].normalized(st),
            "stem_phr": np.maximum.reduceat(s["stem_phr"].normalized(st) * s["phr_weight"], starts),
            "sem_doc": sem_doc,
        }

    def _phrasings(self, cand: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The phrasings of the candidate templates, with their count and offset per template
        (every template has at least one)."""
        starts = self._s["phr_starts"]
        ends = np.append(starts[1:], len(self._s["phr_terms"]))
        return _spans(starts[cand], ends[cand])

    def _grams_for(self, cand: np.ndarray, q, phr) -> dict[str, np.ndarray]:
        """Character-3-gram BM25 of the candidates (whole template, best phrasing)."""
        s = self._s
        gr = [self._grams.get(g) for _, lem, _ in q for g in grams_of(lem)]
        plist, _, pos = phr
        return {"gram_doc": s["gram_doc"].normalized_for(gr, cand),
                "gram_phr": np.maximum.reduceat(s["gram_phr"].normalized_for(gr, plist) * s["phr_weight"][plist], pos)}

    def _soft(self, cand: np.ndarray, q, vecs, ws, phr):
        """Soft coverage (navec cosine or rapidfuzz word similarity) of the question by each
        candidate template (`soft_doc`) and by its best phrasing (`soft_phr`, symmetric)."""
        from rapidfuzz import fuzz, process

        s = self._s
        n_c = len(cand)
        plist, counts, pos = phr
        dt, dlens, doffs = s["doc_terms"].take(cand)
        allt = np.unique(dt)
        if len(allt) == 0 or not q:
            z = np.zeros(n_c, dtype=np.float32)
            return z, z.copy(), plist[pos]
        col = np.full(len(s["lemmas"]), -1, dtype=np.int64)
        col[allt] = np.arange(len(allt))
        lemmas = s["lemmas"]
        # word similarity: question words x candidate vocabulary
        qlem = [lem for _, lem, _ in q]
        F = process.cdist(qlem, [lemmas[t] for t in allt], scorer=fuzz.ratio, dtype=np.float32,
                          workers=1) / 100.0
        F[F < FUZZY_WORD] = 0.0
        has = [i for i, v in enumerate(vecs) if v is not None]
        if has:
            # einsum: measured faster than BLAS for these few rows
            C = np.einsum("ik,jk->ij", np.stack([vecs[i] for i in has]), s["wvn"][allt])
            F[has] = np.maximum(F[has], C)
        np.clip(F, 0.0, 1.0, out=F)
        wq = ws.astype(np.float32)
        wsum = float(wq.sum()) or 1.0
        idf_t = s["bm_lem"].idf

        # whole template: forward coverage only
        soft_doc = np.zeros(n_c, dtype=np.float32)
        nz = dlens > 0
        if nz.any():
            best = np.maximum.reduceat(F[:, col[dt]], doffs[nz], axis=1)  # (question words, templates)
            soft_doc[nz] = (wq @ best) / wsum
        # each phrasing: harmonic mean of forward and backward coverage
        terms, lens, offs = s["phr_terms"].take(plist)
        f1 = np.zeros(len(plist), dtype=np.float32)
        nz = lens > 0
        if nz.any():
            G = F[:, col[terms]]
            fwd = (wq @ np.maximum.reduceat(G, offs[nz], axis=1)) / wsum
            wp = idf_t[terms]
            back_num = np.add.reduceat(wp * G.max(0), offs[nz])
            back_den = np.add.reduceat(wp, offs[nz])
            back = back_num / np.where(back_den > 0, back_den, 1.0)
            den = fwd + back
            f1[nz] = np.where(den > 0, 2 * fwd * back / np.where(den > 0, den, 1.0), 0.0)
        f1 *= s["phr_weight"][plist]
        soft_phr = np.maximum.reduceat(f1, pos).astype(np.float32)
        # the best phrasing of each template: the first reaching its maximum
        at_max = np.flatnonzero(f1 >= np.repeat(soft_phr, counts))
        first = at_max[np.searchsorted(at_max, pos)]
        return soft_doc, soft_phr, plist[first]

    def _rank(self, text: str, k: int | None = None, also: Sequence[int] = ()):
        """Candidates (the first stage's best `k`, at least `RERANK`, plus the templates `also`),
        their features, combined scores and best phrasings; None for a text with no content."""
        r = self._query(text)
        if r is None:
            return None
        q, vecs, ws = r
        f1 = self._stage1(q, vecs, ws)
        n = len(self.templates)
        first = sum(f1.values())
        k = min(n, max(RERANK, k or 0))
        cand = np.argpartition(-first, k - 1)[:k] if k < n else np.arange(n)
        if len(also):
            cand = np.union1d(cand, np.asarray(also, dtype=cand.dtype))
        phr = self._phrasings(cand)
        soft_doc, soft_phr, best_p = self._soft(cand, q, vecs, ws, phr)
        feats = {key: v[cand] for key, v in f1.items()}
        feats.update(self._grams_for(cand, q, phr))
        feats["soft_doc"] = soft_doc
        feats["soft_phr"] = soft_phr
        combined = sum(feats[key] for key in FEATURES).astype(np.float64)
        feats["topic"] = self._topic_vote(cand, combined)
        combined += feats["topic"]
        return cand, feats, combined, best_p

    def _topic_vote(self, cand: np.ndarray, combined: np.ndarray) -> np.ndarray:
        """`TOPIC_PRIOR` × the share of the question's `TOPIC_VOTERS` best templates (softmax of
        their scores) that are on each candidate's topic: the neighbourhood says what the
        question is about when the words alone leave siblings of two topics level."""
        topic = self._s["topic"][cand]
        if not (topic >= 0).any():
            return np.zeros(len(cand))
        top = np.argsort(-combined)[:TOPIC_VOTERS]
        w = np.exp(combined[top] - combined[top].max())
        on = topic[top] >= 0
        mass = np.bincount(topic[top][on], weights=w[on], minlength=int(topic.max()) + 1) / w.sum()
        return np.where(topic >= 0, TOPIC_PRIOR * mass[np.maximum(topic, 0)], 0.0)

    @staticmethod
    def calibrate(combined):
        """The fixed monotone map from the combined feature score to [0, 1]."""
        return 1.0 / (1.0 + np.exp(-(np.asarray(combined, dtype=np.float64) - CAL_MID) * CAL_SLOPE))

    def score(self, text: str, template_id: str) -> float:
        """How well one template answers `text`, on `search`'s scale (0 for an unknown id or a
        text with no content words)."""
        i = next((j for j, t in enumerate(self.templates) if t.id == template_id), None)
        r = None if i is None else self._rank(text, also=[i])
        if r is None:
            return 0.0
        cand, _, combined, _ = r
        return float(self.calibrate(combined[int(np.flatnonzero(cand == i)[0])]))

    def search(self, text: str, top: int = 3, min_score: float = 0.0) -> list[Hit]:
        """The `top` templates best answering `text`, best first, scores in [0, 1]; versions of
        one answer listed once, as the latest."""
        if not self.templates or top <= 0:
            return []
        r = self._rank(text, 2 * top)
        if r is None:
            return []
        cand, feats, combined, best_p = r
        score = self.calibrate(combined)
        # best first; on an exact tie the later record first
        order = np.lexsort((-cand, -combined))
        texts, group, latest = self._s["phr_text"], self._s["group"], self._s["latest"]
        hits, seen = [], set()
        for o in order:
            g = group[cand[o]]
            if g in seen:
                continue
            seen.add(g)
            sc = float(score[o])
            if sc < min_score:
                break
            f = {key: float(v[o]) for key, v in feats.items()}
            f["combined"] = float(combined[o])
            hits.append(Hit(self.templates[int(latest[g])], round(min(max(sc, 0.0), 1.0), 4),
                            texts[int(best_p[o])], f))
            if len(hits) >= top:
                break
        return hits


# ---------------------------------------------------------------------- the on-disk cache
# `<key>.npz`: every array of the state under its name (`stem_doc.ptr` for a BM25's arrays,
# `doc_terms.flat` for a ragged list's), and `meta`, the UTF-8 JSON of everything else.

_BM25_KEYS = ("bm_lem", "stem_doc", "stem_phr", "gram_doc", "gram_phr")
_BM25_ARRAYS = ("idf", "ptr", "ids", "w", "dptr", "dterm", "dw")
_RAGGED_KEYS = ("doc_terms", "phr_terms")
_ARRAY_KEYS = ("phr_starts", "phr_weight", "doc_vecs", "axes", "common", "group", "latest", "topic",
               "wvn", "has_vec")


def _private_dir(d: Path) -> bool:
    """True when `d` (created 0700 if missing) is a folder of this user that no one else can
    write to. Anyone who can write there could plant an index, so another folder is not used."""
    try:
        d.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = d.stat()
    except OSError:
        return False
    why = ("is not a folder" if not stat.S_ISDIR(st.st_mode)
           else "belongs to another user" if hasattr(os, "getuid") and st.st_uid != os.getuid()
           else "can be written by group or others" if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
           else None)
    if why:
        log.warning("replylint: the index cache %s %s: not used (fix: chmod 700, or set "
                    "REPLYLINT_CACHE_DIR)", d, why)
    return why is None


class _CachedBM25(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
    n: int
    n_terms: int
    unseen_idf: float


class _CachedMeta(BaseModel):
    """The JSON member of a cache file; a file whose JSON does not fit is rebuilt."""

    model_config = ConfigDict(strict=True, extra="forbid")
    version: str
    key: str
    records: list[Template]
    vocab: dict[str, int]
    forms: dict[str, str]
    latin: list[str]
    stems: dict[str, int]
    grams: dict[str, int]
    lemmas: list[str]
    phr_text: list[str]
    bm25: dict[str, _CachedBM25]


def _save_state(state: dict, d: Path, f: Path) -> None:
    arrays = {k: state[k] for k in _ARRAY_KEYS}
    for k in _BM25_KEYS:
        arrays.update({f"{k}.{a}": getattr(state[k], a) for a in _BM25_ARRAYS})
    for k in _RAGGED_KEYS:
        arrays[f"{k}.ptr"], arrays[f"{k}.flat"] = state[k].ptr, state[k].flat
    meta = {k: state[k] for k in ("version", "key", "records", "vocab", "forms", "latin", "stems",
                                  "grams", "lemmas", "phr_text")}
    meta["bm25"] = {k: {"n": state[k].n, "n_terms": state[k].n_terms,
                        "unseen_idf": state[k].unseen_idf} for k in _BM25_KEYS}
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".npz")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, f)
    except OSError:  # a read-only cache dir only costs a rebuild next time
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _load_state(f: Path, key: str) -> dict | None:
    """The state saved in `f`, or None when there is none or it cannot be trusted to fit:
    not a regular file of this user, not an `.npz` of plain arrays, another version or key, or
    arrays whose shapes, types or indices do not fit together (then it is rebuilt)."""
    try:
        with f.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                return None
            with np.load(fh, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        meta = _CachedMeta.model_validate(json.loads(arrays.pop("meta").tobytes().decode("utf-8")))
        if meta.version != INDEX_VERSION or meta.key != key:
            return None
        state = _unpack(meta, arrays)
        _check_state(state)
        return state
    except FileNotFoundError:
        return None
    except Exception as e:  # corrupt, truncated, planted or from another version: rebuild
        log.debug("replylint: cached index %s not used: %s", f, e)
        return None


def _unpack(meta: _CachedMeta, arrays: dict[str, np.ndarray]) -> dict:
    state = meta.model_dump(exclude={"bm25"})  # records as validated `Template.record()`s
    state.update({k: arrays[k] for k in _ARRAY_KEYS})
    for k in _BM25_KEYS:
        bm = _BM25.__new__(_BM25)
        bm.__dict__.update(meta.bm25[k].model_dump())
        bm.__dict__.update({a: arrays[f"{k}.{a}"] for a in _BM25_ARRAYS})
        state[k] = bm
    for k in _RAGGED_KEYS:
        r = _Ragged.__new__(_Ragged)
        r.ptr, r.flat = arrays[f"{k}.ptr"], arrays[f"{k}.flat"]
        state[k] = r
    return state


def _fits(a: np.ndarray, dtype, shape: tuple, what: str, lo: int | None = None,
          hi: int | None = None) -> None:
    """`a` has this dtype and shape (None: any length), and its values lie in [lo, hi)."""
    if a.dtype != np.dtype(dtype) or a.ndim != len(shape) or any(
            want is not None and got != want for got, want in zip(a.shape, shape)):
        raise ValueError(f"{what}: {a.dtype}{list(a.shape)}, expected {np.dtype(dtype)}{list(shape)}")
    if a.size and ((lo is not None and a.min() < lo) or (hi is not None and a.max() >= hi)):
        raise ValueError(f"{what}: values outside [{lo}, {hi})")


def _offsets(ptr: np.ndarray, rows: int, total: int, what: str) -> None:
    """CSR offsets: `rows + 1` non-decreasing int64 from 0 to `total`."""
    _fits(ptr, np.int64, (rows + 1,), what)
    if ptr[0] != 0 or ptr[-1] != total or (np.diff(ptr) < 0).any():
        raise ValueError(f"{what}: not offsets from 0 to {total}")


def _check_state(s: dict) -> None:
    """Raise ValueError unless the arrays of `s` fit its records and vocabulary: every shape,
    dtype and index that querying relies on."""
    n, p, v = len(s["records"]), len(s["phr_text"]), len(s["lemmas"])
    if len(s["vocab"]) != v or sorted(s["vocab"].values()) != list(range(v)):
        raise ValueError("vocab does not number the lemmas")
    for key, size in (("stems", s["stem_doc"].n_terms), ("grams", s["gram_doc"].n_terms)):
        if any(not 0 <= j < size for j in s[key].values()):
            raise ValueError(f"{key}: ids outside the index")
    shapes = {"bm_lem": (n, v), "stem_doc": (n, len(s["stems"])), "stem_phr": (p, len(s["stems"])),
              "gram_doc": (n, len(s["grams"])), "gram_phr": (p, len(s["grams"]))}
    for key, (docs, terms) in shapes.items():
        bm = s[key]
        if (bm.n, bm.n_terms) != (docs, terms):
            raise ValueError(f"{key}: {bm.n} x {bm.n_terms}, expected {docs} x {terms}")
        _fits(bm.idf, np.float32, (terms,), f"{key}.idf")
        _fits(bm.ids, np.int32, (None,), f"{key}.ids", 0, docs)
        _fits(bm.w, np.float32, (len(bm.ids),), f"{key}.w")
        _offsets(bm.ptr, terms, len(bm.ids), f"{key}.ptr")
        _fits(bm.dterm, np.int32, (None,), f"{key}.dterm", 0, terms)
        _fits(bm.dw, np.float32, (len(bm.dterm),), f"{key}.dw")
        _offsets(bm.dptr, docs, len(bm.dterm), f"{key}.dptr")
    for key, rows in (("doc_terms", n), ("phr_terms", p)):
        _fits(s[key].flat, np.int32, (None,), f"{key}.flat", 0, v)
        _offsets(s[key].ptr, rows, len(s[key].flat), f"{key}.ptr")
    _fits(s["phr_starts"], np.int64, (n,), "phr_starts", 0, p)
    if (np.diff(s["phr_starts"]) <= 0).any() or (n and s["phr_starts"][0] != 0):
        raise ValueError("phr_starts: not the first phrasing of each template")
    _fits(s["phr_weight"], np.float32, (p,), "phr_weight")
    _fits(s["axes"], np.float32, (DIM, None), "axes")
    _fits(s["doc_vecs"], np.float32, (n, s["axes"].shape[1]), "doc_vecs")
    _fits(s["common"], np.float32, (DIM,), "common")
    _fits(s["latest"], np.int32, (None,), "latest", 0, n)
    _fits(s["group"], np.int32, (n,), "group", 0, len(s["latest"]))
    _fits(s["topic"], np.int32, (n,), "topic", -1)
    _fits(s["wvn"], np.float32, (v, DIM), "wvn")
    _fits(s["has_vec"], np.bool_, (v,), "has_vec")
