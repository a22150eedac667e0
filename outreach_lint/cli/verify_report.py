"""``outreach-lint verify-report``: has the report, or any file it was made from, changed since?

Exit codes: 0 when every input still has its recorded hash, 1 when any changed or went missing
(each is named) or a required sign-off is missing, 2 when the file is not an outreach-lint report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .exits import EXIT_FINDINGS, EXIT_USAGE, fail, printable
from .options import config_option


@click.command("verify-report")
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("--base", type=click.Path(file_okay=False), help="Resolve input paths from this folder instead of the report's folder.")
@click.option(
    "--require-sign-off",
    is_flag=True,
    help="Also fail unless a READY report is signed, or a BLOCKED one carries a risk acceptance by a role in report.sign-off-roles.",
)
@config_option("Read report.sign-off-roles from this config file instead of the nearest one.")
def verify_report_command(report: str, base: str | None, require_sign_off: bool, config_file: str | None) -> None:
    """Fail when the report was edited or any file it was made from has changed since (SHA-256 hashes)."""
    from ..report.manifest import NotAReport
    from ..report.signoff import is_well_formed, judge
    from ..report.verify import verify

    try:
        result = verify(Path(report), Path(base) if base else None)
    except NotAReport as exc:
        click.echo(f"outreach-lint: {report}: not an outreach-lint report: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    if not result.intact:
        click.echo(
            f"{report}: the report was edited after outreach-lint wrote it (its content hash does not match): "
            "verdict, findings, inputs and sign-off cannot be trusted"
        )
    for check in result.problems:
        click.echo(f"{report}: {check.status}: {printable(check.path)}")
    for check in result.checks:
        if check.status == "grown":
            click.echo(f"{report}: note: {printable(check.path)} grew by lines added at its end (routine; the sign-off stands)", err=True)
    signed = result.manifest.get("sign_off")
    failed = not result.ok
    if signed is not None and not is_well_formed(signed):
        click.echo(f"{report}: the recorded sign-off is malformed (edited by hand?)")
        signed, failed = None, True
    if require_sign_off:
        why = judge(result.manifest, _sign_off_roles(config_file)) if signed is not None else "no sign-off recorded"
        if why:
            click.echo(f"{report}: {printable(why)}")
            failed = True
    if failed:
        if result.problems:
            click.echo(f"{report}: {len(result.problems)} of {len(result.checks)} input files changed or missing since the report was made", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    who = f", signed off by {printable(signed['name'])} ({printable(signed['role'])}) at {printable(signed['at'])}" if signed else ""
    if signed and signed.get("accepts_risk"):
        who += f", accepting the risk of a BLOCKED verdict: {printable(signed['reason'])}"
    click.echo(f"{report}: all {len(result.checks)} input files unchanged{who}")
    _note_rule_pack_change(report, result.manifest)


def _sign_off_roles(config_file: str | None) -> tuple[str, ...]:
    """report.sign-off-roles of --config, or of the configuration found from the current folder."""
    from ..config import ConfigError
    from ..config_resolver import ConfigResolver

    try:
        return ConfigResolver(config_file).for_folder(Path.cwd()).sign_off_roles
    except ConfigError as exc:
        raise fail(f"bad config: {exc}") from None


def _note_rule_pack_change(report: str, manifest: dict[str, Any]) -> None:
    """The inputs are unchanged, but the rules may have moved on since: say so, without failing."""
    from ..rulepack import RuleError, load_pack

    recorded = manifest.get("rule_pack_version")
    try:
        current = load_pack().version
    except RuleError:
        return
    if recorded and recorded != current:
        click.echo(
            f"{report}: note: the built-in rule pack changed since the report ({recorded} -> {current}); "
            "run `outreach-lint report` again to see today's findings",
            err=True,
        )
