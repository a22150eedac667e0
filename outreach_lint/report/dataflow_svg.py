"""Where personal data goes, as inline SVG: sources → campaign → processors and their countries.

Problems are never shown by colour alone: a flow at risk is red *and* dashed,
and its box says in words what is missing ("no data processing agreement").
Processors outside the EEA sit inside a box labelled so. Everything is text
in the page (no fonts, images or scripts), so it works offline and prints.
"""

from __future__ import annotations

from html import escape

from .glance import KIND_LABELS, SOURCE_LABELS, data_label
from .model import Glance, ProcessorView

WIDTH = 960
ROW = 132
TOP = 56
SOURCE_X, SOURCE_W = 16, 200
CAMPAIGN_X, CAMPAIGN_W = 290, 210
PROC_X, PROC_W = 600, 340
EEA_GAP = 28
RED, GREY, INK, MUTED = "#b3261e", "#5f6b7a", "#1b1f24", "#57606a"


def _text(x: float, y: float, content: str, size: int = 13, weight: str = "normal", fill: str = INK, anchor: str = "start", width: float = 320) -> str:
    """One line of text, clipped to about ``width`` pixels (SVG text does not wrap)."""
    limit = _chars(size, width, weight)
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{escape(_clip(content, limit))}</text>'
    )


def _chars(size: int, width: float, weight: str = "normal") -> int:
    return max(8, int(width / (size * (0.6 if weight == "bold" else 0.55))))


