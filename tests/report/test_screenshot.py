"""Render reports in headless Chromium: the page is not blank and says what matters.

Skipped, with the reason, when Chromium is not installed; `.ci/run` installs
Debian's ``chromium`` package so CI runs these. Chromium is started with no
network-facing features and a throw-away profile; the page itself loads nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from outreach_lint.report.build import build_view
from outreach_lint.report.render import render

from ..conftest import ROOT, TODAY, run_cli
from . import png, scenario

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install -y chromium); the report screenshot tests need it")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,2000",
)
BANNER_RED = (0xB3, 0x26, 0x1E)


def chromium(page: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()], capture_output=True, text=True, timeout=180, check=False
    )


def render_in_browser(page: Path, tmp: Path) -> tuple[png.Image, str]:
    """One Chromium run: the screenshot (decoded) and the page's visible text from the DOM."""
    shot = tmp / f"{page.stem}.png"
    result = chromium(page, tmp, f"--screenshot={shot}", "--dump-dom")
    assert shot.exists(), f"chromium wrote no screenshot: {result.stderr[-2000:]}"
    assert "</html>" in result.stdout, "chromium printed no DOM"
    body = re.sub(r"<script\b.*?</script>|<style\b.*?</style>", " ", result.stdout, flags=re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", body).replace("&amp;", "&").split())
    return png.decode(shot.read_bytes()), text


def ink(image: png.Image) -> tuple[int, float, int]:
    """(distinct colours, share of non-white pixels, pixels of the banner red), on every 3rd pixel of every 3rd row."""
    pixels = image.pixels(step=3)
    colours = len(set(pixels))
    non_white = sum(1 for p in pixels if min(p) < 245) / len(pixels)
    red = sum(1 for p in pixels if all(abs(a - b) <= 12 for a, b in zip(p, BANNER_RED)))
    return colours, non_white, red


def test_a_blank_page_is_recognised_as_blank(tmp_path: Path) -> None:
    """The checks below can fail: an empty page has one colour and no ink."""
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><html><body></body></html>")
    image, text = render_in_browser(blank, tmp_path)
    colours, non_white, red = ink(image)
    assert (image.width, image.height) == (1280, 2000)
    assert (colours, non_white, red, text) == (1, 0.0, 0, "")


def test_scenario_report_shows_verdict_vendor_and_chat_tool(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 23, 8, 30, tzinfo=dt.UTC)
    view = build_view(scenario.report(), scenario.catalogue(), tool_version="test", generated_at=now, today=now.date())
    page = tmp_path / "scenario.html"
    page.write_text(render(view, "html", tmp_path), encoding="utf-8")
    image, text = render_in_browser(page, tmp_path)
    colours, non_white, red = ink(image)
    assert colours > 200, colours  # text, badges, the picture: many anti-aliased shades
    assert 0.05 < non_white < 0.8, non_white
    assert red > 2000, red  # the red verdict and the red flows are there
    for phrase in (
        "BLOCKED",
        "Do not launch: 11 problems must be fixed first.",
        "Identifies website visitors by name with RB2B (person-level tracking) — without asking them first.",
        "Slack · chat tool",
        "OUTSIDE THE EEA",
        "✗ no data processing agreement",
        "Regulation (EU) 2016/679 (GDPR)",
        "Reviewer",
    ):
        assert phrase in text, phrase


def test_bundled_examples_render(tmp_path: Path) -> None:
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))
    assert examples, "no bundled examples"
    page = tmp_path / "examples.html"
    code, _, err = run_cli("report", *examples, "--today", TODAY, "--output", str(page))
    assert code in (0, 1), err
    image, text = render_in_browser(page, tmp_path)
    colours, non_white, _ = ink(image)
    assert colours > 100 and 0.03 < non_white < 0.8, (colours, non_white)
    assert re.search(r"\b(READY|BLOCKED)\b", text)
    for example in examples:
        name = re.search(r"^campaign:\s*(\S+)", Path(example).read_text(), re.M)
        assert name and name.group(1) in text, example
    assert "Inputs and versions" in text


def test_the_essay_scenario_example_is_obvious_at_a_glance(tmp_path: Path) -> None:
    """The bundled RB2B → Slack → cold e-mail example: verdict, vendor and the chat tool in the US, no contract."""
    example = ROOT / "examples" / "rb2b-slack-sequence.yaml"
    if not example.exists():
        pytest.skip("examples/rb2b-slack-sequence.yaml is not in this checkout")
    page = tmp_path / "rb2b.html"
    code, _, err = run_cli("report", str(example), "--today", TODAY, "--output", str(page))
    assert code == 1, err
    image, text = render_in_browser(page, tmp_path)
    _, _, red = ink(image)
    assert red > 2000, red
    for phrase in (
        "BLOCKED",
        "Identifies website visitors by name with RB2B (person-level tracking) — without asking them first.",
        "to Slack (chat tool) in the United States — no data processing agreement; leaves the EEA with no transfer safeguard.",
        "website visitors named by RB2B",
        "OUTSIDE THE EEA",
    ):
        assert phrase in text, phrase
