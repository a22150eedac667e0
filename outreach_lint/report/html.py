"""Render the view-model as one self-contained HTML page.

No external resource of any kind: the stylesheet and the data-flow picture
are inline, a Content-Security-Policy forbids every fetch, and links to the
law are plain ``<a href>`` a reader may follow. Every value is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from ..findings import Severity
from ..formats.common import printable
from .dataflow_svg import render_dataflow
from .glance import BASIS_LABELS, CHANNEL_LABELS, KIND_LABELS, SOURCE_LABELS, data_label
from .manifest import seal
from .model import CampaignView, Coverage, FindingView, Glance, LawGroup, ReportView, Verdict
from .style import CSS

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _e(value: object) -> str:
    """HTML-escaped, control characters and undecodable bytes written as ``\\xNN`` (see formats.common.printable)."""
    return escape(printable(str(value)), quote=True)


def _link(url: str, text: str) -> str:
    """A link only for http(s) URLs: a rule pack must not be able to smuggle ``javascript:`` in."""
    if url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}" rel="noreferrer noopener">{_e(text)}</a>'
    return _e(text)


def _badge(severity: Severity) -> str:
    return f'<span class="badge {severity.label}">{severity.label.upper()}</span>'


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_html(view: ReportView, manifest: dict[str, Any]) -> str:
    names = ", ".join(c.name for c in view.campaigns) or "no campaign"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="outreach-lint">',
        f"<title>{_e(view.verdict.label)} — pre-launch review of {_e(names)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        _banner(view.verdict, names, view, overall=True),
    ]
    if view.released:
        parts.append(_released(view.released))
    single = len(view.campaigns) == 1
    for index, campaign in enumerate(view.campaigns, start=1):
        parts.append(_campaign(campaign, single, index))
    parts.append(_sign_off(view))
    parts.append(_appendix(view))
    return seal("\n".join(parts), manifest, "\n</main></body></html>\n")


def _released(released: tuple[tuple[str, str], ...]) -> str:
    """Unsuppressible rules (clearly unlawful practices) that this run did not check: the reviewer must see it."""
    items = "".join(f"<li><b>{_e(code)}</b>: switched off by {_e(by)}</li>" for code, by in released)
    return (
        '<section class="released"><h2>Rules for clearly unlawful practices that were switched off</h2>'
        "<p>These rules cannot be suppressed in a campaign file; the run's configuration turned them off, "
        f"so this report says nothing about them:</p><ul>{items}</ul></section>"
    )


def _banner(verdict: Verdict, names: str, view: ReportView, overall: bool) -> str:
    css = "ready" if verdict.ready else "blocked"
    word = "Ready to launch" if verdict.ready else "Do not launch"
    reasons = "".join(f"<li>{_e(r)}</li>" for r in verdict.reasons)
    story = _banner_story(view) if overall else ""
    label = "The rules it breaks (details below):" if story else "Why, in plain words:"
    why = story + (f'<p class="meta" style="margin:10px 0 0">{label}</p><ul class="reasons{" compact" if story else ""}">{reasons}</ul>' if reasons else "")
    if overall and len(view.campaigns) > 1:
        blocked = sum(1 for c in view.campaigns if not c.verdict.ready)
        items = "".join(
            f'<li><a href="#campaign-{index}">{_e(c.name)}</a> <span class="chip {"ready" if c.verdict.ready else "blocked"}">'
            f"{_e(c.verdict.label)}</span> <span class=small>{_e(_plural(c.verdict.errors, 'error'))}, "
            f"{_e(_plural(c.verdict.warnings, 'warning'))}</span></li>"
            for index, c in enumerate(view.campaigns, start=1)
        )
        why += f'<p class="meta" style="margin:8px 0 0">{blocked} of {len(view.campaigns)} campaigns blocked:</p><ul class="campaigns">{items}</ul>'
    counts = f"{_plural(verdict.errors, 'error')}, {_plural(verdict.warnings, 'warning')}, {_plural(verdict.infos, 'note')}, {verdict.suppressed} suppressed"
    off = len({code for c in view.campaigns for code in c.coverage.deselected})
    if off:
        counts += f" · {_plural(off, 'rule')} switched off"
    signed = (
        (f'<p class="meta"><b>Signed off by {_e(view.sign_off.name)}, {_e(view.sign_off.role)}, {_e(view.sign_off.at_text)}</b></p>')
        if overall and view.sign_off
        else ""
    )
    return (
        f'<header class="banner {css}" role="status"><div class="verdict">{_e(verdict.label)}<small>{_e(word)}</small></div>'
        f'<div><p class="meta">Pre-launch privacy review · outreach-lint {_e(view.tool_version)} · '
        f"{_e(view.generated_at.strftime('%Y-%m-%d %H:%M UTC'))}</p>"
        f"<h1>{_e(names)}</h1>"
        f'<p class="headline">{_e(verdict.headline)}</p>{why}'
        f'<p class="meta">{_e(counts)} · blocks at: {_e(view.fail_on.label)} and above</p>{signed}</div></header>'
    )


def _banner_story(view: ReportView) -> str:
    """For a single campaign, what it does in plain words goes into the banner: visible without scrolling."""
    if len(view.campaigns) != 1 or view.campaigns[0].glance is None or not view.campaigns[0].glance.headlines:
        return ""
    return _story_list(view.campaigns[0].glance)


def _campaign(c: CampaignView, single: bool, index: int) -> str:
    parts = [f'<section class="campaign" id="campaign-{index}">']
    if not single:
        css = "ready" if c.verdict.ready else "blocked"
        parts.append(f'<h2>{_e(c.name)} <span class="chip {css}">{_e(c.verdict.label)}</span></h2>')
        parts.append(f'<p class="meta">{_e(c.verdict.headline)}</p>')
    parts.append(f'<p class="meta">File <code>{_e(c.file)}</code>' + (f" · owner {_e(c.owner)}" if c.owner else "") + "</p>")
    if c.description:
        parts.append(f"<p>{_e(c.description)}</p>")
    if c.glance is not None:
        if not single and c.glance.headlines:  # a single campaign's story is in the banner
            parts.append("<h2>What this campaign does</h2>" + _story_list(c.glance))
        parts.append("<h2>Where the personal data goes</h2>")
        parts.append(render_dataflow(c.glance, c.name))
        parts.append(_facts(c.glance))
        parts.append(_scans(c))
    else:
        parts.append('<p class="headline">This file could not be read as a campaign; see the findings below.</p>')
    parts.append(_findings(c.groups))
    parts.append(_suppressions(c))
    parts.append(_coverage(c.coverage))
    parts.append("</section>")
    return "\n".join(parts)


def _scans(c: CampaignView) -> str:
    """What a browser scan saw: per page and phase the vendors that loaded, with the screenshot."""
    if not c.scans:
        return ""
    labels = {"arrival": "On arrival (no consent)", "reject": "After reject", "accept": "After accept"}
    parts = ["<h3>What the website loaded in a real browser</h3>"]
    for scan in c.scans:
        parts.append(f'<p class="meta">Evidence <code>{_e(scan.file)}</code> · {_e(scan.browser)} · {_e(scan.started)}</p>')
        for url, tool, phases in scan.pages:
            rows = []
            for p in phases:
                seen = _e("; ".join(p.vendors)) if p.vendors else "no catalogue vendor"
                shot = (
                    f'<img src="{_e(p.screenshot)}" alt="{_e(labels.get(p.phase, p.phase))}: {_e(url)}" style="max-width:320px">'
                    if p.screenshot
                    else f"<span class=small>{_e(p.note)}</span>"
                )
                rows.append(
                    f"<tr><td>{_e(labels.get(p.phase, p.phase))}</td><td>{_e(p.status.replace('_', ' '))}</td>"
                    f'<td class="{"bad" if p.without_consent else ""}">{seen}</td><td>{shot}</td></tr>'
                )
            parts.append(
                f"<h4>{_e(url)} · consent tool: {_e(tool or 'none found')}</h4><table><thead><tr><th>Phase</th>"
                "<th>Status</th><th>Vendors that loaded</th><th>Screenshot</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            )
    return "\n".join(parts)


def _story_list(glance: Glance) -> str:
    items = "".join(f'<li class="{"risk" if line.risk else "fact"}">{_e(line.text)}</li>' for line in glance.headlines)
    return f'<ul class="story">{items}</ul>'


def _facts(g: Glance) -> str:
    rows = [
        ("Audience", g.audience_type or "not stated"),
        ("Channels", ", ".join(CHANNEL_LABELS.get(c, c) for c in g.channels) or "not stated"),
        ("Where contacts come from", ", ".join(SOURCE_LABELS.get(s, s) for s in g.sources) or "not stated"),
        ("Legal basis", BASIS_LABELS.get(g.consent_basis, g.consent_basis) or "not stated"),
        ("Consent details", "; ".join(g.consent_details) or "none stated"),
        ("Messages", str(g.steps)),
        ("Sender", g.sender or "not stated"),
        ("Kept for", f"{g.retention_days} days" if g.retention_days is not None else "not stated"),
    ]
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    parts = ["<h2>Facts at a glance</h2>", f'<dl class="facts">{dl}</dl>', "<h3>Countries of the recipients</h3>"]
    if g.countries:
        cells = "".join(
            f'<div class="cell {c.level}" title="{_e(", ".join(c.codes) or "no findings")}"><b>{_e(c.code)}</b> {_e(c.name)}'
            f"<span>{_e(_plural(c.findings, 'finding'))}{_e(f' ({c.errors} blocking)' if c.errors else '')}"
            f"{' · EEA' if c.in_eea else ''}</span></div>"
            for c in g.countries
        )
        parts.append(f'<div class="grid">{cells}</div>')
        parts.append(
            '<p class="legend">Findings whose rule applies in the country:'
            '<i style="border-color:#1a7f37;background:#e6f4ea"></i>none'
            '<i style="border-color:#d4a72c;background:#fff4d6"></i>1–2'
            '<i style="border-color:#b3261e;background:#fdecea"></i>3 or more</p>'
        )
    else:
        parts.append("<p><b>Not stated.</b> Rules that depend on the country could not be checked.</p>")
    parts.append(_processors(g))
    parts.append(_vendors(g))
    return "\n".join(parts)


def _processors(g: Glance) -> str:
    if not g.processors:
        return "<h3>Processors</h3><p>None declared.</p>"
    rows = []
    for p in g.processors:
        dpa = {True: "signed", False: "NO", None: "not stated"}[p.dpa]
        transfer = p.transfer or ("not stated" if p.leaves_eea else "not needed")
        status = "✗ " + "; ".join(p.problems) if p.problems else "✓ no problem stated"
        rows.append(
            f"<tr><td><b>{_e(p.name)}</b><br><span class=small>{_e(KIND_LABELS.get(p.kind, p.kind) or p.role)}</span></td>"
            f"<td>{_e(p.country_name)}{'<br><b>outside the EEA</b>' if p.leaves_eea else ''}</td>"
            f"<td>{_e(', '.join(data_label(d) for d in p.data) or 'not listed')}</td>"
            f'<td class="{"bad" if p.dpa is not True and p.role in ("", "processor") else ""}">{_e(dpa)}</td>'
            f'<td class="{"bad" if p.leaves_eea and transfer in ("none", "not stated") else ""}">{_e(transfer)}</td>'
            f'<td class="{"bad" if p.problems else "good"}">{_e(status)}</td></tr>'
        )
    return (
        "<h3>Processors: who else gets the data</h3><table><thead><tr><th>Who</th><th>Where</th><th>Data</th>"
        "<th>Contract (DPA)</th><th>Transfer safeguard</th><th>Status</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _vendors(g: Glance) -> str:
    if not g.vendors:
        return "<h3>Tracking vendors</h3><p>No visitor identification declared or found.</p>"
    rows = []
    for v in g.vendors:
        level = {"person": "PERSON-LEVEL: names individual visitors", "company": "company-level"}.get(v.level, v.level or "unknown")
        gated = {True: "only after opt-in", False: "fires without consent", None: "not stated"}[v.consent_gated]
        seen = ("declared" if v.declared else "NOT declared") + (f"; found in {', '.join(v.found_in)}" if v.found_in else "")
        rows.append(
            f'<tr><td><b>{_e(v.name)}</b></td><td class="{"bad" if v.level == "person" else ""}">{_e(level)}</td>'
            f'<td class="{"bad" if v.consent_gated is not True else "good"}">{_e(gated)}</td><td>{_e(seen)}</td></tr>'
        )
    return (
        "<h3>Tracking vendors found</h3><table><thead><tr><th>Vendor</th><th>Identifies</th><th>Consent</th>"
        "<th>Declared / found</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _findings(groups: Iterable[LawGroup]) -> str:
    groups = list(groups)
    if not groups:
        return "<h2>Findings</h2><p>No findings.</p>"
    parts = ["<h2>Findings by law</h2>"]
    for group in groups:
        parts.append(f"<h3>{_e(group.law)} {_badge(group.worst)} <span class=small>{_e(_plural(group.count, 'finding'))}</span></h3>")
        for article in group.articles:
            if article.article:
                parts.append(f"<h4>{_link(article.url, article.article)}</h4>")
            parts.extend(_finding(view) for view in article.findings)
    return "\n".join(parts)


def _finding(view: FindingView) -> str:
    f = view.finding
    source = ""
    if view.context:
        lines = "".join(f'<span class="{"hit" if line.hit else ""}"><span class="n">{line.number}</span>{_e(line.text) or " "}</span>' for line in view.context)
        source = f'<pre class="source" aria-label="{_e(f.file)} around line {f.line}">{lines}</pre>'
    laws = " · ".join(_link(c.url, str(c)) for c in f.citations)
    return (
        f'<article class="finding {f.severity.label}">'
        f"<div>{_badge(f.severity)} <b>{_e(f.code)}</b> {_e(view.title)}</div>"
        f'<p>{_e(view.message)}</p><p class="where">{_e(f.file)}, line {f.line}'
        + (f" · <code>{_e(f.path)}</code>" if f.path else "")
        + f" · rule <code>{_e(f.rule)}</code></p>"
        + source
        + (f'<p class="fix"><b>How to fix:</b> {_e(f.fix)}</p>' if f.fix else "")
        + (f'<p class="small">Law: {laws}</p>' if laws else "")
        + "</article>"
    )


def _suppressions(c: CampaignView) -> str:
    if not c.suppressions:
        return "<h3>Suppressed findings</h3><p>None.</p>"
    rows = "".join(
        f"<tr><td>{_e(s.finding.code)}</td><td>{_e(s.title)}</td><td>line {s.finding.line}</td>"
        f"<td>{_e(s.reason) or '<b>no reason given</b>'}</td><td>{_e(s.until) or 'no expiry'}</td></tr>"
        for s in c.suppressions
    )
    return (
        "<h3>Suppressed findings</h3><p class=small>Silenced by a comment in the campaign file. "
        "The reviewer should agree with each reason.</p><table><thead><tr><th>Code</th><th>Rule</th><th>Where</th>"
        f"<th>Reason</th><th>Until</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _coverage(cov: Coverage) -> str:
    parts = [
        "<h2>What was checked, and what could not be</h2>",
        f"<p><b>{len(cov.applied)}</b> rules judged this campaign; <b>{len(cov.not_relevant)}</b> do not apply to its countries or "
        f"channels; <b>{len(cov.unscoped)}</b> could not be checked; <b>{len(cov.deselected)}</b> were switched off.</p>",
    ]
    if cov.unreadable or cov.missing_facts or cov.unscoped:
        parts.append("<h3>Could not be checked</h3><ul>")
        parts.extend(f"<li>{_e(line)}</li>" for line in cov.unreadable)
        parts.extend(f"<li>{_e(line)}</li>" for line in cov.missing_facts)
        parts.extend(f"<li>{_e(code)} {_e(title)} — needs: {_e(why)}</li>" for code, title, why in cov.unscoped)
        parts.append("</ul>")
    else:
        parts.append("<p>Every rule that applies had the facts it needs.</p>")
    if cov.deselected:
        parts.append(f"<p class=small>Switched off: {_e(', '.join(cov.deselected))}</p>")
    if cov.not_relevant:
        listed = "; ".join(f"{code} ({why})" for code, _, why in cov.not_relevant)
        parts.append(f"<p class=small>Not relevant here: {_e(listed)}</p>")
    if cov.applied:
        parts.append(f"<p class=small>Applied: {_e(', '.join(cov.applied))}</p>")
    return "\n".join(parts)


def _sign_off(view: ReportView) -> str:
    s = view.sign_off
    if s is None:
        return (
            '<h2>Sign-off</h2><section class="signoff"><p><b>Not signed off.</b> Record a sign-off with '
            '<code>outreach-lint report … --sign-off "name, role"</code>, or sign on paper:</p>'
            '<p>Reviewer <span class="line"></span> Role <span class="line"></span></p>'
            '<p>Date <span class="line"></span> Signature <span class="line"></span></p></section>'
        )
    risk = (
        (
            f'<p class="risk"><b>Risk accepted:</b> the verdict is {_e(view.verdict.label)}, and {_e(s.name)} accepts the risk '
            f"of launching anyway. Reason given: {_e(s.reason)}</p>"
        )
        if s.accepts_risk
        else ""
    )
    return (
        f'<h2>Sign-off</h2><section class="signoff"><p>Reviewed by <b>{_e(s.name)}</b>, {_e(s.role)}, '
        f"on <b>{_e(s.at_text)}</b>.</p>{risk}<p>Verdict at sign-off: <b>{_e(view.verdict.label)}</b>. "
        "The sign-off covers exactly the input files listed below, by content hash: "
        "<code>outreach-lint verify-report</code> fails if any of them has changed since.</p></section>"
    )


def _appendix(view: ReportView) -> str:
    rows = "".join(
        f"<tr><td><code>{_e(i.path)}</code></td><td>{_e(i.kind)}</td>"
        f'<td class="hash">{_e(i.sha256) if i.sha256 else "<b>" + _e(i.problem or "missing") + "</b>"}</td></tr>'
        for i in view.inputs
    )
    return (
        '<section class="appendix"><h2>Inputs and versions</h2>'
        f"<p>outreach-lint {_e(view.tool_version)} · rule pack <code>{_e(view.rule_pack_version or 'unknown')}</code> · "
        f"made {_e(view.generated_at.strftime('%Y-%m-%d %H:%M:%S UTC'))}</p>"
        "<table><thead><tr><th>File</th><th>Kind</th><th>SHA-256</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "<p class=small>Check that nothing changed since this report: "
        "<code>outreach-lint verify-report REPORT.html</code> (paths are relative to the report's folder).</p></section>"
    )
