"""The pre-launch review report: one page a marketer and a DPO read and sign.

The pieces, each with one job:

* :mod:`.inputs` hashes the campaign and every file it points to;
* :mod:`.model` holds the view-model's types; :mod:`.build` assembles it from a
  :class:`~outreach_lint.findings.Report`, with :mod:`.glance` (facts at a glance,
  processors, vendors, plain-word headlines), :mod:`.grouping` (findings by law and
  article, source context), :mod:`.coverage` (what could not be checked) and
  :mod:`.privacy` (masking contact addresses);
* :mod:`.html` (with :mod:`.style`), :mod:`.markdown` and :mod:`.dataflow_svg` render it;
* :mod:`.manifest`, :mod:`.signoff` and :mod:`.verify` record and later re-check
  who signed what, against which file contents;
* :mod:`.render` writes the chosen format with its manifest, and :mod:`.selection` says which
  rules ran on each file; the ``report`` and ``verify-report`` commands are in
  :mod:`outreach_lint.cli.report` and :mod:`outreach_lint.cli.verify_report`.

Nothing here touches the network, and the rendered page loads nothing from it.
"""
