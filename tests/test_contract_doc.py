"""docs/contract.md keeps up with the implementation (the product contract may only grow).

Everything the implementation offers a user or another program (rule codes, commands, options,
campaign fields, config keys, rule-format keys, JSON output fields) is either in the shared
contract (``../shared/SPEC.md``, ``../shared/RULES.md``) or listed as an addition in
``docs/contract.md``; and everything ``docs/contract.md`` lists still exists. The implementation
is asked through the command line (``--help``, ``rules --format json``, ``schema``,
``check --format json``), not through its modules.

The forward checks need the shared documents: beside the clone (``../shared``, as in
tests/test_catalogue.py) or named by ``OUTREACH_LINT_SHARED``; they skip without them. The
backward checks (the doc names nothing that is gone) always run.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from outreach_lint.cli import main

from .conftest import ROOT, SHARED, TODAY

CONTRACT = ROOT / "docs" / "contract.md"
SHARED_DIR = Path(os.environ.get("OUTREACH_LINT_SHARED", str(SHARED)))
SPEC = SHARED_DIR / "SPEC.md"
RULES_MD = SHARED_DIR / "RULES.md"
needs_shared = pytest.mark.skipif(not SPEC.exists() or not RULES_MD.exists(), reason=f"SPEC.md/RULES.md not in {SHARED_DIR}")

#: The headings of docs/contract.md whose tables the checks read (each heading starts with one).
RULES_SECTION = "Rule codes"
COMMANDS_SECTION = "Commands"
OPTIONS_SECTION = "Command options"
FIELDS_SECTION = "Campaign fields"
RULE_FORMAT_SECTION = "Rule format"
CONFIG_SECTION = "Configuration keys"
JSON_SECTION = "JSON output"

#: What SPEC section 3 says a rule holds, as rule.json spells it (each word is checked to be in
#: section 3, so this list cannot claim more than SPEC says).
SPEC_RULE_KEYS = {
    "code": "code",
    "name": "name",
    "title": "title",
    "severity": "severity",
    "jurisdictions": "jurisdictions",
    "channels": "channels",
    "citations": "citations",
    "citations[].law": "law",
    "citations[].article": "article",
    "citations[].url": "URL",
    "when": "when",
    "require": "require",
    "message": "message",
    "fix": "fix",
    "examples": "examples",
    "examples.good": "good",
    "examples.bad": "bad",
}
#: click's own option, on every command
HELP_OPTIONS = {"-h", "--help"}
GROUP = "outreach-lint"


# ---------------------------------------------------------------- the documents


def _section(text: str, number: int) -> str:
    """SPEC.md section ``## N. ...`` up to the next ``## ``."""
    match = re.search(rf"^## {number}\. .*?(?=^## |\Z)", text, re.M | re.S)
    assert match, f"SPEC.md has no section {number}"
    return match.group(0)


@cache
def _spec() -> str:
    return SPEC.read_text("utf-8")


def _word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _expand(name: str) -> list[str]:
    """``a.{b,c}.d`` -> ``a.b.d``, ``a.c.d`` (every brace group, left to right)."""
    match = re.search(r"\{([^{}]*)\}", name)
    if not match:
        return [name]
    head, tail = name[: match.start()], name[match.end() :]
    return [expanded for part in match.group(1).split(",") for expanded in _expand(head + part.strip() + tail)]


def _cells(line: str) -> list[str]:
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


@cache
def _contract_rows(title: str) -> tuple[tuple[str, ...], ...]:
    """The table rows (cells, header and rule lines left out) of the contract.md section ``## title...``."""
    text = CONTRACT.read_text("utf-8")
    match = re.search(rf"^## {re.escape(title)}.*?(?=^## |\Z)", text, re.M | re.S)
    assert match, f"docs/contract.md has no section '## {title}'"
    rows: list[tuple[str, ...]] = []
    previous = ""
    for line in match.group(0).splitlines():
        if line.startswith("|") and not re.fullmatch(r"\|[\s:|-]+\|", line.strip()):
            if not previous.startswith("|"):  # a table's header row
                previous = line
                continue
            rows.append(tuple(_cells(line)))
        previous = line
    assert rows, f"docs/contract.md section '## {title}' has no table rows"
    return tuple(rows)