def _wrap(text: str, size: int, width: float, max_lines: int, weight: str = "normal") -> list[str]:
    """Greedy word wrap to about ``width`` pixels; the last line is clipped with an ellipsis."""
    limit, lines, current = _chars(size, width, weight), [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _clip(lines[-1] + " …", limit) if len(lines[-1]) + 2 <= limit else _clip(lines[-1] + "……", limit)
    return [_clip(line, limit) for line in lines]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _arrow(x1: float, y1: float, x2: float, y2: float, risk: bool) -> str:
    colour, dash, width, marker = (RED, ' stroke-dasharray="9 5"', 3.5, "arrow-risk") if risk else (GREY, "", 2, "arrow-ok")
    mid = (x1 + x2) / 2
    return (
        f'<path d="M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" fill="none" '
        f'stroke="{colour}" stroke-width="{width}"{dash} marker-end="url(#{marker})"/>'
    )


def _processor_box(proc: ProcessorView, y: float) -> list[str]:
    risk = proc.at_risk
    stroke, fill = (RED, "#fdecea") if risk else (GREY, "#ffffff")
    lines = [
        f'<rect x="{PROC_X}" y="{y:.0f}" width="{PROC_W}" height="{ROW - 16}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="{2.5 if risk else 1.5}"/>',
    ]
    kind = KIND_LABELS.get(proc.kind, proc.kind.replace("_", " "))
    title = f"{proc.name} · {kind}" if kind else proc.name
    lines.append(_text(PROC_X + 12, y + 22, title, 15, "bold"))
    where = proc.country_name + (" — outside the EEA" if proc.leaves_eea else "")
    lines.append(
        _text(PROC_X + 12, y + 40, where, 12, "bold" if proc.leaves_eea else "normal", RED if risk and proc.leaves_eea else (INK if proc.leaves_eea else MUTED))
    )
    data = ", ".join(data_label(d) for d in proc.data) or "data not listed"
    gets = _wrap(f"gets: {data}", 12, PROC_W - 24, 2 if len(proc.problems) <= 2 else 1)
    for index, line in enumerate(gets):
        lines.append(_text(PROC_X + 12, y + 57 + 15 * index, line, 12, fill=MUTED, width=PROC_W))
    below = y + 57 + 15 * len(gets) + 5
    if risk:
        for index, problem in enumerate(proc.problems[:3]):
            lines.append(_text(PROC_X + 12, below + 17 * index, "✗ " + problem, 12, "bold", RED))
    else:
        ok = ["DPA signed" if proc.dpa else "", f"transfer: {proc.transfer}" if proc.leaves_eea and proc.transfer else ""]
        lines.append(_text(PROC_X + 12, below, "✓ " + (", ".join(o for o in ok if o) or "no problem stated"), 12, fill="#1a7f37"))
    return lines


def render_dataflow(glance: Glance, campaign_name: str) -> str:
    """One SVG element; its height grows with the number of sources and processors."""
    sources = [_source(s, glance) for s in glance.sources] or [("source not stated", "")]
    processors = list(glance.processors)
    inside = [p for p in processors if not p.leaves_eea]
    outside = [p for p in processors if p.leaves_eea]
    rows = max(len(sources), len(inside) + len(outside), 1)
    gap = EEA_GAP if inside and outside else 0  # room for the "outside the EEA" label between the groups
    height = TOP + rows * ROW + 70 + gap
    centre = TOP + rows * ROW / 2
    risky = sum(1 for p in processors if p.at_risk)
    label = (
        f"Data flow of {campaign_name}: {len(sources)} source(s) into the campaign, then to {len(processors)} "
        f"processor(s); {risky} at risk, {len(outside)} outside the EEA."
    )
    out = _head(height, label)
    out.extend(_source_boxes(sources, rows, centre))
    out.extend(_campaign_box(glance, campaign_name, centre))
    out.extend(_processor_boxes(inside, outside, rows, gap, centre))
    out.extend(_legend(height - 34))
    out.append("</svg>")
    return "\n".join(out)


def _head(height: float, label: str) -> list[str]:
    """The svg element's start, the arrow heads and the three column titles."""
    return [
        f'<svg class="dataflow" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{escape(label)}" font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">',
        f"<title>{escape(label)}</title>",
        "<defs>",
        f'<marker id="arrow-risk" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="14" markerHeight="14" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{RED}"/></marker>',
        f'<marker id="arrow-ok" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{GREY}"/></marker>',
        "</defs>",
        _text(SOURCE_X, 24, "WHERE THE PEOPLE COME FROM", 12, "bold", MUTED),
        _text(CAMPAIGN_X, 24, "THE CAMPAIGN", 12, "bold", MUTED),
        _text(PROC_X, 24, "WHO ELSE GETS THEIR DATA", 12, "bold", MUTED),
    ]


def _source_boxes(sources: list[tuple[str, str]], rows: int, centre: float) -> list[str]:
    """The left column: one box per source (red with its problem in words), each with its arrow."""
    out: list[str] = []
    for index, (source, problem) in enumerate(sources):
        y = TOP + index * ROW + (rows - len(sources)) * ROW / 2
        stroke, fill, width = (RED, "#fdecea", 2.5) if problem else (GREY, "#f6f8fa", 1.5)
        out.append(f'<rect x="{SOURCE_X}" y="{y:.0f}" width="{SOURCE_W}" height="{ROW - 40}" rx="8" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>')
        wrapped = _wrap(source, 14, SOURCE_W - 24, 2, "bold")
        first = y + (ROW - 40) / 2 + 5 - 9 * (len(wrapped) - 1) - (9 if problem else 0)
        for number, line in enumerate(wrapped):
            out.append(_text(SOURCE_X + 12, first + 18 * number, line, 14, "bold", width=SOURCE_W))
        if problem:
            out.append(_text(SOURCE_X + 12, first + 18 * len(wrapped), "✗ " + problem, 12, "bold", RED, width=SOURCE_W - 8))
        out.append(_arrow(SOURCE_X + SOURCE_W, y + (ROW - 40) / 2, CAMPAIGN_X - 4, centre, bool(problem)))
    return out


def _campaign_box(glance: Glance, campaign_name: str, centre: float) -> list[str]:
    """The middle: the campaign, to which countries, by which channels, how many messages."""
    box_h = 120
    countries = ", ".join(c.code for c in glance.countries) or "countries not stated"
    channels = ", ".join(glance.channels) or "channel not stated"
    messages = f"{glance.steps} message{'s' if glance.steps != 1 else ''}" if glance.steps else "no messages listed"
    return [
        f'<rect x="{CAMPAIGN_X}" y="{centre - box_h / 2:.0f}" width="{CAMPAIGN_W}" height="{box_h}" rx="10" fill="#eef2ff" stroke="#3b4a8c" stroke-width="2"/>',
        _text(CAMPAIGN_X + 12, centre - 30, campaign_name, 15, "bold", width=CAMPAIGN_W - 20),
        _text(CAMPAIGN_X + 12, centre - 8, f"to: {countries}", 12, fill=MUTED, width=CAMPAIGN_W - 20),
        _text(CAMPAIGN_X + 12, centre + 12, f"by: {channels}", 12, fill=MUTED, width=CAMPAIGN_W - 20),
        _text(CAMPAIGN_X + 12, centre + 32, messages, 12, fill=MUTED),
    ]


def _processor_boxes(inside: list[ProcessorView], outside: list[ProcessorView], rows: int, gap: int, centre: float) -> list[str]:
    """The right column: processors in the EEA, then those outside it in a box labelled so."""
    ordered = inside + outside
    out: list[str] = []

    def proc_y(index: int) -> float:
        return TOP + index * ROW + (rows - len(ordered)) * ROW / 2 + (gap if index >= len(inside) else 0)

    if outside:
        # red when a transfer out of the EEA lacks a safeguard; otherwise marked in words only
        colour = RED if any(p.at_risk for p in outside) else INK
        first = proc_y(len(inside))
        out.append(
            f'<rect x="{PROC_X - 14}" y="{first - 26:.0f}" width="{PROC_W + 26}" height="{len(outside) * ROW + 22}" rx="12" '
            f'fill="none" stroke="{colour}" stroke-width="1.5" stroke-dasharray="4 4"/>'
        )
        out.append(_text(PROC_X + PROC_W + 8, first - 10, "OUTSIDE THE EEA", 11, "bold", colour, "end"))
    if not ordered:
        out.append(_text(PROC_X, centre, "No processors declared", 14, fill=MUTED))
    for index, proc in enumerate(ordered):
        y = proc_y(index)
        out.append(_arrow(CAMPAIGN_X + CAMPAIGN_W, centre, PROC_X - 4, y + (ROW - 16) / 2, proc.at_risk))
        out.extend(_processor_box(proc, y))
    return out


def _source(source: str, glance: Glance) -> tuple[str, str]:
    """(label, problem). Website visitors are named after the vendor that identifies them."""
    label = SOURCE_LABELS.get(source, source.replace("_", " "))
    if source != "website_visitors":
        return label, ""
    for vendor in glance.vendors:
        if vendor.level in ("person", "company"):
            label = f"website visitors named by {vendor.name}" if vendor.level == "person" else f"visitors' companies, by {vendor.name}"
            problem = {True: "", False: "without their consent", None: "consent not stated"}[vendor.consent_gated]
            return label, problem
    return label, ""


def _legend(y: float) -> list[str]:
    return [
        f'<path d="M{SOURCE_X},{y:.0f} h46" stroke="{RED}" stroke-width="3.5" stroke-dasharray="9 5"/>',
        _text(SOURCE_X + 56, y + 5, "red dashed line and ✗: no consent, no contract or no transfer safeguard", 12, fill=INK, width=560),
        f'<path d="M{PROC_X - 40},{y:.0f} h46" stroke="{GREY}" stroke-width="2"/>',
        _text(PROC_X + 16, y + 5, "grey solid line and ✓: no problem stated", 12, fill=INK),
    ]
