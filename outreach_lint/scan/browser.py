"""Launch the system's Chromium through Playwright and record what one page does.

Browsers cannot be downloaded on the machines this runs on, so the executable is the
``--browser`` option, else ``$OUTREACH_LINT_CHROMIUM``, else ``chromium`` (or a Chrome) on the
PATH. Chromium's own background traffic (component updates, sync, safe browsing lists, QUIC
probes) is switched off: the only requests are the pages' own.

The recorder keeps, per phase, every request (URL, method, resource type, the script that
started it as Chromium's DevTools protocol reports it, the response status and server
address), every ``sendBeacon`` call and every ``localStorage``/``sessionStorage`` write (an init
script reports them through a binding, from every frame). Values of cookies and storage
entries are never kept, only their names and sizes: the evidence is about what the site does,
not the scanner's identifiers.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    CDPSession,
    Page,
    Playwright,
    Request,
    Response,
)
from playwright.sync_api import Error as PlaywrightError

ENV_BROWSER = "OUTREACH_LINT_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Chromium switches: quiet (no traffic of its own), seen as a visitor's browser by the page.
QUIET_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
    "--disable-quic",
    "--disable-default-apps",
    "--no-default-browser-check",
    "--disable-features=OptimizationHints,MediaRouter,Translate",
    # navigator.webdriver stays false, as for a visitor: some tags skip automated browsers
    "--disable-blink-features=AutomationControlled",
)
VIEWPORT = {"width": 1366, "height": 768}
LOCALE = "en-GB"
#: Per phase: more requests than this are counted, not kept (the evidence file stays small).
MAX_REQUESTS = 2000
MAX_URL = 500
_HOST = re.compile(r"^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")
_ADDR = re.compile(r"^[A-Za-z0-9.:\[\]-]+$")

#: Reports storage writes and beacons to Python (binding ``__outreachLintRecord``) from every frame.
INIT_SCRIPT = r"""
(() => {
  const send = (kind, data) => { try { window.__outreachLintRecord(kind, data); } catch (e) {} };
  for (const [area, store] of [["localStorage", () => window.localStorage], ["sessionStorage", () => window.sessionStorage]]) {
    try {
      const s = store();
      const set = s.setItem.bind(s);
      Object.defineProperty(s, "setItem", {value: (k, v) => { send("storage", {area, key: String(k), size: String(v).length, origin: location.origin}); return set(k, v); }});
    } catch (e) {}
  }
  try {
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => { send("beacon", {url: String(new URL(url, location.href)).slice(0, 500)}); return beacon(url, data); };
  } catch (e) {}
})();
"""


class BrowserProblem(Exception):
    """The browser cannot be found or started; the message is one line."""


def find_browser(option: str | None) -> str:
    """The Chromium executable to use: the option, the environment variable, then the PATH."""
    for given, origin in ((option, "--browser"), (os.environ.get(ENV_BROWSER), ENV_BROWSER)):
        if given:
            found = shutil.which(given)
            if found is None:
                raise BrowserProblem(f"{origin} names {given!r}, which is not an executable file")
            return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise BrowserProblem(f"no Chromium found: install it (Debian: apt-get install chromium) or name it with --browser or {ENV_BROWSER}")


def parse_map_hosts(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """``HOST=ADDR`` pairs for Chromium's ``--host-resolver-rules``; anything else is refused."""
    pairs = []
    for value in values:
        host, sep, addr = value.partition("=")
        if not sep or not _HOST.match(host) or not _ADDR.match(addr):
            raise BrowserProblem(f"--map-host {value!r} is not HOST=ADDR (a host name, '=', an address)")
        pairs.append((host.lower(), addr))
    return pairs


