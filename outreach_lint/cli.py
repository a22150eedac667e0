"""The command line: parse options, call the core, render, choose the exit code.

Heavy modules (yaml, the engine, jsonschema) are imported inside the
commands, so ``outreach-lint --version`` and ``--help`` stay instant.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_options import as_of_option, today_option
from .selectors import split_selectors

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

FORMAT_NAMES = ("text", "json", "sarif", "junit", "github", "gitlab")  # == formats.REGISTRY keys (a test checks)
SEVERITIES = ("error", "warning", "info")


def fail(message: str) -> click.exceptions.Exit:
    """One line on stderr (file names and config keys in it are escaped: see formats.common.log_safe)."""
    click.echo(f"outreach-lint: error: {_printable(message)}", err=True)
    return click.exceptions.Exit(EXIT_USAGE)


class _LazyGroup(click.Group):
    """Commands that live in heavier modules are imported only when invoked (or listed in --help)."""

    #: command name -> "module:attribute"
    LAZY = {
        "report": "outreach_lint.report.commands:report_command",
        "verify-report": "outreach_lint.report.commands:verify_report_command",
        "contacts-sql": "outreach_lint.contacts_sql_command:contacts_sql_command",
        "scan": "outreach_lint.scan.command:scan_command",
        "init": "outreach_lint.init_cmd:init_command",
        "server": "outreach_lint.lsp:server_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.LAZY))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            import importlib

            module, attribute = self.LAZY[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="outreach-lint")
def main() -> None:
    """Lint outreach campaigns against GDPR, ePrivacy and national marketing law."""


class _RawArgsCommand(click.Command):
    """Keeps the raw arguments so that each --output can bind to the --format before it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["outreach_lint.raw_args"] = list(args)
        return super().parse_args(ctx, args)


