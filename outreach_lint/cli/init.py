"""``outreach-lint init``: ask (or take flags), then write what :mod:`outreach_lint.scaffold` plans.

An existing file is never overwritten without ``--force``; it is skipped and named.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..scaffold import AUDIENCE_TYPES, BASES, CHANNELS, Answers, ScaffoldError, campaign_id, parse_countries, plan_files, write_files
from ..scaffold import from_export as prefill_from_export

T = TypeVar("T")


def _as_click(convert: Callable[[str], T]) -> Callable[[str], T]:
    """A scaffold check as click wants it: a bad value is a BadParameter (a prompt asks again)."""

    def checked(value: str) -> T:
        try:
            return convert(value)
        except ScaffoldError as exc:
            raise click.BadParameter(str(exc)) from None

    return checked


_countries = _as_click(parse_countries)
_campaign_id = _as_click(campaign_id)


def _ask(answers: Answers, flags: dict[str, Any], interactive: bool) -> Answers:
    """Fill the answers from flags, then (interactive) prompts with the current values as defaults."""
    if flags.get("name"):
        answers.name = flags["name"]
    for key in ("channel", "audience_type", "basis", "sender", "sender_email"):
        if flags.get(key):
            setattr(answers, key, flags[key])
    if flags.get("countries"):
        answers.countries = _countries(flags["countries"])
    if not interactive:
        return answers
    answers.name = click.prompt("Campaign id (lower case, digits, - . _)", default=answers.name, value_proc=_campaign_id)
    answers.channel = click.prompt("Channel", default=answers.channel, type=click.Choice(CHANNELS))
    answers.audience_type = click.prompt("Audience: businesses, consumers or both", default=answers.audience_type, type=click.Choice(AUDIENCE_TYPES))
    answers.countries = click.prompt(
        "Recipients' countries (ISO codes or names, comma-separated; EU, EEA, EUROPE)", default=", ".join(answers.countries), value_proc=_countries
    )
    answers.basis = click.prompt("Legal basis for contacting them", default=answers.basis, type=click.Choice(BASES))
    answers.sender = click.prompt("Sender (legal name of your organisation)", default=answers.sender or "", show_default=False)
    answers.sender_email = click.prompt("Sender e-mail address", default=answers.sender_email or "", show_default=False)
    return answers


@click.command("init")
@click.option("--dir", "folder", type=click.Path(file_okay=False), default=".", help="The repository folder to set up [default: here].")
@click.option("--campaign-dir", default="campaigns", show_default=True, help="Folder (under --dir) for the first campaign.")
@click.option(
    "--from", "from_export", type=click.Path(exists=True, dir_okay=False), default=None, help="A contacts export (CSV) whose header row pre-fills the campaign."
)
@click.option("--name", default=None, help="Campaign id (also the file name).")
@click.option("--channel", type=click.Choice(CHANNELS), default=None)
@click.option("--audience-type", type=click.Choice(AUDIENCE_TYPES), default=None)
@click.option("--countries", default=None, help="Recipients' countries: ISO codes, EU/EEA/EUROPE or names, comma-separated.")
@click.option("--basis", type=click.Choice(BASES), default=None, help="Legal basis for contacting them.")
@click.option("--sender", default=None, help="Sender's legal name.")
@click.option("--sender-email", default=None, help="Sender's e-mail address.")
@click.option("--yes", "-y", is_flag=True, help="Ask nothing: flags and defaults only (for scripts).")
@click.option("--force", is_flag=True, help="Overwrite files that exist.")
def init_command(folder: str, campaign_dir: str, from_export: str | None, yes: bool, force: bool, **flags: Any) -> None:
    """Set up a repository: config, a first campaign, the schemas and VS Code settings."""
    root = Path(folder)
    answers = Answers()
    if from_export:
        try:
            prefill_from_export(Path(from_export), root / campaign_dir, answers)
        except ScaffoldError as exc:
            raise click.UsageError(str(exc)) from None
    if flags.get("name"):
        flags["name"] = _campaign_id(flags["name"])
    try:
        answers = _ask(answers, flags, interactive=not yes)
    except click.BadParameter as exc:
        raise click.UsageError(str(exc)) from None
    written, skipped = write_files(plan_files(root, answers, campaign_dir), force)
    for path in written:
        click.echo(f"created {path}")
    for path in skipped:
        click.echo(f"skipped {path} (it exists; --force overwrites)", err=True)
    if written:
        click.echo(f"\nNext: outreach-lint check {root / campaign_dir}")
