"""``check``'s run: the configured check, then the baseline (``--baseline``, ``--write-baseline``).

Every configuration problem is exit 2 with one line; the notes the run makes go to stderr.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from .exits import configuration_errors, fail, printable

if TYPE_CHECKING:
    from ..check.options import CheckOptions
    from ..findings import Report
    from ..run.settings import CliSettings, ConfiguredRun


def configured_run(
    paths: Sequence[str],
    settings: CliSettings,
    options: CheckOptions,
    jobs: int | None,
    baseline_file: str | None,
    write_baseline_file: str | None,
    quiet: bool,
) -> tuple[ConfiguredRun, Report]:
    """Config discovery, the check, and the baseline: (the run, the report to show)."""
    from ..run.settings import run_check

    with configuration_errors():
        run = run_check(paths, settings, options, jobs=jobs)
    report = run.report
    for note in run.notes:
        click.echo(f"outreach-lint: warning: {printable(note)}", err=True)
    if not (baseline_file or write_baseline_file):
        return run, report
    return run, _with_baseline(run, report, baseline_file, write_baseline_file, quiet)


def _with_baseline(run: ConfiguredRun, report: Report, baseline_file: str | None, write_baseline_file: str | None, quiet: bool) -> Report:
    """Write the baseline (``--write-baseline``) and hide the findings it holds (``--baseline``)."""
    from ..baseline import BaselineError, load_baseline, match_baseline, write_baseline
    from ..locks import locked_codes

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
    if baseline is None:
        return report
    matched = match_baseline(report, baseline, locked)
    for (file, code, pointer), count in sorted(matched.refused.items()):
        click.echo(
            f"outreach-lint: warning: baseline {printable(baseline_file or '')}: entry {printable(file)} {printable(code)} "
            f"{printable(pointer) or '(whole file)'} (count {count}) is ignored: {printable(code)} flags a clearly "
            "unlawful practice and cannot be baselined",
            err=True,
        )
    if not quiet and (matched.hidden or matched.stale):
        stale = sum(matched.stale.values())
        note = f"; {stale} baseline entr{'ies' if stale != 1 else 'y'} no longer match (refresh with --write-baseline)" if stale else ""
        click.echo(f"outreach-lint: {matched.hidden} finding{'s' if matched.hidden != 1 else ''} hidden by the baseline {baseline_file}{note}", err=True)
    return matched.report


def empty_note(paths: Sequence[str], looked_at: int, excluded: int, fails: bool) -> str:
    """A run that checked no campaign proves nothing: say so (and whether that fails the run)."""
    consequence = "; failing, as fail-if-empty asks" if fails else " (--fail-if-empty makes this fail)"
    if looked_at:
        found = f"no campaign among the {looked_at} YAML/JSON file{'s' if looked_at != 1 else ''} looked at"
    elif excluded:
        found = f"every YAML/JSON file found ({excluded}) is excluded by the config"
    else:
        found = f"no YAML/JSON file found in {', '.join(paths)}"
    return f"outreach-lint: {found}: nothing was checked{consequence}"
