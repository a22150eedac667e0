"""Render the view-model as Markdown (for a pull request or a wiki page).

Same content as the HTML page, minus the picture: the data flow becomes a list.
The manifest is embedded the same way, so ``verify-report`` works on it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from ..formats.common import printable
from .glance import BASIS_LABELS, CHANNEL_LABELS, KIND_LABELS, SOURCE_LABELS, data_label
from .manifest import seal
from .model import CampaignView, Glance, ReportView

#: what Markdown (CommonMark and GitHub's tables, strikethrough and autolinks) could read as markup
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")
#: characters a link destination may keep; every other one is percent-encoded (no space, paren or bracket
#: can end the link early, no angle bracket can open HTML)
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"


def _md(text: object) -> str:
    """Campaign (or rule pack) text as literal Markdown: every markup character backslash-escaped,
    control characters and line breaks written as ``\\xNN`` (:func:`printable`), so a value can
    start no code span, table cell, link, HTML tag or new line. Untrusted text is never put in a
    code span, where backslash escapes do not work."""
    return _SPECIAL.sub(r"\\\1", printable(str(text)))


def _url(url: str) -> str:
    """A link destination (only http(s) URLs are linked at all): percent-encoded outside a safe set."""
    return quote(printable(url), safe=_URL_SAFE)


def _fence(lines: Iterable[str]) -> str:
    """A code fence longer than any run of backticks in the quoted lines, so none can close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def render_markdown(view: ReportView, manifest: dict[str, Any]) -> str:
    v = view.verdict
    names = ", ".join(c.name for c in view.campaigns)
    lines = [
        f"# {v.label}: pre-launch review of {_md(names)}",
        "",
        f"**{_md(v.headline)}**",
        "",
    ]
    if v.reasons:
        lines += ["Why, in plain words:", ""] + [f"- {_md(r)}" for r in v.reasons] + [""]
    lines += [
        f"{v.errors} errors, {v.warnings} warnings, {v.infos} notes, {v.suppressed} suppressed · blocks at "
        f"{view.fail_on.label} and above · outreach-lint {_md(view.tool_version)} · rule pack {_md(view.rule_pack_version)} · "
        f"{view.generated_at.strftime('%Y-%m-%d %H:%M UTC')}",
        "",
    ]
    if view.released:
        lines += [
            "## Rules for clearly unlawful practices that were switched off",
            "",
            "These rules cannot be suppressed in a campaign file; the run's configuration turned them off, so this report says nothing about them:",
            "",
        ]
        lines += [f"- **{_md(code)}**: switched off by {_md(by)}" for code, by in view.released] + [""]
    for campaign in view.campaigns:
        lines += _campaign(campaign, len(view.campaigns) == 1)
    lines += ["## Sign-off", ""]
    if view.sign_off:
        s = view.sign_off
        lines += [f"Reviewed by **{_md(s.name)}**, {_md(s.role)}, on **{s.at_text}**. Verdict at sign-off: **{v.label}**.", ""]
        if s.accepts_risk:
            lines += [f"**Risk accepted:** the verdict is {v.label}, and {_md(s.name)} accepts the risk of launching anyway. Reason given: {_md(s.reason)}", ""]
    else:
        lines += ['Not signed off. Record one with `outreach-lint report ... --sign-off "name, role"`.', ""]
    lines += ["## Inputs and versions", "", "| File | Kind | SHA-256 |", "|---|---|---|"]
    for item in view.inputs:
        lines.append(f"| {_md(item.path)} | {_md(item.kind)} | {_md(item.sha256) or '**' + _md(item.problem or 'missing') + '**'} |")
    lines += [
        "",
        "Check that nothing changed since: `outreach-lint verify-report REPORT.md`.",
        "",
        "<!-- outreach-lint manifest: read by `outreach-lint verify-report`",
    ]
    return seal("\n".join(lines), manifest, "\n-->\n")


