"""natasha's bundled navec word vectors (news, 250K words, 300-d), loaded once per process and
shared by the pipeline's taggers, answer matching and the knowledge-base index."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..budget import untimed


@lru_cache(maxsize=1)
@untimed
def embedding():
    from natasha import NewsEmbedding

    return NewsEmbedding()


def vector(word: str) -> np.ndarray | None:
    """The vector of a word (lower-case form or lemma), or None when navec does not know it."""
    emb = embedding()
    return emb[word] if word in emb else None


@lru_cache(maxsize=50_000)
def unit_vector(word: str) -> np.ndarray | None:
    """The word's vector scaled to length 1 (cosine = dot product), or None when unknown."""
    v = vector(word)
    if v is None:
        return None
    n = float(np.linalg.norm(v))
    return v / n if n else None
