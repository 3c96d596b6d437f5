"""Text analysis for the KB index: tokens, lemmas, stop words and greetings.

A token is a run of letters/digits; its lemma comes from the shared pymorphy3 analyser
(`replylint.nlp.morph`). Function words (prepositions, conjunctions, particles, interjections,
personal pronouns) and the formulas of politeness that every question may carry
(`здравствуйте`, `подскажите`, `пожалуйста`, `добрый день`, `с уважением` …) are dropped by
lemma, so they neither match nor dilute the semantic vector.

The question words (`кто`, `сколько`, `где`, `почему`, `можно` …) are function words too, but in a
question they say what is asked — and sibling templates differ by exactly that: «Кто проводит
модерацию?» is «Кем осуществляется модерация?», not «Что проверяют при модерации?». They are
kept in questions and phrasings (`content_tokens(text, asking=True)`) and dropped from answers.
Asking whether something is possible has several wordings — «могу ли я», «смогу ли»,
«есть ли возможность» ask what «можно ли» asks — so in questions those lemmas read as `можно`
(not when negated: «не могу найти» reports a problem).
"""
from __future__ import annotations

import re
from functools import lru_cache

TOKEN = re.compile(r"[0-9a-zа-яё]+", re.I)

# Multi-word greetings and sign-offs, removed before tokenising.
FORMULAS = re.compile(
    r"\b(?:добр(?:ый|ого|ое|ой)\s+(?:день|дня|вечер|вечера|утро|утра|времени|время|суток)"
    r"|доброго\s+времени\s+суток|с\s+уважением|всего\s+доброго|хорошего\s+дня"
    r"|заранее\s+спасибо|спасибо\s+заранее|большое\s+спасибо|за\s+ранее\s+спасибо)\b",
    re.I,
)

STOP_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})

STOP_LEMMAS = frozenset("""
здравствуйте здравствовать здраствуйте здрасте привет приветствовать добрый доброго
подсказать подскажите пожалуйста пжл плиз спасибо благодарить благодарность заранее уважение
помочь помогать сказать скажите объяснить прошу просить извинить извините уточнить
быть являться это этот тот такой весь всё все сам самый свой мой твой ваш наш его ее её их
который какой каков какой-то какой-нибудь кто что чей
ли же бы ну вот вообще просто очень также тоже ещё еще уже там тут здесь
можно нужно надо необходимо мочь смочь хотеть
а и или но да нет не ни
""".split())


# What a question asks: kept in questions and phrasings (by lemma), never in answers.
QUESTION_WORDS = frozenset("кто что как какой сколько где когда почему зачем куда откуда можно".split())
# Lemmas that ask whether something is possible, read as `можно` in questions.
POSSIBILITY = frozenset("мочь смочь возможность".split())


def tokens(text: str) -> list[str]:
    """Lower-case word forms of `text` (greeting formulas removed)."""
    text = FORMULAS.sub(" ", text)
    return [t.lower() for t in TOKEN.findall(text)]


@lru_cache(maxsize=300_000)
def is_stop(word: str) -> bool:
    from ..nlp.morph import fold, parse

    w = fold(word)
    if w in STOP_LEMMAS:
        return True
    p = parse(word)
    if p.tag.POS in STOP_POS and p.score >= 0.3:
        return True
    return fold(p.normal_form) in STOP_LEMMAS


@lru_cache(maxsize=300_000)
def lemma_of(word: str) -> str:
    from ..nlp.morph import analyzer, fold, is_known, lemma

    if word.isalpha() and not is_known(word):
        # a word the dictionary does not know is guessed by its ending: when one guess takes it
        # as it stands (`стримить`, `рутуб`), that beats an invented lemma (`стримитя`, `рутуба`)
        if any(fold(p.normal_form) == fold(word) for p in analyzer().parse(word)):
            return fold(word)
    return lemma(word)


def content_tokens(text: str, asking: bool = False) -> list[tuple[str, str]]:
    """(form, lemma) pairs of the content words of `text`; with `asking` (a question or a
    template's phrasing), its question words too."""
    out = []
    words = tokens(text)
    for i, w in enumerate(words):
        if len(w) == 1 and not w.isdigit():
            continue
        lem = lemma_of(w)
        # «могу ли» asks what «можно ли» asks; «не могу найти» reports a problem
        if asking and lem in POSSIBILITY and (i == 0 or words[i - 1] != "не"):
            out.append((w, "можно"))
        elif not is_stop(w) or asking and _asks(w):
            out.append((w, lem))
    return out


@lru_cache(maxsize=10_000)
def _asks(word: str) -> bool:
    from ..nlp.morph import fold

    return fold(word) in QUESTION_WORDS or fold(lemma_of(word)) in QUESTION_WORDS
