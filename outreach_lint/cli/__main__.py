"""``python -m outreach_lint.cli``: the same command line as ``outreach-lint``."""

from . import main

if __name__ == "__main__":  # pragma: no branch
    main()
