"""Config files: discovery, validation errors with file and line, globs, merging with the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from outreach_lint.config import DEFAULT, Config, ConfigError, ConfigResolver, find_config, glob_matches, load_config

from ..conftest import run_cli
from .helpers import write

PYPROJECT_WITH_TABLE = '[project]\nname = "x"\n\n[tool.outreach-lint]\nignore = ["OL2"]\n'


def test_nearest_config_wins_and_pyproject_without_the_table_does_not_count(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    top = write(tmp_path / ".outreach-lint.yaml", "ignore: [OL1]\n")
    sub = write(tmp_path / "team" / "pyproject.toml", PYPROJECT_WITH_TABLE)
    write(tmp_path / "team" / "eu" / "pyproject.toml", '[project]\nname = "eu"\n')
    assert find_config(tmp_path / "team" / "eu" / "deep") == sub.resolve()
    assert find_config(tmp_path / "team" / "eu") == sub.resolve()
    assert find_config(tmp_path / "other") == top.resolve()
    resolver = ConfigResolver()
    assert resolver.for_file(tmp_path / "team" / "eu" / "c.yaml").ignore == ("OL1", "OL2")  # the nearer file extends the outer one
    assert resolver.for_file(tmp_path / "c.yaml").ignore == ("OL1",)


def test_yaml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", PYPROJECT_WITH_TABLE)
    yml = write(tmp_path / ".outreach-lint.yml", "ignore: [OL3]\n")
    assert find_config(tmp_path) == yml.resolve()
    yaml_file = write(tmp_path / ".outreach-lint.yaml", "ignore: [OL4]\n")
    assert find_config(tmp_path) == yaml_file.resolve()


def test_discovery_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / ".outreach-lint.yaml", "ignore: [OL1]\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert find_config(tmp_path / "repo" / "campaigns") is None
    assert ConfigResolver().for_folder(tmp_path / "repo" / "campaigns") is DEFAULT
    (tmp_path / "repo" / ".git").rmdir()
    (tmp_path / "repo" / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    assert find_config(tmp_path / "repo") is None


def test_override_applies_to_every_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".outreach-lint.yaml", "ignore: [OL1]\n")
    chosen = write(tmp_path / "ci.yaml", "ignore: [OL9]\n")
    assert ConfigResolver(chosen).for_file(tmp_path / "a" / "c.yaml").ignore == ("OL9",)


def test_all_keys_load_with_paths_relative_to_the_config(tmp_path: Path) -> None:
    (tmp_path / "my-rules").mkdir()
    path = write(
        tmp_path / ".outreach-lint.yaml",
        """\
select: [OL1, processor-dpa-missing]
ignore: [OL005]
per-path-ignores:
  "drafts/**": [OL101]
severity:
  OL002: error
rules: [my-rules]
fail-on: warning
include: ["campaigns/**"]
exclude: [archive]
inline-suppressions: false
limits: {max-file-bytes: 1000}
""",
    )
    config = load_config(path)
    assert config.select == ("OL1", "processor-dpa-missing")
    assert config.per_path_ignores == (("drafts/**", ("OL101",)),)
    assert config.severity == (("OL002", "error"),)
    assert config.rules == ((tmp_path / "my-rules").resolve(),)
    assert (config.fail_on, config.inline_suppressions, config.limits) == ("warning", False, (("max_file_bytes", 1000),))
    assert config.ignores_for(tmp_path / "drafts" / "x" / "c.yaml") == ("OL005", "OL101")
    assert config.ignores_for(tmp_path / "campaigns" / "drafts.yaml") == ("OL005",)
    assert config.is_excluded(tmp_path / "campaigns" / "archive" / "old.yaml")
    assert not config.is_excluded(tmp_path / "campaigns" / "archived.yaml")
    assert config.is_included(tmp_path / "campaigns" / "q4.yaml") and not config.is_included(tmp_path / "site" / "gtm.json")


def test_pyproject_table_with_sub_tables(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """\
[tool.outreach-lint]
fail-on = "info"

[tool.outreach-lint.per-path-ignores]
"legacy/*.yaml" = ["OL1"]

