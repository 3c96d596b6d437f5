"""Rule packs: declared once in `rules/*.yaml`, validated on load, run against an analysed thread."""
from .loader import PackError, load_rules
from .registry import register
from .rule import Rule

__all__ = ["PackError", "Rule", "load_rules", "register"]
