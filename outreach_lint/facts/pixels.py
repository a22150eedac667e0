"""Open-tracking pixels in a template, recognised by what they are, never by host alone.

An image is a pixel when it is 1x1 or zero-sized, hidden (``display:none``, ``width:1px``,
``visibility:hidden``, ``opacity:0``), served from an open-tracking URL shape
(``/track/open``, ``/wf/open``, ``/o/<token>``, ``open.gif``, ...), or when the template holds
an ESP's open-tracking tag (listmonk ``{{ TrackView }}``, Constant Contact
``[[trackingImage]]``, Mautic ``{tracking_pixel}``: the ``pixel`` rows of
``rules/data/esp-placeholders.yaml``). A header image from an ESP's image CDN
(``mcusercontent.com``, ``gallery.mailchimp.com``, ``hubspotusercontent``...) is an ordinary image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Path shapes of open-tracking endpoints (lower case), each a literal or bounded class.
_OPEN_PATH = re.compile(
    r"/track/open|/tracking/open|/trk/open|/wf/open|/e/o/|/open\.php|/open\.aspx|/open\.gif|/o\.gif|/t\.gif|/pixel\.gif|"
    r"/beacon|/opened?(?:/|\?|$)|/open/|/imp(?:ression)?\.gif|/e2t/to/|/mo/|/pixel(?:/|\?|$)|/trace/mail/|/trk\?"
)
#: ``/o/<token>``: only when the last path segment is not an ordinary image file (Firebase
#: storage serves images under ``/v0/b/<bucket>/o/<name>.png``).
_O_TOKEN = re.compile(r"/o/[^/]{6,}$")
_IMAGE_FILE = re.compile(r"\.(?:png|jpe?g|webp|svg|avif|bmp|ico)$")
_PLACEHOLDER_SRC = re.compile(r"^\s*(?:\{\{|\{%|\*\||%|\[|<%|\$\{)")
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)|"
    r"(?<![-\w])(?:max-)?(?:width|height)\s*:\s*[01](?:\.0+)?(?:px)?\s*(?:;|$|!)"
)


@dataclass
class Image:
    src: str
    attrs: dict[str, str]
    line: int
    column: int = 1


def find_pixels(images: list[Image], tag_pixels: list[tuple[str, str, int, int]]) -> list[dict[str, Any]]:
    """One evidence dict per pixel: host, reason, line, column (and esp/placeholder for tags).

    ``tag_pixels`` are ESP open-tracking tags found in the text: (esp, placeholder, line, column).
    """
    from .vendors import split_url

    found: list[dict[str, Any]] = []
    for image in images:
        src = image.src.strip()
        placeholder = bool(_PLACEHOLDER_SRC.match(src))
        if not (src.lower().startswith(("http://", "https://", "//")) or placeholder):
            continue  # cid:, data: and relative images load nothing from a tracker
        host, path = split_url(src) if not placeholder else ("", "")
        why = _reason(image, path.lower(), src, placeholder)
        if why:
            found.append({"host": host, "reason": why, "line": image.line, "column": image.column, "src": _short(src)})
    for esp, tag, line, column in tag_pixels:
        found.append({"host": "", "reason": f"{esp} open-tracking tag {tag}", "line": line, "column": column, "esp": esp, "placeholder": tag})
    found.sort(key=lambda p: (p["line"], p["column"]))
    return found


def _reason(image: Image, path: str, src: str, placeholder: bool) -> str:
    attrs = image.attrs
    width, height = _size(attrs.get("width", "")), _size(attrs.get("height", ""))
    if width is not None and height is not None and width <= 1 and height <= 1:
        return f"{attrs['width']}x{attrs['height']} image"
    if width == 0 or height == 0:
        return "zero-size image"
    if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style", "").lower()):
        return "hidden image"
    if _OPEN_PATH.search(path) or (_O_TOKEN.search(path) and not _IMAGE_FILE.search(path)):
        return "open-tracking URL"
    if placeholder and re.search(r"track|pixel|open|beacon", src, re.IGNORECASE):
        return "tracking placeholder image"
    return ""


def _size(value: str) -> int | None:
    value = value.strip().lower().removesuffix("px").strip()
    return int(value) if value.isdigit() and len(value) < 6 else None


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
