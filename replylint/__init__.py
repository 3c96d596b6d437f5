"""replylint: checks a support agent's draft reply against the customer's thread before it is sent.

    >>> from replylint import check
    >>> report = check({"question": "Когда доставят?", "draft": "Короче, щас привезут"})
    >>> report.verdict
"""
from .checker import check
from .config import ConfigError, Settings, load_settings
from .engine import PackError, load_rules
from .inputs import InputError
from .model import Finding, Report, Span, Thread

__all__ = ["check", "Settings", "load_settings", "load_rules", "Report", "Finding", "Span",
           "Thread", "InputError", "ConfigError", "PackError", "suggest", "load_kb"]


def __getattr__(name: str):  # the KB loads lazily: `replylint.suggest`, `replylint.load_kb`
    if name in {"suggest", "load_kb"}:
        from . import kb

        return getattr(kb, name)
    raise AttributeError(name)
