"""The view-model of a review report: everything the renderers show, already decided.

Renderers (HTML, Markdown, SVG) only format these values; every judgement
(verdict, grouping, colours by count, what could not be checked) is made here,
once, so the HTML page and the Markdown file can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..findings import Finding, Severity
from ..pack.meta import RuleMeta
from .inputs import InputFile


@dataclass(frozen=True)
class Catalogue:
    """The rule pack as the report sees it."""

    rules: dict[str, RuleMeta]
    eea: frozenset[str] = frozenset()
    europe: frozenset[str] = frozenset()
    version: str = ""
    groups: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SignOff:
    name: str
    role: str
    at: dt.datetime  # UTC
    #: signing a BLOCKED report records an explicit acceptance of the risk, with its reason
    accepts_risk: bool = False
    reason: str = ""

    @property
    def at_text(self) -> str:
        return self.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    hit: bool


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    title: str
    message: str  # masked
    context: tuple[SourceLine, ...]


@dataclass(frozen=True)
class ArticleGroup:
    article: str
    url: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class LawGroup:
    law: str
    articles: tuple[ArticleGroup, ...]
    worst: Severity
    count: int


@dataclass(frozen=True)
class CountryCell:
    code: str
    name: str
    findings: int
    errors: int
    in_eea: bool
    codes: tuple[str, ...] = ()  # rule codes of those findings, once each

    @property
    def level(self) -> str:
        """Colour band: none (0), some (1-2), many (3 or more), for the grid's legend."""
        return "none" if self.findings == 0 else ("some" if self.findings < 3 else "many")


@dataclass(frozen=True)
class ProcessorView:
    name: str
    kind: str
    role: str
    country: str
    country_name: str
    data: tuple[str, ...]
    dpa: bool | None
    transfer: str | None
    leaves_eea: bool
    problems: tuple[str, ...]  # plain words: "no data processing agreement", ...
    codes: tuple[str, ...]  # rule codes of findings about this processor

    @property
    def at_risk(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class VendorView:
    name: str
    level: str  # person | company | "" (unknown)
    declared: bool
    found_in: tuple[str, ...]
    consent_gated: bool | None


@dataclass(frozen=True)
class Headline:
    """One plain sentence about what the campaign does; ``risk`` marks the ones a reviewer must stop at."""

    text: str
    risk: bool = False


@dataclass(frozen=True)
class Glance:
    audience_type: str
    channels: tuple[str, ...]
    countries: tuple[CountryCell, ...]
    sources: tuple[str, ...]
    consent_basis: str
    consent_details: tuple[str, ...]
    steps: int
    sender: str
    retention_days: int | None
    processors: tuple[ProcessorView, ...]
    vendors: tuple[VendorView, ...]
    headlines: tuple[Headline, ...]  # the few plain sentences a non-engineer reads first


@dataclass(frozen=True)
class SuppressionView:
    finding: Finding
    title: str
    reason: str
    until: str  # "" when open-ended


@dataclass(frozen=True)
class Coverage:
    applied: tuple[str, ...]  # rule codes that judged this campaign
    not_relevant: tuple[tuple[str, str, str], ...]  # (code, title, why)
    unscoped: tuple[tuple[str, str, str], ...]  # (code, title, missing fact)
    missing_facts: tuple[str, ...]  # plain sentences from findings about missing facts
    unreadable: tuple[str, ...]  # referenced files that could not be read, and internal errors
    deselected: tuple[str, ...]  # rules switched off by --select/--ignore


@dataclass(frozen=True)
class Verdict:
    ready: bool
    label: str  # READY | BLOCKED
    headline: str
    reasons: tuple[str, ...]  # rule titles of what blocks, with counts
    errors: int
    warnings: int
    infos: int
    suppressed: int


@dataclass(frozen=True)
class ScanPhaseView:
    """One phase of one scanned page: which catalogue vendors loaded, and its screenshot."""

    phase: str
    status: str
    vendors: tuple[str, ...]  # "RB2B (person-level) from s3-us-west-2.amazonaws.com"
    without_consent: bool  # arrival or reject with a vendor: the tag fired before consent
    screenshot: str  # a data: URI of the PNG, or "" (see note)
    note: str = ""  # why no screenshot is shown


@dataclass(frozen=True)
class ScanView:
    """A browser scan's evidence file named by the campaign (outreach-lint scan)."""

    file: str
    browser: str
    started: str
    pages: tuple[tuple[str, str, tuple[ScanPhaseView, ...]], ...]  # (url, consent tool, phases)


@dataclass(frozen=True)
class CampaignView:
    file: str
    name: str
    description: str
    owner: str
    verdict: Verdict
    glance: Glance | None  # None when the file could not be read as a campaign
    groups: tuple[LawGroup, ...]
    suppressions: tuple[SuppressionView, ...]
    coverage: Coverage
    inputs: tuple[InputFile, ...]
    scans: tuple[ScanView, ...] = ()


@dataclass(frozen=True)
class ReportView:
    verdict: Verdict
    campaigns: tuple[CampaignView, ...]
    tool_version: str
    rule_pack_version: str
    generated_at: dt.datetime
    fail_on: Severity
    sign_off: SignOff | None = None
    #: unsuppressible rules switched off for this run: (code, what did it); see outreach_lint.locks
    released: tuple[tuple[str, str], ...] = ()

    @property
    def inputs(self) -> tuple[InputFile, ...]:
        return tuple(i for c in self.campaigns for i in c.inputs)