def _ticked(cell: str) -> list[str]:
    return [name for span in re.findall(r"`([^`]+)`", cell) for name in _expand(span)]


def _documented(title: str) -> dict[str, str]:
    """name in the first cell -> the whole row's text, for the contract.md section ``title``."""
    return {name: " ".join(row) for row in _contract_rows(title) for name in _ticked(row[0])}


# ---------------------------------------------------------------- the implementation, through the CLI


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), f"outreach-lint {' '.join(args)}: exit {result.exit_code}\n{result.output}"
    return result.stdout


def _help_options(*command: str) -> tuple[dict[str, list[str]], list[str]]:
    """The options ``--help`` lists (every spelling -> its choices) and the usage line's argument choices."""
    text = _cli(*command, "--help")
    options: dict[str, list[str]] = {}
    in_options = False
    for line in text.splitlines():
        if line.startswith("Options:"):
            in_options = True
        elif in_options and re.match(r"^  -", line):  # continuation lines are indented further
            declaration = re.split(r"\s{2,}", line.strip())[0]
            spellings = re.findall(r"(?<![\w%-])--?[A-Za-z][\w-]*", declaration)
            choice = re.search(r"\[([\w-]+(?:\|[\w-]+)+)\]\s*$", declaration)
            for spelling in spellings:
                options[spelling] = choice.group(1).split("|") if choice else []
        elif in_options and line and not line.startswith(" "):
            in_options = False
    usage = text.splitlines()[0] if text else ""
    arguments = [value for group in re.findall(r"\[([\w-]+(?:\|[\w-]+)+)\]", usage) for value in group.split("|")]
    return options, arguments


def _commands() -> list[str]:
    return list(main.list_commands(click.Context(main)))


def _schema_paths(which: str) -> dict[str, list[Any]]:
    """Every property path of ``outreach-lint schema WHICH`` (``a.b``, ``steps[].x``, ``a.*``) -> its enum values."""
    schema = json.loads(_cli("schema", which))
    paths: dict[str, list[Any]] = {}

    def walk(node: Any, path: str) -> None:
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            walk(schema["$defs"][node["$ref"].rsplit("/", 1)[-1]], path)
        for key in ("oneOf", "anyOf", "allOf"):
            for sub in node.get(key, []):
                walk(sub, path)
        for key in ("if", "then", "else"):
            walk(node.get(key), path)
        if path and "enum" in node:
            known = paths.setdefault(path, [])
            known.extend(value for value in node["enum"] if value not in known)
        children = [(name, sub) for name, sub in node.get("properties", {}).items()]
        children += [(_pattern_name(pattern), sub) for pattern, sub in node.get("patternProperties", {}).items()]
        if isinstance(node.get("additionalProperties"), dict):
            children.append(("*", node["additionalProperties"]))
        for name, sub in children:
            child = f"{path}.{name}" if path else name
            paths.setdefault(child, [])
            walk(sub, child)
        if isinstance(node.get("items"), dict):
            walk(node["items"], f"{path}[]" if path else "[]")

    walk(schema, "")
    # a list's item values belong to the list: `audience.sources` lists the values of `audience.sources[]`
    for path in [p for p in paths if p.endswith("[]")]:
        paths.setdefault(path[:-2], []).extend(paths.pop(path))
    return paths


def _pattern_name(pattern: str) -> str:
    """``^x-`` -> ``x-*`` (a key prefix); any other pattern as written."""
    match = re.fullmatch(r"\^([\w-]+)", pattern)
    return f"{match.group(1)}*" if match else pattern


def _doc_paths(document: Any, path: str = "") -> Iterator[str]:
    """Every key path of a JSON/YAML document (lists as ``[]``)."""
    if isinstance(document, dict):
        for key, value in document.items():
            child = f"{path}.{key}" if path else str(key)
            yield child
            yield from _doc_paths(value, child)
    elif isinstance(document, list):
        for item in document:
            yield from _doc_paths(item, f"{path}[]")


def _missing(names: dict[str, str], what: str, where: str) -> str:
    """The failure message: what is undocumented, with a detail (e.g. the values) where there is one."""
    return f"{what} not in SPEC.md/RULES.md nor in docs/contract.md '## {where}': " + ", ".join(
        f"{name} ({detail})" if detail else name for name, detail in sorted(names.items())
    )


