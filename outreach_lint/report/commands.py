"""The ``report`` and ``verify-report`` commands; ``cli.py`` imports them when they are invoked.

Exit codes follow ``check``: ``report`` returns 0 when the verdict is READY,
1 when BLOCKED (the report is written either way), 2 for usage errors.
``verify-report`` returns 0 when every input still has its recorded hash, 1
when any changed or went missing (each is named), 2 when the file is not an
outreach-lint report.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import click

from ..cli_options import as_of_option, today_option
from ..selectors import split_selectors

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("html", "markdown")


def _fail(message: str) -> click.exceptions.Exit:
    click.echo(f"outreach-lint: error: {_printable(message)}", err=True)
    return click.exceptions.Exit(EXIT_USAGE)


@click.command("report")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here [default: standard output].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True, help="Report format.")
@click.option("--sign-off", "sign_off", metavar='"NAME, ROLE"', help="Record who reviewed the campaign, in which role, now (UTC).")
@click.option("--accept-risk", "accept_risk", metavar="REASON", help="With --sign-off on a BLOCKED report: record that the signer accepts the risk, and why.")
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that blocks the launch [default: the config's, else error].",
)
@click.option("--select", multiple=True, help="Only these rules: codes, names or code prefixes.")
@click.option("--ignore", multiple=True, help="Skip these rules: codes, names or code prefixes.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="An extra rule folder (repeatable).")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Use this config file instead of the nearest .outreach-lint.yaml / pyproject.toml.",
)
@click.option("--no-inline-suppressions", is_flag=True, help="Ignore `# outreach-lint: ignore[...]` comments.")
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
    today: Any,
    as_of: Any,
) -> None:
    """Write a pre-launch review report (HTML or Markdown) a reviewer can read and sign.

    The campaigns are checked exactly as `check` checks them, configuration
    included, so the verdict and `check`'s exit code agree.
    """
    from .. import __version__
    from ..check.options import CheckOptions
    from ..config import ConfigError, ConfigResolver
    from ..rulepack import RuleError, load_pack
    from ..run.settings import CliSettings, run_check
    from ..selectors import SelectorError
    from .build import build_view, catalogue_from_pack
    from .signoff import SignOffError, parse_sign_off

    if accept_risk is not None and sign_off is None:
        raise _fail("--accept-risk needs --sign-off: a risk is accepted by someone")
    try:
        signed = parse_sign_off(sign_off, accept_risk=accept_risk) if sign_off is not None else None
    except SignOffError as exc:
        raise _fail(str(exc)) from None
    settings = CliSettings(
        select=split_selectors(select),
        ignore=split_selectors(ignore),
        fail_on=fail_on,
        rules_dirs=tuple(Path(d) for d in rules_dirs),
        no_inline_suppressions=no_inline_suppressions,
        config_file=Path(config_file) if config_file else None,
    )
    options = CheckOptions(today=today.date() if today else None, keep_documents=True, use_cache=False, as_of=as_of.date() if as_of else None)
    try:
        run = run_check(paths, settings, options, jobs=1)
        resolver = ConfigResolver(settings.config_file)
        catalogue = catalogue_from_pack(load_pack(settings.rules_dirs), run.rules)
    except ConfigError as exc:
        raise _fail(f"bad config: {exc}") from None
    except RuleError as exc:
        raise _fail(f"broken rule pack: {exc}") from None
    except SelectorError as exc:
        raise _fail(str(exc)) from None
    if not run.report.campaign_files:
        raise _fail(f"no campaign files found in {', '.join(paths)}")

    from ..locks import locked_codes
    from ..selectors import is_selected

    # unsuppressible rules ran unless the root config or the command line released them: the
    # coverage section must not call them "switched off" because a nested config or a per-path
    # ignore names them (selectors are expanded to exact codes so prefixes keep their meaning)
    pinned = locked_codes(run.rules) - {code for code, _ in run.report.released}
    names = {r.code: r.name for r in run.rules}

    def selection(file: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        from ..layers import guard_selectors

        config = resolver.for_file(file).merged_with_cli(settings.select, settings.ignore)
        select, ignore = guard_selectors(config, file, run.rules, settings.select, settings.ignore)
        if not pinned:
            return select, ignore
        off = tuple(code for code, name in names.items() if code not in pinned and not is_selected(code, name, select, ignore))
        return (), off

    now = signed.at if signed else dt.datetime.now(dt.UTC).replace(microsecond=0)
    view = build_view(
        run.report, catalogue, tool_version=__version__, generated_at=now, fail_on=run.threshold, sign_off=signed, today=options.today, selection=selection
    )
    if signed is not None and not view.verdict.ready and not signed.accepts_risk:
        raise _fail(
            f"the verdict is BLOCKED ({view.verdict.errors} errors): it cannot be signed off as if it were ready; "
            "sign with --accept-risk REASON to record that the risk is accepted, and why"
        )
    if signed is not None and view.verdict.ready and signed.accepts_risk:
        raise _fail("the verdict is READY: there is no risk to accept (drop --accept-risk)")
    _refuse_overwriting_inputs(output, view)
    text = render(view, fmt, Path(output).parent if output else None)
    if output:
        from ..atomic import UnsafeOutput, write_atomic

        try:
            write_atomic(output, [text])  # whole or not at all, never through a link leading out
        except UnsafeOutput as exc:
            raise _fail(f"cannot write {_printable(output)}: {exc}") from None
        except OSError as exc:
            raise _fail(f"cannot write {_printable(output)}: {exc.strerror or exc}") from None
        v = view.verdict
        click.echo(f"outreach-lint: wrote {output}: {v.label} ({v.errors} errors, {v.warnings} warnings)", err=True)
    else:
        click.echo(text, nl=False)
    raise click.exceptions.Exit(EXIT_OK if view.verdict.ready else EXIT_FINDINGS)


def render(view: Any, fmt: str, report_dir: Path | None) -> str:
    """The report text; ``report_dir`` is where it will live (None: standard output)."""
    from .manifest import build_manifest

    manifest = build_manifest(view, report_dir)
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(view, manifest)
    from .html import render_html

    return render_html(view, manifest)


def _refuse_overwriting_inputs(output: str | None, view: Any) -> None:
    """Never write to a checked file: the report must not replace the campaign it reports on."""
    if not output:
        return
    target = os.path.realpath(output)
    for item in view.inputs:
        if os.path.realpath(item.path) == target:
            raise _fail(f"--output {output} is one of the checked files; choose another name")


@click.command("verify-report")
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("--base", type=click.Path(file_okay=False), help="Resolve input paths from this folder instead of the report's folder.")
@click.option(
    "--require-sign-off",
    is_flag=True,
    help="Also fail unless a READY report is signed, or a BLOCKED one carries a risk acceptance by a role in report.sign-off-roles.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Read report.sign-off-roles from this config file instead of the nearest one.",
)
def verify_report_command(report: str, base: str | None, require_sign_off: bool, config_file: str | None) -> None:
    """Fail when the report was edited or any file it was made from has changed since (SHA-256 hashes)."""
    from .manifest import NotAReport
    from .signoff import is_well_formed, judge
    from .verify import verify

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
        click.echo(f"{report}: {check.status}: {_printable(check.path)}")
    for check in result.checks:
        if check.status == "grown":
            click.echo(f"{report}: note: {_printable(check.path)} grew by lines added at its end (routine; the sign-off stands)", err=True)
    signed = result.manifest.get("sign_off")
    failed = not result.ok
    if signed is not None and not is_well_formed(signed):
        click.echo(f"{report}: the recorded sign-off is malformed (edited by hand?)")
        signed, failed = None, True
    if require_sign_off:
        why = judge(result.manifest, _sign_off_roles(config_file)) if signed is not None else "no sign-off recorded"
        if why:
            click.echo(f"{report}: {_printable(why)}")
            failed = True
    if failed:
        if result.problems:
            click.echo(f"{report}: {len(result.problems)} of {len(result.checks)} input files changed or missing since the report was made", err=True)
        raise click.exceptions.Exit(EXIT_FINDINGS)
    who = f", signed off by {_printable(signed['name'])} ({_printable(signed['role'])}) at {_printable(signed['at'])}" if signed else ""
    if signed and signed.get("accepts_risk"):
        who += f", accepting the risk of a BLOCKED verdict: {_printable(signed['reason'])}"
    click.echo(f"{report}: all {len(result.checks)} input files unchanged{who}")
    _note_rule_pack_change(report, result.manifest)


def _sign_off_roles(config_file: str | None) -> tuple[str, ...]:
    """report.sign-off-roles of --config, or of the configuration found from the current folder."""
    from ..config import ConfigError, ConfigResolver

    try:
        return ConfigResolver(config_file).for_folder(Path.cwd()).sign_off_roles
    except ConfigError as exc:
        raise _fail(f"bad config: {exc}") from None


def _printable(text: str) -> str:
    """Paths come from a file anyone can edit: never send control characters or CI commands to the terminal."""
    from ..formats.common import log_safe

    return log_safe(text)


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
