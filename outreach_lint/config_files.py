"""Reading and validating one configuration file, with the line of every key.

A ``.outreach-lint.yaml`` / ``.yml`` is read with the campaign loader (positions, limits,
duplicate keys); a ``pyproject.toml``'s ``[tool.outreach-lint]`` table or another ``.toml``
with ``tomllib``, its lines found by scanning headers and keys. Both are checked against the
shipped ``schemas/config.json`` and become a :class:`~outreach_lint.config.Config`; every
problem is a :class:`~outreach_lint.config.ConfigError` naming the file, the line and the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import schemas
from .config import Config, ConfigError
from .globs import GlobError, check_pattern

YAML_NAMES = (".outreach-lint.yaml", ".outreach-lint.yml")
PYPROJECT = "pyproject.toml"
TABLE = "tool.outreach-lint"
#: spaces and tabs only (TOML's whitespace): ``\s`` also takes newlines, and ``^\s*`` from every one of
#: 200,000 blank lines made a small pyproject.toml take minutes
_TABLE_HEADER = re.compile(r"""^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*(?:"outreach-lint"|'outreach-lint'|outreach-lint)[ \t]*[\].]""", re.M)

#: Settings that must never come from a committed file. ``show-pii`` unmasks
#: contact addresses in every output: set in a config file it would silently
#: put personal data into every developer's terminal and every CI log, so it
#: has to be asked for explicitly, each time, with ``--show-pii``.
FORBIDDEN = {
    "show-pii": "show-pii cannot be set in a config file: unmasking personal data needs --show-pii on the command line, each time",
}


#: a configuration is a page of settings; a bigger file (a generated monster, a trap) is refused
MAX_CONFIG_BYTES = 4 * 1024 * 1024


def has_table(pyproject: Path) -> bool:
    """Whether a ``pyproject.toml`` holds a ``[tool.outreach-lint]`` table (one without it does not count)."""
    try:
        with pyproject.open("rb") as handle:  # bounded: load_config refuses a bigger file anyway
            return bool(_TABLE_HEADER.search(handle.read(MAX_CONFIG_BYTES + 1).decode("utf-8", errors="replace")))
    except OSError:
        return False


def load_config(path: str | Path) -> Config:
    """Read and validate one configuration file. Raises :class:`ConfigError`."""
    shown = str(path)
    path = Path(path).resolve()
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"the config file is over {MAX_CONFIG_BYTES:,} bytes", shown)
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the config file ({exc.strerror or exc})", shown) from None
    if path.name == PYPROJECT or path.suffix == ".toml":
        data, locate = _read_toml(raw, shown, is_pyproject=path.name == PYPROJECT)
    else:
        data, locate = _read_yaml(raw, shown)
    _validate(data, shown, locate)
    _check_globs(data, shown, locate)
    for index, folder in enumerate(data.get("rules", ())):
        if not (path.parent / folder).is_dir():
            raise ConfigError(f"rule folder {folder!r} does not exist (relative to {path.parent})", shown, locate(["rules", index]), "rules")
    return _build(data, path)


def _check_globs(data: dict[str, Any], shown: str, locate: Locator) -> None:
    """Globs over the bounds of :func:`outreach_lint.globs.check_pattern` are a config error."""
    places: list[tuple[list[str | int], str]] = [([key, index], glob) for key in ("include", "exclude") for index, glob in enumerate(data.get(key, ()))]
    places += [(["per-path-ignores", glob], glob) for glob in data.get("per-path-ignores", {})]
    for parts, glob in places:
        try:
            check_pattern(glob)
        except GlobError as exc:
            raise ConfigError(str(exc), shown, locate(parts), ".".join(map(str, parts[:1]))) from None


def locate_key(path: str | Path, parts: Sequence[str | int]) -> int:
    """The line of a key in a config file that already loaded (for errors found later, e.g. an unknown rule)."""
    raw = Path(path).read_bytes()
    if Path(path).suffix == ".toml":
        _, locate = _read_toml(raw, str(path), is_pyproject=Path(path).name == PYPROJECT)
    else:
        _, locate = _read_yaml(raw, str(path))
    return int(locate(parts))


Locator = Any  # Callable[[Sequence[str | int]], int]: the line of a key path


def _read_yaml(raw: bytes, shown: str) -> tuple[dict[str, Any], Locator]:
    from .loader import LoadError, load_bytes

    try:
        loaded = load_bytes(raw, shown)
    except LoadError as exc:
        raise ConfigError(str(exc), shown, exc.line) from None
    if loaded.duplicate_keys:
        key, (line, _) = loaded.duplicate_keys[0]
        raise ConfigError("appears twice; only one value would count", shown, line, key)
    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError("the config file must be a mapping of settings", shown, 1)

    def locate(parts: Sequence[str | int]) -> int:
        return loaded.source_map.locate(data, list(parts))[0][0]

    return data, locate


def _read_toml(raw: bytes, shown: str, is_pyproject: bool) -> tuple[dict[str, Any], Locator]:
    import tomllib

    text = raw.decode("utf-8", errors="replace")
    try:
        document = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ConfigError("invalid TOML: nested too deeply to be a configuration", shown, 1) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))  # "at end of document"
        raise ConfigError(f"invalid TOML: {exc}", shown, line) from None
    data: Any = document.get("tool", {}).get("outreach-lint", {}) if is_pyproject else document
    if not isinstance(data, dict):
        raise ConfigError(f"[{TABLE}] must be a table", shown, _toml_line(text, [], is_pyproject))

    def locate(parts: Sequence[str | int]) -> int:
        return _toml_line(text, [str(p) for p in parts if not isinstance(p, int)], is_pyproject)

    return data, locate


def _toml_line(text: str, parts: list[str], is_pyproject: bool) -> int:
    """Good-enough line of a key in TOML (tomllib keeps no positions): scan headers and keys."""
    prefix = [TABLE] if is_pyproject else []
    lines = text.splitlines()
    best = 0
    table = ""
    for number, line in enumerate(lines, start=1):
        if len(line) > 4096:  # no key of ours is that long; the patterns below are quadratic in it
            continue
        header = re.match(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$", line)
        if header:
            table = re.sub(r"\s*\.\s*", ".", header.group(1)).replace('"', "").replace("'", "")
            if table == ".".join(prefix) and not best:
                best = number
            for depth in range(1, len(parts) + 1):
                if table == ".".join(prefix + parts[:depth]):
                    best = max(best, number)
            continue
        key = re.match(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""", line)
        if not key:
            continue
        raw_key = key.group(1)
        path = [raw_key.strip("\"'")] if raw_key[0] in "\"'" else raw_key.split(".")
        full = (table.split(".") if table else []) + path
        full_prefix = ".".join(full)
        for depth in range(len(parts), 0, -1):
            if full_prefix == ".".join(prefix + parts[:depth]):
                return number
    return best or 1


