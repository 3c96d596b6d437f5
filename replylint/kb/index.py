"""The KB search index: lexical (BM25 over lemmas) + semantic (navec) + fuzzy (rapidfuzz).

How a question is ranked
------------------------
1. The question is reduced to content lemmas (`kb.text`): greetings, politeness and function
   words dropped. A word that the dictionary does not know and the KB never uses (a typo such
   as `приложеиии`) is replaced by the closest KB word form (rapidfuzz, similarity ≥ 80),
   looked up among forms with the same first letter.
2. Features, each in [0, 1]:
   - `lex_title`, `lex_phr`, `lex_doc`: BM25 of the question against the template's first
     phrasing (its title), against each phrasing (title and every example question) separately
     with the best one counting, and against the whole template (title + topic + questions +
     body). Each is divided by the question's own maximum attainable BM25 (Σ idf·(k1+1) over
     its lemmas), i.e. "how much of the question is covered", comparable across questions;
   - `sem_doc`: cosine between the question's IDF-weighted mean navec vector and the
     template's, after removing the component common to all templates (SIF);
   - `align_doc`, `align_phr` (for the `RERANK` best templates of a first stage that sums
     `STAGE1`-weighted lexical and `sem_doc` features): soft word coverage — for each question
     lemma its best navec cosine to any lemma of the template (or of its best phrasing), IDF-
     weighted mean, so `закрепить` ≈ `прикрепить`, `смартфон` ≈ `телефон`.
3. `combined = Σ WEIGHTS[f] · f` and the reported score is
   `1 / (1 + exp(-(combined - CAL_MID) · CAL_SLOPE))`: a fixed monotone map, the same for every
   question and KB, so a threshold (`--min-score`) means the same everywhere. The weights and
   the two calibration constants were chosen once on the development questions of the RUTUBE
   evaluation set (`benchmarks/bench_kb.py`; a logistic fit of "the top template is right"
   against `combined`) — never per question. A score of about 0.5 means roughly even odds
   that the template answers the question.

The index is built once per KB content and cached on disk (pickle, keyed by a SHA-256 of the
KB's bytes and `INDEX_VERSION`) in `$REPLYLINT_CACHE_DIR` (default `~/.cache/replylint`). A
corrupt or unreadable cache is rebuilt, never fatal.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .store import Template, kb_files, load_kb
from .text import content_tokens, is_stop, lemma_of, tokens

INDEX_VERSION = "kbindex-6"

K1, B = 1.2, 0.75
RERANK = 50
# Fixed feature weights and calibration (chosen on RUTUBE dev questions; see module doc).
# First stage (every template): cheap sparse and dense features pick RERANK candidates.
STAGE1 = {"lex_title": 1.0, "lex_phr": 0.25, "lex_doc": 0.75, "sem_doc": 0.5}
# Final score (candidates only).
WEIGHTS = {"lex_title": 1.0, "lex_phr": 0.25, "lex_doc": 0.75, "align_doc": 0.75, "align_phr": 1.0}
CAL_MID = 1.78
CAL_SLOPE = 1.1
FUZZ_CUTOFF = 80.0
DIM = 300

_emb_lock = threading.Lock()
_emb = None


def embedding():
    """natasha's bundled navec (NewsEmbedding), loaded once per process."""
    global _emb
    if _emb is None:
        with _emb_lock:
            if _emb is None:
                from natasha import NewsEmbedding

                _emb = NewsEmbedding()
    return _emb


def _word_vec(emb, form: str, lem: str):
    for w in (lem, form, lem.replace("е", "ё"), form.replace("е", "ё")):
        if w in emb:
            return emb.get(w)
    return None


def cache_dir() -> Path:
    d = os.environ.get("REPLYLINT_CACHE_DIR")
    return Path(d).expanduser() if d else Path.home() / ".cache" / "replylint"


@dataclass
class Hit:
    template: Template
    score: float
    matched: str  # the phrasing (title or example question) that matched best
    features: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return self.template.id


