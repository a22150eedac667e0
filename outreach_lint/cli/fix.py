"""``check --fix`` and ``check --diff`` on the command line (the work is in :mod:`outreach_lint.fixes`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..findings import Report


def fix_or_diff(report: Report, write: bool, quiet: int) -> bool:
    """Fix (``write``) or show the diff. True when the run ends here: ``--diff`` printed a diff.

    ``--diff`` without fixes falls through to the normal output, so the findings still show.
    """
    from ..fixes import run_fixes

    outcome = run_fixes(report, write=write)
    for problem in outcome.problems:
        click.echo(f"outreach-lint: {problem}", err=True)
    if not write:
        if outcome.diff and quiet < 2:
            click.echo(outcome.diff, nl=False)
        if outcome.diff and not quiet:
            click.echo(
                f"outreach-lint: {outcome.fixed} fixable finding{'s' if outcome.fixed != 1 else ''} in "
                f"{len(outcome.files)} file{'s' if len(outcome.files) != 1 else ''} (apply with --fix)",
                err=True,
            )
        return bool(outcome.diff)
    if outcome.fixed and not quiet:
        click.echo(
            f"outreach-lint: fixed {outcome.fixed} finding{'s' if outcome.fixed != 1 else ''} in "
            f"{len(outcome.files)} file{'s' if len(outcome.files) != 1 else ''}",
            err=True,
        )
    return False
