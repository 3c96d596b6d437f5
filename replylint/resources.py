"""Where the packaged data lives: `rules/` and `templates_kb/` sit at the repository's top level
and are copied into the wheel as `replylint/rules` and `replylint/templates_kb`."""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The packaged copy of a top-level data folder (installed wheel), else the source tree's."""
    installed = _PKG / name
    return installed if installed.is_dir() else _PKG.parent / name


def rules_dir() -> Path:
    return data_dir("rules")


def lexicons_dir() -> Path:
    """The packaged packs' lexicon files (`@name` entries, `Lexicon.load`)."""
    return rules_dir() / "lexicons"


def lexicon_file(name: str) -> Path:
    return lexicons_dir() / name


def heads_dir() -> Path:
    """The trained heads' weights (`replylint/heads/*.npz`, written by `make train`)."""
    return _PKG / "heads"
