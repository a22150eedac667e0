"""Configuration files: find them, validate them, and answer per-file questions.

Where settings come from
    ``.outreach-lint.yaml``, ``.outreach-lint.yml`` or the ``[tool.outreach-lint]``
    table of ``pyproject.toml``. Each checked file uses every one found by
    walking up from the file's folder, the nearer extending the outer ones
    (:mod:`outreach_lint.layers`; in one folder the YAML files win over
    ``pyproject.toml``; a ``pyproject.toml`` without the table does not count).
    The walk stops at the first folder holding ``.git`` (the repository root,
    which is still searched) or at the filesystem root, so a stray file above
    the repository never changes a run. ``--config FILE`` pins one file and
    stops discovery for every file.

Run-wide settings
    ``fail-on`` decides the exit code of the whole run, so it comes from
    ``--config`` or from the configuration found from the folder the linter
    runs in (the repository root in CI and pre-commit); the other settings
    apply per file.

Errors
    Unknown keys and bad values are a :class:`ConfigError` naming the file,
    the line and the key; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from .globs import GlobError, check_pattern, glob_matches

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


class ConfigError(Exception):
    """A configuration file that cannot be used. ``str()`` is one line: ``file:line: key: problem``."""

    def __init__(self, message: str, file: str | Path = "", line: int = 0, key: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file)
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (f"{self.file}: " if self.file else "")
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


# -- globs: see outreach_lint.globs (bounded matching) ---------------------------------------

# -- the configuration ----------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _relative(root: str, file: str, cwd: str) -> str:
    """String operations first: a run asks this for every file, and resolving symlinks is slow."""
    absolute = os.path.normpath(os.path.join(cwd, file))
    inside = _under(absolute, os.path.abspath(root))
    if inside is None:
        inside = _under(os.path.realpath(absolute), os.path.realpath(root))
    if inside is None:
        return PurePosixPath(*Path(file).parts).as_posix()
    return inside


def _under(path: str, root: str) -> str | None:
    if path == root:
        return ""
    prefix = root if root.endswith(os.sep) else root + os.sep
    return path[len(prefix) :].replace(os.sep, "/") if path.startswith(prefix) else None


@dataclass(frozen=True)
class Config:
    """One configuration file's settings (or the defaults, with ``source`` None)."""

    source: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    rules: tuple[Path, ...] = ()
    fail_on: str | None = None
    #: run-wide, like ``fail_on``: a run that finds no campaign file fails
    fail_if_empty: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    inline_suppressions: bool = True
    limits: tuple[tuple[str, int], ...] = ()
    #: report.sign-off-roles: who may accept the risk of a BLOCKED report (verify-report --require-sign-off)
    sign_off_roles: tuple[str, ...] = ()
    #: folders outside the repository that references may point into (root configuration only)
    allowed_reference_roots: tuple[Path, ...] = ()
    #: the folder globs are relative to; the source's folder, or the current folder for defaults
    base: Path = field(default_factory=Path.cwd, compare=False)
    #: the keys the file sets (to tell "set to the default" from "not set")
    keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    #: set on a file that is not the root configuration, and on a chain that holds one
    nested: bool = False
    #: the files above this one, outermost first, each as written (see :mod:`outreach_lint.layers`)
    parents: tuple[Config, ...] = field(default=(), compare=False, repr=False)
    #: the root configuration of the chain as written, if the chain has one
    root_config: Config | None = field(default=None, compare=False, repr=False)

    @property
    def root(self) -> Path:
        return self.source.parent if self.source is not None else self.base

    def layers(self) -> tuple[Config, ...]:
        """Every file of the chain, outermost first; path-based keys apply each from its own folder."""
        return (*self.parents, self)

    def relative(self, file: str | Path) -> str:
        """``file`` relative to this config's folder, with forward slashes (as given if outside it)."""
        return _relative(str(self.root), os.fspath(file), os.getcwd())

    def is_excluded(self, file: str | Path) -> bool:
        return any(layer.exclude and any(glob_matches(p, layer.relative(file)) for p in layer.exclude) for layer in self.layers())

    def is_included(self, file: str | Path) -> bool:
        """For files found by searching folders: does ``include`` (the nearest file's that sets one) pick this one up?"""
        for layer in reversed(self.layers()):
            if layer.include:
                relative = layer.relative(file)
                return any(glob_matches(pattern, relative) for pattern in layer.include)
        return True

    def ignores_for(self, file: str | Path) -> tuple[str, ...]:
        """``ignore`` plus the per-path ignores (of every file of the chain) whose glob matches ``file``."""
        extra = [
            s
            for layer in self.layers()
            if layer.per_path_ignores
            for pattern, selectors in layer.per_path_ignores
            if glob_matches(pattern, layer.relative(file))
            for s in selectors
        ]
        return tuple(dict.fromkeys(self.ignore + tuple(extra))) if extra else self.ignore

    def severity_for(self, code: str, name: str) -> str | None:
        """The overridden severity of a rule, by code first, then name."""
        table = dict(self.severity)
        return table.get(code) or table.get(name)

    def selectors(self) -> Iterable[tuple[str, str]]:
        """Every rule selector the file names, with the key it appears under (for checks against the pack)."""
        for selector in self.select:
            yield "select", selector
        for selector in self.ignore:
            yield "ignore", selector
        for pattern, selectors in self.per_path_ignores:
            for selector in selectors:
                yield f"per-path-ignores.{pattern}", selector
        for selector, _ in self.severity:
            yield "severity", selector

    def merged_with_cli(
        self,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        fail_on: str | None = None,
        rules: Sequence[Path] = (),
        no_inline_suppressions: bool = False,
        fail_if_empty: bool = False,
    ) -> Config:
        """Command-line options on top: ``--select`` replaces, ``--ignore`` and ``--rules`` add,
        ``--fail-on`` replaces, ``--no-inline-suppressions`` and ``--fail-if-empty`` win over the file."""
        return replace(
            self,
            select=tuple(select) if select else self.select,
            ignore=tuple(dict.fromkeys(self.ignore + tuple(ignore))),
            fail_on=fail_on or self.fail_on,
            fail_if_empty=self.fail_if_empty or fail_if_empty,
            rules=tuple(dict.fromkeys(self.rules + tuple(Path(r).resolve() for r in rules))),
            inline_suppressions=self.inline_suppressions and not no_inline_suppressions,
        )


