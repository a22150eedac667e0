"""The ``scan`` command: options in, an evidence file out, a summary on stderr.

Exit codes: 0 the evidence was written and every page was scanned completely; 1 it was written
but some page has a problem (did not load, never settled, a consent button could not be
clicked, ...: the problems are in the file and ``check`` reports them); 2 nothing could be
scanned (bad options, no Chromium, no Playwright). Judging the vendors is ``check``'s job.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from ..cli import EXIT_FINDINGS, EXIT_OK, fail

if TYPE_CHECKING:
    from ..rulepack import RulePack

DEFAULT_OUTPUT = "outreach-lint-evidence.json"


@click.command("scan")
@click.argument("urls", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="The evidence file to write; screenshots go to a folder next to it (NAME.shots/).",
)
@click.option(
    "--max-pages", type=click.IntRange(1, 1000), default=1, show_default=True, help="Pages to scan in all: the URLs given, then same-site links found on them."
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 600),
    default=30.0,
    show_default=True,
    help="Seconds for each step (a page load, the network settling, a click, a screenshot).",
)
@click.option(
    "--map-host",
    "map_hosts",
    multiple=True,
    metavar="HOST=ADDR",
    help="Resolve HOST to ADDR in the browser (a staging server, or a local test server); repeatable.",
)
@click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Also load this rule folder: its vendors, consent managers and consent tools add to the built-in ones; repeatable.",
)
@click.option(
    "--browser", "browser_path", default=None, metavar="PATH", help="The Chromium executable [default: $OUTREACH_LINT_CHROMIUM, else chromium on the PATH]."
)
def scan_command(
    urls: tuple[str, ...], output: str, max_pages: int, timeout: float, map_hosts: tuple[str, ...], rules_dirs: tuple[str, ...], browser_path: str | None
) -> None:
    """Load pages in headless Chromium and record what they do before and after consent."""
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise fail(f"{url!r} is not an http(s) URL")
    pack = _pack(rules_dirs)
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright

        from . import browser, phases
    except ImportError:
        raise fail("the scan needs Playwright: pip install 'outreach-lint[scan]' (the browser itself comes from the OS)") from None
    from . import evidence_file
    from .consent_tools import tools_from_tables

    try:
        executable = browser.find_browser(browser_path)
        mappings = browser.parse_map_hosts(map_hosts)
    except browser.BrowserProblem as exc:
        raise fail(str(exc)) from None
    target = Path(output)
    shots, shots_ref = evidence_file.shots_folder(target)
    settings = phases.Settings(timeout=timeout, max_pages=max_pages, shots=shots, shots_ref=shots_ref, consent_tools=tools_from_tables(pack.tables))
    started = evidence_file.now()
    try:
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright, executable, mappings, timeout)
            try:
                about = {"name": "chromium", "version": chromium.version, "executable": executable, "user_agent": browser.user_agent(chromium)}
                pages = phases.scan(chromium, list(urls), settings)
            finally:
                chromium.close()
    except browser.BrowserProblem as exc:
        raise fail(str(exc)) from None
    except PlaywrightError as exc:
        raise fail(f"the browser failed: {browser.first_line(exc)}") from None
    document = evidence_file.build(
        list(urls), pages, about, {"timeout": timeout, "max_pages": max_pages, "map_hosts": [f"{h}={a}" for h, a in mappings]}, started, pack.vendors
    )
    try:
        size = evidence_file.write(document, target)
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
    for line in evidence_file.summary_lines(document):
        click.echo(line, err=True)
    if size > evidence_file.READ_LIMIT:
        click.echo(
            f"outreach-lint: warning: {output} is {size:,} bytes, over the {evidence_file.READ_LIMIT:,} bytes `check` reads "
            "from a site file (it will be an OL003 finding); scan fewer pages per file (--max-pages)",
            err=True,
        )
    click.echo(f"outreach-lint: wrote {output} ({len(pages)} page{'s' if len(pages) != 1 else ''})", err=True)
    incomplete = any(page["problems"] for page in pages)
    raise click.exceptions.Exit(EXIT_FINDINGS if incomplete else EXIT_OK)


def _pack(rules_dirs: tuple[str, ...]) -> RulePack:
    """The rule pack whose vendors and consent tools the scan uses; a broken rule folder is exit 2."""
    from ..rulepack import RuleError, load_pack

    try:
        return load_pack([Path(d) for d in rules_dirs])
    except RuleError as exc:
        raise fail(str(exc)) from None
