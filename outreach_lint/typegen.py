"""Generate :mod:`outreach_lint.document_types` (TypedDicts) from the campaign and facts schemas.

``python -m outreach_lint.typegen`` rewrites ``outreach_lint/document_types.py``;
``python -m outreach_lint.typegen --check`` exits 1 when the committed module is out of date
(tests/test_document_types.py runs the same comparison).

``schemas/campaign.json`` gives :class:`Campaign` (the input campaign) and ``schemas/facts.json``
gives :class:`Facts` (the ``facts`` of the evaluation document) and ``StepFacts``. The evaluation
document that :func:`outreach_lint.normalize.normalise` builds is the campaign plus what
:data:`DOCUMENT_EXTRAS` and :data:`DOCUMENT_FACTS` say it adds.

JSON Schema to Python: objects with ``properties`` become ``TypedDict(total=False)`` classes
(the schema's required keys only marked so in a comment: a campaign that fails the schema is still judged); objects with only ``additionalProperties`` become
``dict[str, T]``; objects without either ``dict[str, object]``; ``enum``/``const`` ``Literal``;
``anyOf``/``oneOf``/a list of types a union; ``pattern``, ``minimum`` and ``patternProperties``
have no Python form and are left to the schema (a comment marks ``patternProperties``).
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

#: the generated modules, next to this one
TARGETS = (Path(__file__).with_name("campaign_types.py"), Path(__file__).with_name("document_types.py"))

#: classes of the campaign that the evaluation document extends: (new class, added keys)
DOCUMENT_EXTRAS: dict[str, tuple[str, dict[str, str]]] = {
    # normalise keeps audience.contacts as the list's name and the mapping beside it
    "Audience": ("DocumentAudience", {"contacts_list": "AudienceContacts"}),
    # facts/collect.py puts a step's template facts under steps[i].facts
    "Step": ("DocumentStep", {"facts": "StepFacts"}),
}
#: classes whose object-valued keys all have one shape, and the one name of that shape
SHARED_NAMES = {"AudienceContactsColumns": "AudienceContactsColumn"}
#: the key the evaluation document adds at the top, and its class
DOCUMENT_FACTS = ("facts", "Facts")

#: keywords that say what a value is (the others only constrain it)
_SHAPE = {"$ref", "type", "enum", "const", "properties", "items", "anyOf", "oneOf"}
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None", "array": "list[object]", "object": "dict[str, object]"}


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name + "Item"


class _Emitter:
    """Collects the aliases and classes of one module, each emitted once, children first."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.fields: dict[str, list[tuple[str, str]]] = {}
        self.nodes: dict[str, Mapping[str, Any]] = {}

    def type_of(self, node: Mapping[str, Any], hint: str, schema: Mapping[str, Any], source: str) -> str:
        """The Python type of a schema node; ``hint`` names the class an object becomes."""
        if "$ref" in node:
            name = str(node["$ref"]).rsplit("/", 1)[-1]
            target = schema["$defs"][name]
            if "enum" in target:
                return self._alias(_camel(name), target["enum"])
            return self.type_of(target, _camel(name), schema, f"{source.split('#')[0]}#/$defs/{name}")
        if "enum" in node or "const" in node:
            values = node["enum"] if "enum" in node else [node["const"]]
            literal = f"Literal[{', '.join(json.dumps(v) for v in values)}]"
            return literal if len(literal) <= 100 else self._alias(hint, values)
        for key in ("anyOf", "oneOf"):
            if any(_SHAPE & set(branch) for branch in node.get(key, ())):  # not only constraints ({required: [path]})
                branches = (self.type_of(branch, hint, schema, f"{source}/{key}/{i}") for i, branch in enumerate(node[key]))
                return " | ".join(dict.fromkeys(branches))
        kind = node.get("type")
        if isinstance(kind, list):
            return " | ".join(self.type_of(dict(node, type=k), hint, schema, source) for k in kind)
        if kind == "array" and isinstance(node.get("items"), dict):
            return f"list[{self.type_of(node['items'], _singular(hint), schema, source + '/items')}]"
        if kind == "object" or "properties" in node:
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):  # declared keys and any others: a TypedDict cannot say "any others"
                return f"dict[str, {self.type_of(extra, hint + 'Value', schema, source + '/additionalProperties')}]"
            if "properties" in node:
                return self._class(node, hint, schema, source)
            return "dict[str, object]"
        return _SCALARS.get(str(kind), "object")

    def _alias(self, name: str, values: Sequence[Any]) -> str:
        """A named ``Literal``, one value a line (as ruff formats a long one)."""
        literal = f"Literal[{', '.join(json.dumps(v) for v in values)}]"
        if len(literal) > 100:
            literal = "Literal[\n" + "".join(f"    {json.dumps(v)},\n" for v in values) + "]"
        if self.aliases.setdefault(name, f"{name} = {literal}\n") != f"{name} = {literal}\n":
            raise ValueError(f"two different enums would be named {name}")
        return name

    def _class(self, node: Mapping[str, Any], name: str, schema: Mapping[str, Any], source: str) -> str:
        if name in self.classes:
            if name in self.nodes and self.nodes[name] != node:
                raise ValueError(f"two different objects would be named {name} ({source})")
            return name
        self.nodes[name] = node
        self.classes[name] = ""  # reserved: a schema that refers to itself ends here
        required = set(node.get("required", ()))
        fields = []
        for key, child in node["properties"].items():
            prefix = "" if name == "Campaign" else name  # Audience, Step, ...; FactsLia, StepFactsTemplate, ...
            hint = SHARED_NAMES.get(name) or prefix + _camel(key)
            kind = self.type_of(child, hint, schema, f"{source}/properties/{key}")
            fields.append((key, f"{kind}  # required by the schema" if key in required else kind))
        self.fields[name] = fields
        patterns = ", ".join(node.get("patternProperties", {}))
        comment = f"    # keys matching {patterns} (patternProperties) cannot be declared in a TypedDict\n" if patterns else ""
        self.classes.pop(name)
        self.classes[name] = _render(name, source, fields, comment)
        return name


