"""``outreach-lint init``: scaffold what a team needs to start linting in a repository.

Writes, relative to ``--dir`` (default: the current folder):

* ``.outreach-lint.yaml``: the config, every key commented;
* ``campaigns/<name>.yaml``: a first campaign from a few questions (or ``--yes`` and flags;
  ``--from`` a contacts export pre-fills it from the export's header row, no other row is read);
* ``.outreach-lint/campaign.schema.json`` and ``config.schema.json``: the JSON Schemas;
* ``.vscode/settings.json``: ``yaml.schemas`` mapping the campaign schema to campaign files in
  any folder, so completion and hover work without a modeline.

An existing file is never overwritten without ``--force``; it is skipped and named.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import click

CHANNELS = ("email", "sms", "phone", "automated_call", "linkedin", "direct_mail", "messaging_app")
AUDIENCE_TYPES = ("b2b", "b2c", "mixed")
BASES = ("consent", "soft_opt_in", "legitimate_interest", "none")
#: where the editor mapping looks for campaigns: a campaigns/ folder at any depth, or *.campaign.yaml anywhere
CAMPAIGN_GLOBS = ("campaigns/**/*.yaml", "campaigns/**/*.yml", "**/campaigns/**/*.yaml", "**/campaigns/**/*.yml", "**/*.campaign.yaml", "**/*.campaign.yml")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass
class Answers:
    name: str = "first-campaign"
    channel: str = "email"
    audience_type: str = "b2b"
    countries: tuple[str, ...] = ("DE",)
    basis: str = "consent"
    sender: str = ""
    sender_email: str = ""
    contacts: str = ""
    notes: list[str] = field(default_factory=list)


def _schema_text(name: str) -> str:
    return resources.files("outreach_lint.schemas").joinpath(name).read_text("utf-8")


def _country_names() -> dict[str, Any]:
    """The built-in pack's ``country_names`` table (``init`` runs before any rule folder exists)."""
    from .rulepack import load_pack

    return dict(load_pack().tables["country_names"])


def parse_countries(text: str) -> tuple[str, ...]:
    """ "DE, France, at" -> ("DE", "FR", "AT"); a value that is no code, group or known name is a usage error."""
    from .schema_findings import country_code

    names = _country_names()
    out: list[str] = []
    for raw in re.split(r"[,;\s]+", text.strip()):
        if not raw:
            continue
        value = raw if re.fullmatch(r"[A-Z]{2}|EU|EEA|EUROPE", raw) else country_code(raw, names)
        if not value:
            raise click.BadParameter(f"{raw!r} is not an ISO country code, EU, EEA, EUROPE or a country name we know")
        if value not in out:
            out.append(value)
    if not out:
        raise click.BadParameter("name at least one country")
    return tuple(out)


def _from_export(path: Path, campaign_dir: Path, answers: Answers) -> None:
    """Pre-fill from a contacts export's header row only (never a data row: it is personal data)."""
    from .facts.contact_profiles import CONSENT_COLUMNS, resolve
    from .facts.contacts_csv import sniff_delimiter, sniff_encoding

    try:
        with path.open("rb") as handle:
            raw = handle.read(65536)
        head = raw.decode(sniff_encoding(raw)).lstrip("\ufeff").splitlines()[0] if raw.strip() else ""
    except (OSError, UnicodeDecodeError, LookupError) as exc:
        raise click.UsageError(f"--from {path}: cannot read its header row ({getattr(exc, 'strerror', None) or exc}); save it as UTF-8") from None
    if not head.strip():
        raise click.UsageError(f"--from {path}: the first line is empty; a contacts export starts with its column names")
    header = next(csv.reader([head], delimiter=sniff_delimiter(head)))
    from .rulepack import load_pack

    mapping = resolve(header, load_pack().contact_data["profiles"])
    columns = mapping.fields
    if mapping.profile != "generic":
        answers.notes.append(f"the header is a {mapping.profile} export; its columns are read with that profile (rules/data/contact-columns.yaml)")
    answers.contacts = os.path.relpath(path.resolve(), campaign_dir.resolve()).replace(os.sep, "/")
    if "company_type" in columns:
        answers.audience_type = "b2b"
    if any(name in columns for name in CONSENT_COLUMNS):
        answers.basis = "consent"
    missing = [name for name in CONSENT_COLUMNS if name not in columns]
    if missing:
        answers.notes.append(f"the export has no column for {', '.join(missing)} (a consent record needs them, OL111)")
    if "email" not in columns:
        answers.notes.append("the export has no e-mail column the linter recognises (see docs: contacts columns)")
    if "country" in columns:
        answers.notes.append("its country column is checked against audience.countries (OL123)")


