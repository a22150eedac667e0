"""``outreach-lint explain RULE``: one rule in full (the text is :mod:`outreach_lint.explain`'s)."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import fail, rule_pack_errors, safe_lines
from .options import rules_option


@click.command("explain")
@click.argument("rule")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@rules_option
def explain(rule: str, fmt: str, rules_dirs: tuple[str, ...]) -> None:
    """Explain one rule in full: law, when it fires, fix, examples."""
    from ..explain import explain_json, explain_text
    from ..rulepack import load_pack

    with rule_pack_errors():
        pack = load_pack([Path(d) for d in rules_dirs])
    found = pack.find(rule)
    if found is None:
        raise fail(f"no rule {rule!r}; `outreach-lint rules` lists them")
    click.echo(explain_json(found, pack) if fmt == "json" else safe_lines(explain_text(found, pack)), nl=False)
