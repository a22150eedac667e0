"""Conditions of a cached pack, compiled when first evaluated.

A run that meets only some channels and countries never compiles the other rules' conditions; a
pool's parent compiles them all before forking (:func:`compile_all`), so workers share them.
"""

from __future__ import annotations

from typing import Any

from ..condition import Check, Compiler
from ..lawtime import SetTimeline
from .model import RulePack


class LazyCheck:
    """A condition compiled when first evaluated."""

    __slots__ = ("_compiler", "_schema", "_check")

    def __init__(self, compiler: Compiler, schema: Any) -> None:
        self._compiler, self._schema = compiler, schema
        self._check: Check | None = None

    def compiled(self) -> Check:
        if self._check is None:
            self._check = self._compiler.compile(self._schema)
        return self._check

    def __call__(self, value: Any, errors: Any) -> bool:
        check = self._check if self._check is not None else self.compiled()
        return check(value, errors)


class LazyCompiler(Compiler):
    """Hands out :class:`LazyCheck` s; the templates of a cached pack were checked when it was cached."""

    def __init__(self, sets: dict[str, frozenset[str]], timeline: SetTimeline | None = None) -> None:
        super().__init__(sets, timeline)
        self._eager = Compiler(sets, timeline)

    def compile(self, schema: Any) -> Check:
        return LazyCheck(self._eager, schema)


def compile_all(pack: RulePack) -> None:
    """Compile every condition a cached pack has left for later."""
    for rule in pack.rules:
        for one in rule.checks or (rule,):
            for check in (one.when, one.require, *(case.when for case in one.cases)):
                if isinstance(check, LazyCheck):
                    check.compiled()
