from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from outreach_lint import loader as loader_module
from outreach_lint.loader import Limits, LoadError, load_bytes, load_text


def test_yaml_12_scalars_keep_norway_times_and_dates_as_strings() -> None:
    loaded = load_text("countries: [DE, NO, no, on]\nwindow: {from: 10:00}\ncollected_at: 2026-09-01\nflag: true\n")
    assert loaded.data == {"countries": ["DE", "NO", "no", "on"], "window": {"from": "10:00"}, "collected_at": "2026-09-01", "flag": True}


def test_positions_point_at_keys_and_items() -> None:
    loaded = load_text("campaign: x\naudience:\n  consent:\n    basis: none\nsteps:\n  - subject: a\n  - subject: b\n")
    locate = loaded.source_map.locate
    assert locate(loaded.data, ["audience", "consent", "basis"]) == ((4, 5), 3)
    assert locate(loaded.data, ["steps", 1]) == ((7, 5), 2)
    # a missing key points at its nearest existing parent
    assert locate(loaded.data, ["audience", "consent", "proof"]) == ((3, 3), 2)


def test_json_is_loaded_with_positions() -> None:
    loaded = load_text('{\n  "campaign": "x",\n  "audience": {"countries": ["DE"]}\n}\n')
    assert loaded.data["audience"]["countries"] == ["DE"]
    assert loaded.source_map.locate(loaded.data, ["audience"])[0] == (3, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!!python/object/apply:os.system ['true']", "is not allowed"),
        ("a: &a [*a]", "cycle"),
        ("a: [b", "invalid YAML/JSON"),
        ("a: 1\n---\nb: 2\n", "holds one YAML document"),
        ("[" * 100 + "]" * 100, "nesting deeper than 64"),
        ("? [a]\n: 1\n", "keys must be strings"),
        ("retention_days: " + "9" * 5000, "5,000 digits is too long"),  # was a ValueError from int()
    ],
)
def test_bad_documents_raise_one_line_errors(text: str, expected: str) -> None:
    with pytest.raises(LoadError) as info:
        load_text(text)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(LoadError, match="more than 50,000 nodes"):
        load_text("\n".join(lines))


def test_limits_name_the_config_key() -> None:
    with pytest.raises(LoadError, match="limits.max-file-bytes"):
        load_bytes(b"a: 1\n" * 100, limits=Limits(max_file_bytes=100))
    with pytest.raises(LoadError, match="limits.max-line-length") as info:
        load_text("a: 1\nb: " + "x" * 50 + "\n", Limits(max_line_length=20))
    assert info.value.line == 2


def test_duplicate_keys_are_recorded() -> None:
    loaded = load_text("a: 1\nb: 2\na: 3\n")
    assert loaded.duplicate_keys == [("a", (3, 1))]


@pytest.mark.parametrize(
    "raw",
    ["campaign: ü\n".encode(), b"\xef\xbb\xbf" + "campaign: ü\n".encode(), "campaign: ü\n".encode("utf-16")],
)
def test_accepted_encodings(raw: bytes) -> None:
    assert load_bytes(raw).data == {"campaign": "ü"}


@pytest.mark.parametrize(("raw", "expected"), [(b"campaign: \xe9\n", "not valid UTF-8"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary")])
def test_refused_encodings(raw: bytes, expected: str) -> None:
    with pytest.raises(LoadError, match=expected):
        load_bytes(raw)


def test_too_many_nodes_are_refused_before_the_document_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    import outreach_lint.loader as loader

    def must_not_build(*args: object) -> None:
        raise AssertionError("the document was built although it is over the node limit")

    monkeypatch.setattr(loader, "_PositionLoader", must_not_build)
    text = "campaign: x\nlist:\n" + "".join(f"  - [{i}, {i}]\n" for i in range(400))
    with pytest.raises(LoadError, match="more than 1,000 nodes.*limits.max-nodes = 1000") as info:
        load_text(text, Limits(max_nodes=1000))
    assert info.value.line > 100  # where the count crossed the limit


def test_keys_count_as_nodes() -> None:
    text = "".join(f"k{i}: {i}\n" for i in range(600))  # 600 keys + 600 values + the mapping
    with pytest.raises(LoadError, match="more than 1,000 nodes"):
        load_text(text, Limits(max_nodes=1000))
    assert len(load_text(text, Limits(max_nodes=1201)).data) == 600


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
def test_block_nesting_is_refused_with_its_line_even_when_limits_are_raised(loader: str) -> None:
    """The depth ceiling is ours, the same on every PyYAML release and parser.

    libyaml 0.2.5 crashes the interpreter on nesting tens of thousands deep, libyaml 0.2.6
    (PyYAML 6.0.4) refuses 1,000 levels with its own message, and the pure-Python composer runs
    out of recursion near 500 (so: a subprocess, once per parser).
    """
    force_pure = "import yaml; del yaml.CSafeLoader\n" if loader == "pure-python" else ""
    code = (
        force_pure + "from outreach_lint import loader\n"
        "from outreach_lint.loader import Limits, LoadError, load_text\n"
        f"assert loader._BaseLoader.__name__ == {'SafeLoader' if force_pure else 'CSafeLoader'!r}\n"
        "big = dict(max_line_length=10**7, max_file_bytes=10**8, max_nodes=10**7)\n"
        "for levels in (1_500, 100_000):\n"
        "    text = 'campaign: x\\nd:\\n' + '- ' * levels + 'x\\n'\n"
        "    for depth in (64, 10**6):\n"
        "        try:\n"
        "            load_text(text, Limits(max_depth=depth, **big))\n"
        "        except LoadError as exc:\n"
        "            print(exc.line, exc)\n"
        "ok = load_text('campaign: x\\nd:\\n' + '- ' * 398 + 'x\\n', Limits(max_depth=400, **big))\n"
        "print('loaded', ok.data['campaign'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    refused = [
        "3 nesting deeper than 64 levels (raise it with limits.max-depth = 64 in the config)",
        "3 nesting deeper than 400 levels cannot be loaded safely, whatever the limits say",
    ]
    assert done.stdout.splitlines() == refused * 2 + ["loaded x"]


def test_the_config_cannot_raise_max_depth_past_what_every_pyyaml_loads() -> None:
    from outreach_lint.loader import SAFE_COMPOSE_DEPTH

    schema = json.loads((Path(loader_module.__file__).parent / "schemas" / "config.json").read_text())
    limit = schema["properties"]["limits"]["properties"]["max-depth"]
    assert limit["maximum"] == SAFE_COMPOSE_DEPTH


def test_a_second_document_is_refused_where_it_starts() -> None:
    with pytest.raises(LoadError, match="one YAML document") as info:
        load_text("campaign: a\n" + "---\ncampaign: b\n" * 10_000)
    assert (info.value.line, info.value.column) == (2, 1)


@pytest.mark.parametrize("text", ["{campaign: x, steps: [{name: a},", "campaign: 'x", "a: [b"])
def test_an_error_at_the_end_of_a_file_without_a_final_newline_stays_on_its_last_line(text: str) -> None:
    """libyaml reports the end of such a stream one line further down, on a line that does not exist."""
    with pytest.raises(LoadError) as info:
        load_text(text)
    assert (info.value.line, info.value.column) == (1, len(text) + 1)