def _ask(answers: Answers, flags: dict[str, Any], interactive: bool) -> Answers:
    """Fill the answers from flags, then (interactive) prompts with the current values as defaults."""
    if flags.get("name"):
        answers.name = flags["name"]
    for key in ("channel", "audience_type", "basis", "sender", "sender_email"):
        if flags.get(key):
            setattr(answers, key, flags[key])
    if flags.get("countries"):
        answers.countries = parse_countries(flags["countries"])
    if not interactive:
        return answers
    answers.name = click.prompt("Campaign id (lower case, digits, - . _)", default=answers.name, value_proc=_campaign_id)
    answers.channel = click.prompt("Channel", default=answers.channel, type=click.Choice(CHANNELS))
    answers.audience_type = click.prompt("Audience: businesses, consumers or both", default=answers.audience_type, type=click.Choice(AUDIENCE_TYPES))
    answers.countries = click.prompt(
        "Recipients' countries (ISO codes or names, comma-separated; EU, EEA, EUROPE)", default=", ".join(answers.countries), value_proc=parse_countries
    )
    answers.basis = click.prompt("Legal basis for contacting them", default=answers.basis, type=click.Choice(BASES))
    answers.sender = click.prompt("Sender (legal name of your organisation)", default=answers.sender or "", show_default=False)
    answers.sender_email = click.prompt("Sender e-mail address", default=answers.sender_email or "", show_default=False)
    return answers


def _campaign_id(value: str) -> str:
    value = value.strip()
    if not _ID.match(value):
        raise click.BadParameter("use lower-case letters, digits, '-', '.' or '_' (it names the file too)")
    return value


def campaign_text(answers: Answers, schema_path: str) -> str:
    """The first campaign, with comments that say what to fill in next."""

    def note(text: str, comment: str) -> str:
        return f"{text.ljust(34)} # {comment}"

    lines = [
        f"# yaml-language-server: $schema={schema_path}",
        "# Your first campaign. `outreach-lint check` lists what is still missing, with the law for each.",
        f"campaign: {answers.name}",
        note(f"channel: {answers.channel}", " | ".join(CHANNELS)),
        "audience:",
        note(f"  type: {answers.audience_type}", "b2b | b2c | mixed"),
        note(f"  countries: [{', '.join(answers.countries)}]", "ISO codes; EU, EEA and EUROPE are expanded"),
        "  consent:",
        note(f"    basis: {answers.basis}", "consent | soft_opt_in | legitimate_interest | none"),
    ]
    if answers.contacts:
        lines.append(note(f"  contacts: {json.dumps(answers.contacts)}", "checked row by row"))
        lines += [f"  # {text}" for text in answers.notes]
    if answers.sender or answers.sender_email:
        lines.append("sender:")
        lines.append(f"  name: {json.dumps(answers.sender)}" if answers.sender else "  # name: Acme GmbH")
        lines.append(f"  email: {json.dumps(answers.sender_email)}" if answers.sender_email else "  # email: news@acme.example")
    else:
        lines += [note("sender: {}", "who recipients see as the advertiser:"), "  # name: Acme GmbH", "  # email: news@acme.example"]
    lines += [
        "  # postal_address: Musterstr. 1, 10115 Berlin, DE",
        "steps:",
        '  - subject: "Hello"',
        "    # template: templates/first.html   # paths are relative to this file",
        "    unsubscribe: link",
        "",
    ]
    return "\n".join(lines)


CONFIG_TEXT = """\
# yaml-language-server: $schema=./.outreach-lint/config.schema.json
# outreach-lint configuration (`outreach-lint schema config` prints every key).
select: [ALL]                  # rule codes, prefixes (OL1) or names; default: every rule
ignore: []                     # e.g. [OL142] or [ad-label-missing]
fail-on: error                 # the lowest severity that fails the run: error | warning | info
# include: ["campaigns/**"]    # which YAML/JSON files folder searches pick up
# exclude: [fixtures]
# per-path-ignores:
#   "campaigns/archive/**": [ALL]
# severity:
#   persistent-follow-ups: error
# inline-suppressions: false   # refuse `# outreach-lint: ignore[...]` comments (CI)
"""


def vscode_settings() -> str:
    schema = "./.outreach-lint/campaign.schema.json"
    config = "./.outreach-lint/config.schema.json"
    settings = {"yaml.schemas": {schema: list(CAMPAIGN_GLOBS), config: [".outreach-lint.yaml", ".outreach-lint.yml"]}}
    return json.dumps(settings, indent=2) + "\n"


def plan_files(root: Path, answers: Answers, campaign_dir: str) -> dict[Path, str]:
    campaign = root / campaign_dir / f"{answers.name}.yaml"
    depth = len(Path(campaign_dir).parts)
    schema_path = "/".join([".."] * depth + [".outreach-lint", "campaign.schema.json"]) if depth else "./.outreach-lint/campaign.schema.json"
    return {
        root / ".outreach-lint.yaml": CONFIG_TEXT,
        campaign: campaign_text(answers, schema_path),
        root / ".outreach-lint" / "campaign.schema.json": _schema_text("campaign.json"),
        root / ".outreach-lint" / "config.schema.json": _schema_text("config.json"),
        root / ".vscode" / "settings.json": vscode_settings(),
    }


def write_files(files: dict[Path, str], force: bool) -> tuple[list[Path], list[Path]]:
    """(written, skipped because they exist); nothing existing is touched without ``force``."""
    written, skipped = [], []
    for path, text in files.items():
        if path.exists() and not force:
            skipped.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        from .fixes import write_atomically

        if path.exists():
            write_atomically(path, text)
        else:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        written.append(path)
    return written, skipped


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
        _from_export(Path(from_export), root / campaign_dir, answers)
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
