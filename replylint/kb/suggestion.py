"""One suggestion request, as `replylint suggest --input` lines and the service's `/v1/suggest`
take it: a `{"id","text"}` record (or `{"question"}`, or a whole Thread) in, the ranked templates
with their placeholders filled out (FORMATS.md, Suggestion)."""
from __future__ import annotations


def question_of(rec: dict) -> tuple[str, str, dict]:
    """(id, question text, placeholder values) from a `{"id","text"}` record or a Thread."""
    from .fill import values_from_thread

    if "messages" in rec:
        msgs = rec["messages"]
        if not isinstance(msgs, list):
            raise ValueError("field 'messages': expected a list")
        last_agent = -1
        for i, m in enumerate(msgs):
            if isinstance(m, dict) and m.get("author") == "agent":
                last_agent = i
        parts = [m.get("text", "") for m in msgs[last_agent + 1:]
                 if isinstance(m, dict) and m.get("author", "customer") == "customer" and isinstance(m.get("text", ""), str)]
        text = "\n".join(p for p in parts if p.strip())
        if not text.strip():
            raise ValueError("thread has no customer message after the last agent message")
        return str(rec.get("id", "")), text, values_from_thread(rec)
    if "question" in rec and "text" not in rec:
        rec = {**rec, "text": rec["question"]}
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("field 'text': expected the question text (or a Thread with 'messages')")
    vals = values_from_thread(rec) if isinstance(rec.get("customer"), dict) else {}
    return str(rec.get("id", "")), text, vals


def suggestion(index, qid: str, text: str, values: dict, top: int, min_score: float) -> dict:
    from .fill import fill

    hits = index.search(text, top=top, min_score=min_score)
    return {"id": qid, "templates": [
        {"id": h.template.id, "title": h.template.title, "score": round(h.score, 3),
         "text": fill(h.template.body, values).text} for h in hits]}
