"""Check many files: discovery, each file's configuration, the worker pool and the result cache.

* :mod:`.settings` — a configured run (``check`` and ``report``): which files, under which
  configuration and rule pack, with which options (what ``.outreach-lint.yaml`` files say);
* :mod:`.files` — one group of files with one set of options: cached results, then the rest
  checked here or in the pool, results in discovery order;
* :mod:`.pool` — the one worker pool (forked processes, obeying ``--jobs``);
* :mod:`.compact` — results as tuples, only where they cross a process boundary or go to the cache.

This package's ``__init__`` imports nothing: import the modules themselves.
"""