@main.command(cls=_RawArgsCommand)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMAT_NAMES),
    help="Output format; repeat for several (each --output binds to the --format before it).",
)
@click.option("--output", "outputs", multiple=True, type=click.Path(dir_okay=False), help="Write the preceding --format to this file instead of stdout.")
@click.option("--select", multiple=True, help="Only these rules: codes, names or code prefixes (comma-separated or repeated).")
@click.option("--ignore", multiple=True, help="Skip these rules: codes, names or code prefixes.")
@click.option("--fail-on", "--severity", "fail_on", type=click.Choice(SEVERITIES), default=None, help="Lowest severity that fails the run [default: error].")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="An extra rule folder (repeatable).")
@click.option("--color/--no-color", default=None, help="Colour the text output [default: on a terminal; NO_COLOR and FORCE_COLOR are honoured].")
@click.option("-q", "--quiet", count=True, help="-q: one line per finding and the summary line; -qq: print nothing (the exit code says it).")
@click.option(
    "--show-source/--no-show-source", "show_source", default=None, help="Show each finding's source line with a caret under the key [default: on a terminal]."
)
@click.option("--show-law", is_flag=True, help="Every citation of each finding (default: the most specific one).")
@click.option("--show-pii", is_flag=True, help="Show contact addresses unmasked in findings.")
@click.option("--no-inline-suppressions", is_flag=True, help="Ignore `# outreach-lint: ignore[...]` comments (for CI).")
@click.option("--verbose", "-v", is_flag=True, help="Also list files skipped because they are not campaigns, and the folders left out of the search.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache (it lives under ~/.cache/outreach-lint).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes for many files [default: all cores].")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Use this config file for every file instead of the nearest .outreach-lint.yaml / pyproject.toml.",
)
@click.option(
    "--statistics", is_flag=True, help="Print how many findings each rule produced instead of the findings (formats with --output are still written)."
)
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None, help="Report only findings that are not in this baseline file.")
@click.option(
    "--write-baseline",
    "write_baseline_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Record the current findings in this baseline file and exit 0.",
)
@click.option("--fail-if-empty", is_flag=True, help="Fail (exit 1) when no campaign file is found, e.g. because the paths match nothing.")
@click.option("--only-campaigns", is_flag=True, help="Skip named files that do not look like campaigns, even unparseable ones (for pre-commit).")
@click.option("--fix", is_flag=True, help="Apply the safe fixes (did-you-mean keys, enum case, country names, yes/no) in place, then report what is left.")
@click.option("--diff", is_flag=True, help="Show the safe fixes as a unified diff without writing (exit 1 when there are any).")
@today_option
@as_of_option
def check(
    paths: tuple[str, ...],
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    rules_dirs: tuple[str, ...],
    color: bool | None,
    quiet: int,
    show_source: bool | None,
    show_law: bool,
    show_pii: bool,
    no_inline_suppressions: bool,
    verbose: bool,
    no_cache: bool,
    jobs: int | None,
    config_file: str | None,
    statistics: bool,
    baseline_file: str | None,
    write_baseline_file: str | None,
    fail_if_empty: bool,
    only_campaigns: bool,
    fix: bool,
    diff: bool,
    today: Any,
    as_of: Any,
) -> None:
    """Lint campaign files; folders are searched for YAML/JSON campaigns."""
    from .check.options import CheckOptions
    from .run.settings import CliSettings

    if not paths:
        paths = (".",)
    settings = CliSettings(
        select=split_selectors(select),
        ignore=split_selectors(ignore),
        fail_on=fail_on,
        rules_dirs=tuple(Path(d) for d in rules_dirs),
        no_inline_suppressions=no_inline_suppressions,
        config_file=Path(config_file) if config_file else None,
        only_campaigns=only_campaigns,
        fail_if_empty=fail_if_empty,
    )
    options = CheckOptions(
        show_pii=show_pii,
        today=today.date() if today else None,
        use_cache=not no_cache,
        progress=not quiet and sys.stderr.isatty(),
        as_of=as_of.date() if as_of else None,
    )
    run, report = _configured_run(paths, settings, options, jobs, baseline_file, write_baseline_file, bool(quiet))
    if fix or diff:
        from .fix_command import fix_or_diff

        if fix_or_diff(report, write=fix and not diff, quiet=quiet):  # --diff: the diff was the output
            raise click.exceptions.Exit(EXIT_FINDINGS if diff else EXIT_OK)
        if fix:  # report what is left
            run, report = _configured_run(paths, settings, options, jobs, baseline_file, None, bool(quiet))
    from .formats.common import displayable, log_safe

    # no campaign value or file name can break or inject into a format (SARIF encodes file names itself)
    shown = displayable(report)
    shown_sarif = displayable(report, files=False) if "sarif" in formats else shown
    targets = _pair_formats(formats, outputs)
    context = _render_context(run.rules, color, bool(quiet), run.threshold)
    context = _text_options(context, show_source, show_law)
    from .formats import iter_formatter

    for name, destination in targets:
        if (statistics or quiet >= 2) and destination is None:
            continue
        chunks = iter_formatter(name)(shown_sarif if name == "sarif" else shown, context if destination is None else _plain(context))
        _emit(chunks, destination, color=context.color)
    if statistics and quiet < 2:
        from .formats.statistics import render_statistics

        click.echo(render_statistics(report), nl=False)
    if verbose:
        for result in report.results:
            if not result.is_campaign:
                click.echo(f"skipped (not a campaign): {log_safe(result.file)}", err=True)
        for path in run.excluded:
            click.echo(f"skipped (excluded by the config): {log_safe(path)}", err=True)
        for left in run.left_out:
            click.echo(f"left out ({left.reason}): {log_safe(str(left.path))}", err=True)
    if run.empty and quiet < 2:
        click.echo(_empty_note(paths, len(report.results), len(run.excluded), run.fail_if_empty), err=True)
    if write_baseline_file:
        raise click.exceptions.Exit(EXIT_OK)
    failed = report.fails(run.threshold) or (run.empty and run.fail_if_empty)
    raise click.exceptions.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _empty_note(paths: Sequence[str], looked_at: int, excluded: int, fails: bool) -> str:
    """A run that checked no campaign proves nothing: say so (and whether that fails the run)."""
    consequence = "; failing, as fail-if-empty asks" if fails else " (--fail-if-empty makes this fail)"
    if looked_at:
        found = f"no campaign among the {looked_at} YAML/JSON file{'s' if looked_at != 1 else ''} looked at"
    elif excluded:
        found = f"every YAML/JSON file found ({excluded}) is excluded by the config"
    else:
        found = f"no YAML/JSON file found in {', '.join(paths)}"
    return f"outreach-lint: {found}: nothing was checked{consequence}"


