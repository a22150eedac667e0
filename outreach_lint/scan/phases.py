"""One page in three phases, and the same-site crawl.

Phases (each in a context that starts with no cookies and no storage, as a first visit):

* ``arrival`` — the page loads and the network settles; nobody has clicked anything.
* ``reject`` — in the same context, the consent tool's reject button is clicked; what the page
  does *after* the click is recorded.
* ``accept`` — in a fresh context the page loads again (not recorded: that is ``arrival``),
  the accept button is clicked, and what follows is recorded.

Every step has a timeout. A navigation that fails or times out (a redirect loop, a page too big
to load in time), a network that never goes quiet, an unanswering page or a button that
cannot be clicked is written down as a problem of the page and the scan goes on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from . import consent
from .browser import Phase, Recorder, clip, first_line, host_of, session
from .consent_tools import ConsentTool

#: The network counts as settled after this long without a request starting or running.
QUIET_SECONDS = 0.5
#: Links read from one page for the crawl.
MAX_LINKS = 500


@dataclass(frozen=True)
class Settings:
    timeout: float
    max_pages: int
    shots: Path  # folder the screenshots are written to
    shots_ref: str  # the same folder as the evidence file names it (relative)
    #: the banners and buttons to look for (the rule pack's consent_tools table)
    consent_tools: tuple[ConsentTool, ...] = ()


def scan(browser: Browser, urls: list[str], settings: Settings) -> list[dict[str, Any]]:
    """Scan the given URLs, then same-site links found on them, up to ``max_pages`` pages in all."""
    queue = list(dict.fromkeys(urls))
    seen = set(queue)
    sites = {host_of(u) for u in urls}
    pages: list[dict[str, Any]] = []
    while queue:
        url = queue.pop(0)
        record, links = scan_page(browser, url, len(pages) + 1, settings)
        pages.append(record)
        for link in links:
            if len(seen) >= max(settings.max_pages, len(urls)):
                break
            if link not in seen and host_of(link) in sites:
                seen.add(link)
                queue.append(link)
    return pages


def scan_page(browser: Browser, url: str, index: int, settings: Settings) -> tuple[dict[str, Any], list[str]]:
    """The evidence for one page, and the links on it."""
    record: dict[str, Any] = {"url": url, "final_url": url, "consent_tool": "", "phases": [], "problems": []}
    timeout = settings.timeout
    links: list[str] = []
    found: consent.Found | None = None
    try:
        with session(browser, timeout) as (page, recorder, context):
            phase = recorder.start("arrival")
            loaded = _load(page, recorder, url, record, timeout)
            if loaded:
                found = _detect(page, record, "arrival", settings)
                answered = not any(p["kind"] == "unresponsive" for p in record["problems"])
                links = _links(page, timeout) if answered else []
            record["final_url"] = clip(page.url) if loaded else url
            record["phases"].append(_finish(page, context, recorder, phase, record, settings, index, set(), "recorded" if loaded else "not_loaded"))
            if found is not None:
                record["consent_tool"] = found.tool.name
            before = _cookie_keys(context)
            record["phases"].append(_after_click(page, context, recorder, found, "reject", record, settings, index, before))
        if found is None:
            record["phases"].append(_skipped("accept", "no_consent_tool"))
            return record, links
        with session(browser, timeout) as (page, recorder, context):
            recorder.start("before-accept")
            again = _detect(page, record, "accept", settings) if _load(page, recorder, url, record, timeout) else None
            if again is None:
                _problem(record, "consent_button", "accept", f"{found.tool.name}'s banner did not appear on the second load: accept was not clicked")
                record["phases"].append(_skipped("accept", "not_clicked"))
                return record, links
            before = _cookie_keys(context)
            record["phases"].append(_after_click(page, context, recorder, again, "accept", record, settings, index, before))
    except PlaywrightError as exc:  # the browser or the context went away under us
        _problem(record, "browser", "", f"the browser stopped answering: {first_line(exc)}")
        done = {p["phase"] for p in record["phases"]}
        record["phases"] += [_skipped(name, "not_loaded") for name in ("arrival", "reject", "accept") if name not in done]
    return record, links


def _detect(page: Page, record: dict[str, Any], phase: str, settings: Settings) -> consent.Found | None:
    try:
        return consent.detect(page, min(settings.timeout, 5.0), settings.consent_tools)
    except consent.Unresponsive as exc:
        _problem(record, "unresponsive", phase, f"the page did not answer (a script keeps it busy), so its consent tool and links were not read: {exc}")
        return None


def _load(page: Page, recorder: Recorder, url: str, record: dict[str, Any], timeout: float) -> bool:
    """Navigate and wait for the network to settle; False when the page did not load at all."""
    phase = recorder.phase.name if recorder.phase else ""
    try:
        response = page.goto(url, wait_until="load", timeout=timeout * 1000)
    except PlaywrightError as exc:
        message = first_line(exc)
        kind = "redirect_loop" if "ERR_TOO_MANY_REDIRECTS" in message else "timeout" if "Timeout" in message else "navigation"
        _problem(record, kind, phase, f"{url} did not load: {message}")
        # a timed-out page may still have run scripts: keep what it did (settle briefly)
        return kind == "timeout" and _settle(page, recorder, record, min(timeout, 5.0))
    if response is not None and response.status >= 400:
        _problem(record, "http_status", phase, f"{url} answered HTTP {response.status}")
    _settle(page, recorder, record, timeout)
    return True


def _settle(page: Page, recorder: Recorder, record: dict[str, Any], timeout: float) -> bool:
    """Wait until no request has been open for :data:`QUIET_SECONDS`, at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        quiet = recorder.quiet_for()
        if quiet >= QUIET_SECONDS:
            return True
        if time.monotonic() >= deadline:
            phase = recorder.phase.name if recorder.phase else ""
            still = recorder.open_requests()
            why = f"{still} request{'s' if still != 1 else ''} still open" if still else "new requests kept starting"
            _problem(record, "not_settled", phase, f"the network did not settle within {timeout:g} s ({why}); the evidence holds what was seen until then")
            return False
        try:
            page.wait_for_timeout(100)
        except PlaywrightError:
            return False


