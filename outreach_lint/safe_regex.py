"""Regular expressions from rule packs, vetted so they cannot hang the engine.

Python's ``re`` backtracks, so a pattern such as ``(a+)+$`` takes exponential
time on a crafted value. Rule packs come from users (``--rules``), and a
linter in a pre-commit hook must never hang, so patterns are parsed before
use and refused when they nest unbounded repeats, use backreferences or
look-arounds, or are long. Values longer than :data:`MAX_SUBJECT` are cut
before matching, which bounds the remaining polynomial cases.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:  # Python 3.11 moved the parser; both names exist there.
    from re import _parser as sre_parse  # type: ignore[attr-defined]
    from re import _constants as sre_constants  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]
    import sre_constants  # type: ignore[no-redef]

MAX_PATTERN = 512
MAX_SUBJECT = 4096
MAX_UNBOUNDED_REPEATS = 3
_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)}
_FORBIDDEN = {sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS, sre_constants.ASSERT, sre_constants.ASSERT_NOT}


class _Bounded:
    """A compiled pattern whose ``search`` never looks at more than MAX_SUBJECT characters."""

    __slots__ = ("_regex", "pattern")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self._regex = regex
        self.pattern = regex.pattern

    def search(self, text: str) -> Any:
        return self._regex.search(text[:MAX_SUBJECT])


def _walk(items: Any, inside_repeat: bool, counter: list[int]) -> None:
    for op, arg in items:
        if op in _FORBIDDEN:
            raise ValueError("backreferences and look-arounds are not allowed in rule patterns")
        if op in _REPEATS:
            low, high, sub = arg
            unbounded = high is sre_constants.MAXREPEAT or high > 100
            if unbounded:
                counter[0] += 1
                if inside_repeat:
                    raise ValueError("nested repeats such as (a+)+ can take exponential time; rewrite the pattern")
            _walk(sub, inside_repeat or unbounded, counter)
        elif op == sre_constants.SUBPATTERN:
            _walk(arg[-1], inside_repeat, counter)
        elif op == sre_constants.BRANCH:
            for branch in arg[1]:
                _walk(branch, inside_repeat, counter)


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
    counter = [0]
    _walk(parsed, False, counter)
    if counter[0] > MAX_UNBOUNDED_REPEATS:
        raise ValueError(f"more than {MAX_UNBOUNDED_REPEATS} unbounded repeats in one pattern")
    return _Bounded(re.compile(pattern))
