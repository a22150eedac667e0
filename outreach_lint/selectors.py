"""Rule selectors, in one place: ``--select``/``--ignore`` values and the config keys that hold them.

A selector is a rule code (``OL101``), a code prefix (``OL1``, ``OL10``), a rule name
(``cold-email-no-consent``) or ``ALL``. This module says which rules a selector picks, whether a
rule is selected, how a comma-separated command-line value splits, and what to say about a
selector that names no rule. A leaf module: it knows rules only by their code and name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol


class Named(Protocol):
    """What a selector looks at: a rule's code and name."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


class SelectorError(ValueError):
    """A ``--select``/``--ignore`` value that names no rule (exit 2); ``str()`` is one line."""


def matches_selector(code: str, name: str, selector: str) -> bool:
    """Select/ignore by code, name or code prefix (``OL1``, ``OL10``, ``OL101``), or ``ALL``."""
    selector = selector.strip()
    return selector == "ALL" or selector == name or code.startswith(selector.upper())


def is_selected(code: str, name: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Picked by ``select`` (or no ``select`` at all) and not by ``ignore``."""
    if select and not any(matches_selector(code, name, s) for s in select):
        return False
    return not any(matches_selector(code, name, s) for s in ignore)


def split_selectors(values: Sequence[str]) -> tuple[str, ...]:
    """Accept ``--select OL1,OL2`` and repeated ``--select`` alike."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def did_you_mean(selector: str, rules: Sequence[Named]) -> str:
    """`` (did you mean 'OL101'?)`` for the closest rule code or name, or ``""``."""
    import difflib

    candidates = sorted({r.code for r in rules} | {r.name for r in rules})
    close = difflib.get_close_matches(selector, candidates, n=1, cutoff=0.6) or difflib.get_close_matches(selector.upper(), candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_cli_selectors(select: Sequence[str], ignore: Sequence[str], rules: Sequence[Named]) -> None:
    """``--select OL99`` or ``--ignore cold-mail`` that names no rule would silently check
    nothing or skip nothing: :class:`SelectorError` with a did-you-mean, as for the config file."""
    for option, selectors in (("--select", select), ("--ignore", ignore)):
        for selector in selectors:
            if not any(matches_selector(r.code, r.name, selector) for r in rules):
                raise SelectorError(
                    f"{option} {selector!r} is not a rule code, code prefix or rule name{did_you_mean(selector, rules)}; `outreach-lint rules` lists them"
                )


def unknown_config_selector(selectors: Iterable[tuple[str, str]], rules: Sequence[Named]) -> tuple[str, list[str | int], str] | None:
    """The first selector of a config file that names no rule, as (config key, the key's parts in
    the file, message); None when every one names a rule. ``selectors`` are (key, selector) pairs
    (:meth:`outreach_lint.config.Config.selectors`); a ``severity`` key needs an exact code or name."""
    codes = {(r.code, r.name) for r in rules}
    for key, selector in selectors:
        if key == "severity":
            ok = any(selector in pair for pair in codes)
        else:
            ok = any(matches_selector(code, name, selector) for code, name in codes)
        if ok:
            continue
        parts: list[str | int] = [*key.split(".", 1)] if key.startswith("per-path-ignores.") else [key]
        if key == "severity":
            parts.append(selector)
        what = "rule code or name" if key == "severity" else "rule code, prefix or name"
        return key, parts, f"{selector!r} is not a {what} in the rule pack{did_you_mean(selector, rules)} (`outreach-lint rules` lists them)"
    return None
