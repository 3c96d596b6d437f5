"""Trained heads: small classifiers over the sentence encoder that say what a sentence does.

Each head is declared once here, with what it recognises; its labelled sentences and their
provenance are in `training/<name>/`, `make train` (`training/train.py`) fits it reproducibly and
writes `replylint/heads/<name>.npz`. At run time a head is a logistic regression in numpy:
`sigmoid(a * (x·w + g·v + b) + c)` over the sentence vector `x` and, for heads trained with them,
the TF-IDF vector `g` of the sentence's character 3- to 5-grams within words (what the word forms
say: `уж`, `-то`, a diminutive, an insult's stem); `a` and `c` calibrate the score on held-out
folds so that 0.5 means even odds. The thresholds that rules apply live in the rule packs' options.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..budget import untimed
from ..resources import heads_dir


@dataclass(frozen=True)
class Head:
    name: str
    what: str


HEADS: dict[str, Head] = {h.name: h for h in (
    Head("rude", "insults, sarcasm or condescension toward the customer, or blame without "
                 "evidence (their device, habits, «как мы уже писали» in any words)"),
    Head("excuse", "an internal circumstance offered as the cause: workload, staff, a new "
                   "employee, a migration, a busy season, an internal glitch"),
    Head("refusal", "a refusal or a negated possibility (`не можем`, `функции нет`, "
                    "`недоступно`, `отель не организует`)"),
    Head("justified", "a real reason for a refusal, or an alternative or next step; boilerplate "
                      "(«мы постоянно работаем над улучшением») is neither"),
    Head("promise", "a commitment to act on this customer's case, as opposed to a description of "
                    "how a process works in general"),
    Head("officialese", "bureaucratic or legal style aimed at the customer: chains of verbal "
                        "nouns, «в соответствии с», clause references"),
    Head("apology", "an apology or expression of regret to the customer; «к сожалению» alone is "
                    "none"),
    Head("gratitude", "sincere thanks, or an acknowledgement of the customer's thanks; sarcastic "
                      "«спасибо за такой сервис» is none"),
)}


@dataclass(frozen=True)
class _Weights:
    w: np.ndarray
    b: float
    a: float
    c: float
    grams: dict[str, int]  # character n-gram -> column, empty for a head without them
    idf: np.ndarray
    v: np.ndarray


@lru_cache(maxsize=None)
@untimed
def _weights(name: str) -> _Weights:
    with np.load(heads_dir() / f"{name}.npz", allow_pickle=False) as z:
        grams = {g: i for i, g in enumerate(z["grams"].tolist())} if "grams" in z else {}
        empty = np.zeros(0, dtype=np.float32)
        return _Weights(z["w"].astype(np.float32), float(z["b"]), float(z["a"]), float(z["c"]),
                        grams, z["idf"] if grams else empty, z["v"] if grams else empty)


def char_grams(text: str, lo: int = 3, hi: int = 5) -> list[str]:
    """The character n-grams of each lower-cased word padded with spaces (scikit-learn's
    `char_wb` analyzer, which trained the heads): a word shorter than n gives itself once."""
    out = []
    for word in text.lower().split():
        word = f" {word} "
        for n in range(lo, hi + 1):
            out.extend(word[i:i + n] for i in range(max(1, len(word) - n + 1)))
            if len(word) <= n:
                break
    return out


def _gram_scores(weights: _Weights, texts: list[str]) -> np.ndarray:
    """`g·v` for each text: sublinear TF-IDF of its known n-grams, L2-normalised."""
    out = np.zeros(len(texts), dtype=np.float64)
    for k, text in enumerate(texts):
        counts: dict[int, int] = {}
        for g in char_grams(text):
            j = weights.grams.get(g)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if counts:
            cols = np.fromiter(counts, dtype=np.int64)
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))
            g = tf * weights.idf[cols]
            out[k] = float(g @ weights.v[cols]) / float(np.linalg.norm(g))
    return out


def probabilities(name: str, vectors: np.ndarray, texts: list[str]) -> np.ndarray:
    """The calibrated probability that each sentence (its vector and its text) is of head
    `name`'s class."""
    if name not in HEADS:
        raise KeyError(f"no head named {name!r}; heads: {', '.join(HEADS)}")
    if not len(vectors):
        return np.zeros(0, dtype=np.float32)
    weights = _weights(name)
    z = vectors @ weights.w + weights.b
    if weights.grams:
        z = z + _gram_scores(weights, texts)
    return 1.0 / (1.0 + np.exp(-(weights.a * z + weights.c)))