def _render(name: str, source: str, fields: Sequence[tuple[str, str]], comment: str = "", base: str = "TypedDict") -> str:
    """A TypedDict class; the functional form when a key is not an identifier (``$schema``, ``from``)."""
    if any(not key.isidentifier() or keyword.iskeyword(key) for key, _ in fields):
        body = "".join(f"        {json.dumps(key)}: {kind.replace('  #', ',  #', 1) if '  #' in kind else kind + ','}\n" for key, kind in fields)
        note = f"# {source}\n" + (comment.strip() and f"{comment.strip()}\n")
        return f'{note}{name} = TypedDict(\n    "{name}",\n    {{\n{body}    }},\n    total=False,\n)\n'
    lines = "".join(f"    {key}: {kind}\n" for key, kind in fields)
    return f"# {source}\nclass {name}({base}, total=False):\n{comment}{lines}"


def generate() -> dict[Path, str]:
    """The text of each generated module: ``campaign_types.py`` and ``document_types.py``."""
    schemas = resources.files("outreach_lint.schemas")
    campaign = json.loads(schemas.joinpath("campaign.json").read_text("utf-8"))
    facts = json.loads(schemas.joinpath("facts.json").read_text("utf-8"))
    given = _Emitter()
    given.type_of(campaign, "Campaign", campaign, "campaign.json#")
    derived = _Emitter()
    derived.type_of(facts, "Facts", facts, "facts.json#")
    derived.type_of({"$ref": "#/$defs/step_facts"}, "StepFacts", facts, "facts.json#")
    blocks = list(derived.classes.values())
    renames = {base: new for base, (new, _) in DOCUMENT_EXTRAS.items()}
    for base, (new, added) in DOCUMENT_EXTRAS.items():
        blocks.append(_render(new, f"{base} in the evaluation document (normalize.py)", list(added.items()), base=base))
    swap = re.compile(r"\b(" + "|".join(map(re.escape, renames)) + r")\b")
    root = [(key, swap.sub(lambda m: renames[m.group(1)], kind)) for key, kind in given.fields["Campaign"]] + [DOCUMENT_FACTS]
    blocks.append(_render("Document", "the evaluation document: the campaign normalised, with facts (normalize.py)", root))
    text = "".join(blocks)
    used = sorted({name for name in re.findall(r"\b[A-Z][A-Za-z0-9]*\b", text) if name in given.classes or name in given.aliases})
    imports = f"from .campaign_types import {', '.join(used)}\n"
    return {
        TARGETS[0]: _module(_CAMPAIGN_DOC, given, list(given.classes.values())),
        TARGETS[1]: _module(_DOCUMENT_DOC, derived, blocks, imports),
    }


def _module(doc: str, out: _Emitter, blocks: Sequence[str], imports: str = "") -> str:
    """A module as ruff formats it: docstring, imports, the long ``Literal`` aliases, the classes."""
    aliases = "".join(out.aliases.values())
    body = "\n\n".join(blocks)
    names = [name for name in ("Literal", "TypedDict") if re.search(rf"\b{name}\b", aliases + body)]
    text = f'"""{doc}"""\n\nfrom __future__ import annotations\n\nfrom typing import {", ".join(names)}\n'
    text += ("\n" + imports if imports else "") + ("\n" + aliases if aliases else "")
    return text + "\n\n" + body


_GENERATED = """GENERATED by ``python -m outreach_lint.typegen``: do not edit; tests/test_document_types.py
fails when this file is out of date. Every class is ``total=False``: a campaign that fails the
schema is still judged, so code reading these keeps checking what it reads.
"""
_CAMPAIGN_DOC = "Typed shape of a campaign file, from ``schemas/campaign.json``.\n\n" + _GENERATED
_DOCUMENT_DOC = "Typed shape of the evaluation document: the campaign normalised, with ``facts`` from ``schemas/facts.json``.\n\n" + _GENERATED


def main(argv: Sequence[str] = ()) -> int:
    """Write the modules, or with ``--check`` say which is out of date (exit 1)."""
    stale = 0
    for target, text in generate().items():
        if "--check" not in argv:
            target.write_text(text, "utf-8")
        elif not target.is_file() or target.read_text("utf-8") != text:
            print(f"{target} is out of date: run python -m outreach_lint.typegen", file=sys.stderr)
            stale = 1
    return stale


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
