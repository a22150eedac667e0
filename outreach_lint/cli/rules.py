"""``outreach-lint rules``: list the rules of the pack (and of any --rules folder)."""

from __future__ import annotations

from pathlib import Path

import click

from .exits import rule_pack_errors, safe_lines
from .options import rules_option


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@rules_option
def list_rules(fmt: str, rules_dirs: tuple[str, ...]) -> None:
    """List the rules: code, name, severity, jurisdictions and citation."""
    from ..explain import rules_as_json, rules_as_text
    from ..rulepack import load_pack

    with rule_pack_errors():
        pack = load_pack([Path(d) for d in rules_dirs])
    click.echo(rules_as_json(pack) if fmt == "json" else safe_lines(rules_as_text(pack)), nl=False)
