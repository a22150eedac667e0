"""``outreach-lint check``: lint campaign files and print (or write) the findings in each format."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import click

from .check_run import configured_run, empty_note
from .exits import EXIT_FINDINGS, EXIT_OK
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
from .output import FORMAT_NAMES, RawArgsCommand, emit, pair_formats, plain, render_context

if TYPE_CHECKING:
    from ..findings import Report
    from ..run.settings import ConfiguredRun


@click.command("check", cls=RawArgsCommand)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMAT_NAMES),
    help="Output format; repeat for several (each --output binds to the --format before it).",
)
@click.option("--output", "outputs", multiple=True, type=click.Path(dir_okay=False), help="Write the preceding --format to this file instead of stdout.")
@select_option("Only these rules: codes, names or code prefixes (comma-separated or repeated).")
@ignore_option()
@fail_on_option("--severity", help="Lowest severity that fails the run [default: error].")
@rules_option
@click.option("--color/--no-color", default=None, help="Colour the text output [default: on a terminal; NO_COLOR and FORCE_COLOR are honoured].")
@click.option("-q", "--quiet", count=True, help="-q: one line per finding and the summary line; -qq: print nothing (the exit code says it).")
@click.option(
    "--show-source/--no-show-source", "show_source", default=None, help="Show each finding's source line with a caret under the key [default: on a terminal]."
)
@click.option("--show-law", is_flag=True, help="Every citation of each finding (default: the most specific one).")
@click.option("--show-pii", is_flag=True, help="Show contact addresses unmasked in findings.")
@no_inline_suppressions_option("Ignore `# outreach-lint: ignore[...]` comments (for CI).")
@click.option("--verbose", "-v", is_flag=True, help="Also list files skipped because they are not campaigns, and the folders left out of the search.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache (it lives under ~/.cache/outreach-lint).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes for many files [default: all cores].")
@config_option("Use this config file for every file instead of the nearest .outreach-lint.yaml / pyproject.toml.")
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
    today: dt.datetime | None,
    as_of: dt.datetime | None,
) -> None:
    """Lint campaign files; folders are searched for YAML/JSON campaigns."""
    from ..check.options import CheckOptions

    paths = paths or (".",)
    settings = cli_settings(
        select, ignore, fail_on, rules_dirs, no_inline_suppressions, config_file, only_campaigns=only_campaigns, fail_if_empty=fail_if_empty
    )
    progress = not quiet and sys.stderr.isatty()
    options = CheckOptions(show_pii=show_pii, today=day(today), use_cache=not no_cache, progress=progress, as_of=day(as_of))
    run, report = configured_run(paths, settings, options, jobs, baseline_file, write_baseline_file, bool(quiet))
    if fix or diff:
        from .fix import fix_or_diff

        if fix_or_diff(report, write=fix and not diff, quiet=quiet):  # --diff: the diff was the output
            raise click.exceptions.Exit(EXIT_FINDINGS if diff else EXIT_OK)
        if fix:  # report what is left
            run, report = configured_run(paths, settings, options, jobs, baseline_file, None, bool(quiet))
    _print_formats(run, report, formats, outputs, color, quiet, show_source, show_law, statistics)
    if verbose:
        _list_skipped(run, report)
    if run.empty and quiet < 2:
        click.echo(empty_note(paths, len(report.results), len(run.excluded), run.fail_if_empty), err=True)
    if write_baseline_file:
        raise click.exceptions.Exit(EXIT_OK)
    failed = report.fails(run.threshold) or (run.empty and run.fail_if_empty)
    raise click.exceptions.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _print_formats(
    run: ConfiguredRun,
    report: Report,
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    color: bool | None,
    quiet: int,
    show_source: bool | None,
    show_law: bool,
    statistics: bool,
) -> None:
    """Every --format to stdout or its --output (--statistics and -qq print none to stdout)."""
    from ..formats import iter_formatter
    from ..formats.common import displayable

    # no campaign value or file name can break or inject into a format (SARIF encodes file names itself)
    shown = displayable(report)
    shown_sarif = displayable(report, files=False) if "sarif" in formats else shown
    targets = pair_formats(formats, outputs)
    context = render_context(run.rules, color, bool(quiet), run.threshold, show_source, show_law)
    for name, destination in targets:
        if (statistics or quiet >= 2) and destination is None:
            continue
        chunks = iter_formatter(name)(shown_sarif if name == "sarif" else shown, context if destination is None else plain(context))
        emit(chunks, destination, color=context.color)
    if statistics and quiet < 2:
        from ..formats.statistics import render_statistics

        click.echo(render_statistics(report), nl=False)


def _list_skipped(run: ConfiguredRun, report: Report) -> None:
    """--verbose: the files that were not campaigns, excluded by the config, or left out of the search."""
    from ..formats.common import log_safe

    for result in report.results:
        if not result.is_campaign:
            click.echo(f"skipped (not a campaign): {log_safe(result.file)}", err=True)
    for path in run.excluded:
        click.echo(f"skipped (excluded by the config): {log_safe(path)}", err=True)
    for left in run.left_out:
        click.echo(f"left out ({left.reason}): {log_safe(str(left.path))}", err=True)
