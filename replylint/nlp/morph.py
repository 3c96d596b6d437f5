"""Word-level morphology: pymorphy3 lemmas and inflection, shared by the pipeline and the KB.

One `MorphAnalyzer` per process (its dictionaries load in ~0.3 s). Lemmas are lower-case with
`ё` folded to `е`, so lexicons can be written either way.
"""
from __future__ import annotations

from functools import lru_cache

import pymorphy3

from ..budget import untimed

# Universal POS (natasha's tagger) → the OpenCorpora POS tags that pymorphy3 uses.
UD_TO_OC: dict[str, frozenset[str]] = {
    "NOUN": frozenset({"NOUN"}),
    "PROPN": frozenset({"NOUN"}),
    "VERB": frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"}),
    "AUX": frozenset({"VERB", "INFN"}),
    "ADJ": frozenset({"ADJF", "ADJS", "COMP", "PRTF", "PRTS"}),
    "ADV": frozenset({"ADVB", "COMP", "PRED"}),
    "PRON": frozenset({"NPRO", "ADJF"}),
    "DET": frozenset({"ADJF", "NPRO"}),
    "NUM": frozenset({"NUMR", "ADJF"}),
    "ADP": frozenset({"PREP"}),
    "CCONJ": frozenset({"CONJ"}),
    "SCONJ": frozenset({"CONJ", "ADVB"}),
    "PART": frozenset({"PRCL"}),
    "INTJ": frozenset({"INTJ"}),
}


@lru_cache(maxsize=1)
@untimed
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def fold(text: str) -> str:
    """Lower-case and fold `ё` to `е`: the form every lexicon and lemma is compared in."""
    return text.lower().replace("ё", "е")


# natasha's UD features → OpenCorpora grammemes, to pick the reading that agrees with them.
_UD_FEATS = {
    "Mood=Imp": "impr", "Mood=Ind": "indc", "Tense=Past": "past", "Tense=Pres": "pres",
    "Tense=Fut": "futr", "Number=Sing": "sing", "Number=Plur": "plur", "Person=1": "1per",
    "Person=2": "2per", "Person=3": "3per", "Case=Nom": "nomn", "Case=Gen": "gent",
    "Case=Dat": "datv", "Case=Acc": "accs", "Case=Ins": "ablt", "Case=Loc": "loct",
    "Gender=Masc": "masc", "Gender=Fem": "femn", "Gender=Neut": "neut", "Variant=Short": "ADJS",
    "VerbForm=Inf": "INFN", "VerbForm=Part": "PRTF", "VerbForm=Conv": "GRND",
}
_PREFERRED = {"ADJ": "ADJF", "VERB": "VERB", "NOUN": "NOUN", "ADV": "ADVB"}
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


@lru_cache(maxsize=200_000)
def parse(word: str, pos: str | None = None, feats: str = ""):
    """The pymorphy3 parse of `word` that agrees best with natasha's UD `pos` and `feats`
    (`Mood=Ind|Tense=Past`); dictionary words beat guesses by the ending."""
    parses = analyzer().parse(word)
    known = [p for p in parses if _from_dictionary(p)]
    if known:  # a guess by the ending never beats a dictionary word (`Здравствуйте` tagged PROPN)
        parses = known
    if pos == "PROPN" and not any(_PROPER & p.tag.grammemes for p in parses):
        pos = None  # «Рады, что…» opening a sentence is not a name
    if not pos or pos not in UD_TO_OC:
        return parses[0]
    wanted = UD_TO_OC[pos]
    grammemes = {_UD_FEATS[f] for f in feats.split("|") if f in _UD_FEATS}

    def agreement(p) -> tuple:  # natasha's ADJ is an adjective before it is a participle
        return (p.tag.POS in wanted, len(grammemes & (p.tag.grammemes | {p.tag.POS})),
                p.tag.POS == _PREFERRED.get(pos), p.score)

    return max(parses, key=agreement)