# ---------------------------------------------------------------- rule codes


def _shipped_rules() -> dict[str, str]:
    return {rule["code"]: rule["name"] for rule in json.loads(_cli("rules", "--format", "json"))["rules"]}


def _rules_md() -> dict[str, str]:
    return dict(re.findall(r"^\|\s*(OL\d{3})\s*\|\s*([a-z0-9-]+)\s*\|", RULES_MD.read_text("utf-8"), re.M))


@needs_shared
def test_every_shipped_rule_is_in_rules_md_or_the_contract_doc() -> None:
    shipped = _shipped_rules()
    assert "OL101" in shipped and len(shipped) > 40, shipped  # the command really listed the pack
    catalogue = _rules_md()
    added = {row[0].strip("`"): row[1].strip("`") for row in _contract_rows(RULES_SECTION)}
    renamed = {code: f"{name} != RULES.md {catalogue[code]}" for code, name in shipped.items() if code in catalogue and catalogue[code] != name}
    assert not renamed, f"rule names are contract and may not change: {renamed}"
    undocumented = {code: name for code, name in shipped.items() if code not in catalogue and added.get(code) != name}
    assert not undocumented, _missing(undocumented, "rule codes", RULES_SECTION)


def test_every_rule_the_contract_doc_adds_ships_under_that_name() -> None:
    shipped = _shipped_rules()
    wrong = {row[0]: row[1] for row in _contract_rows(RULES_SECTION) if shipped.get(row[0].strip("`")) != row[1].strip("`")}
    assert not wrong, f"docs/contract.md '## {RULES_SECTION}' names rules that do not ship under that name: {wrong}"


# ---------------------------------------------------------------- commands and options


def _spec_commands() -> set[str]:
    return set(re.findall(r"^outreach-lint ([a-z-]+)", _section(_spec(), 4), re.M))


@needs_shared
def test_every_command_is_in_spec_or_the_contract_doc() -> None:
    commands = _commands()
    assert {"check", "rules", "explain", "schema"} <= set(commands), commands
    added = _documented(COMMANDS_SECTION)
    undocumented = {name: "" for name in commands if name not in _spec_commands() and name not in added}
    assert not undocumented, _missing(undocumented, "commands", COMMANDS_SECTION)
    # `schema [campaign|rule]` in SPEC; the other schemas are additions
    spec_schemas = set(re.search(r"schema \[([\w|]+)\]", _section(_spec(), 4)).group(1).split("|"))  # type: ignore[union-attr]
    _, schemas = _help_options("schema")
    assert {"campaign", "rule"} <= set(schemas), schemas
    new = {value: "" for value in schemas if value not in spec_schemas and f"schema {value}" not in added}
    assert not new, _missing(new, "`schema` arguments", COMMANDS_SECTION)


def _option_rows() -> dict[tuple[str, str], str]:
    """(command, option spelling) -> the row's text, from contract.md's options table."""
    rows: dict[tuple[str, str], str] = {}
    for row in _contract_rows(OPTIONS_SECTION):
        for command in _ticked(row[0]):
            for spelling in re.findall(r"(?<![\w-])--?[A-Za-z][\w-]*", row[1]):
                rows[(command, spelling)] = " ".join(row)
    return rows


@needs_shared
def test_every_option_of_every_command_is_in_spec_or_the_contract_doc() -> None:
    spec_cli = _section(_spec(), 4)
    documented = _option_rows()
    undocumented: dict[str, str] = {}
    seen = 0
    for command in [GROUP, *_commands()]:
        options, _ = _help_options(*([] if command == GROUP else [command]))
        for spelling, choices in options.items():
            seen += 1
            if spelling in HELP_OPTIONS or (command == "check" and _word_in(spelling, spec_cli)):
                continue  # SPEC section 4 lists `check`'s options
            row = documented.get((command, spelling))
            if row is None:
                undocumented[f"{command} {spelling}"] = ""
                continue
            values = [value for value in choices if not _word_in(value, row)]
            if values:
                undocumented[f"{command} {spelling}"] = "values " + ", ".join(values)
    assert seen > 60, seen  # the help texts were really read
    assert not undocumented, _missing(undocumented, "command options", OPTIONS_SECTION)


