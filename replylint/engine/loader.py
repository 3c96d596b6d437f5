"""Load and validate rule packs. A bad pack is reported with its file, line, rule and field."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..budget import untimed
from ..files import MiB, read_bytes
from ..resources import rules_dir
from .registry import CHECKS, load_checks
from .rule import PackError, Rule
from .schema import Pack


MAX_PACK_BYTES = 4 * MiB


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """The line of the YAML node at a pydantic error location (a mapping key's own line)."""
    line = node.start_mark.line + 1 if node else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def load_pack(path: Path) -> list[Rule]:
    try:
        text = read_bytes(path, MAX_PACK_BYTES).decode("utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as e:
        raise PackError(f"{path}: cannot read: {e}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise PackError(f"{where}: not valid YAML: {getattr(e, 'problem', e)}") from None
    try:
        pack = Pack.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = err["loc"]
        rule = ""
        if len(loc) > 1 and loc[0] == "rules" and isinstance(data, dict):
            try:
                rule = f" rule {data['rules'][loc[1]].get('name', '#' + str(loc[1]))!s}:"
            except (IndexError, AttributeError, KeyError, TypeError):
                rule = ""
        field = ".".join(str(p) for p in loc[2:]) if rule else ".".join(map(str, loc))
        raise PackError(
            f"{path}:{_line_of(node, loc)}:{rule} {field or '(pack)'}: {err['msg']}"
        ) from None
    rules = []
    for spec in pack.rules:
        where = f"{path}:{_line_of(node, ('rules', pack.rules.index(spec)))}: rule {spec.name}"
        check = CHECKS.get(spec.name) if spec.python else None
        if spec.python and check is None:
            raise PackError(f"{where}: python: true, but no check is registered for it")
        if not spec.python and not (spec.lexicon or spec.patterns):
            raise PackError(f"{where}: a data rule needs a lexicon or patterns (or python: true)")
        rule = Rule(spec, pack.family, check, str(path))
        try:
            rule.validate_options(spec.options)
        except ValidationError as e:
            err = e.errors()[0]
            loc = ("rules", pack.rules.index(spec), "options", *err["loc"])
            raise PackError(f"{path}:{_line_of(node, loc)}: rule {spec.name}: "
                            f"{'.'.join(map(str, loc[2:]))}: {err['msg']}") from None
        try:
            rule.lexicon.matcher  # expands @files and compiles every phrase and pattern
        except (OSError, ValueError, KeyError) as e:
            raise PackError(f"{where}: lexicon or patterns: {e}") from None
        rules.append(rule)
    return rules


@lru_cache(maxsize=8)
@untimed
def load_rules(extra: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """Every rule of the packaged packs and of the `extra` files or folders, validated."""
    load_checks()
    paths = sorted(rules_dir().glob("*.yaml"))
    for item in extra:
        p = Path(item)
        if not p.exists():
            raise PackError(f"{p}: rule path does not exist")
        paths.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in paths:
        for rule in load_pack(path):
            for key in (rule.name, rule.code):
                if key in seen:
                    raise PackError(f"{path}: rule {rule.name}: {key} is already declared in {seen[key]}")
                seen[key] = str(path)
            rules.append(rule)
    return tuple(rules)