def _validate(data: dict[str, Any], shown: str, locate: Locator) -> None:
    """Check against the shipped schema with the engine's schema compiler.

    The compiler (the same that checks campaigns) keeps python-jsonschema out
    of the start-up of every run that has a config file; the tests check the
    schema with python-jsonschema itself.
    """
    for key, message in FORBIDDEN.items():
        if key in data:
            raise ConfigError(message, shown, locate([key]), key)
    errors: list[Any] = []
    if _config_check()(data, errors):
        return
    described = [_describe(e) for e in errors]
    located = sorted(((locate(parts), ".".join(map(str, parts)), message) for parts, message in described), key=lambda item: item[0])
    line, key, message = located[0]
    raise ConfigError(message, shown, line, key)


@lru_cache(maxsize=1)
def _config_check() -> Any:
    from .condition import Compiler

    return Compiler().compile(config_schema())


def _describe(failure: Any) -> tuple[list[str | int], str]:
    """(key path, one-line problem) for a schema failure from :mod:`outreach_lint.condition`."""
    parts: list[str | int] = list(failure.path)
    if failure.keyword == "additionalProperties" and parts:
        known = _known_keys(parts[:-1])
        import difflib  # only for a "did you mean"

        close = difflib.get_close_matches(str(parts[-1]), known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(known)})"
        return parts, f"unknown key{hint}"
    if failure.keyword == "pattern":
        value = failure.message.split(" does not match", 1)[0]
        return parts, f"{value} is not a rule code, code prefix or rule name"
    if failure.keyword == "type":
        match = re.match(r"^(.*) \(an? \w+\) is not of type (\w+)$", failure.message)
        if match:
            return parts, f"{match.group(1)} is not {_a(match.group(2))}"
    if failure.keyword == "minimum":
        match = re.match(r"^(.*) is less than (.*)$", failure.message)
        if match:
            return parts, f"{match.group(1)} must be at least {match.group(2)}"
    if failure.keyword == "enum":
        return parts, failure.message.replace("[", "").replace("]", "")
    return parts, str(failure.message).splitlines()[0]


def _known_keys(parts: Sequence[str | int]) -> list[str]:
    """The property names the schema allows at ``parts`` (for "did you mean")."""
    schema = config_schema()
    node: Any = schema
    for part in parts:
        node = node.get("properties", {}).get(part) or node.get("additionalProperties") or {}
        while isinstance(node, dict) and "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return list(node.get("properties", {})) if isinstance(node, dict) else []


def _a(kind: str) -> str:
    return {"array": "a list", "object": "a mapping", "string": "a string", "boolean": "true or false", "integer": "a whole number"}.get(
        kind, f"of type {kind}"
    )


@lru_cache(maxsize=1)
def config_schema() -> dict[str, Any]:
    return schemas.load("config.json")  # type: ignore[no-any-return]


def _build(data: Mapping[str, Any], path: Path) -> Config:
    folder = path.parent
    return Config(
        source=path,
        select=tuple(data.get("select", ())),
        ignore=tuple(data.get("ignore", ())),
        per_path_ignores=tuple((glob, tuple(selectors)) for glob, selectors in data.get("per-path-ignores", {}).items()),
        severity=tuple(data.get("severity", {}).items()),
        rules=tuple((folder / r).resolve() for r in data.get("rules", ())),
        fail_on=data.get("fail-on"),
        fail_if_empty=bool(data.get("fail-if-empty", False)),
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        inline_suppressions=bool(data.get("inline-suppressions", True)),
        limits=tuple((k.replace("-", "_"), int(v)) for k, v in data.get("limits", {}).items()),
        sign_off_roles=tuple(data.get("report", {}).get("sign-off-roles", ())),
        allowed_reference_roots=tuple((folder / r).resolve() for r in data.get("allowed-reference-roots", ())),
        base=folder,
        keys=frozenset(data),
    )
