"""The data-flow picture: risky flows red and dashed and labelled in words, EEA border, legend."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from outreach_lint.report.build import build_view
from outreach_lint.report.dataflow_svg import RED, render_dataflow
from outreach_lint.report.model import Glance

from . import scenario


def glance() -> Glance:
    now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    view = build_view(scenario.report(), scenario.catalogue(), tool_version="t", generated_at=now, today=now.date())
    result = view.campaigns[0].glance
    assert result is not None
    return result


def test_risky_flows_are_red_dashed_and_say_why_in_words() -> None:
    svg = render_dataflow(glance(), "rb2b-visitor-followup")
    dashed = re.findall(rf'<path d="M[^"]+" fill="none" stroke="{RED}" stroke-width="3.5" stroke-dasharray="9 5"', svg)
    # RB2B and Slack (no DPA, no transfer safeguard) and the visitors identified without consent
    assert len(dashed) == 3
    assert svg.count("✗ no data processing agreement") == 2
    assert svg.count("✗ leaves the EEA with no transfer safeguard") == 2
    assert "✗ without their consent" in svg and "website visitors" in svg and "named by RB2B" in svg
    assert "✓ DPA signed, transfer: scc" in svg
    assert "OUTSIDE THE EEA" in svg and "United States — outside the EEA" in svg
    assert "red dashed line and ✗: no consent, no contract or no transfer safeguard" in svg
    assert svg.startswith('<svg class="dataflow"') and 'role="img"' in svg
    assert "<title>Data flow of rb2b-visitor-followup: 2 source(s) into the campaign, then to 3 processor(s); 2 at risk, 3 outside the EEA.</title>" in svg


def test_a_clean_flow_has_no_red_and_no_eea_box() -> None:
    g = glance()
    clean = replace(g, sources=("opt_in_form",), vendors=(), processors=tuple(replace(p, problems=(), leaves_eea=False, dpa=True) for p in g.processors))
    svg = render_dataflow(clean, "ok")
    assert 'stroke-dasharray="9 5" marker-end' not in svg
    assert "OUTSIDE THE EEA" not in svg and "✗" not in svg.split("red dashed line")[0]


def test_safeguarded_transfers_are_marked_in_words_not_red() -> None:
    g = glance()
    safe = replace(g, processors=(replace(g.processors[2]),), vendors=(), sources=("customers",))
    svg = render_dataflow(safe, "ok")
    assert "OUTSIDE THE EEA" in svg and "United States — outside the EEA" in svg
    assert RED not in svg.split('<path d="M16')[0].split("</defs>")[1]  # nothing red above the legend


def test_text_is_escaped_and_clipped() -> None:
    g = glance()
    odd = replace(g, processors=(replace(g.processors[0], name="<Evil & Co> " + "x" * 80),))
    svg = render_dataflow(odd, "<campaign>")
    assert "<Evil" not in svg and "&lt;Evil &amp; Co&gt;" in svg and "&lt;campaign&gt;" in svg
    assert "x" * 60 not in svg and "…" in svg
