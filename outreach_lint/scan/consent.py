"""Find the consent tool's banner on a page and click its "reject" or "accept" button.

The tools and their selectors are data (the rule pack's ``consent_tools`` table, see
:mod:`.consent_tools`, each row with its source). Detection and the choice of button run as one bounded evaluation in the page
(open shadow roots included, where Usercentrics draws its banner); the click itself is
Playwright's, which waits until the button is visible and enabled, within the step timeout.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from .browser import first_line
from .consent_tools import ConsentTool

ACTIONS = ("reject", "accept")


@dataclass(frozen=True)
class Found:
    """A tool whose banner is on the page, with the first selector of each button that matched."""

    tool: ConsentTool
    buttons: dict[str, str]


@dataclass(frozen=True)
class Click:
    tool: str
    selector: str
    problem: str = ""


#: Runs in the page: the first tool whose banner is there, and which of its buttons exist.
_DETECT = r"""
(tools) => {
  const deep = (root, selector, depth) => {
    let found = null;
    try { found = root.querySelector(selector); } catch (e) { return null; }
    if (found || depth > 4) return found;
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) { const inner = deep(el.shadowRoot, selector, depth + 1); if (inner) return inner; }
    }
    return null;
  };
  const first = (selectors) => selectors.find((s) => deep(document, s, 0)) || "";
  for (const tool of tools) {
    if (first(tool.banner)) return [tool.id, first(tool.reject), first(tool.accept)];
  }
  return ["", "", ""];
}
"""


class Unresponsive(Exception):
    """The page did not answer within the timeout (a script keeps its main thread busy)."""


def detect(page: Page, timeout: float, tools: tuple[ConsentTool, ...]) -> Found | None:
    """The one of ``tools`` whose banner is on ``page``, or None; :class:`Unresponsive` when the page does not answer."""
    payload = [{"id": t.id, "banner": list(t.banner), "reject": list(t.reject), "accept": list(t.accept)} for t in tools]
    try:
        handle = page.wait_for_function(f"(tools) => [({_DETECT})(tools)]", arg=payload, timeout=timeout * 1000)
        result = handle.json_value()[0]
    except PlaywrightError as exc:
        raise Unresponsive(first_line(exc)) from None
    tool = next((t for t in tools if t.id == result[0]), None)
    if tool is None:
        return None
    return Found(tool, {"reject": str(result[1]), "accept": str(result[2])})


def click(page: Page, found: Found, action: str, timeout: float) -> Click:
    """Click the ``action`` button of the tool found; a missing or unclickable button is a problem, not an error."""
    selector = found.buttons.get(action, "")
    if not selector:
        return Click(found.tool.name, "", f"{found.tool.name} banner found, but no {action} button on it")
    try:
        page.locator(selector).first.click(timeout=timeout * 1000)
    except PlaywrightError as exc:
        return Click(found.tool.name, selector, f"could not click {found.tool.name}'s {action} button ({selector}): {first_line(exc)}")
    return Click(found.tool.name, selector)
