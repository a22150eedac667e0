"""Check one campaign: a pure function of its bytes, the rule pack and the options.

The stages, in the order :func:`outreach_lint.check.campaign.check_campaign` runs them:

1. :mod:`.load` — read the bytes (regular file, size limit) and parse with positions;
2. :mod:`.validate` — the campaign schema (OL001/OL002), country look-alikes;
3. :mod:`.document` — the day(s) judged and the normalised evaluation document;
4. :mod:`.facts` — facts from referenced files (templates, contacts, sites, LIA), OL003/OL008;
5. :mod:`.plan` and :mod:`.evaluate` — the rules in scope, judged per country and per day;
6. :mod:`.suppress` — inline ``# outreach-lint: ignore[...]`` comments (OL004-OL006).

:mod:`.context` holds what every file of a run shares (the pack, the options, the rules
selected, memos of pure computations); nothing about one file outlives its check.
:mod:`.examples` judges the in-memory examples of rule files through the same stages 3-5.
Many files, the worker pool and the result cache are :mod:`outreach_lint.run`'s business.

This package's ``__init__`` imports nothing: import the stage modules themselves.
"""
