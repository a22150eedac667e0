"""``outreach-lint schema``: print one of the JSON Schemas shipped in ``outreach_lint/schemas``."""

from __future__ import annotations

import click

from .exits import fail

#: the argument -> the schema file
SCHEMAS = {"campaign": "campaign.json", "rule": "rule.json", "config": "config.json", "facts": "facts.json", "evidence": "evidence.json"}


@click.command("schema")
@click.argument("which", type=click.Choice(list(SCHEMAS)), default="campaign")
def schema(which: str) -> None:
    """Print a JSON Schema: the campaign format, the rule format, the config file, the facts rules may name, or a scan's evidence file."""
    from importlib import resources

    resource = resources.files("outreach_lint.schemas").joinpath(SCHEMAS[which])
    if not resource.is_file():
        raise fail(f"the {which} schema is not available in this version")
    click.echo(resource.read_text("utf-8"), nl=False)
