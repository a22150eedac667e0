"""The rule pack: rule files and data tables, loaded, validated and compiled.

* :mod:`.model` — the types: :class:`~.model.RuleMeta` (what anyone may say about a rule),
  :class:`~.model.Rule` (a rule ready to evaluate), :class:`~.model.RulePack`
* :mod:`.files` — reading and parsing one rule or data file, with line numbers
* :mod:`.tables` and :mod:`.sets` — ``data/`` files: tables (which a rule folder may extend by
  adding rows, see :data:`.rows.EXTENDABLE`) and named sets; :mod:`.rows` checks the rows of the
  tables that readers build catalogues from (vendors, phrases, column profiles, ...)
* :mod:`.validate` and :mod:`.construct` — rule files against ``schemas/rule.json``, then into rules
* :mod:`.lazy` — conditions of a cached pack compiled on first use

:func:`outreach_lint.rulepack.load_pack` puts them together. This package imports nothing heavy
at import time (the lazy-import test keeps it that way).
"""