def _configured_run(
    paths: Sequence[str], settings: Any, options: Any, jobs: int | None, baseline_file: str | None, write_baseline_file: str | None, quiet: bool
) -> tuple[Any, Any]:
    """Config discovery, the check, and the baseline; every configuration problem is exit 2."""
    from .config import ConfigError
    from .rulepack import RuleError
    from .run.settings import run_check
    from .selectors import SelectorError

    try:
        run = run_check(paths, settings, options, jobs=jobs)
    except ConfigError as exc:
        raise fail(f"bad config: {exc}") from None
    except SelectorError as exc:
        raise fail(str(exc)) from None
    except RuleError as exc:
        raise fail(f"broken rule pack: {exc}") from None
    report = run.report
    for note in run.notes:
        click.echo(f"outreach-lint: warning: {_printable(note)}", err=True)
    if not (baseline_file or write_baseline_file):
        return run, report
    from .baseline import BaselineError, load_baseline, match_baseline, write_baseline
    from .locks import locked_codes

    locked = locked_codes(run.rules)
    try:
        baseline = load_baseline(baseline_file) if baseline_file else None
        if write_baseline_file:
            count = write_baseline(report, write_baseline_file, locked)
            left_out = sum(1 for f in report.findings if f.code in locked)
            note = f" ({left_out} of unsuppressible rules left out: they cannot be baselined)" if left_out else ""
            click.echo(f"outreach-lint: wrote {count} finding{'s' if count != 1 else ''} to the baseline {write_baseline_file}{note}", err=True)
    except BaselineError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write the baseline {write_baseline_file}: {exc.strerror or exc}") from None
    if baseline is not None:
        matched = match_baseline(report, baseline, locked)
        report = matched.report
        for (file, code, pointer), count in sorted(matched.refused.items()):
            click.echo(
                f"outreach-lint: warning: baseline {_printable(baseline_file or '')}: entry {_printable(file)} {_printable(code)} "
                f"{_printable(pointer) or '(whole file)'} (count {count}) is ignored: {_printable(code)} flags a clearly "
                "unlawful practice and cannot be baselined",
                err=True,
            )
        if not quiet and (matched.hidden or matched.stale):
            stale = sum(matched.stale.values())
            note = f"; {stale} baseline entr{'ies' if stale != 1 else 'y'} no longer match (refresh with --write-baseline)" if stale else ""
            click.echo(f"outreach-lint: {matched.hidden} finding{'s' if matched.hidden != 1 else ''} hidden by the baseline {baseline_file}{note}", err=True)
    return run, report


def _printable(text: str) -> str:
    """Text from files anyone can edit, for the terminal: control characters escaped."""
    from .formats.common import log_safe

    return log_safe(text)


def _safe_lines(text: str) -> str:
    """Text for the terminal from rule files (a --rules folder is data anyone can write), line by line."""
    return "".join(_printable(line) + "\n" for line in text.splitlines())