class _BM25:
    """A sparse BM25 over lemma lists with precomputed per-posting weights (numpy)."""

    def __init__(self, docs: Sequence[Sequence[int]], n_terms: int):
        n = len(docs)
        self.n = n
        lens = np.array([len(d) for d in docs], dtype=np.float32)
        avg = float(lens.mean()) if n and lens.mean() > 0 else 1.0
        df = np.zeros(n_terms, dtype=np.float64)
        rows: list[list[tuple[int, int]]] = [[] for _ in range(n_terms)]
        for i, d in enumerate(docs):
            for t, c in Counter(d).items():
                df[t] += 1
                rows[t].append((i, c))
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.unseen_idf = float(math.log(1.0 + (n + 0.5) / 0.5))
        self.ids: list[np.ndarray] = []
        self.w: list[np.ndarray] = []
        for t, post in enumerate(rows):
            if not post:
                self.ids.append(np.zeros(0, dtype=np.int32))
                self.w.append(np.zeros(0, dtype=np.float32))
                continue
            ids = np.array([p[0] for p in post], dtype=np.int32)
            tf = np.array([p[1] for p in post], dtype=np.float32)
            norm = K1 * (1 - B + B * lens[ids] / avg)
            self.ids.append(ids)
            self.w.append((self.idf[t] * tf * (K1 + 1) / (tf + norm)).astype(np.float32))

    def idf_of(self, t: int | None) -> float:
        return float(self.idf[t]) if t is not None and self.idf[t] > 0 else self.unseen_idf

    def scores(self, q: Sequence[int | None]) -> tuple[np.ndarray, float]:
        """Raw scores and the question's maximum attainable score (for normalising)."""
        s = np.zeros(self.n, dtype=np.float32)
        top = 0.0
        for t in q:
            top += self.idf_of(t) * (K1 + 1)
            if t is not None:
                s[self.ids[t]] += self.w[t]
        return s, top


