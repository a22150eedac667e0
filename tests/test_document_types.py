"""The typed shapes of the campaign and the evaluation document (issue 13.4).

``outreach_lint/campaign_types.py`` and ``outreach_lint/document_types.py`` are generated from
``schemas/campaign.json`` and ``schemas/facts.json`` by ``python -m outreach_lint.typegen``:
the committed modules must be what the generator makes today, and the documents the checker
builds must have the shape the types declare.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints, is_typeddict

import pytest

from outreach_lint import campaign_types, document_types, typegen
from outreach_lint.check.options import CheckOptions
from outreach_lint.rulepack import load_pack
from outreach_lint.run.files import check_files

from .conftest import FIXTURES, ROOT


def test_the_committed_modules_are_what_the_schemas_generate() -> None:
    """Fails when a schema changed and ``python -m outreach_lint.typegen`` was not run."""
    generated = typegen.generate()
    assert sorted(p.name for p in generated) == ["campaign_types.py", "document_types.py"]
    for path, text in generated.items():
        assert path.read_text("utf-8") == text, f"{path.name} is out of date: run python -m outreach_lint.typegen"
    assert typegen.main(["--check"]) == 0


def test_check_mode_reports_a_stale_module_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "campaign_types.py"
    stale.write_text("# an old version\n", "utf-8")
    fresh = tmp_path / "document_types.py"
    monkeypatch.setattr(typegen, "TARGETS", (stale, fresh))
    texts = list(typegen.generate().values())
    monkeypatch.setattr(typegen, "generate", lambda: dict(zip((stale, fresh), texts)))
    fresh.write_text(texts[1], "utf-8")
    assert typegen.main(["--check"]) == 1
    assert "campaign_types.py is out of date" in capsys.readouterr().err
    assert stale.read_text("utf-8") == "# an old version\n"
    assert typegen.main([]) == 0
    assert stale.read_text("utf-8") == texts[0]


def test_the_types_follow_the_schemas() -> None:
    hints = get_type_hints(campaign_types.Step)
    assert hints["channel"] == campaign_types.Channel
    assert get_args(campaign_types.Channel) == ("email", "sms", "phone", "automated_call", "linkedin", "direct_mail", "messaging_app")
    assert get_type_hints(campaign_types.Audience)["contacts"] == str | campaign_types.AudienceContacts
    assert get_type_hints(document_types.DocumentStep)["facts"] is document_types.StepFacts
    assert get_type_hints(document_types.Document)["facts"] is document_types.Facts
    assert get_type_hints(document_types.Contacts)["by_country"] == dict[str, document_types.ContactsCountry]
    # every class is total=False: a campaign that fails the schema is still judged
    for module in (campaign_types, document_types):
        for value in vars(module).values():
            if is_typeddict(value):
                assert not value.__required_keys__, value


def _problems(value: Any, kind: Any, where: str) -> list[str]:
    """Where ``value`` does not have the shape ``kind`` declares (extension keys x-... aside)."""
    if kind is object or kind is Any:
        return []
    if is_typeddict(kind):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not a mapping"]
        hints = get_type_hints(kind)
        out = [f"{where}.{key}: not declared by {kind.__name__}" for key in value if key not in hints and not str(key).startswith("x-")]
        return out + [p for key, item in value.items() if key in hints for p in _problems(item, hints[key], f"{where}.{key}")]
    origin, args = get_origin(kind), get_args(kind)
    if origin is Literal:
        return [] if value in args else [f"{where}: {value!r} not one of {args}"]
    if origin in (types.UnionType, typing.Union):
        found = [_problems(value, arm, where) for arm in args]
        return [] if any(not f for f in found) else min(found, key=len)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        return [p for i, item in enumerate(value) for p in _problems(item, args[0], f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: not a mapping"]
        return [p for k, item in value.items() for p in _problems(item, args[1], f"{where}.{k}")]
    if kind is float:
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [f"{where}: {value!r} is not a number"]
    if kind is int:
        return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{where}: {value!r} is not an integer"]
    return [] if isinstance(value, kind) else [f"{where}: {value!r} is not {kind.__name__}"]


def test_the_documents_the_checker_builds_have_the_declared_shape() -> None:
    """Every fixture's facts (what normalise and the readers build), and the whole document of
    every campaign the schema accepts, conform to the generated types."""
    files = sorted(FIXTURES.rglob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))
    results = check_files([(str(p), True) for p in files], CheckOptions(keep_documents=True, use_cache=False, jobs=1), load_pack())
    problems: list[str] = []
    documents = whole = 0
    for result in results:
        document = result.facts.get("document")
        if not document:
            continue
        documents += 1
        problems += _problems(document.get("facts"), document_types.Facts, f"{result.file}: facts")
        for index, step in enumerate(document.get("steps") or []):
            if isinstance(step, dict) and "facts" in step:
                problems += _problems(step["facts"], document_types.StepFacts, f"{result.file}: steps[{index}].facts")
        if not {f.code for f in result.findings} & {"OL001", "OL002"}:
            whole += 1
            problems += _problems(document, document_types.Document, result.file)
    assert documents > 20 and whole > 20, (documents, whole)
    assert not problems, problems[:20]


def test_a_shape_mistake_is_found() -> None:
    """The conformance check above can fail: wrong types, unknown keys and bad enum values are seen."""
    document = {"campaign": "c", "channel": "fax", "steps": [{"delay_days": True, "facts": {"template": {"pixel": "yes"}}}], "surprise": 1, "x-own": 2}
    found = _problems(document, document_types.Document, "d")
    assert any("d.channel: 'fax'" in p for p in found)
    assert any("d.steps[0].delay_days: True is not a number" in p for p in found)
    assert any("d.steps[0].facts.template.pixel: 'yes' is not bool" in p for p in found)
    assert any("d.surprise: not declared by Document" in p for p in found)
    assert not any("x-own" in p for p in found)
