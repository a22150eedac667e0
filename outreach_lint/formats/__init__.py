"""Output formats: pure functions from a whole :class:`Report` to text.

Each format is one module exposing ``render(report, context) -> str``; the
registry below maps the name used on the command line to that module, so the
``--format`` choice list is built from it and cannot disagree with the code.
Modules are imported only when used, to keep start-up fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from ..findings import Report, Severity
from ..pack.meta import RuleMeta


@dataclass(frozen=True)
class RenderContext:
    tool_version: str
    #: what a formatter may say about each rule (SARIF descriptors, JUnit names, help links)
    rules: tuple[RuleMeta, ...] = ()
    color: bool = False
    show_source: bool = True
    statistics: bool = False
    quiet: bool = False
    fail_on: Severity = Severity.ERROR
    #: file name -> its text, for formats that show source context
    sources: dict[str, str] = field(default_factory=dict)
    #: every citation of each finding in the text output (default: the most specific one)
    show_law: bool = False
    #: (file, 1-based line) -> that line of the file, or None; the text output's source lines
    source: Callable[[str, int], str | None] | None = None

    def rule(self, code: str) -> RuleMeta | None:
        return self._by_code.get(code)

    @cached_property
    def _by_code(self) -> dict[str, RuleMeta]:
        return {info.code: info for info in self.rules}


class Formatter(Protocol):
    def __call__(self, report: Report, context: RenderContext) -> str: ...


#: name on the command line -> module under outreach_lint.formats
REGISTRY: dict[str, str] = {
    "text": "text",
    "json": "json_",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
}


def iter_formatter(name: str) -> Callable[[Report, RenderContext], Iterable[str]]:
    """The format as pieces of text that join to the format's whole output.

    Formats with a ``render_chunks`` write a large report piece by piece (the whole text of a
    10,000-file JSON report never sits in memory); the others give their text in one piece.
    """
    module = importlib.import_module(f"{__name__}.{REGISTRY[name]}")
    chunks = getattr(module, "render_chunks", None)
    if chunks is not None:
        return chunks  # type: ignore[no-any-return]
    render = module.render

    def whole(report: Report, context: RenderContext) -> Iterator[str]:
        yield render(report, context)

    return whole