def _campaign(c: CampaignView, single: bool) -> list[str]:
    lines = [] if single else [f"## {_md(c.name)}: {c.verdict.label}", "", _md(c.verdict.headline), ""]
    lines += [f"File {_md(c.file)}" + (f", owner {_md(c.owner)}" if c.owner else ""), ""]
    if c.glance is not None:
        lines += _glance(c.glance)
    lines += _scans(c)
    lines += _findings(c)
    if c.suppressions:
        lines += ["### Suppressed findings", "", "| Code | Line | Reason | Until |", "|---|---|---|---|"]
        lines += [f"| {_md(s.finding.code)} | {s.finding.line} | {_md(s.reason) or '**no reason**'} | {_md(s.until) or 'no expiry'} |" for s in c.suppressions]
        lines.append("")
    cov = c.coverage
    lines += [
        "## What was checked, and what could not be",
        "",
        f"{len(cov.applied)} rules judged this campaign; {len(cov.not_relevant)} do not apply to its countries or channels; "
        f"{len(cov.unscoped)} could not be checked; {len(cov.deselected)} were switched off.",
        "",
    ]
    lines += [f"- {_md(x)}" for x in cov.unreadable + cov.missing_facts]
    lines += [f"- {_md(code)} {_md(title)} — needs: {_md(why)}" for code, title, why in cov.unscoped]
    lines.append("")
    return lines


def _glance(g: Glance) -> list[str]:
    """What the campaign does, its facts at a glance, and where the personal data goes."""
    lines: list[str] = []
    if g.headlines:
        lines += ["## What this campaign does", ""]
        lines += [f"- {'✗ **' + _md(h.text) + '**' if h.risk else _md(h.text)}" for h in g.headlines] + [""]
    lines += ["## Facts at a glance", ""]
    lines += [
        f"- Audience: {_md(g.audience_type or 'not stated')}",
        f"- Channels: {_md(', '.join(CHANNEL_LABELS.get(x, x) for x in g.channels) or 'not stated')}",
        f"- Countries: {_md(', '.join(f'{x.code} ({x.findings} findings)' for x in g.countries) or 'not stated')}",
        f"- Sources: {_md(', '.join(SOURCE_LABELS.get(x, x) for x in g.sources) or 'not stated')}",
        f"- Legal basis: {_md(BASIS_LABELS.get(g.consent_basis, g.consent_basis) or 'not stated')}",
        "",
        "## Where the personal data goes",
        "",
    ]
    for p in g.processors:
        status = "✗ " + "; ".join(p.problems) if p.problems else "✓ no problem stated"
        kind = KIND_LABELS.get(p.kind, p.kind)
        lines.append(
            f"- **{_md(p.name)}**{' (' + _md(kind) + ')' if kind else ''}, {_md(p.country_name)}"
            f"{' (outside the EEA)' if p.leaves_eea else ''}: {_md(', '.join(data_label(d) for d in p.data))} — {_md(status)}"
        )
    for vendor in g.vendors:
        lines.append(
            f"- Tracking vendor **{_md(vendor.name)}**: {_md(vendor.level or 'level unknown')}-level{', declared' if vendor.declared else ', NOT declared'}"
        )
    lines.append("")
    return lines


def _scans(c: CampaignView) -> list[str]:
    """What a browser scan saw (outreach-lint scan); the screenshots are in the HTML report."""
    lines: list[str] = []
    for scan in c.scans:
        lines += [f"## What the website loaded in a real browser (`{scan.file}`, {_md(scan.browser)})", ""]
        for url, tool, phases in scan.pages:
            for step in phases:
                seen = _md("; ".join(step.vendors)) if step.vendors else "no catalogue vendor"
                lines.append(f"- {_md(url)} ({_md(tool or 'no consent tool')}), {_md(step.phase)}: {'✗ ' if step.without_consent else ''}{seen}")
        lines.append("")
    return lines


def _findings(c: CampaignView) -> list[str]:
    """The findings grouped by law and article, each with its source lines and fix."""
    lines = ["## Findings by law", ""] if c.groups else ["## Findings", "", "No findings.", ""]
    for group in c.groups:
        lines += [f"### {_md(group.law)} ({group.count})", ""]
        for article in group.articles:
            if article.article:
                linked = article.url.startswith(("https://", "http://"))
                lines += [f"#### [{_md(article.article)}]({_url(article.url)})" if linked else f"#### {_md(article.article)}", ""]
            for view in article.findings:
                f = view.finding
                lines += [f"- **{f.severity.label.upper()} {_md(f.code)}** {_md(view.title)} — {_md(f.file)}:{f.line}", f"  {_md(view.message)}"]
                if view.context:
                    fence = _fence(s.text for s in view.context)
                    lines += ["", f"  {fence}yaml"] + [f"  {'>' if s.hit else ' '}{s.number:4} | {printable(s.text)}" for s in view.context] + [f"  {fence}"]
                if f.fix:
                    lines.append(f"  *How to fix:* {_md(f.fix)}")
                lines.append("")
    return lines