def _normalize_rows(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return (m / n).astype(np.float32)


class KBIndex:
    """Search index over a list of templates. Build with `KBIndex.build` or `KBIndex.from_path`."""

    def __init__(self, state: dict, from_cache: bool = False):
        self._s = state
        self.templates: list[Template] = [Template.model_validate(r) for r in state["records"]]
        self.from_cache = from_cache
        self.key: str = state["key"]
        self._vocab: dict[str, int] = state["vocab"]
        self._forms: dict[str, str] = state["forms"]
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
                h.update(f.read_bytes())
                h.update(b"\0")
            except OSError:
                use_cache = False
        key = "p-" + h.hexdigest()[:32]
        return cls._cached(key, lambda: load_kb(p), use_cache, cache)

    @classmethod
    def _cached(cls, key: str, get_templates, use_cache: bool, cache) -> "KBIndex":
        d = Path(cache) if cache is not None else cache_dir()
        f = d / f"{key}.idx"
        if use_cache and f.is_file():
            try:
                with f.open("rb") as fh:
                    state = pickle.load(fh)
                if isinstance(state, dict) and state.get("version") == INDEX_VERSION and state.get("key") == key:
                    return cls(state, from_cache=True)
            except Exception:  # corrupt, truncated or from another version: rebuild
                pass
        state = cls._build_state(list(get_templates()), key)
        if use_cache:
            try:
                d.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".idx")
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, f)
            except OSError:
                pass  # a read-only cache dir only costs a rebuild next time
        return cls(state, from_cache=False)

    @staticmethod
    def _build_state(templates: list[Template], key: str) -> dict:
        vocab: dict[str, int] = {}
        forms: dict[str, str] = {}  # every KB word form -> its lemma (for typo correction)
        first_form: dict[str, str] = {}

        def ids_of(text: str) -> list[int]:
            out = []
            for form, lem in content_tokens(text):
                forms.setdefault(form, lem)
                first_form.setdefault(lem, form)
                if lem not in vocab:
                    vocab[lem] = len(vocab)
                out.append(vocab[lem])
            return out

        phr_docs, phr_owner, phr_text = [], [], []
        doc_docs = []
        for i, t in enumerate(templates):
            first_phr = len(phr_docs)
            seen = set()
            for ph in [t.title, *t.questions]:
                key_ph = " ".join(tokens(ph))
                if not key_ph or key_ph in seen:
                    continue
                seen.add(key_ph)
                phr_docs.append(ids_of(ph))
                phr_owner.append(i)
                phr_text.append(ph)
            if not seen:  # a template with no title nor questions: its body opening stands in
                phr_docs.append(ids_of(t.body[:200]))
                phr_owner.append(i)
                phr_text.append(t.body[:80])
            body_ids = ids_of(t.body)
            topic_ids = ids_of(t.topic)
            doc_docs.append([x for d in phr_docs[first_phr:] for x in d] + topic_ids + body_ids)
        nv = len(vocab)
        bm_phr = _BM25(phr_docs, nv)
        bm_doc = _BM25(doc_docs, nv)

        emb = embedding()
        lemmas = [None] * nv
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
        idf = bm_doc.idf

        def mean_vec(ids: list[int]) -> np.ndarray:
            ids = [x for x in ids if has[x]]
            if not ids:
                return np.zeros(DIM, dtype=np.float32)
            w = idf[ids]
            return (wvn[ids] * w[:, None]).sum(0)

        doc_vecs = _normalize_rows(np.stack([mean_vec(d) for d in doc_docs]) if doc_docs else np.zeros((0, DIM)))
        # SIF-style: remove the common component shared by all texts (it only measures "is
        # this Russian support text"), which sharpens cosine differences.
        if len(doc_vecs) >= 2:
            common = np.linalg.svd(doc_vecs, full_matrices=False)[2][0].astype(np.float32)
        else:
            common = np.zeros(DIM, dtype=np.float32)
        doc_vecs = _normalize_rows(doc_vecs - np.outer(doc_vecs @ common, common))
        doc_terms = [np.array(sorted({x for x in d if has[x]}), dtype=np.int32) for d in doc_docs]
        phr_terms = [np.array(sorted({x for x in d if has[x]}), dtype=np.int32) for d in phr_docs]

        owner = np.array(phr_owner, dtype=np.int32)
        # phrasings are appended template by template, so each template's are contiguous
        starts = np.searchsorted(owner, np.arange(len(templates))).astype(np.int64)
        return {
            "version": INDEX_VERSION, "key": key,
            "records": [t.record() for t in templates],
            "vocab": vocab, "forms": forms,
            "bm_phr": bm_phr, "bm_doc": bm_doc,
            "phr_owner": owner, "phr_starts": starts, "phr_text": phr_text,
            "doc_vecs": doc_vecs, "common": common,
            "wvn": wvn, "has_vec": has, "doc_terms": doc_terms, "phr_terms": phr_terms,
        }

    # ------------------------------------------------------------------ querying

    def __len__(self) -> int:
        return len(self.templates)

    def _correct(self, form: str) -> str | None:
        """The closest KB word form for an unknown word (a typo), or None."""
        from rapidfuzz import fuzz, process

        if self._by_initial is None:
            by: dict[str, list[str]] = {}
            for f in self._forms:
                if len(f) > 3:
                    by.setdefault(f[0], []).append(f)
            self._by_initial = by
        cands = self._by_initial.get(form[0])
        if not cands or len(form) <= 3:
            return None
        m = process.extractOne(form, cands, scorer=fuzz.ratio, score_cutoff=FUZZ_CUTOFF)
        return m[0] if m else None

    def analyse(self, text: str) -> list[tuple[str, str, int | None]]:
        """(form, lemma, vocab id or None) for the content words of a question, typos corrected."""
        from ..nlp.morph import is_known

        out = []
        for form, lem in content_tokens(text):
            j = self._vocab.get(lem)
            if j is None and form not in self._forms and form.isalpha() and not is_known(form):
                fixed = self._correct(form)
                if fixed is not None:
                    form, lem = fixed, self._forms[fixed]
                    j = self._vocab.get(lem)
            out.append((form, lem, j))
        return out

    def _query(self, text: str):
        """Analysed question: vocab ids, unit word vectors (None when unknown) and IDF weights."""
        s = self._s
        q = self.analyse(text)
        if not q:
            return None
        bm_doc = s["bm_doc"]
        emb = None
        vecs, ws = [], []
        for form, lem, j in q:
            ws.append(bm_doc.idf_of(j))
            if j is not None and s["has_vec"][j]:
                vecs.append(s["wvn"][j])
                continue
            if emb is None:
                emb = embedding()
            v = _word_vec(emb, form, lem)
            vecs.append(None if v is None else (v / (np.linalg.norm(v) or 1.0)).astype(np.float32))
        return [j for _, _, j in q], vecs, np.array(ws, dtype=np.float32)

    def _stage1(self, ids, vecs, ws) -> dict[str, np.ndarray]:
        s = self._s
        raw_phr, top_phr = s["bm_phr"].scores(ids)
        raw_doc, top_doc = s["bm_doc"].scores(ids)
        starts = s["phr_starts"]
        lex_phr_all = raw_phr / top_phr
        kept = [(v, w) for v, w in zip(vecs, ws) if v is not None]
        if kept:
            qv = np.sum([v * w for v, w in kept], axis=0)
            c = s["common"]
            qv = qv - (qv @ c) * c
            qv = (qv / (np.linalg.norm(qv) or 1.0)).astype(np.float32)
            sem_doc = np.clip(s["doc_vecs"] @ qv, 0, 1)
        else:
            sem_doc = np.zeros(len(self.templates), dtype=np.float32)
        return {
            "lex_title": lex_phr_all[starts],
            "lex_phr": np.maximum.reduceat(lex_phr_all, starts),
            "lex_doc": raw_doc / top_doc,
            "sem_doc": sem_doc,
            "_lex_phr_all": lex_phr_all,
        }

    @staticmethod
    def _seg_cover(Q: np.ndarray, w: np.ndarray, wsum: float, wvn: np.ndarray,
                   segs: list[np.ndarray]) -> np.ndarray:
        """For each segment (a set of KB lemma ids): IDF-weighted mean over question words of the
        best cosine to a lemma of the segment. One matrix product for all segments."""
        out = np.zeros(len(segs), dtype=np.float32)
        lens = np.fromiter((len(x) for x in segs), dtype=np.int64, count=len(segs))
        nz = np.nonzero(lens)[0]
        if len(nz) == 0:
            return out
        allt = np.concatenate([segs[i] for i in nz])
        offs = np.concatenate([[0], np.cumsum(lens[nz])[:-1]])
        S = Q @ wvn[allt].T  # (question words, all segment lemmas)
        best = np.maximum.reduceat(S, offs, axis=1)  # (question words, non-empty segments)
        np.clip(best, 0, 1, out=best)
        out[nz] = (w @ best) / wsum
        return out

    def _align(self, cand: np.ndarray, vecs, ws):
        """Soft word coverage of the question: for each question word its best cosine to a
        word of the template (whole template, and best single phrasing), IDF-weighted mean.
        Also returns the index of the best-covering phrasing per candidate."""
        s = self._s
        n_c = len(cand)
        starts = s["phr_starts"]
        keep = [i for i, v in enumerate(vecs) if v is not None]
        if not keep or n_c == 0:
            z = np.zeros(n_c, dtype=np.float32)
            return z, z.copy(), starts[cand].astype(np.int64)
        Q = np.stack([vecs[i] for i in keep]).astype(np.float32)
        w = ws[keep]
        wsum = float(ws.sum())  # words without a vector count as not covered
        wvn, dterms, pterms = s["wvn"], s["doc_terms"], s["phr_terms"]
        a_doc = self._seg_cover(Q, w, wsum, wvn, [dterms[ti] for ti in cand])
        n_t, n_p = len(self.templates), len(pterms)
        lo = starts[cand]
        hi = np.where(cand + 1 < n_t, starts[np.minimum(cand + 1, n_t - 1)], n_p)
        phr = np.concatenate([np.arange(a, b) for a, b in zip(lo, hi)])
        cover = self._seg_cover(Q, w, wsum, wvn, [pterms[p] for p in phr])
        pos = np.concatenate([[0], np.cumsum(hi - lo)[:-1]]).astype(np.int64)
        a_phr = np.maximum.reduceat(cover, pos)
        best_p = np.empty(n_c, dtype=np.int64)
        for k in range(n_c):
            seg = cover[pos[k]:pos[k] + (hi[k] - lo[k])]
            best_p[k] = lo[k] + int(np.argmax(seg))
        return a_doc, a_phr.astype(np.float32), best_p

    def _rank(self, text: str, k: int | None = None):
        q = self._query(text)
        if q is None:
            return None
        ids, vecs, ws = q
        f1 = self._stage1(ids, vecs, ws)
        n = len(self.templates)
        first = sum(STAGE1[key] * f1[key] for key in STAGE1)
        k = min(n, max(RERANK, k or 0))
        cand = np.argpartition(-first, k - 1)[:k] if k < n else np.arange(n)
        a_doc, a_phr, best_p = self._align(cand, vecs, ws)
        feats = {key: f1[key][cand] for key in ("lex_title", "lex_phr", "lex_doc", "sem_doc")}
        feats["align_doc"] = a_doc
        feats["align_phr"] = a_phr
        combined = sum(WEIGHTS[key] * feats[key] for key in WEIGHTS)
        return cand, feats, combined, best_p

    @staticmethod
    def calibrate(combined):
        """The fixed monotone map from the combined feature score to [0, 1]."""
        return 1.0 / (1.0 + np.exp(-(np.asarray(combined, dtype=np.float64) - CAL_MID) * CAL_SLOPE))

    def search(self, text: str, top: int = 3, min_score: float = 0.0) -> list[Hit]:
        """The `top` templates best answering `text`, best first, scores in [0, 1]."""
        if not self.templates or top <= 0:
            return []
        r = self._rank(text, top)
        if r is None:
            return []
        cand, feats, combined, best_p = r
        score = self.calibrate(combined)
        order = np.argsort(-combined, kind="stable")[:top]
        texts = self._s["phr_text"]
        hits = []
        for o in order:
            sc = float(score[o])
            if sc < min_score:
                continue
            f = {key: float(v[o]) for key, v in feats.items()}
            f["combined"] = float(combined[o])
            ti = int(cand[o])
            hits.append(Hit(self.templates[ti], round(min(max(sc, 0.0), 1.0), 4), texts[int(best_p[o])], f))
        return hits
