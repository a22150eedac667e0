"""``outreach-lint report``: a pre-launch review report (HTML or Markdown) a reviewer can read and sign.

Exit codes follow ``check``: 0 when the verdict is READY, 1 when BLOCKED (the report is
written either way), 2 for usage errors. The campaigns are checked exactly as ``check``
checks them, with the same options for the rules and the configuration.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import __version__
from .exits import EXIT_FINDINGS, EXIT_OK, configuration_errors, fail
from .options import (
    as_of_option,
    cli_settings,
    config_option,
    day,
    fail_on_option,
    ignore_option,
    no_inline_suppressions_option,
    rules_option,
    select_option,
    today_option,
)
from .output import write_file

if TYPE_CHECKING:
    from ..report.model import ReportView, SignOff, Verdict

FORMATS = ("html", "markdown")


@click.command("report")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here [default: standard output].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True, help="Report format.")
@click.option("--sign-off", "sign_off", metavar='"NAME, ROLE"', help="Record who reviewed the campaign, in which role, now (UTC).")
@click.option("--accept-risk", "accept_risk", metavar="REASON", help="With --sign-off on a BLOCKED report: record that the signer accepts the risk, and why.")
@fail_on_option(help="Lowest severity that blocks the launch [default: the config's, else error].")
@select_option()
@ignore_option()
@rules_option
@config_option()
@no_inline_suppressions_option()
@today_option
@as_of_option
def report_command(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str,
    sign_off: str | None,
    accept_risk: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules_dirs: tuple[str, ...],
    config_file: str | None,
    no_inline_suppressions: bool,
    today: dt.datetime | None,
    as_of: dt.datetime | None,
) -> None:
    """Write a pre-launch review report (HTML or Markdown) a reviewer can read and sign.

    The campaigns are checked exactly as `check` checks them, configuration
    included, so the verdict and `check`'s exit code agree.
    """
    from ..check.options import CheckOptions
    from ..report.build import build_view, catalogue_from_pack
    from ..report.render import render
    from ..report.selection import rule_selection
    from ..rulepack import load_pack
    from ..run.settings import run_check

    signed = _signer(sign_off, accept_risk)
    settings = cli_settings(select, ignore, fail_on, rules_dirs, no_inline_suppressions, config_file)
    options = CheckOptions(today=day(today), keep_documents=True, use_cache=False, as_of=day(as_of))
    with configuration_errors():
        run = run_check(paths, settings, options, jobs=1)
        selection = rule_selection(run, settings)
        catalogue = catalogue_from_pack(load_pack(settings.rules_dirs), run.rules)
    if not run.report.campaign_files:
        raise fail(f"no campaign files found in {', '.join(paths)}")
    now = signed.at if signed else dt.datetime.now(dt.UTC).replace(microsecond=0)
    view = build_view(
        run.report, catalogue, tool_version=__version__, generated_at=now, fail_on=run.threshold, sign_off=signed, today=options.today, selection=selection
    )
    _refuse_a_false_sign_off(signed, view.verdict)
    _refuse_overwriting_inputs(output, view)
    text = render(view, fmt, Path(output).parent if output else None)
    if output:
        write_file(output, [text])
        v = view.verdict
        click.echo(f"outreach-lint: wrote {output}: {v.label} ({v.errors} errors, {v.warnings} warnings)", err=True)
    else:
        click.echo(text, nl=False)
    raise click.exceptions.Exit(EXIT_OK if view.verdict.ready else EXIT_FINDINGS)


def _signer(sign_off: str | None, accept_risk: str | None) -> SignOff | None:
    """--sign-off (and --accept-risk) parsed, or None; a malformed one is exit 2."""
    from ..report.signoff import SignOffError, parse_sign_off

    if accept_risk is not None and sign_off is None:
        raise fail("--accept-risk needs --sign-off: a risk is accepted by someone")
    try:
        return parse_sign_off(sign_off, accept_risk=accept_risk) if sign_off is not None else None
    except SignOffError as exc:
        raise fail(str(exc)) from None


def _refuse_a_false_sign_off(signed: SignOff | None, verdict: Verdict) -> None:
    """A BLOCKED report is signed only with a risk acceptance, and a READY one never with one."""
    if signed is not None and not verdict.ready and not signed.accepts_risk:
        raise fail(
            f"the verdict is BLOCKED ({verdict.errors} errors): it cannot be signed off as if it were ready; "
            "sign with --accept-risk REASON to record that the risk is accepted, and why"
        )
    if signed is not None and verdict.ready and signed.accepts_risk:
        raise fail("the verdict is READY: there is no risk to accept (drop --accept-risk)")


def _refuse_overwriting_inputs(output: str | None, view: ReportView) -> None:
    """Never write to a checked file: the report must not replace the campaign it reports on."""
    if not output:
        return
    target = os.path.realpath(output)
    for item in view.inputs:
        if os.path.realpath(item.path) == target:
            raise fail(f"--output {output} is one of the checked files; choose another name")
