"""The one description of a rule: :class:`RuleMeta`.

The output formats (SARIF descriptors, JUnit names, help links) and the review report read rules
through this type; a :class:`~.model.Rule` is a :class:`RuleMeta` plus what evaluating it needs.
It imports only :mod:`outreach_lint.findings`, so a formatter can use it without the pack.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Citation, Severity

#: where the documentation of a rule lives (SARIF ``helpUri``)
DOCS_URL = "https://outreach-lint.readthedocs.io/rules/"


@dataclass(frozen=True)
class RuleMeta:
    """What may be said about a rule without evaluating it: names, law, fix and where it applies."""

    code: str
    name: str
    title: str
    severity: Severity
    citations: tuple[Citation, ...] = ()
    fix: str = ""
    description: str = ""
    help_uri: str = ""
    confidence: str = "standard"
    suppressible: bool = True
    engine: bool = False
    jurisdictions: frozenset[str] | None = None  # None: everywhere
    channels: frozenset[str] | None = None  # None: any channel
