"""Load YAML/JSON safely, with source positions and hard limits.

* Safe only: plain data; a ``!!python/...`` tag is an error, nothing runs.
* YAML 1.2 core scalars: ``NO`` is Norway, not ``false``; ``10:00`` is a
  string, not 600; dates stay ISO strings. PyYAML's YAML 1.1 defaults would
  silently turn a country list into booleans.
* Positions: every mapping key and list item keeps its 1-based line and
  column, looked up by the identity of the containing object, so a finding
  can point at ``audience.consent.basis`` without a second parse.
* Limits: size, line length, nesting depth and alias expansion are bounded so
  that a "billion laughs" file or a generated monster cannot exhaust memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .textio import DecodeError, decode_text

try:
    _BaseLoader: Any = yaml.CSafeLoader  # the C parser: ~10x faster
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _BaseLoader = yaml.SafeLoader

Position = tuple[int, int]
MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Limits:
    """Bounds on what one campaign file may be. Each can be raised in the config (``limits``)."""

    max_file_bytes: int = 2 * 1024 * 1024
    max_line_length: int = 20_000
    max_depth: int = 64
    max_nodes: int = 50_000  # after alias expansion; rules take ~1 ms per list item, so this bounds a run to seconds

    def describe(self, name: str) -> str:
        return f"limits.{name.replace('_', '-')} = {getattr(self, name)}"


class LoadError(ValueError):
    """The file is not a loadable document. ``line``/``column`` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class SourceMap:
    """Where each key and item came from. Keyed by ``id()`` of the container."""

    mappings: dict[int, dict[Any, Position]] = field(default_factory=dict)
    sequences: dict[int, list[Position]] = field(default_factory=dict)
    root: Position = (1, 1)

    def locate(self, document: Any, parts: tuple[str | int, ...] | list[str | int]) -> tuple[Position, int]:
        """Position of the deepest existing node on ``parts`` and how many parts exist.

        The position of a key is the key's own position; for the root it is 1:1.
        """
        position, node, depth = self.root, document, 0
        for part in parts:
            if isinstance(node, dict) and part in node:
                position = self.mappings.get(id(node), {}).get(part, position)
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                items = self.sequences.get(id(node), [])
                position = items[part] if part < len(items) else position
                node = node[part]
            else:
                break
            depth += 1
        return position, depth


