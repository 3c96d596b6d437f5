"""Knowledge base of answer templates: storage, search index, filling, import and learning.

Cheap to import: the index (numpy, navec, rapidfuzz) loads only when first used.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..budget import untimed
from .fill import Filled, fill
from .store import KBError, Template, load_kb, write_jsonl, write_markdown

if TYPE_CHECKING:  # pragma: no cover
    from .index import Hit, KBIndex

__all__ = ["load_kb", "KBIndex", "Hit", "fill", "Filled", "Template", "KBError", "default_kb_path",
           "suggest", "suggest_for_thread", "get_index", "write_jsonl", "write_markdown"]


def __getattr__(name: str) -> Any:
    if name in ("KBIndex", "Hit"):
        from . import index

        return getattr(index, name)
    if name in ("suggest_for_thread", "SuggestedTemplate"):
        from . import thread as _thread

        return getattr(_thread, name)
    raise AttributeError(name)


def default_kb_path() -> Path:
    """`<package>/templates_kb` when the installed package carries it, else `<repo root>/templates_kb`."""
    pkg = Path(__file__).resolve().parent.parent
    inside = pkg / "templates_kb"
    if inside.is_dir():
        return inside
    return pkg.parent / "templates_kb"


_indexes: dict[tuple[str, int, int], "KBIndex"] = {}
# A check asks for the index several times; the KB's files are stat-ed at most this often, so an
# edited KB is picked up within a second without a glob and a stat per file on every call.
RESTAT_SECONDS = 1.0
_stamps: dict[str, tuple[float, tuple[str, int, int]]] = {}
_lock = threading.Lock()


def _stamp(p: Path) -> tuple[int, int]:
    """A cheap change stamp (newest mtime, file count) so an edited KB is re-indexed."""
    from .store import kb_files

    try:
        files = kb_files(p)
        return max((f.stat().st_mtime_ns for f in files), default=0), len(files)
    except OSError:
        return 0, 0


@untimed
def get_index(kb: str | Path | None = None) -> "KBIndex":
    """The process-wide index of the KB at `kb` (default: `default_kb_path()`), built or loaded
    from the disk cache on first use."""
    from .index import KBIndex

    p = Path(kb) if kb is not None else default_kb_path()
    now = time.monotonic()
    seen = _stamps.get(str(p))
    if seen is None or now - seen[0] > RESTAT_SECONDS:
        seen = _stamps[str(p)] = (now, (str(p.resolve()), *_stamp(p)))
    key = seen[1]
    idx = _indexes.get(key)
    if idx is None:
        with _lock:
            idx = _indexes.get(key)
            if idx is None:
                idx = KBIndex.from_path(p)
                _indexes[key] = idx
    return idx


def suggest(text: str, kb: "str | Path | KBIndex | None" = None, top: int = 3,
            min_score: float = 0.0) -> list["Hit"]:
    """The `top` templates of the KB best answering `text` (scores in [0, 1], best first)."""
    from .index import KBIndex

    idx = kb if isinstance(kb, KBIndex) else get_index(kb)
    return idx.search(text, top=top, min_score=min_score)
