"""``outreach-lint scan``: load pages in a real browser and record what they do before consent.

* :mod:`.browser` — finding and launching Chromium through Playwright, the per-page recorder
* :mod:`.consent` — the consent tools' banners and buttons (``rules/data/consent-tools.yaml``)
* :mod:`.phases` — one page in three phases (arrival, reject, accept) and the same-site crawl
* :mod:`.evidence_file` — the evidence document (``schemas/evidence.json``) and its screenshots

The click command (options, exit codes, the summary on stderr) is :mod:`outreach_lint.cli.scan`.
Playwright is imported only by :mod:`.browser`, which only the command imports: ``check``
never loads it (tests/test_lazy_imports.py). The reader that judges evidence files inside
``check`` is :mod:`outreach_lint.facts.evidence`; it needs no browser.
"""