def _from_dictionary(p) -> bool:
    return type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


@lru_cache(maxsize=200_000)
def lemma(word: str, pos: str | None = None, feats: str = "") -> str:
    """Lemma of one word, disambiguated by its UD part of speech when known; an all-caps word
    takes its abbreviation reading when it has one (`ИНН` is not a form of `Инна`)."""
    if not any(ch.isalpha() for ch in word):
        return fold(word)
    if len(word) > 1 and word.isupper():
        abbr = [p for p in analyzer().parse(word.lower()) if "Abbr" in p.tag]
        if abbr:
            return fold(abbr[0].normal_form)
    return fold(parse(word.lower(), pos, feats).normal_form)


def lemmas(words: list[str]) -> list[str]:
    """Lemmas of a list of words without context (no POS): for short queries and lexicons."""
    return [lemma(w) for w in words]


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    """True when the dictionary knows the word (not only guessed by its ending)."""
    return analyzer().word_is_known(word.lower())


def inflect(word: str, case: str) -> str:
    """`word` put in grammatical `case` (OpenCorpora: nomn gent datv accs ablt loct), keeping its
    capitalisation; unchanged when pymorphy3 cannot inflect it."""
    p = parse(word.lower())
    form = p.inflect({case})
    if form is None:
        return word
    out = form.word
    if word[:1].isupper():
        out = out[:1].upper() + out[1:]
    return out


_OC_TO_UD = {"NOUN": "NOUN", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ", "VERB": "VERB",
             "INFN": "VERB", "PRTF": "VERB", "PRTS": "VERB", "GRND": "VERB", "NUMR": "NUM",
             "ADVB": "ADV", "PRED": "ADV", "NPRO": "PRON", "PREP": "ADP", "CONJ": "CCONJ",
             "PRCL": "PART", "INTJ": "INTJ"}


def common_pos(word: str) -> str | None:
    """The UD POS of the word's most likely reading that is not a proper name, if it has one."""
    for p in analyzer().parse(word.lower()):
        if _from_dictionary(p) and not (_PROPER & p.tag.grammemes):
            return _OC_TO_UD.get(p.tag.POS)
    return None


def is_full_participle(t) -> bool:
    """A full participle (`подтвердивший`): by natasha's tag, or by pymorphy3 when the form can be
    nothing else (natasha tags some as past finite verbs)."""
    m = str(t.morph)
    if "VerbForm=Part" in m:
        return "Variant=Short" not in m
    return t.pos_ == "VERB" and all(p.tag.POS == "PRTF" for p in analyzer().parse(t.lower_))


def is_imperative(t) -> bool:
    """A 2nd-person imperative (`верните`, `нажмите`) — the one reading of these forms for the
    whole project: pymorphy3 must have the reading; natasha's tag alone misfires (it reads `-ите`
    as the 2nd person plural, a sentence-initial «Нажмите» as an infinitive)."""
    if not t.is_alpha or len(t.text) < 3:
        return False
    low = t.lower_
    if not (low.endswith("те") or low.endswith("и") or low.endswith("й") or low.endswith("ь")):
        return False
    prev = t.nbor(-1) if t.i > 0 else None
    while prev is not None and prev.is_space and prev.i > 0:
        prev = prev.nbor(-1)
    if prev is not None and prev.lower_ in {"вы", "если", "чтобы", "когда", "ли", "то"}:
        return False
    parses = analyzer().parse(low)
    if not any("impr" in p.tag for p in parses):
        return False
    m = str(t.morph)
    if "Tense=Past" in m or "VerbForm=Inf" in m:
        # natasha tags a sentence-initial «Нажмите» as an infinitive: where the form cannot be
        # one, it is an imperative if it cannot be an indicative either («переносите» can)
        return not any(p.tag.POS == "INFN" or "past" in p.tag or "indc" in p.tag for p in parses)
    return "Mood=Imp" in str(t.morph) or "impr" in parses[0].tag or low.endswith("те")
