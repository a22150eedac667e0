"""Rule files checked before they are built: against ``schemas/rule.json``, the file's name, and the
facts they name (``schemas/facts.json``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import schemas
from ..loader import Loaded
from .files import line_of
from .model import RuleError


@lru_cache(maxsize=1)
def rule_schema() -> dict[str, Any]:
    return schemas.load("rule.json")  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def meta_validator() -> Any:
    import jsonschema  # imported here: only needed when rule files are (re)validated

    return jsonschema.Draft202012Validator(rule_schema())


def check_facts(path: Path, loaded: Loaded) -> None:
    """Refuse a rule that names a fact no reader declares (schemas/facts.json): it would never fire."""
    from ..factschema import undeclared_in_rule

    for parts, name in undeclared_in_rule(loaded.data):
        raise RuleError(
            f"names the fact {name!r}, which is not declared (see `outreach-lint schema facts`); a misspelt fact would make the rule silently never fire",
            str(path),
            line_of(loaded, parts),
        )


def validate_rule_file(path: Path, loaded: Loaded, validator: Any) -> None:
    data = loaded.data
    file = str(path)
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a mapping", file, 1)
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise RuleError(f"{where}: {error.message}", file, line_of(loaded, error.absolute_path))
    if path.stem not in (data["code"], data["name"], f"{data['code']}-{data['name']}"):
        raise RuleError(f"the file name must be the rule's code or name ({data['code']} or {data['name']})", file, 1)
