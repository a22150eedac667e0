"""Regular expressions from rule packs, vetted so they cannot hang the engine.

Python's ``re`` backtracks, so a pattern such as ``(a+)+$`` takes exponential
time on a crafted value, and ``.*.*x`` takes cubic time under ``search``.
Rule packs come from users (``--rules``), and a linter in a pre-commit hook
must never hang, so patterns are parsed before use and refused when

* a repeated part can match the same text in several ways: an unbounded
  repeat inside another repeat (``(a+)+``, ``(\\d+,){2,9}``), or an
  alternation or optional part inside an unbounded repeat (``(a|ab)*``);
* two unbounded repeats can take turns on the same characters, because
  nothing they cannot match separates them (``\\w*\\w*``, ``.*x.*``; but
  ``[^@]+@[^@]+`` is fine: the ``@`` ends the first repeat);
* a part repeated a fixed number of times (``{40}``) can split its text in
  more than one way: an alternation whose branches can start alike
  (``(a|a){40}``, ``(a|ab){30}``), a part that can match nothing
  (``(a?){30}``), or a variable repeat not closed by a character it cannot
  take (``(a{1,3}){20}``; ``(\\d{1,3}\\.){3}`` is fine);
* they use backreferences or look-arounds, or are long.

Values longer than :data:`MAX_SUBJECT` are cut before matching, which bounds
what is left (one unbounded repeat under ``search`` is quadratic).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Python 3.11 moved the parser (python_requires >= 3.11, so the old names are not needed).
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MAX_PATTERN = 512
MAX_SUBJECT = 4096
MAX_UNBOUNDED_REPEATS = 3
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)}
_FORBIDDEN = {sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS, sre_constants.ASSERT, sre_constants.ASSERT_NOT}
_GROUPS = {sre_constants.SUBPATTERN, getattr(sre_constants, "ATOMIC_GROUP", None)}
_ONE_CHAR = {sre_constants.LITERAL, sre_constants.NOT_LITERAL, sre_constants.ANY, sre_constants.IN}
#: Characters tried when asking whether two character classes overlap: Latin, punctuation,
#: and a few letters, digits and spaces from other scripts (plus every literal of the pattern).
_SAMPLE = frozenset(map(chr, range(0x250))) | frozenset("\u0391\u03b1\u0430\u05d0\u0627\u0663\u0966\u4e00\u3000\u2028\u2029\u200b\uff10\uff41")

Chars = frozenset[str]


class _Bounded:
    """A compiled pattern whose ``search`` never looks at more than MAX_SUBJECT characters."""

    __slots__ = ("_regex", "pattern")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self._regex = regex
        self.pattern = regex.pattern

    def search(self, text: str) -> Any:
        return self._regex.search(text[:MAX_SUBJECT])


class _Vetter:
    """Walks a parsed pattern, tracking which characters a still-running unbounded repeat may take."""

    def __init__(self, parsed: Any) -> None:
        self.state = parsed.state
        self.sample = _SAMPLE | _pattern_chars(parsed)
        self.unbounded = 0

    def chars(self, item: tuple[Any, Any]) -> Chars:
        """The sample characters one single-character item matches (flags such as (?i) included)."""
        regex = sre_compile.compile(sre_parse.SubPattern(self.state, [item]), self.state.flags)
        return frozenset(c for c in self.sample if regex.fullmatch(c))

    def alphabet(self, items: Any) -> Chars:
        """Every character some part of ``items`` can consume."""
        return frozenset().union(*(self.chars(item) for item in _flat(items) if item[0] in _ONE_CHAR))

    def sequence(self, items: Any, live: Chars, inside_repeat: bool) -> Chars:
        """Check ``items`` in order; ``live`` is what an earlier unbounded repeat could still take."""
        for op, arg in items:
            if op in _FORBIDDEN:
                raise ValueError("backreferences and look-arounds are not allowed in rule patterns")
            if op in _ONE_CHAR:
                if live and not (self.chars((op, arg)) & live):
                    live = frozenset()  # a character the running repeat cannot take ends it
            elif op in _REPEATS:
                live = self.repeat(arg, live, inside_repeat)
            elif op in _GROUPS:
                live = self.sequence(arg[-1], live, inside_repeat)
            elif op == sre_constants.BRANCH:
                live = frozenset().union(*(self.sequence(branch, live, inside_repeat) for branch in arg[1]))
        return live

    def repeat(self, arg: Any, live: Chars, inside_repeat: bool) -> Chars:
        low, high, sub = arg
        unbounded = high is sre_constants.MAXREPEAT or high - low > 10  # {0,1000} backtracks like *
        if unbounded:
            self.unbounded += 1
            if inside_repeat:
                raise ValueError("nested repeats such as (a+)+ can take exponential time; rewrite the pattern")
            self.sequence(sub, frozenset(), True)
            if any(op == sre_constants.BRANCH or op in _REPEATS and item[0] != item[1] for op, item in _flat(sub)):
                raise ValueError("an alternation or optional part inside a repeat, such as (a|ab)*, can take exponential time; rewrite the pattern")
            alphabet = self.alphabet(sub)
            if live & alphabet:
                raise ValueError(
                    "two unbounded repeats can match the same characters one after the other (as in .*.* or \\w+x\\w+); separate them by a character the first cannot match"
                )
            return live | alphabet
        if high > 1:
            self.one_way(sub)
        after = self.sequence(sub, live, inside_repeat or high > 1)
        return after if low > 0 else live | after

    # A part repeated a bounded number of times must split its text one way only ------------------
    def one_way(self, body: Any) -> None:
        """Refuse a repeated ``body`` that could match the same text in several ways: k copies of
        a two-way choice are 2**k ways to fail (``(a|a){40}``)."""
        if self.nullable(body):
            raise ValueError("a repeated part that can match nothing, such as (a?){20}, can take exponential time; rewrite the pattern")
        if self.walk(body, frozenset()) & self.first(body):
            raise ValueError(_AMBIGUOUS)

    def walk(self, items: Any, pending: Chars) -> Chars:
        """``pending``: what a variable-length part before this point could still take; a character
        it could take as well, with no character between that it cannot, makes two ways."""
        for op, arg in items:
            if op in _ONE_CHAR:
                if pending & self.chars((op, arg)):
                    raise ValueError(_AMBIGUOUS)
                pending = frozenset()
            elif op in _REPEATS:
                low, high, sub = arg
                if low == high:
                    pending = self.walk(sub, pending)
                    continue
                alphabet = self.alphabet(sub)
                if pending & alphabet:
                    raise ValueError(_AMBIGUOUS)
                pending = alphabet | (pending if low == 0 else frozenset())
            elif op in _GROUPS:
                pending = self.walk(arg[-1], pending)
            elif op == sre_constants.BRANCH:
                pending = self.branch(arg[1], pending)
        return pending

    def branch(self, branches: Any, pending: Chars) -> Chars:
        seen: Chars = frozenset()
        for branch in branches:
            first = self.first(branch)
            if self.nullable(branch) or first & seen or first & pending:
                raise ValueError(
                    "an alternation whose branches can start with the same character, such as (a|ab), repeated, can take exponential time; rewrite the pattern"
                )
            seen |= first
        return frozenset().union(*(self.walk(branch, frozenset()) for branch in branches))

    def first(self, items: Any) -> Chars:
        """The characters a match of ``items`` can start with."""
        found: Chars = frozenset()
        for op, arg in items:
            if op in _ONE_CHAR:
                return found | self.chars((op, arg))
            if op in _REPEATS:
                found |= self.first(arg[2])
                if arg[0] > 0 and not self.nullable(arg[2]):
                    return found
            elif op in _GROUPS:
                found |= self.first(arg[-1])
                if not self.nullable(arg[-1]):
                    return found
            elif op == sre_constants.BRANCH:
                found |= frozenset().union(*(self.first(b) for b in arg[1]))
                if not any(self.nullable(b) for b in arg[1]):
                    return found
        return found

    def nullable(self, items: Any) -> bool:
        """Whether ``items`` can match the empty string."""
        for op, arg in items:
            if op in _ONE_CHAR:
                return False
            if op in _REPEATS:
                if arg[0] > 0 and not self.nullable(arg[2]):
                    return False
            elif op in _GROUPS:
                if not self.nullable(arg[-1]):
                    return False
            elif op == sre_constants.BRANCH:
                if not any(self.nullable(b) for b in arg[1]):
                    return False
        return True


_AMBIGUOUS = (
    "a repeated part can split its text in more than one way (as in (a{1,3}){20} or (a|a){40}), "
    "which can take exponential time; end each variable part with a character it cannot match"
)


def _pattern_chars(parsed: Any) -> Chars:
    """Characters the pattern names: its literals, and the ends and middle of every range in a
    class, in both cases. Two ranges that overlap always share one of their ends, so a range far
    outside :data:`_SAMPLE` (``[\\u5000-\\u5fff]``) is still seen to overlap another."""
    found: set[str] = set()
    for op, arg in _flat(parsed):
        if op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL):
            found.add(chr(arg))
        elif op == sre_constants.IN:
            for item_op, item_arg in arg:
                if item_op in (sre_constants.LITERAL, sre_constants.NOT_LITERAL):
                    found.add(chr(item_arg))
                elif item_op == sre_constants.RANGE:
                    low, high = item_arg
                    found.update((chr(low), chr(high), chr((low + high) // 2)))
    return frozenset(found | {c.swapcase() for c in found})


def _flat(items: Any) -> list[tuple[Any, Any]]:
    """Every (op, arg) in ``items``, descending into groups, branches and repeats."""
    out: list[tuple[Any, Any]] = []
    for op, arg in items:
        out.append((op, arg))
        if op in _REPEATS:
            out.extend(_flat(arg[2]))
        elif op in _GROUPS:
            out.extend(_flat(arg[-1]))
        elif op == sre_constants.BRANCH:
            for branch in arg[1]:
                out.extend(_flat(branch))
    return out


@lru_cache(maxsize=1024)
def compile_safe_pattern(pattern: str) -> _Bounded:
    """Compile ``pattern`` or raise ``ValueError`` saying why it is refused."""
    if not isinstance(pattern, str):
        raise ValueError("a pattern must be a string")
    if len(pattern) > MAX_PATTERN:
        raise ValueError(f"pattern is longer than {MAX_PATTERN} characters")
    try:
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None
    vetter = _Vetter(parsed)
    vetter.sequence(parsed, frozenset(), False)
    if vetter.unbounded > MAX_UNBOUNDED_REPEATS:
        raise ValueError(f"more than {MAX_UNBOUNDED_REPEATS} unbounded repeats in one pattern")
    return _Bounded(re.compile(pattern))
