"""Compile JSON Schema (a 2020-12 subset) into fast Python closures.

Rule conditions and the campaign schema are JSON Schema, so that rule
authors write a standard language and editors can help them. Evaluating
them with python-jsonschema for every campaign is too slow for a whole
repository (about 1,500 documents a second), so we compile each schema once
into nested closures. Nothing is generated as source text and nothing is
``eval``-ed: a rule pack can only combine the keywords below.

A compiled check is ``check(instance, errors) -> bool``. With ``errors=None``
it only answers yes or no and stops at the first failure. With a list it
appends every :class:`Failure` it finds, each with the JSON pointer of the
offending value, so the engine can point at a source line.

The tests compare this compiler with python-jsonschema on generated
documents, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from .compiler import Compiler
from .failures import Check, Errors, Failure, SchemaCompileError, to_pointer
from .keywords import ANNOTATIONS, SUPPORTED
from .values import json_equal, json_key

__all__ = ["ANNOTATIONS", "SUPPORTED", "Check", "Compiler", "Errors", "Failure", "SchemaCompileError", "json_equal", "json_key", "to_pointer"]
