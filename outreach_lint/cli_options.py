"""Options and helpers that `check` and `report` share, written once (a leaf module: no cycle with cli)."""

from __future__ import annotations

import click

#: ``--today``: pretend the run happens on this date (tests only).
today_option = click.option("--today", hidden=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend the run happens on this date (tests).")

#: ``--as-of``: the day whose law judges the campaigns (issue 17).
as_of_option = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge every campaign by the law in force on this day (YYYY-MM-DD) instead of its schedule.start or today.",
)
