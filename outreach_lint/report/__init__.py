"""The pre-launch review report: one page a marketer and a DPO read and sign.

The pieces, each with one job:

* :mod:`.inputs` hashes the campaign and every file it points to;
* :mod:`.model` turns a :class:`~outreach_lint.findings.Report` into a view-model
  (verdict, facts at a glance, findings grouped by law, what could not be checked);
* :mod:`.html`, :mod:`.markdown` and :mod:`.dataflow_svg` render that model;
* :mod:`.manifest`, :mod:`.signoff` and :mod:`.verify` record and later re-check
  who signed what, against which file contents;
* :mod:`.commands` adds ``report`` and ``verify-report`` to the CLI.

Nothing here touches the network, and the rendered page loads nothing from it.
"""
