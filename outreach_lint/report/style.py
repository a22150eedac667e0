"""The report's stylesheet, inline so the page needs nothing from the network.

Light backgrounds only, every colour paired with a word or a symbol, system
fonts, and print rules (A4 margins, no split findings, the appendix on a new page).
"""

from __future__ import annotations

CSS = """
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --red:#b3261e; --red-bg:#fdecea;
  --amber:#8a5a00; --amber-bg:#fff4d6; --green:#1a7f37; --green-bg:#e6f4ea; --blue:#3b4a8c; --blue-bg:#eef2ff; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 17px; margin: 22px 0 8px; } h4 { font-size: 15px; margin: 16px 0 6px; color: var(--muted); }
a { color: var(--blue); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
.banner { display: flex; gap: 24px; align-items: flex-start; border: 3px solid; border-left-width: 14px; border-radius: 10px; padding: 18px 22px; margin: 8px 0 20px; }
.banner.blocked { border-color: var(--red); background: var(--red-bg); }
.banner.ready { border-color: var(--green); background: var(--green-bg); }
.verdict { font-size: 40px; font-weight: 800; letter-spacing: .04em; line-height: 1; white-space: nowrap; }
.blocked .verdict, .blocked .headline { color: var(--red); } .ready .verdict, .ready .headline { color: var(--green); }
.verdict small { display: block; font-size: 13px; font-weight: 600; letter-spacing: 0; margin-top: 6px; color: var(--ink); }
.headline { font-size: 20px; font-weight: 700; margin: 4px 0 8px; }
.campaigns { margin: 4px 0 0; padding-left: 20px; } .campaigns li { margin: 3px 0; }
.reasons { margin: 6px 0 0; padding-left: 20px; } .reasons li { margin: 2px 0; font-weight: 600; }
.reasons.compact { columns: 2; column-gap: 28px; font-size: 13px; } .reasons.compact li { font-weight: 500; break-inside: avoid; }
.banner .story li { background: #fff; }
.meta { color: var(--muted); font-size: 13px; }
.story { list-style: none; padding: 0; margin: 0 0 8px; }
.story li { padding: 8px 12px 8px 40px; margin: 6px 0; border-radius: 8px; position: relative; font-size: 16px; border: 1px solid var(--line); }
.story li::before { position: absolute; left: 12px; top: 7px; font-weight: 800; }
.story li.risk { background: var(--red-bg); border-color: var(--red); font-weight: 600; } .story li.risk::before { content: "✗"; color: var(--red); }
.story li.fact::before { content: "•"; color: var(--muted); }
.dataflow { border: 1px solid var(--line); border-radius: 10px; background: #fff; margin-top: 6px; }
dl.facts { display: grid; grid-template-columns: 200px 1fr; gap: 6px 16px; margin: 0; }
dl.facts dt { color: var(--muted); font-weight: 600; } dl.facts dd { margin: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 8px 0; }
.cell { border: 2px solid; border-radius: 8px; padding: 8px 10px; }
.cell b { font-size: 18px; } .cell span { display: block; font-size: 13px; }
.cell.none { border-color: var(--green); background: var(--green-bg); }
.cell.some { border-color: #d4a72c; background: var(--amber-bg); }
.cell.many { border-color: var(--red); background: var(--red-bg); }
.legend { font-size: 13px; color: var(--muted); }
.legend i { display: inline-block; width: 12px; height: 12px; border: 2px solid; border-radius: 3px; margin: 0 4px 0 10px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.bad { color: var(--red); font-weight: 700; } td.good { color: var(--green); }
.badge { display: inline-block; font-size: 12px; font-weight: 800; padding: 1px 7px; border-radius: 10px; border: 1.5px solid; letter-spacing: .03em; }
.badge.error { color: var(--red); border-color: var(--red); background: var(--red-bg); }
.badge.warning { color: var(--amber); border-color: #d4a72c; background: var(--amber-bg); }
.badge.info { color: var(--blue); border-color: var(--blue); background: var(--blue-bg); }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; break-inside: avoid; }
.finding.error { border-left-color: var(--red); } .finding.warning { border-left-color: #d4a72c; } .finding.info { border-left-color: var(--blue); }
.finding p { margin: 6px 0; } .finding .fix { background: #f6f8fa; border-radius: 6px; padding: 6px 10px; }
.where { color: var(--muted); font-size: 13px; }
pre.source { margin: 8px 0; padding: 6px 0; border: 1px solid var(--line); border-radius: 6px; background: #fbfcfd; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
pre.source span { display: block; padding: 0 10px; } pre.source .n { display: inline-block; width: 3.5em; color: var(--muted); user-select: none; }
pre.source .hit { background: #fff0b3; border-left: 4px solid var(--red); font-weight: 700; }
.signoff { border: 2px solid var(--ink); border-radius: 10px; padding: 14px 18px; break-inside: avoid; }
.signoff .line { display: inline-block; min-width: 220px; border-bottom: 1px solid var(--ink); height: 1.4em; }
.hash { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; }
.small { font-size: 13px; color: var(--muted); }
.campaign { margin-top: 28px; }
.chip { font-weight: 800; padding: 2px 8px; border-radius: 6px; border: 2px solid; font-size: 14px; }
.chip.blocked { color: var(--red); border-color: var(--red); } .chip.ready { color: var(--green); border-color: var(--green); }
@media (max-width: 820px) { .banner { flex-direction: column; gap: 6px; } .verdict { font-size: 32px; } dl.facts { grid-template-columns: 1fr; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  .banner { flex-direction: column; gap: 6px; } .verdict { font-size: 26pt; }
  h2 { break-after: avoid; } h3, h4 { break-after: avoid; }
  .appendix { break-before: page; } .campaign + .campaign { break-before: page; }
  a { color: inherit; } a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 9pt; color: var(--muted); word-break: break-all; }
  pre.source { white-space: pre-wrap; }
}
"""
