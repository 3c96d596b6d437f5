"""replylint: checks a support agent's draft reply against the customer's thread before it is sent.

    >>> from replylint import check
    >>> report = check({"question": "Когда доставят?", "draft": "Короче, щас привезут"})
    >>> report.verdict
"""
import os

# natasha's taggers multiply small matrices: multi-threaded BLAS only fights over the cores
# (measured 6x slower per thread on a busy 2-core machine). Set before numpy loads; the
# environment can still override it.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from .checker import check  # noqa: E402
from .config import ConfigError, Settings, load_settings  # noqa: E402
from .engine import PackError, load_rules  # noqa: E402
from .inputs import InputError  # noqa: E402
from .model import Finding, Report, Span, Thread  # noqa: E402

__all__ = ["check", "Settings", "load_settings", "load_rules", "Report", "Finding", "Span",
           "Thread", "InputError", "ConfigError", "PackError", "suggest", "load_kb"]


def __getattr__(name: str):  # the KB loads lazily: `replylint.suggest`, `replylint.load_kb`
    if name in {"suggest", "load_kb"}:
        from . import kb

        return getattr(kb, name)
    raise AttributeError(name)
