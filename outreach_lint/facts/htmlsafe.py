"""Make HTML safe to hand to the stdlib ``html.parser`` in linear time.

``html.parser`` rescans from every ``<`` that might open a tag until it finds the ``>``; on
input with many unclosed tags (``<img src=x width=1 <img ...`` without ``>``) that is quadratic
(150 KB took 25 s). Before parsing we turn into text (``&lt;``) every ``<`` that cannot open a
tag, and every one whose next ``>`` is more than :data:`TAG_LIMIT` characters away. Real tags
are far shorter; what we lose is at most a huge inline ``data:`` URI, which is never a remote
tracker anyway.
"""

from __future__ import annotations

import re

TAG_LIMIT = 16_384

_NOT_A_TAG = re.compile(r"<(?![A-Za-z/!?])")
_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")


def defuse(text: str, limit: int = TAG_LIMIT) -> str:
    """``text`` with every ``<`` that cannot start a reasonably short tag escaped."""
    text = _NOT_A_TAG.sub("&lt;", text)
    out: list[str] = []
    last = 0
    next_close = -1
    for match in _TAG_OPEN.finditer(text):
        start = match.start()
        if next_close < start:
            next_close = text.find(">", start)
            if next_close == -1:
                next_close = len(text) + limit + 1  # no ">" left: nothing after here is a tag
        if next_close - start > limit:
            out.append(text[last:start])
            out.append("&lt;")
            last = start + 1
    out.append(text[last:])
    return "".join(out)