def launch(playwright: Playwright, executable: str, mappings: list[tuple[str, str]], timeout: float) -> Browser:
    args = list(QUIET_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root (containers, CI)
    if mappings:
        args.append("--host-resolver-rules=" + ", ".join(f"MAP {host} {addr}" for host, addr in mappings))
    try:
        return playwright.chromium.launch(executable_path=executable, args=args, headless=True, timeout=timeout * 1000)
    except PlaywrightError as exc:
        raise BrowserProblem(f"cannot start {executable}: {first_line(exc)}") from None


def user_agent(browser: Browser) -> str:
    """A desktop Chrome user agent: headless Chromium says "HeadlessChrome", which sites treat differently."""
    major = browser.version.split(".")[0]
    return f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{major}.0.0.0 Safari/537.36"


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def clip(url: str) -> str:
    return url if len(url) <= MAX_URL else url[:MAX_URL] + "…"


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


@dataclass
class Phase:
    """What one phase saw. ``requests`` holds at most :data:`MAX_REQUESTS`; ``dropped`` counts the rest."""

    name: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    storage: list[dict[str, Any]] = field(default_factory=list)
    beacons: list[str] = field(default_factory=list)
    dropped: int = 0


class Recorder:
    """Listens to one page (and its frames) and files everything under the current phase."""

    def __init__(self, context: BrowserContext, page: Page) -> None:
        self.phase: Phase | None = None
        self._initiators: dict[str, str] = {}
        self._by_request: dict[Request, dict[str, Any]] = {}
        self._open: set[Request] = set()
        self._last_activity = time.monotonic()
        context.expose_binding("__outreachLintRecord", self._binding)
        context.add_init_script(INIT_SCRIPT)
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        page.on("requestfinished", self._done)
        cdp: CDPSession = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._will_be_sent)
        cdp.send("Network.enable")

    def start(self, name: str) -> Phase:
        self.phase = Phase(name)
        self._by_request = {}
        return self.phase

    def fill_initiators(self, phase: Phase) -> None:
        """Initiators that arrived after Playwright's request event (the DevTools session is a separate channel)."""
        for entry in phase.requests:
            if not entry["initiator"]:
                entry["initiator"] = clip(self._initiators.get(entry["url"], ""))

    def quiet_for(self) -> float:
        """Seconds since the last request started or ended; 0 while any is open."""
        return 0.0 if self._open else time.monotonic() - self._last_activity

    def open_requests(self) -> int:
        return len(self._open)

    def _done(self, request: Request) -> None:
        self._open.discard(request)
        self._last_activity = time.monotonic()

    def _will_be_sent(self, event: dict[str, Any]) -> None:
        url = str(event.get("request", {}).get("url", ""))
        initiator = _initiator_url(event.get("initiator") or {})
        if url and initiator:
            self._initiators[clip(url)] = initiator
            if len(self._initiators) > 20 * MAX_REQUESTS:
                self._initiators.clear()

    def _request(self, request: Request) -> None:
        self._last_activity = time.monotonic()
        if len(self._open) < 10 * MAX_REQUESTS:
            self._open.add(request)
        phase = self.phase
        if phase is None or request.url.startswith(("data:", "blob:")):
            return
        if len(phase.requests) >= MAX_REQUESTS:
            phase.dropped += 1
            return
        entry: dict[str, Any] = {
            "url": clip(request.url),
            "host": host_of(request.url),
            "method": request.method,
            "type": request.resource_type,
            "initiator": clip(self._initiators.get(clip(request.url), "")),
            "frame": clip(_frame_url(request)),
        }
        if request.redirected_from is not None:
            entry["redirected_from"] = clip(request.redirected_from.url)
        phase.requests.append(entry)
        self._by_request[request] = entry

    def _response(self, response: Response) -> None:
        entry = self._by_request.get(response.request)
        if entry is None:
            return
        entry["status"] = response.status
        try:
            server = response.server_addr()
        except PlaywrightError:
            server = None
        if server:
            entry["server"] = f"{server['ipAddress']}:{server['port']}"

    def _failed(self, request: Request) -> None:
        self._done(request)
        entry = self._by_request.get(request)
        if entry is not None:
            entry["failure"] = (request.failure or "failed")[:200]

    def _binding(self, source: dict[str, Any], kind: str, data: dict[str, Any]) -> None:
        phase = self.phase
        if phase is None or not isinstance(data, dict):
            return
        if kind == "beacon" and len(phase.beacons) < MAX_REQUESTS:
            phase.beacons.append(clip(str(data.get("url", ""))))
        elif kind == "storage" and len(phase.storage) < MAX_REQUESTS:
            phase.storage.append(
                {
                    "area": str(data.get("area", ""))[:20],
                    "key": str(data.get("key", ""))[:200],
                    "size": int(data.get("size", 0) or 0),
                    "origin": clip(str(data.get("origin", ""))),
                }
            )


def _frame_url(request: Request) -> str:
    """The URL of the frame that made the request ("" for a navigation: the frame is still the old document)."""
    try:
        return "" if request.is_navigation_request() else request.frame.url
    except PlaywrightError:  # service workers' requests have no frame
        return ""


def _initiator_url(initiator: dict[str, Any]) -> str:
    """The script that started a request: the innermost stack frame with a URL, else the initiator's URL."""
    stack = initiator.get("stack")
    depth = 0
    while isinstance(stack, dict) and depth < 20:
        for frame in stack.get("callFrames") or []:
            if isinstance(frame, dict) and frame.get("url"):
                return str(frame["url"])
        stack = stack.get("parent")
        depth += 1
    return str(initiator.get("url") or "")


@contextmanager
def session(browser: Browser, timeout: float) -> Iterator[tuple[Page, Recorder, BrowserContext]]:
    """A fresh context (no cookies, no storage: a first-time visitor) with one recorded page."""
    context = browser.new_context(
        user_agent=user_agent(browser),
        viewport=VIEWPORT,  # type: ignore[arg-type]
        locale=LOCALE,
        service_workers="block",
    )
    try:
        context.set_default_timeout(timeout * 1000)
        context.set_default_navigation_timeout(timeout * 1000)
        page = context.new_page()
        recorder = Recorder(context, page)
        yield page, recorder, context
    finally:
        try:
            context.close()
        except PlaywrightError:
            pass
