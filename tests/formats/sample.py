"""A small hand-built report that exercises every corner the machine formats must handle."""

from __future__ import annotations

from dataclasses import replace

from outreach_lint.findings import Citation, FileResult, Finding, Report, Severity
from outreach_lint.formats import RenderContext
from outreach_lint.pack.meta import RuleMeta

EPRIVACY = Citation("Directive 2002/58/EC", "Art. 13(1)", "https://eur-lex.europa.eu/eli/dir/2002/58/oj")
GDPR28 = Citation("Regulation (EU) 2016/679 (GDPR)", "Art. 28(3)", "https://eur-lex.europa.eu/eli/reg/2016/679/oj")

RULES = (
    RuleMeta(
        "OL002",
        "unknown-field",
        "Unknown field",
        Severity.WARNING,
        (),
        "Fix the spelling.",
        "A key the schema does not know.",
        "https://example.test/rules/unknown-field",
    ),
    RuleMeta(
        "OL101",
        "cold-email-needs-consent",
        "Cold e-mail needs consent",
        Severity.ERROR,
        (EPRIVACY,),
        "Get opt-in consent.",
        "Marketing e-mail to people needs consent.",
        "https://example.test/rules/cold-email-needs-consent",
    ),
    RuleMeta("OL191", "processor-dpa-missing", "Processor without a DPA", Severity.ERROR, (GDPR28,), "Sign a DPA.", "", ""),
)

CONSENT = Finding(
    "campaigns/q4.yaml",
    9,
    5,
    "OL101",
    "cold-email-needs-consent",
    Severity.ERROR,
    "email marketing to consumers needs consent",
    "/audience/consent/basis",
    "Get opt-in consent.",
    (EPRIVACY,),
)
SLACK = Finding(
    "campaigns/q4.yaml",
    14,
    7,
    "OL191",
    "processor-dpa-missing",
    Severity.ERROR,
    "Slack receives personal data without a DPA",
    "/processors/0/dpa",
    "Sign a DPA.",
    (GDPR28,),
)
WIKI = replace(SLACK, line=20, message="Wiki receives personal data without a DPA", path="/processors/1/dpa")
TYPO = Finding("campaigns/q4.yaml", 3, 1, "OL002", "unknown-field", Severity.WARNING, "unknown field 'chanel'", "/chanel", "Fix the spelling.")
SILENCED = replace(SLACK, file="campaigns/old.yaml", line=8, suppressed=True, suppression_reason="DPA filed as DPO-77")
#: a message and a file name full of characters that need escaping somewhere
NASTY = Finding(
    "odd dir/a,b:c%.yaml",
    2,
    3,
    "OL191",
    "processor-dpa-missing",
    Severity.INFO,
    'line one\r\nline two, 100% <b>&"quoted"</b> \x01 end',
    "/processors/0",
    "",
    (),
)

REPORT = Report(
    (
        FileResult("campaigns/q4.yaml", (TYPO, CONSENT, SLACK, WIKI)),
        FileResult("campaigns/old.yaml", (SILENCED,)),
        FileResult("campaigns/clean.yaml", ()),
        FileResult("notes/readme.yaml", (), is_campaign=False),
        FileResult("odd dir/a,b:c%.yaml", (NASTY,)),
    ),
    rule_pack_version="2026.11",
)

CONTEXT = RenderContext(tool_version="9.9.9", rules=RULES)


def shifted(report: Report, by: int) -> Report:
    """The same report after `by` lines were inserted at the top of every file."""
    return Report(tuple(replace(r, findings=tuple(replace(f, line=f.line + by) for f in r.findings)) for r in report.results), report.rule_pack_version)
