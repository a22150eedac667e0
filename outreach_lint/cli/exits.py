"""Exit codes (SPEC.md §4) and the one-line error every command ends with on bad usage.

``0`` nothing at or above the fail threshold, ``1`` findings (or a blocked report, a changed
input, an incomplete scan), ``2`` usage or configuration error. Every command takes them
from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def fail(message: str) -> click.exceptions.Exit:
    """One line on stderr (file names and config keys in it are escaped: see formats.common.log_safe)."""
    click.echo(f"outreach-lint: error: {printable(message)}", err=True)
    return click.exceptions.Exit(EXIT_USAGE)


def printable(text: str) -> str:
    """Text from files anyone can edit, for the terminal: control characters escaped."""
    from ..formats.common import log_safe

    return log_safe(text)


def safe_lines(text: str) -> str:
    """Text for the terminal from rule files (a --rules folder is data anyone can write), line by line."""
    return "".join(printable(line) + "\n" for line in text.splitlines())


@contextmanager
def configuration_errors() -> Iterator[None]:
    """A bad config, selector or rule pack is exit 2 with one line, in the same words in every command."""
    from ..config import ConfigError
    from ..rulepack import RuleError
    from ..selectors import SelectorError

    try:
        yield
    except ConfigError as exc:
        raise fail(f"bad config: {exc}") from None
    except SelectorError as exc:
        raise fail(str(exc)) from None
    except RuleError as exc:
        raise _broken_pack(exc) from None


@contextmanager
def rule_pack_errors() -> Iterator[None]:
    """A broken rule pack is exit 2 with one line (for the commands that read only the pack)."""
    from ..rulepack import RuleError

    try:
        yield
    except RuleError as exc:
        raise _broken_pack(exc) from None


def _broken_pack(exc: Exception) -> click.exceptions.Exit:
    return fail(f"broken rule pack: {exc}")