def _after_click(
    page: Page,
    context: BrowserContext,
    recorder: Recorder,
    found: consent.Found | None,
    action: str,
    record: dict[str, Any],
    settings: Settings,
    index: int,
    before: set[tuple[str, str, str]],
) -> dict[str, Any]:
    if found is None:
        return _skipped(action, "no_consent_tool")
    phase = recorder.start(action)
    clicked = consent.click(page, found, action, settings.timeout)
    if clicked.problem:
        _problem(record, "consent_button", action, clicked.problem)
        status = "not_clicked"
    else:
        status = "recorded"
        page.wait_for_timeout(QUIET_SECONDS * 1000)  # let the tool run its callbacks
        _settle(page, recorder, record, settings.timeout)
    entry = _finish(page, context, recorder, phase, record, settings, index, before, status)
    entry["clicked"] = clicked.selector
    return entry


def _skipped(action: str, status: str) -> dict[str, Any]:
    return {"phase": action, "status": status, "requests": [], "beacons": [], "cookies": [], "storage": []}


def _finish(
    page: Page,
    context: BrowserContext,
    recorder: Recorder,
    phase: Phase,
    record: dict[str, Any],
    settings: Settings,
    index: int,
    before: set[tuple[str, str, str]],
    status: str,
) -> dict[str, Any]:
    """The phase as evidence: requests, beacons, cookies set in the phase, storage, a screenshot."""
    recorder.fill_initiators(phase)
    entry: dict[str, Any] = {
        "phase": phase.name,
        "status": status,
        "requests": phase.requests,
        "beacons": phase.beacons,
        "cookies": _cookies(context, before, host_of(record["final_url"])),
        "storage": _storage(page, phase, settings.timeout),
    }
    if phase.dropped:
        entry["dropped_requests"] = phase.dropped
        _problem(record, "too_many_requests", phase.name, f"{phase.dropped} requests beyond the first {len(phase.requests)} were counted, not kept")
    name = f"p{index}-{phase.name}.png"
    try:
        settings.shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(settings.shots / name), timeout=settings.timeout * 1000, animations="disabled")
        entry["screenshot"] = f"{settings.shots_ref}/{name}"
    except (PlaywrightError, OSError) as exc:
        _problem(record, "screenshot", phase.name, f"no screenshot: {first_line(exc)}")
    return entry


def _cookie_keys(context: BrowserContext) -> set[tuple[str, str, str]]:
    return {(c.get("name", ""), c.get("domain", ""), c.get("path", "")) for c in context.cookies()}


def _cookies(context: BrowserContext, before: set[tuple[str, str, str]], site: str) -> list[dict[str, Any]]:
    """Cookies set during the phase: names, domains and sizes, never values."""
    found = []
    for cookie in context.cookies():
        key = (cookie.get("name", ""), cookie.get("domain", ""), cookie.get("path", ""))
        if key in before:
            continue
        domain = key[1].lstrip(".")
        found.append(
            {
                "name": key[0][:200],
                "domain": domain,
                "path": key[2][:200],
                "size": len(cookie.get("value", "")),
                "expires": int(cookie.get("expires", -1)),
                "http_only": bool(cookie.get("httpOnly")),
                "secure": bool(cookie.get("secure")),
                "same_site": str(cookie.get("sameSite", "")),
                "third_party": not (site == domain or site.endswith("." + domain) or domain.endswith("." + site)),
            }
        )
    return found


_STORAGE_SNAPSHOT = """() => { const out = [];
  for (const [area, s] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
    for (let i = 0; i < s.length && out.length < 500; i++) { const k = s.key(i); out.push([area, k, (s.getItem(k) || "").length]); } }
  return [out]; }"""


def _storage(page: Page, phase: Phase, timeout: float) -> list[dict[str, Any]]:
    """Storage writes reported by the init script, plus keys present at the end that it did not see."""
    entries = [dict(w, how="write") for w in phase.storage]
    seen = {(w["area"], w["key"]) for w in phase.storage}
    try:
        present = page.wait_for_function(_STORAGE_SNAPSHOT, timeout=min(timeout, 5.0) * 1000).json_value()[0]
    except PlaywrightError:
        return entries
    origin = clip(page.url)
    for area, key, size in present:
        if (area, key) not in seen and phase.name == "arrival":
            entries.append({"area": area, "key": str(key)[:200], "size": int(size), "origin": origin, "how": "present"})
    return entries


def _links(page: Page, timeout: float) -> list[str]:
    script = f"() => [Array.from(document.querySelectorAll('a[href]'), a => a.href).slice(0, {MAX_LINKS})]"
    try:
        hrefs = page.wait_for_function(script, timeout=min(timeout, 5.0) * 1000).json_value()[0]
    except PlaywrightError:
        return []
    links = []
    for href in hrefs:
        url = urldefrag(str(href))[0]
        if urlsplit(url).scheme in ("http", "https"):
            links.append(url)
    return list(dict.fromkeys(links))


def _problem(record: dict[str, Any], kind: str, phase: str, message: str) -> None:
    record["problems"].append({"kind": kind, "phase": phase, "message": message[:500]})
