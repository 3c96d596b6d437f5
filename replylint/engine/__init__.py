"""Rule packs: declared once in `rules/*.yaml`, validated on load, run against an analysed thread."""
from .loader import load_rules
from .registry import register
from .rule import PackError, Rule
from .schema import Options

__all__ = ["Options", "PackError", "Rule", "load_rules", "register"]