DEFAULT = Config()


# -- discovery ---------------------------------------------------------------------------


def find_config(start_dir: str | Path) -> Path | None:
    """The nearest configuration file at or above ``start_dir`` (see the module docstring)."""
    found = find_configs(start_dir)[0]
    return found[-1] if found else None


def find_configs(start_dir: str | Path) -> tuple[list[Path], Path | None]:
    """Every configuration file at or above ``start_dir``, outermost first (one per folder),
    up to the repository root; and the repository root (the folder holding ``.git``) or None."""
    folder = Path(start_dir).resolve()
    found: list[Path] = []
    while True:
        for name in YAML_NAMES:
            candidate = folder / name
            if candidate.is_file():
                found.append(candidate)
                break
        else:
            candidate = folder / PYPROJECT
            if candidate.is_file() and _has_table(candidate):
                found.append(candidate)
        if (folder / ".git").exists():
            return found[::-1], folder
        if folder.parent == folder:
            return found[::-1], None
        folder = folder.parent


def _has_table(pyproject: Path) -> bool:
    try:
        with pyproject.open("rb") as handle:  # bounded: load_config refuses a bigger file anyway
            return bool(_TABLE_HEADER.search(handle.read(MAX_CONFIG_BYTES + 1).decode("utf-8", errors="replace")))
    except OSError:
        return False


class ConfigResolver:
    """Answers "which configuration applies to this file" for one run, remembering what it found.

    With ``override`` (``--config FILE``) every file gets that file's settings and nothing
    else is read. Otherwise a folder's configuration is its chain of files, each extending the
    one above it (:func:`outreach_lint.layers.chain`).
    """

    def __init__(self, override: str | Path | None = None) -> None:
        self.override = load_config(override) if override is not None else None
        self._found: dict[str, tuple[Path, ...]] = {}
        self._folder_of: dict[str | Path, str] = {}  # a file's folder as given -> absolute
        self._loaded: dict[Path, Config] = {}
        self._chains: dict[tuple[Path, ...], Config] = {}

    def for_folder(self, folder: str | Path) -> Config:
        if self.override is not None:
            return self.override
        key = os.path.abspath(folder)
        if key not in self._found:
            found, repository = find_configs(key)
            for index, path in enumerate(found):
                if path not in self._loaded:
                    is_root = index == 0 and (repository is None or path.parent == repository)
                    self._loaded[path] = replace(load_config(path), nested=not is_root)
            self._found[key] = tuple(found)
        paths = self._found[key]
        if not paths:
            return DEFAULT
        if paths not in self._chains:
            from .layers import chain

            self._chains[paths] = chain([self._loaded[path] for path in paths])
        return self._chains[paths]

    def for_file(self, file: str | Path) -> Config:
        folder = os.path.dirname(file)
        known = self._folder_of.get(folder)
        if known is None:
            known = self._folder_of[folder] = os.path.abspath(folder or ".")
        return self.for_folder(known)


# -- loading and validation ------------------------------------------------------------------


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
    return json.loads(resources.files("outreach_lint.schemas").joinpath("config.json").read_text("utf-8"))  # type: ignore[no-any-return]


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