[tool.outreach-lint.severity]
processor-dpa-missing = "warning"
""",
    )
    config = load_config(path)
    assert config.fail_on == "info"
    assert config.per_path_ignores == (("legacy/*.yaml", ("OL1",)),)
    assert config.severity_for("OL191", "processor-dpa-missing") == "warning"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".outreach-lint.yaml", "select: [OL1]\nselct: [OL2]\n", ":2: selct: unknown key (did you mean 'select'?)"),
        (".outreach-lint.yaml", "severity:\n  OL101: fatal\n", ":2: severity.OL101: 'fatal' is not one of 'error', 'warning', 'info'"),
        (".outreach-lint.yaml", "ignore: OL101\n", ":1: ignore: 'OL101' is not a list"),
        (".outreach-lint.yaml", "inline-suppressions: no\n", ":1: inline-suppressions: 'no' is not true or false"),
        (".outreach-lint.yaml", "\nignore: ['OL 1']\n", ":2: ignore.0: 'OL 1' is not a rule code, code prefix or rule name"),
        (".outreach-lint.yaml", "limits:\n  max-file-bytes: 0\n", ":2: limits.max-file-bytes: 0 must be at least 1"),
        (".outreach-lint.yaml", "ignore: [OL1]\nignore: [OL2]\n", ":2: ignore: appears twice"),
        (".outreach-lint.yaml", "ignore: [OL1, OL1]\n", ":1: ignore: 'OL1' appears more than once"),
        (".outreach-lint.yaml", "limits:\n  max-bytes: 10\n", ":2: limits.max-bytes: unknown key (did you mean 'max-file-bytes'?)"),
        (".outreach-lint.yaml", "select: [OL1]\nzzz: 1\n", ":2: zzz: unknown key (known keys: select, ignore,"),
        (".outreach-lint.yaml", "ignore: [OL1\n", ":2: invalid YAML/JSON"),
        (".outreach-lint.yaml", "rules: [nowhere]\n", ":1: rules: rule folder 'nowhere' does not exist"),
        (".outreach-lint.yaml", "fail-on: error\nshow-pii: true\n", ":2: show-pii: show-pii cannot be set in a config file"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.outreach-lint]\nselect = ["OL1"]\nfail_on = "warning"\n',
            ":6: fail_on: unknown key (did you mean 'fail-on'?)",
        ),
        (
            "pyproject.toml",
            '[tool.outreach-lint]\nselect = ["OL1"]\n\n[tool.outreach-lint.severity]\nOL101 = "loud"\n',
            ":5: severity.OL101: 'loud' is not one of",
        ),
        ("pyproject.toml", '[tool.outreach-lint]\nselect = ["OL1"\n', ":2: invalid TOML"),
    ],
)
def test_bad_config_names_file_line_and_key(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path) + expected), message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("drafts", "a/drafts/c.yaml", True),
        ("drafts", "a/drafts.yaml", False),
        ("drafts/", "drafts", False),
        ("*.json", "site/gtm.json", True),
        ("campaigns/*.yaml", "campaigns/q4.yaml", True),
        ("campaigns/*.yaml", "campaigns/eu/q4.yaml", False),
        ("campaigns/*.yaml", "old/campaigns/q4.yaml", False),
        ("campaigns/**/*.yaml", "campaigns/q4.yaml", True),
        ("campaigns/**/*.yaml", "campaigns/eu/de/q4.yaml", True),
        ("**/legacy", "x/y/legacy/q.yaml", True),
        ("./site/", "site/index.json", True),
        ("q[0-9].yaml", "q4.yaml", True),
        ("q[!0-9].yaml", "q4.yaml", False),
        ("a?.yaml", "ab.yaml", True),
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert glob_matches(pattern, path) is matches


def test_cli_options_merge_over_the_file(tmp_path: Path) -> None:
    config = Config(source=tmp_path / ".outreach-lint.yaml", select=("OL1",), ignore=("OL101",), fail_on="warning")
    merged = config.merged_with_cli(select=("OL191",), ignore=("OL102",), fail_on=None, rules=(tmp_path,), no_inline_suppressions=True)
    assert merged.select == ("OL191",)  # --select replaces
    assert merged.ignore == ("OL101", "OL102")  # --ignore adds
    assert merged.fail_on == "warning"
    assert merged.rules == (tmp_path.resolve(),)
    assert merged.inline_suppressions is False
    assert config.merged_with_cli().select == ("OL1",)


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"select": ["ALL"], "fail-on": "info"},
        {"per-path-ignores": {"a/**": ["OL1", "x-y"]}},
        {"limits": {"max-depth": 3}},
        {"selct": []},
        {"severity": {"OL1": "loud"}},
        {"severity": {"a b": "error"}},
        {"ignore": ["OL1", "OL1"]},
        {"limits": {"max-depth": 0}},
        {"limits": {"max-depth": 1.5}},
        {"include": [""]},
        {"per-path-ignores": {"": ["OL1"]}},
        {"inline-suppressions": 1},
        {"rules": "dir"},
        {"select": [True]},
    ],
)
def test_the_engine_compiler_and_python_jsonschema_agree_on_config_documents(document: dict[str, object]) -> None:
    from outreach_lint.config import _config_check, config_schema

    expected = jsonschema.Draft202012Validator(config_schema()).is_valid(document)
    assert _config_check()(document, None) is expected


def test_schema_config_command_prints_a_valid_2020_12_schema() -> None:
    code, out, _ = run_cli("schema", "config")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "show-pii" not in schema["properties"]
    assert {"select", "ignore", "per-path-ignores", "severity", "rules", "fail-on", "include", "exclude", "inline-suppressions"} <= set(schema["properties"])


def test_the_readme_config_examples_load(tmp_path: Path) -> None:
    from ..conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Configuration") : readme.index("### Baseline")]
    yaml_example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    toml_example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "compliance" / "rules").mkdir(parents=True)
    config = load_config(write(tmp_path / ".outreach-lint.yaml", yaml_example))
    assert config.fail_on == "warning" and config.inline_suppressions is False
    assert config.ignores_for(tmp_path / "campaigns" / "archive" / "2019" / "x.yaml") == ("OL142", "ALL")
    assert load_config(write(tmp_path / "pyproject.toml", toml_example)).per_path_ignores == (("campaigns/archive/**", ("ALL",)),)
    from outreach_lint.rulepack import load_pack
    from outreach_lint.run.settings import check_selectors

    check_selectors(config, load_pack(config.rules))  # every rule the example names exists
