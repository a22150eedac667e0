"""The JSON formatter's own encoder writes exactly what json.dumps(indent=2) writes."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach_lint.formats.json_ import dumps

_scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=True, allow_infinity=True)
_values = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_same_text_as_the_standard_library(value: object) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_odd_values_go_to_the_standard_library() -> None:
    odd = {"tuple": (1, "a"), "nan": math.nan, 1: "int key", "nested": [{"x": []}, {}], "é\u2028\"": "\x00"}
    assert dumps(odd) == json.dumps(odd, indent=2, ensure_ascii=False)