def _pair_formats(formats: tuple[str, ...], outputs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """Bind each --output to the --format before it, in command-line order."""
    ordered = _ordered_options(("--format",), ("--output",))
    if not formats:
        return [("text", outputs[0] if outputs else None)]
    pairs: list[tuple[str, str | None]] = []
    fmt_iter, out_iter = iter(formats), iter(outputs)
    for kind in ordered:
        if kind == "format":
            pairs.append((next(fmt_iter), None))
        elif pairs and pairs[-1][1] is None:
            pairs[-1] = (pairs[-1][0], next(out_iter))
        else:
            raise fail("--output must follow the --format it is for")
    return pairs


def _ordered_options(format_flags: tuple[str, ...], output_flags: tuple[str, ...]) -> list[str]:
    args = click.get_current_context().meta.get("outreach_lint.raw_args", [])
    kinds: list[str] = []
    for arg in args:
        flag = arg.split("=", 1)[0]
        if flag in format_flags:
            kinds.append("format")
        elif flag in output_flags:
            kinds.append("output")
    return kinds


def _render_context(rules: Any, color: bool | None, quiet: bool, threshold: Any) -> Any:
    from .formats import RenderContext
    from .terminal import use_color

    color = use_color(color, sys.stdout)
    return RenderContext(tool_version=__version__, rules=tuple(rules), color=color, quiet=quiet, fail_on=threshold)


def _text_options(context: Any, show_source: bool | None, show_law: bool) -> Any:
    """Source lines (read again only for files with findings) and --show-law for the text output."""
    from dataclasses import replace

    from .formats.source import SourceLines
    from .terminal import show_source as wants_source

    wanted = wants_source(show_source, sys.stdout)
    return replace(context, show_source=wanted, show_law=show_law, source=SourceLines() if wanted else None)


def _plain(context: Any) -> Any:
    from dataclasses import replace

    return replace(context, color=False)


#: characters collected before a write to the terminal (chunks end at line ends in text output)
_BLOCK = 1 << 20


def _emit(chunks: Any, destination: str | None, color: bool = False) -> None:
    """Write a format's pieces as they come: a large report is never one string in memory."""
    if destination is None:
        block: list[str] = []
        size = 0
        for chunk in chunks:
            block.append(chunk)
            size += len(chunk)
            if size >= _BLOCK:
                click.echo("".join(block), nl=False, color=color)
                block, size = [], 0
        if block:
            click.echo("".join(block), nl=False, color=color)
        return
    from .atomic import UnsafeOutput, write_atomic

    try:
        write_atomic(destination, chunks)  # whole or not at all, never through a link leading out
    except UnsafeOutput as exc:
        raise fail(f"cannot write {_printable(destination)}: {exc}") from None
    except OSError as exc:
        raise fail(f"cannot write {_printable(destination)}: {exc.strerror or exc}") from None


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="An extra rule folder (repeatable).")
def list_rules(fmt: str, rules_dirs: tuple[str, ...]) -> None:
    """List the rules: code, name, severity, jurisdictions and citation."""
    from .explain import rules_as_json, rules_as_text
    from .rulepack import RuleError, load_pack

    try:
        pack = load_pack([Path(d) for d in rules_dirs])
    except RuleError as exc:
        raise fail(f"broken rule pack: {exc}") from None
    click.echo(rules_as_json(pack) if fmt == "json" else _safe_lines(rules_as_text(pack)), nl=False)


@main.command()
@click.argument("rule")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(file_okay=False), help="An extra rule folder (repeatable).")
def explain(rule: str, fmt: str, rules_dirs: tuple[str, ...]) -> None:
    """Explain one rule in full: law, when it fires, fix, examples."""
    from .explain import explain_json, explain_text
    from .rulepack import RuleError, load_pack

    try:
        pack = load_pack([Path(d) for d in rules_dirs])
    except RuleError as exc:
        raise fail(f"broken rule pack: {exc}") from None
    found = pack.find(rule)
    if found is None:
        raise fail(f"no rule {rule!r}; `outreach-lint rules` lists them")
    click.echo(explain_json(found, pack) if fmt == "json" else _safe_lines(explain_text(found, pack)), nl=False)


@main.command()
@click.argument("which", type=click.Choice(["campaign", "rule", "config", "facts", "evidence"]), default="campaign")
def schema(which: str) -> None:
    """Print a JSON Schema: the campaign format, the rule format, the config file, the facts rules may name, or a scan's evidence file."""
    from importlib import resources

    name = {"campaign": "campaign.json", "rule": "rule.json", "config": "config.json", "facts": "facts.json", "evidence": "evidence.json"}[which]
    resource = resources.files("outreach_lint.schemas").joinpath(name)
    if not resource.is_file():
        raise fail(f"the {which} schema is not available in this version")
    click.echo(resource.read_text("utf-8"), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
