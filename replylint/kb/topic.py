"""Does a draft built from a template talk about what the customer asked?

Used by the `wrong-topic-template` check (`replylint/checks/template.py`):

- `draft_template(thread_draft_text, template_id, index)`: the KB template the draft is made of
  — named by `draft.template_id`, or found by rapidfuzz (the draft body, greeting and signature
  lines dropped and placeholders folded, against every template body) — or None;
- `coverage(question_words, answer_words, index)`: how much of the question's content the
  answer's words cover, IDF-weighted (IDF from the KB, words the KB never uses weigh most),
  where two words are the same when their navec cosine or their rapidfuzz similarity says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .fill import PLACEHOLDER
from .text import FORMULAS, STOP_LEMMAS, is_stop

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "X", "NUM"})
STEM = 5
STRONG = 0.6  # a navec cosine from which two words count as the same topic

# `^[^\S\n]*`, not `^\s*`: from every line start `\s*` ran over all the blank lines after it
# (quadratic in a draft of newlines); the whitespace before a line is collapsed anyway.
_GREETING_LINE = re.compile(
    r"^[^\S\n]*(?:здравствуйте|добрый\s+(?:день|вечер|утро)|доброе\s+утро|привет|приветствуем)\b[^\n]{0,60}$"
    r"|^[^\n]{0,40}\b(?:здравствуйте|добрый\s+день)!?\s*$", re.I | re.M)
_SIGNOFF = re.compile(r"^[^\S\n]*(?:с\s+уважением|всего\s+доброго|хорошего\s+дня|спасибо,\s+что)", re.I | re.M)


def body_text(text: str) -> str:
    """The draft without its greeting line, signature and placeholders, lower-cased."""
    text = PLACEHOLDER.sub(" ", text)
    m = _SIGNOFF.search(text)
    if m:
        text = text[: m.start()]
    text = _GREETING_LINE.sub(" ", text)
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е")).strip()


def content_words(doc) -> list[tuple[str, str]]:
    """(form, lemma) of the content words of a spaCy Doc or Span (function words, politeness
    formulas and names of people dropped)."""
    out = []
    skip = set()
    for m in FORMULAS.finditer(doc.text if hasattr(doc, "text") else str(doc)):
        skip.update(range(m.start(), m.end()))
    base = doc.start_char if hasattr(doc, "start_char") else 0
    for tok in doc:
        if not tok.is_alpha or len(tok.text) < 2 or tok.pos_ not in CONTENT_POS:
            continue
        if tok.idx - base in skip or tok.ent_type_ == "PER":
            continue
        lem = tok.lemma_.lower().replace("ё", "е")
        if lem in STOP_LEMMAS or is_stop(tok.text.lower()):
            continue
        out.append((tok.text.lower(), lem))
    return out


@dataclass
class TemplateMatch:
    template: object | None  # the KB Template, when the draft is one of the KB's
    template_id: str | None
    similarity: float  # 0-100: how much of the draft is that template's body (100 when named)


def draft_template(draft_text: str, template_id: str | None, index, min_similarity: float = 80.0) -> TemplateMatch | None:
    """The template the draft is made of: the KB template named by `template_id`, else the KB
    template whose body the draft contains (rapidfuzz ≥ `min_similarity`), else — when the
    draft names a template the KB does not have — a match with no KB template; None for a
    free-written draft."""
    from rapidfuzz import fuzz

    templates = index.templates if index is not None else []
    if template_id:
        for t in templates:
            if t.id == template_id:
                return TemplateMatch(t, template_id, 100.0)
    body = body_text(draft_text)
    best, best_t = 0.0, None
    if len(body) >= 40:
        # rapidfuzz on the templates the index finds nearest to the draft, not on the whole KB
        near = [h.template for h in index.search(body, top=10)] if templates else []
        for t in near:
            tb = body_text(t.body)
            if len(tb) < 40:
                continue
            # the draft contains most of the template, or the template most of the draft
            short, long_ = (tb, body) if len(tb) <= len(body) else (body, tb)
            # scores under the bar come back as 0 (rapidfuzz stops early): only a match over it counts
            cut = min_similarity
            s = max(min(fuzz.token_set_ratio(body, tb, score_cutoff=cut),
                        fuzz.partial_ratio(short, long_, score_cutoff=cut)), fuzz.ratio(body, tb, score_cutoff=cut))
            if s > best:
                best, best_t = s, t
    if best_t is not None and best >= min_similarity:
        return TemplateMatch(best_t, best_t.id, best)
    if template_id:
        return TemplateMatch(None, template_id, 100.0)
    return None


def _same_stem(a: str, b: str) -> bool:
    """One derivational family: `списать`/`списание`, `скрин`/`скриншот`, `заказать`/`заказ`."""
    n = min(len(a), len(b), STEM)
    return len(a) >= 4 and len(b) >= 4 and a[:n] == b[:n] and (n == STEM or a.startswith(b) or b.startswith(a))


def word_similarity(q: list[tuple[str, str]], a: list[tuple[str, str]]) -> np.ndarray:
    """|q| x |a| similarity of words: 1 for the same lemma or stem, else the navec cosine."""
    from ..nlp.vectors import embedding

    if not q or not a:
        return np.zeros((len(q), len(a)), dtype=np.float32)
    S = np.array([[1.0 if lq == la or _same_stem(lq, la) else 0.0 for _, la in a] for _, lq in q], dtype=np.float32)
    emb = embedding()

    def vecs(words):
        out = np.zeros((len(words), 300), dtype=np.float32)
        for i, (f, l) in enumerate(words):
            for w in (l, f):
                if w in emb:
                    v = emb[w]
                    out[i] = v / (np.linalg.norm(v) or 1.0)
                    break
        return out

    C = vecs(q) @ vecs(a).T
    return np.clip(np.maximum(S, C), 0.0, 1.0)


def idf_weights(words: list[tuple[str, str]], index) -> np.ndarray:
    if index is None:
        return np.ones(len(words), dtype=np.float32)
    bm = index._s["bm_lem"]
    vocab = index._s["vocab"]
    return np.array([bm.idf_of(vocab.get(l)) for _, l in words], dtype=np.float32)


def coverage(q: list[tuple[str, str]], a: list[tuple[str, str]], index, strong: float = STRONG) -> float:
    """IDF-weighted share of the question's words that the answer names: the same lemma or
    stem, or a word whose navec cosine is at least `strong`."""
    if not q:
        return 1.0
    if not a:
        return 0.0
    w = idf_weights(q, index)
    hit = (word_similarity(q, a).max(1) >= strong).astype(np.float32)
    return float(w @ hit) / (float(w.sum()) or 1.0)


@dataclass
class TopicCheck:
    match: TemplateMatch
    coverage: float            # how much of the question the draft (and its template) names (0-1)
    best: object | None        # the KB's best template for the question (a Hit), if any
    draft_kb_id: str | None    # the KB template the draft is (or is closest to)
    in_top: bool               # that template is among the KB's best for the question
    disagree: bool             # the KB confidently answers the question with other templates
    wrong: bool


def check_topic(draft_text: str, template_id: str | None, question_docs: list, draft_doc,
                index, *, low: float = 0.25, high: float = 0.4, confident: float = 0.3,
                top: int = 10, margin: float = 0.15) -> TopicCheck | None:
    """Is the draft a template on another topic than the question? None for a free-written
    draft (no `template_id`, no KB template found in it).

    A KB template (named or found in the text) is wrong only when the KB clearly answers the
    question with others: it is not among the KB's `top` templates for the question (the top
    5 % of a KB smaller than 20 × `top`), none of the best five of those shares its topic, and
    it scores more than `margin` below the best. (Customers' words often miss a right
    template's words — `ролики сами не проигрываются` for «Как отключить автовоспроизведение?» —
    so word coverage alone would block right answers.) A template the KB does not have is
    judged by the draft's words: wrong when they name almost none of the question (`coverage <
    low`) unless the KB places the draft's nearest template among the question's best three, or
    little of it (`< high`) while the KB confidently answers the question with other templates."""
    from .index import version_key
    from .text import content_tokens

    match = draft_template(draft_text, template_id, index)
    if match is None:
        return None
    answer = content_words(draft_doc)
    if match.template is not None:
        t = match.template
        answer = answer + [w for ph in [t.title, *t.questions] for w in content_tokens(ph)]
    whole = [w for d in question_docs for w in content_words(d)]
    parts = [whole]
    for d in question_docs:
        for sent in d.sents:
            if "?" in sent.text:
                parts.append(content_words(sent))
    cov = max(coverage(p, answer, index) for p in parts if p) if any(parts) else 1.0
    best, draft_kb, in_top, disagree = None, None, False, False
    hits, question = [], ""
    if index is not None and index.templates:
        question = " ".join(d.text for d in question_docs)
        hits = index.search(question, top=top)
        best = hits[0] if hits else None
        if match.template is not None:
            draft_kb = match.template.id
        else:
            near = index.search(body_text(draft_text), top=1)
            draft_kb = near[0].id if near else None
        # "among the best" means the top `top`, or the top 5 % of a small KB
        k = max(1, min(top, round(0.05 * len(index.templates))))
        ids = [h.id for h in hits[:k]]
        if draft_kb is not None:
            in_top = draft_kb in (ids if match.template is not None else ids[:3])
            disagree = best is not None and best.score >= confident and draft_kb not in ids
    if match.template is not None:
        t = match.template
        same = version_key(t) in {version_key(h.template) for h in hits[:k]} or (
            bool(t.topic) and t.topic in {h.template.topic for h in hits[:min(5, k)]})
        wrong = (not in_top and not same and best is not None
                 and best.score - index.score(question, t.id) > margin)
    else:
        wrong = (cov < low and not in_top) or (cov < high and disagree)
    return TopicCheck(match, cov, best, draft_kb, in_top, disagree, wrong)


def is_greeting(sentence: str) -> bool:
    s = sentence.strip()
    return bool(_GREETING_LINE.fullmatch(s)) or (len(s) <= 40 and bool(re.match(
        r"(?i)^[\w\s,]*(?:здравствуйте|добрый\s+(?:день|вечер)|доброе\s+утро|привет)[\w\s,]*!?$", s)))


def is_signoff(sentence: str) -> bool:
    return bool(_SIGNOFF.match(sentence))
