"""Rule-pack patterns: the ones rules need are accepted, the ones that backtrack badly are refused."""

from __future__ import annotations

import pytest

from outreach_lint.safe_regex import MAX_SUBJECT, compile_safe_pattern

ACCEPTED = [
    r"^([A-Z]{2}|[A-Z][A-Z0-9_]+)$",
    r"^[A-Z]{1,8}[0-9]{1,4}$",
    r"(?i)^\W{0,3}(re|fw|fwd|aw|wg|tr|sv)\s{0,3}:",
    r"(?i)(\[ad\]|\(ad\)|^ad:|advertisement|\bpubli\b)",
    r"^[^@\s]+@[^@\s]+$",  # the @ ends the first repeat
    r"^\w+@\w+\.\w+$",
    r"\d+[a-z]+",  # adjacent but disjoint
    r"^https?://.*\.example\.com/",
    r"(?:ab)*c",
    r"^(0?[89]|1[0-9]|2[0-3]):[0-5][0-9]$",
]

REFUSED = [
    (r"(a+)+$", "nested repeats"),
    (r"(\d+,){2,9}", "nested repeats"),
    (r"^(a|aa)*$", "alternation or optional part"),
    (r"^(a|a)*$", "alternation or optional part"),
    (r"(a?a?)*$", "alternation or optional part"),
    (r".*.*x", "two unbounded repeats"),
    (r"\w*\w*x", "two unbounded repeats"),
    (r".*x.*y", "two unbounded repeats"),  # .* can take the x, so the two repeats share every character
    (r"(?i)A+a+$", "two unbounded repeats"),  # overlap only under (?i)
    (r"\w{0,100}\w{0,100}x", "two unbounded repeats"),  # a wide bounded repeat backtracks like *
    (r"(a)\1", "backreferences"),
    (r"(?=a)a", "look-arounds"),
    (r"a" * 600, "longer than"),
    (r"[", "invalid regular expression"),
]


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_patterns_rules_need_are_accepted(pattern: str) -> None:
    assert compile_safe_pattern(pattern).pattern == pattern


@pytest.mark.parametrize(("pattern", "reason"), REFUSED)
def test_backtracking_patterns_are_refused_with_a_reason(pattern: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        compile_safe_pattern(pattern)


def test_values_are_cut_before_matching() -> None:
    regex = compile_safe_pattern(r"x$")
    assert regex.search("a" * (MAX_SUBJECT - 1) + "x")
    assert not regex.search("a" * MAX_SUBJECT + "x")