def _core_resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """The YAML 1.2 core schema's implicit scalars (no yes/no, no sexagesimal, no timestamps)."""
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def add(tag: str, regexp: str, first: str) -> None:
        pattern = re.compile(regexp, re.X)
        for char in first or [None]:
            table.setdefault(char, []).append((tag, pattern))

    add("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
    add("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
    add(
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    )
    add("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN")
    # Not YAML 1.2 core, but every YAML 1.1 loader (PyYAML, ruamel, SnakeYAML, js-yaml) merges
    # `<<: *anchor`; reading it as a plain key would check something other tools never see.
    add(MERGE_TAG, r"^(?:<<)$", "<")
    table.setdefault("", []).append(("tag:yaml.org,2002:null", re.compile(r"^$")))
    return table


class _PositionLoader(_BaseLoader):  # type: ignore[misc]
    yaml_implicit_resolvers = _core_resolvers()
    yaml_constructors = dict(_BaseLoader.yaml_constructors)

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.source_map = SourceMap()
        self.duplicate_keys: list[tuple[str, Position]] = []

    def construct_yaml_map_with_positions(self, node: yaml.MappingNode) -> Any:
        data: dict[Any, Any] = {}
        yield data
        positions: dict[Any, Position] = {}
        explicit, merged = _flatten(node, frozenset())
        for key_node, value_node, position in explicit + merged:
            key = self.construct_object(key_node, deep=False)
            if not isinstance(key, str):
                mark = key_node.start_mark
                found = "a list" if isinstance(key, list) else "a mapping" if isinstance(key, dict) else repr(key)  # collections are still empty here
                raise LoadError(f"keys must be strings, found {found}", mark.line + 1, mark.column + 1)
            if key in positions:
                if position is None:
                    continue  # a merged key: explicit keys and earlier merges win
                self.duplicate_keys.append((key, position))
            data[key] = self.construct_object(value_node, deep=False)
            positions[key] = position or _merge_position(node, key_node)
        self.source_map.mappings[id(data)] = positions

    def construct_yaml_seq_with_positions(self, node: yaml.SequenceNode) -> Any:
        data: list[Any] = []
        yield data
        data.extend(self.construct_object(child, deep=False) for child in node.value)
        self.source_map.sequences[id(data)] = [(child.start_mark.line + 1, child.start_mark.column + 1) for child in node.value]

    def construct_bounded_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return _BaseLoader.construct_yaml_int(self, node)
        except ValueError:  # Python refuses to convert more than 4300 digits
            mark = node.start_mark
            raise LoadError(f"a number with {len(node.value):,} digits is too long", mark.line + 1, mark.column + 1) from None

    def construct_undefined(self, node: yaml.Node) -> Any:
        mark = node.start_mark
        raise LoadError(f"tag {node.tag!r} is not allowed (only plain data is loaded)", mark.line + 1, mark.column + 1)


_PositionLoader.yaml_constructors["tag:yaml.org,2002:map"] = _PositionLoader.construct_yaml_map_with_positions
_PositionLoader.yaml_constructors["tag:yaml.org,2002:seq"] = _PositionLoader.construct_yaml_seq_with_positions
_PositionLoader.yaml_constructors["tag:yaml.org,2002:int"] = _PositionLoader.construct_bounded_int
_PositionLoader.yaml_constructors["tag:yaml.org,2002:timestamp"] = _BaseLoader.yaml_constructors["tag:yaml.org,2002:str"]
for _tag in ("tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs", "tag:yaml.org,2002:set", "tag:yaml.org,2002:binary"):
    _PositionLoader.yaml_constructors.pop(_tag, None)
_PositionLoader.yaml_constructors[None] = _PositionLoader.construct_undefined


NodePair = tuple[yaml.Node, yaml.Node, "Position | None"]


def _flatten(node: yaml.MappingNode, path: frozenset[int]) -> tuple[list[NodePair], list[NodePair]]:
    """A mapping's own (key, value, position) pairs and, winners first, the pairs its merge keys
    (``<<: *a``, ``<<: [*a, *b]``) bring in, as YAML 1.1 loaders do: explicit keys win, in a list
    the earlier mapping wins, of two ``<<`` keys the later one. Merged pairs have no position
    of their own (see :func:`_merge_position`); below them the anchor's positions hold.
    Works on nodes, before construction, as PyYAML's ``flatten_mapping`` does."""
    if id(node) in path:
        mark = node.start_mark
        raise LoadError("a merge key `<<` refers to a mapping that contains it (a cycle)", mark.line + 1, mark.column + 1)
    path = path | {id(node)}
    explicit: list[NodePair] = []
    merges: list[yaml.Node] = []
    for key_node, value_node in node.value:
        if key_node.tag == MERGE_TAG:
            merges.append(value_node)
        else:
            explicit.append((key_node, value_node, (key_node.start_mark.line + 1, key_node.start_mark.column + 1)))
    merged: list[NodePair] = []
    for value_node in reversed(merges):
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                mark = source.start_mark
                raise LoadError("a merge key `<<` must refer to a mapping or a list of mappings", mark.line + 1, mark.column + 1)
            own, inherited = _flatten(source, path)
            merged.extend((k, v, None) for k, v, _ in own + inherited)
    return explicit, merged


def _merge_position(node: yaml.MappingNode, key_node: yaml.Node) -> Position:
    """Where a merged key is reported: the ``<<`` of ``node`` that brought it in (the last one)."""
    marks = [k.start_mark for k, _ in node.value if k.tag == MERGE_TAG]
    mark = marks[-1] if marks else key_node.start_mark
    return mark.line + 1, mark.column + 1


@dataclass
class Loaded:
    data: Any
    source_map: SourceMap
    text: str
    duplicate_keys: list[tuple[str, Position]]


def load_bytes(raw: bytes, filename: str = "", limits: Limits = Limits()) -> Loaded:
    """Parse ``raw`` (YAML or JSON) or raise :class:`LoadError` with a line."""
    if len(raw) > limits.max_file_bytes:
        raise LoadError(
            f"file is {len(raw):,} bytes, over the limit of {limits.max_file_bytes:,} (raise it with {limits.describe('max_file_bytes')} in the config)"
        )
    try:
        text = decode_text(raw, filename)
    except DecodeError as exc:
        raise LoadError(str(exc), exc.line) from None
    return load_text(text, limits)


def load_text(text: str, limits: Limits = Limits()) -> Loaded:
    longest_line = _check_lines(text, limits)
    _check_flow_depth(text, limits)
    _check_nodes(text, longest_line, limits)
    loader = _PositionLoader(text)
    try:
        data = loader.get_single_data()
    except LoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _within(text, (mark.line + 1, mark.column + 1) if mark else (1, 1))
        if exc.problem and "another document" in exc.problem:
            raise LoadError("a campaign file holds one YAML document, and a second one starts here; put each campaign in its own file", line, column) from None
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        raise LoadError(f"invalid YAML/JSON: {problem}{context}", line, column) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"invalid YAML/JSON: {exc}") from None
    except RecursionError:
        raise LoadError(f"nesting is too deep to load (raise {limits.describe('max_depth')} only if this is intended)") from None
    finally:
        loader.dispose()
    _check_expansion(data, limits)
    return Loaded(data, loader.source_map, text, loader.duplicate_keys)


def _within(text: str, position: Position) -> Position:
    """libyaml puts the end of a stream without a final newline on a line after the last: pull it back."""
    lines = _LINE_BREAKS.split(text)
    if position[0] <= len(lines):
        return position
    return len(lines), len(lines[-1]) + 1


_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _check_lines(text: str, limits: Limits) -> int:
    """Refuse an over-long line; return the longest line's length."""
    longest = max(map(len, text.split("\n")))
    if longest > limits.max_line_length:
        for number, line in enumerate(text.split("\n"), start=1):
            if len(line) > limits.max_line_length:
                raise LoadError(
                    f"line is {len(line):,} characters long, over the limit of {limits.max_line_length:,} "
                    f"(raise it with {limits.describe('max_line_length')} in the config)",
                    number,
                )
    return longest


#: Characters at least one of which comes with every two new YAML nodes (see _check_nodes).
_NODE_MARKS = ",[{:-?\n"
#: The deepest nesting any supported PyYAML loads: libyaml 0.2.6 (PyYAML 6.0.4) refuses 1,000
#: levels on its own, libyaml 0.2.5 crashes in C past about 20,000, and the pure-Python composer
#: runs out of recursion near 500. Checked here with parser events, so the limit is ours and
#: the same on every PyYAML release (tests/test_loader.py runs both loaders).
SAFE_COMPOSE_DEPTH = 400


def _check_nodes(text: str, longest_line: int, limits: Limits) -> None:
    """Refuse too many nodes or too deep nesting before building the document.

    Building a million nodes takes seconds and hundreds of MB, and block
    nesting tens of thousands deep crashes the C composer. Cheap upper bounds
    come first: every two nodes need one of :data:`_NODE_MARKS`, and each
    level of block nesting takes at least one character of the line that
    opens it (flow nesting is bounded by :func:`_check_flow_depth`). Only
    above them are parser events counted, stopping at the limit. Aliases
    count once here; their expansion is bounded by :func:`_check_expansion`.
    """
    many = 3 * sum(map(text.count, _NODE_MARKS)) + 1 > limits.max_nodes
    deep = longest_line + limits.max_depth > SAFE_COMPOSE_DEPTH
    if not many and not deep:
        return
    parser = _BaseLoader(text)
    count = depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                continue
            count += 1
            depth += isinstance(event, yaml.CollectionStartEvent)
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if count > limits.max_nodes:
                raise LoadError(_too_many_nodes(limits), *where)
            if depth > limits.max_depth:
                raise LoadError(_too_deep(limits), *where)
            if depth > SAFE_COMPOSE_DEPTH:
                raise LoadError(f"nesting deeper than {SAFE_COMPOSE_DEPTH:,} levels cannot be loaded safely, whatever the limits say", *where)
    except yaml.YAMLError:
        return  # the real parse reports it, with its position
    finally:
        parser.dispose()


def _too_many_nodes(limits: Limits) -> str:
    return (
        f"document has more than {limits.max_nodes:,} nodes (keys, values and list items, "
        f"counting every use of a YAML alias); raise it with {limits.describe('max_nodes')} in the config"
    )


def _too_deep(limits: Limits) -> str:
    return f"nesting deeper than {limits.max_depth} levels (raise it with {limits.describe('max_depth')} in the config)"


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str, limits: Limits) -> None:
    """Refuse deeply nested flow collections before the parser recurses into them.

    A rough scan (quotes are ignored), so it can only over-count inside
    strings full of brackets; real campaigns nest a handful of levels.
    """
    if text.count("[") + text.count("{") <= limits.max_depth:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > limits.max_depth:
            line = text.count("\n", 0, match.start()) + 1
            raise LoadError(_too_deep(limits), line)


def _check_expansion(data: Any, limits: Limits) -> None:
    """Count nodes as if every alias were copied; refuse cycles and huge expansions.

    Sizes are memoised per object, so this costs one visit per distinct node
    even when aliases make the expanded tree astronomically large.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, int, bool]] = [(data, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        if done:
            on_path.discard(key)
            children = node.values() if isinstance(node, dict) else node
            size = 1 + len(node) if isinstance(node, dict) else 1  # a mapping's keys are nodes too
            for child in children:
                size += sizes.get(id(child), 1) if isinstance(child, (dict, list)) else 1
            if size > limits.max_nodes:
                raise LoadError(_too_many_nodes(limits))
            sizes[key] = size
            continue
        if key in on_path:
            raise LoadError("document refers to itself through an alias (a cycle)")
        if key in sizes:
            continue
        if depth > limits.max_depth:
            raise LoadError(_too_deep(limits))
        on_path.add(key)
        stack.append((node, depth, True))
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            stack.append((child, depth + 1, False))
