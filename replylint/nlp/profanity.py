"""Obscene and insulting words, by lemma, from the MIT-licensed list shipped in the `slaviclean`
package (22,000 Russian forms with their lemmas), including masked spellings (`бл@ть`, `х*рня`)."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from .morph import fold

_MASK = re.compile(r"[*@#$%!_.]")
_LOOKALIKE = str.maketrans({"@": "а", "0": "о", "3": "з", "6": "б", "a": "а", "e": "е", "o": "о",
                            "p": "р", "c": "с", "x": "х", "y": "у", "k": "к"})


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(lemmas, forms) of words typed obscene, insulting or a slur (euphemisms alone are not)."""
    text = resources.files("slaviclean.resources.profanity").joinpath("ru.csv").read_text("utf-8")
    lemmas, forms = set(), set()
    for row in csv.DictReader(text.splitlines()):
        types = set(row["profanityTypes"].split())
        if types - {"euphemism", "loanword"}:
            lemmas.add(fold(row["lemma"]))
            forms.add(fold(row["flexion"]))
    return frozenset(lemmas), frozenset(forms)


def is_profane(word: str, lemma: str) -> bool:
    lemmas, forms = _lexicon()
    low = fold(word)
    if lemma in lemmas or low in forms:
        return True
    if not _MASK.search(low) or not re.search(r"[а-я]", low):
        return False
    plain = low.translate(_LOOKALIKE)
    if plain in forms:
        return True
    masked = re.compile(_MASK.sub(".", re.escape(low).replace("\\", "")).replace("..", "."))
    return len(low) >= 3 and any(masked.fullmatch(f) for f in forms if len(f) == len(low))