def test_every_option_the_contract_doc_lists_exists() -> None:
    commands = [GROUP, *_commands()]
    stale = []
    for command, spelling in _option_rows():
        if command not in commands:
            stale.append(f"{command} (no such command)")
        elif spelling not in _help_options(*([] if command == GROUP else [command]))[0]:
            stale.append(f"{command} {spelling}")
    assert not stale, f"docs/contract.md '## {OPTIONS_SECTION}' lists what --help does not: {stale}"


def test_every_command_the_contract_doc_lists_exists() -> None:
    stale = [name for name in _documented(COMMANDS_SECTION) if name.split(" ")[0] not in _commands()]
    assert not stale, f"docs/contract.md '## {COMMANDS_SECTION}' lists commands that do not exist: {stale}"


# ---------------------------------------------------------------- campaign fields, rule format, config keys


def _spec_campaign_paths() -> tuple[set[str], str]:
    block = re.search(r"```yaml\n(.*?)```", _section(_spec(), 2), re.S)
    assert block, "SPEC.md section 2 has no YAML example"
    return set(_doc_paths(yaml.safe_load(block.group(1)))), block.group(1)


def _undocumented_fields(paths: dict[str, list[Any]], in_spec: set[str], spec_text: str, title: str) -> dict[str, str]:
    documented = _documented(title)
    undocumented: dict[str, str] = {}
    for path, values in paths.items():
        row = documented.get(path)
        if path not in in_spec and row is None:
            undocumented[path] = ""
            continue
        new = [str(v) for v in values if not (path in in_spec and _word_in(str(v), spec_text)) and not (row and _word_in(str(v), row))]
        if new:
            undocumented[path] = "values " + ", ".join(new)
    return undocumented


@needs_shared
def test_every_campaign_field_is_in_spec_or_the_contract_doc() -> None:
    paths = _schema_paths("campaign")
    assert {"campaign", "audience.consent.basis", "steps[].template", "processors[].transfer"} <= set(paths)
    in_spec, spec_text = _spec_campaign_paths()
    undocumented = _undocumented_fields(paths, in_spec, spec_text, FIELDS_SECTION)
    assert not undocumented, _missing(undocumented, "campaign fields (schema campaign)", FIELDS_SECTION)


@needs_shared
def test_every_rule_format_key_is_in_spec_or_the_contract_doc() -> None:
    section = _section(_spec(), 3)
    unsaid = [word for word in SPEC_RULE_KEYS.values() if not _word_in(word, section)]
    assert not unsaid, f"SPEC.md section 3 does not say {unsaid}"
    paths = _schema_paths("rule")
    assert {"code", "when", "require"} <= set(paths)
    undocumented = _undocumented_fields(paths, set(SPEC_RULE_KEYS), section, RULE_FORMAT_SECTION)
    assert not undocumented, _missing(undocumented, "rule format keys (schema rule)", RULE_FORMAT_SECTION)


def test_every_config_key_is_in_the_contract_doc() -> None:
    """SPEC section 4 names the config files and per-path ignores but no keys: every key is listed."""
    paths = _schema_paths("config")
    assert {"select", "ignore", "per-path-ignores"} <= set(paths)
    undocumented = _undocumented_fields(paths, set(), "", CONFIG_SECTION)
    assert not undocumented, _missing(undocumented, "config keys (schema config)", CONFIG_SECTION)


@pytest.mark.parametrize(("which", "title"), [("campaign", FIELDS_SECTION), ("rule", RULE_FORMAT_SECTION), ("config", CONFIG_SECTION)])
def test_every_field_the_contract_doc_lists_exists(which: str, title: str) -> None:
    stale = sorted(set(_documented(title)) - set(_schema_paths(which)))
    assert not stale, f"docs/contract.md '## {title}' lists what `outreach-lint schema {which}` does not have: {stale}"


# ---------------------------------------------------------------- JSON output

