"""The options several commands share, written once, and the settings they make.

Each option is a decorator; where a command words its help differently (``check`` lints
files, ``report`` blocks a launch), it passes its own ``help`` and keeps the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..selectors import split_selectors

if TYPE_CHECKING:
    from ..run.settings import CliSettings

F = TypeVar("F", bound=Callable[..., Any])

SEVERITIES = ("error", "warning", "info")

#: ``--today``: pretend the run happens on this date (tests only).
today_option = click.option("--today", hidden=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend the run happens on this date (tests).")

#: ``--as-of``: the day whose law judges the campaigns (issue 17).
as_of_option = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge every campaign by the law in force on this day (YYYY-MM-DD) instead of its schedule.start or today.",
)

#: ``--rules``: an extra rule folder (every command that loads the rule pack).
rules_option = click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="An extra rule folder (repeatable).")


def select_option(help: str = "Only these rules: codes, names or code prefixes.") -> Callable[[F], F]:
    """``--select`` (repeatable, comma-separated values are split by :func:`outreach_lint.selectors.split_selectors`)."""
    return click.option("--select", multiple=True, help=help)


def ignore_option(help: str = "Skip these rules: codes, names or code prefixes.") -> Callable[[F], F]:
    return click.option("--ignore", multiple=True, help=help)


def fail_on_option(*aliases: str, help: str) -> Callable[[F], F]:
    """``--fail-on`` (and ``aliases``): the lowest severity that fails; None leaves it to the config."""
    return click.option("--fail-on", *aliases, "fail_on", type=click.Choice(SEVERITIES), default=None, help=help)


def config_option(help: str = "Use this config file instead of the nearest .outreach-lint.yaml / pyproject.toml.") -> Callable[[F], F]:
    return click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None, help=help)


def no_inline_suppressions_option(help: str = "Ignore `# outreach-lint: ignore[...]` comments.") -> Callable[[F], F]:
    return click.option("--no-inline-suppressions", is_flag=True, help=help)


def day(value: dt.datetime | None) -> dt.date | None:
    """A ``--today`` / ``--as-of`` value as the date the core takes."""
    return value.date() if value else None


def cli_settings(
    select: Sequence[str],
    ignore: Sequence[str],
    fail_on: str | None,
    rules_dirs: Sequence[str],
    no_inline_suppressions: bool,
    config_file: str | None,
    **more: bool,
) -> CliSettings:
    """What the shared options say about settings a config file can also hold (``run.settings.CliSettings``)."""
    from ..run.settings import CliSettings

    return CliSettings(
        select=split_selectors(select),
        ignore=split_selectors(ignore),
        fail_on=fail_on,
        rules_dirs=tuple(Path(d) for d in rules_dirs),
        no_inline_suppressions=no_inline_suppressions,
        config_file=Path(config_file) if config_file else None,
        **more,
    )
