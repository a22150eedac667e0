"""Property tests: whatever the file holds, the run is sound.

Campaigns are generated from the campaign schema (its enums, types and
required keys), then mutated: wrong types, unknown keys, deleted keys, deep
nesting, cut short or spliced with junk, in YAML or JSON, UTF-8 or UTF-16.
Random bytes and YAML token soup go through the same checks. For each input:
no traceback, exit code 0, 1 or 2, the same report on every run (two
checks, then one from the cache), every finding on a line that exists, and the
good campaign beside it still checked.

Examples are few and seeded in CI (the ``ci`` profile in tests/conftest.py);
``HYPOTHESIS_PROFILE=long`` runs thousands (see the README).
"""

from __future__ import annotations

import codecs
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from outreach_lint import cache
from outreach_lint.check.validate import campaign_schema

from ..conftest import FIXTURES, TODAY, run_cli

pytestmark = pytest.mark.slow

_read_cache = cache.read
GOOD = FIXTURES / "rules" / "OL191" / "trip-slack-without-dpa.yaml"
#: the line breaks PyYAML counts
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

# -- strategies -----------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=True), TEXT)
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=8)


def from_schema(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values that follow ``node``, a subset of JSON Schema: enough for the campaign schema."""
    if "$ref" in node:
        return st.deferred(lambda: from_schema(defs[node["$ref"].rsplit("/", 1)[-1]], defs))
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**node, "type": k}, defs) for k in kind])
    if kind == "object" or "properties" in node:
        properties = node.get("properties", {})
        required = set(node.get("required", ()))
        return st.fixed_dictionaries(
            {k: from_schema(v, defs) for k, v in properties.items() if k in required},
            optional={k: from_schema(v, defs) for k, v in properties.items() if k not in required},
        )
    if kind == "array":
        return st.lists(from_schema(node.get("items", {}), defs), max_size=3)
    if kind == "string":
        return st.from_regex(node["pattern"]) if "pattern" in node else TEXT
    if kind == "integer":
        return st.integers(node.get("minimum", -5), 5000)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    return JSON_VALUES


def paths_in(doc: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += paths_in(value, at + (key,))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            found += paths_in(value, at + (index,))
    return found


def replace_at(doc: Any, path: tuple[Any, ...], make: Any) -> Any:
    if not path:
        return make(doc)
    head, rest = path[0], path[1:]
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[head] = replace_at(doc[head], rest, make)
    return copy


@st.composite
def mutated(draw: st.DrawFn, doc: Any) -> Any:
    """``doc`` with up to three mutations: wrong type, unknown key, deleted key, deep nesting."""
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(paths_in(doc)))
        how = draw(st.sampled_from(["wrong-type", "unknown-key", "delete", "nest"]))
        if how == "wrong-type":
            value = draw(JSON_VALUES)
            doc = replace_at(doc, path, lambda _old, value=value: value)
        elif how == "unknown-key":
            key, value = draw(TEXT), draw(JSON_VALUES)
            doc = replace_at(doc, path, lambda old, key=key, value=value: {**old, key: value} if isinstance(old, dict) else old)
        elif how == "delete" and path:
            parent, last = path[:-1], path[-1]
            doc = replace_at(
                doc, parent, lambda old, last=last: {k: v for k, v in old.items() if k != last} if isinstance(old, dict) else old[:last] + old[last + 1 :]
            )
        elif how == "nest":
            depth = draw(st.integers(1, 100))
            doc = replace_at(doc, path, lambda old, depth=depth: _nested(old, depth))
    return doc


def _nested(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def campaign_files(draw: st.DrawFn) -> bytes:
    schema = campaign_schema()
    doc = draw(mutated(draw(from_schema(schema, schema["$defs"]))))
    style = draw(st.sampled_from(["block", "flow", "json", "json-indented"]))
    if style.startswith("json"):
        text = json.dumps(doc, indent=2 if style == "json-indented" else None, ensure_ascii=False)
    else:
        text = yaml.safe_dump(doc, default_flow_style=style == "flow", allow_unicode=True, sort_keys=False, width=200)
    damage = draw(st.sampled_from(["none", "none", "cut", "splice"]))
    if damage == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif damage == "splice":
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.sampled_from(["\t", "&a ", "*a", "!!python/name:os.system ", "\n---\n", "{", "]", "\x00", "<<: *a\n", "\u2028", ": :"]))
            + text[at:]
        )
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16"]))
    return text.encode(encoding, "surrogatepass")


TOKENS = [
    b"campaign: ",
    b"x",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b", ",
    b": ",
    b"&a ",
    b"*a",
    b"\n",
    b"  ",
    b"? ",
    b"---\n",
    b"'",
    b'"',
    b"# outreach-lint: ignore[OL101]\n",
    b"!!python/object:os.system ",
    b"<<: ",
    b"\xff",
    b"\x00",
    b"\t",
    b"9" * 50,
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    b"\r\n",
    b"\xe9",
]
YAML_SOUP = st.lists(st.sampled_from(TOKENS), max_size=60).map(b"".join)
RANDOM_FILES = st.one_of(st.binary(max_size=600), YAML_SOUP)

# -- the properties ------------------------------------------------------------


def line_count(raw: bytes) -> int:
    """Lines of ``raw`` as PyYAML and editors count them (the empty line after a final newline counts)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return len(_BREAKS.split(raw.decode(encoding, "replace")))
    return len(_BREAKS.split(raw.decode("utf-8", "replace")))


def assert_sound(raw: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory(prefix="outreach-lint-prop-") as folder:
        hostile = Path(folder) / name
        hostile.write_bytes(raw)
        good = Path(folder) / "good.yaml"
        shutil.copy(GOOD, good)
        args = ("check", "--format", "json", "--today", TODAY, "--select", "OL0,OL1", str(hostile), str(good))
        with pytest.MonkeyPatch.context() as patch:  # two real checks (no cached results read) ...
            patch.setattr(cache, "read", lambda kind, key: None if kind == "result" else _read_cache(kind, key))
            runs = [run_cli(*args), run_cli(*args)]
        runs.append(run_cli(*args))  # ... and one from the results they stored
        code, out, err = runs[0]
        assert "Traceback" not in err
        assert code in (0, 1, 2)
        assert runs[1] == runs[0] and runs[2] == runs[0], "the report changed between runs"
        if code == 2:
            assert err.startswith("outreach-lint: error: ") and err.count("\n") == 1
            return
        report = json.loads(out)
        lines = {str(hostile): line_count(raw), str(good): line_count(good.read_bytes())}
        for finding in report["findings"] + report["suppressed"]:
            assert finding["file"] in lines
            assert 1 <= finding["line"] <= lines[finding["file"]], finding
            assert finding["column"] >= 1
        assert any(f["file"] == str(good) and f["code"] == "OL191" for f in report["findings"]), "the good campaign was not checked"


@given(campaign_files(), st.sampled_from(["campaign.yaml", "campaign.json"]))
def test_generated_and_mutated_campaigns_give_sound_reports(raw: bytes, name: str) -> None:
    assert_sound(raw, name)


@given(RANDOM_FILES)
def test_random_bytes_give_sound_reports(raw: bytes) -> None:
    assert_sound(raw, "random.yaml")
