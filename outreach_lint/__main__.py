"""``python -m outreach_lint``: the same command line as ``outreach-lint``."""

from .cli import main

if __name__ == "__main__":  # pragma: no branch
    main(prog_name="outreach-lint")