#: A campaign whose findings carry countries, related locations, evidence, a fix edit and a
#: suppression: every optional part of a finding in the JSON output.
CAMPAIGN = """\
campaign: contract-doc
channel: email
audience:
  type: b2b
  countries: [DE, US]
  sources: [event_signup]
  consent: {basis: consent, proof: "crm://consents/q4", double_opt_in: true}
sender: {name: Acme GmbH, email: events@acme.example, postal_address: "Musterstr. 1, 10115 Berlin, DE"}
processors:
  - {name: Slack, role: processor, country: US, dpa: true, transfer: DPF}
steps:
  - {subject: Your seat at the Q4 roundtable, template: t.html, unsubscribe: link}
# outreach-lint: ignore[OL195] reason="kept per the retention policy"
retention_days: 2000
"""
TEMPLATE = '<html><body><p>Hello, join our webinar.</p><img src="https://t.example/o.gif" width="1" height="1"></body></html>\n'


def _json_output(folder: Path) -> dict[str, Any]:
    (folder / "c.yaml").write_text(CAMPAIGN, "utf-8")
    (folder / "t.html").write_text(TEMPLATE, "utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--today", TODAY, "--format", "json", str(folder / "c.yaml")], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    output: dict[str, Any] = json.loads(result.stdout)
    findings = output["findings"]
    assert any(f["countries"] for f in findings), "no finding names countries"
    assert any("related" in f and "evidence" in f for f in findings), "no finding carries related/evidence"
    assert any("fix_edit" in f for f in findings), "no finding carries a fix_edit"
    assert output["suppressed"] and "suppression_reason" in output["suppressed"][0], "no suppressed finding"
    return output


def _output_paths(output: dict[str, Any]) -> set[str]:
    """The output's key paths; a suppressed finding's fields as a finding's (``findings[].x``); inside
    ``evidence`` only its own keys (the facts under them are the rule's, see contract.md)."""
    paths = set()
    for path in _doc_paths(output):
        path = re.sub(r"^suppressed\[\]\.", "findings[].", path)
        head, _, rest = path.partition(".evidence.")
        paths.add(f"{head}.evidence.{rest.split('.')[0].removesuffix('[]')}" if rest else path)
    return paths


@needs_shared
def test_every_json_output_field_is_in_spec_or_the_contract_doc(tmp_path: Path) -> None:
    block = re.search(r"```json\n(.*?)```", _section(_spec(), 6), re.S)
    assert block, "SPEC.md section 6 has no JSON example"
    in_spec = set(_doc_paths(json.loads(block.group(1))))
    documented = _documented(JSON_SECTION)
    paths = _output_paths(_json_output(tmp_path))
    undocumented = {path: "" for path in paths if path not in in_spec and path not in documented}
    assert not undocumented, _missing(undocumented, "JSON output fields (check --format json)", JSON_SECTION)


def test_every_json_field_the_contract_doc_lists_is_in_the_output(tmp_path: Path) -> None:
    stale = sorted(set(_documented(JSON_SECTION)) - _output_paths(_json_output(tmp_path)))
    assert not stale, f"docs/contract.md '## {JSON_SECTION}' lists fields the JSON output does not have: {stale}"


# ---------------------------------------------------------------- JSON of `rules` and `explain`

RULE_JSON_SECTION = "JSON of `rules` and `explain`"


def _rule_json_paths() -> set[str]:
    """The key paths of `rules --format json` and of `explain CODE --format json` for every rule;
    the example campaigns and facts are documents and are not walked into."""
    paths = set(_doc_paths(json.loads(_cli("rules", "--format", "json"))))
    for code in _shipped_rules():
        paths |= set(_doc_paths(json.loads(_cli("explain", code, "--format", "json"))))
    return {path for path in paths if not re.match(r"examples\.\w+\[\]\.(campaign|facts)\.", path)}


def test_every_rules_and_explain_json_field_is_in_the_contract_doc() -> None:
    paths = _rule_json_paths()
    assert {"rules[].code", "code", "history[].text", "examples.bad[].campaign"} <= paths, sorted(paths)
    documented = _documented(RULE_JSON_SECTION)
    undocumented = {path: "" for path in paths if path not in documented}
    assert not undocumented, _missing(undocumented, "fields of rules/explain --format json", RULE_JSON_SECTION)
    stale = sorted(set(documented) - paths)
    assert not stale, f"docs/contract.md '## {RULE_JSON_SECTION}' lists fields the output does not have: {stale}"
