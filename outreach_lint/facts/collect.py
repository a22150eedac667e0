"""Read facts from referenced files, for the evaluation document.

Where facts go (rules read them there):

* ``/steps/<i>/facts/template`` — :func:`templates.read_template` of the step's template
* ``/facts/contacts`` — :func:`contacts.check_contacts` of ``audience.contacts``
* ``/facts/lia`` — :func:`lia.read_lia` of the legitimate interest assessment
* ``/facts/sites`` — vendor hits from ``tracking.sites`` and ``tracking.scripts``
* ``/facts/scans`` — per scan evidence file (:mod:`evidence`), what loaded in which phase
* ``/facts/ungated_evidence`` — one line per tag a browser scan saw fire without consent
* ``/facts/declared_vendor`` — the catalogue entry of ``tracking.visitor_identification.vendor``
* ``/facts/references/<kind>`` — ``true`` when a referenced file of that kind was read

Problems with referenced files come back as (parts, message, code) triples; the
engine turns them into OL003 (missing or unreadable) or OL008 (undecodable) findings.

Many campaigns share templates, lists, sites and assessments, so each reader's
result is remembered per process by the file's identity and stat (device,
inode, size, mtime, ctime) and the reader's arguments: a shared file is read
once per worker, and a changed file gets a new key. Callers get a fresh copy,
so a rule or a later step can never alter what another campaign sees.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from .references import (
    Reference,
    ReferenceProblem,
    check_file,
    escapes,
    iter_references,
    read_text,
)

if TYPE_CHECKING:
    from ..campaign_types import Campaign
    from ..document_types import Contacts, Document, Facts, FactsSites, StepFacts, VendorHit
    from ..pack.model import RulePack

#: (pointer parts, message, finding code: OL003 missing/unreadable or OL008 undecodable)
Problem = tuple[tuple[str | int, ...], str, str]


@dataclass(frozen=True)
class FactOptions:
    #: the rule pack: readers take their catalogues (vendors, phrases, placeholders) from it
    pack: RulePack
    show_pii: bool = False
    progress: Callable[[int, int], None] | None = None
    #: where to draw a progress line for long contact files (the CLI passes stderr on a terminal)
    progress_stream: TextIO | None = None
    #: the folders references must resolve into (references.repository_bounds); empty: anywhere
    bounds: tuple[Path, ...] = ()
    #: DuckDB's threads for a contact list (the run's --jobs); None: all cores
    threads: int | None = None


@dataclass
class Collected:
    """What the referenced files say: facts for ``/facts``, per step index facts for
    ``/steps/<i>/facts``, and the problems met. The readers fill it; the document is only read."""

    facts: Facts = field(default_factory=lambda: cast("Facts", {}))
    steps: dict[int, StepFacts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def apply_to(self, document: Document) -> None:
        """Put the facts where the rules read them (the collect-facts stage calls this once)."""
        document.setdefault("facts", {}).update(self.facts)
        steps = document.get("steps") or []
        for index, step_facts in self.steps.items():
            steps[index].setdefault("facts", {}).update(step_facts)


def collect(campaign: Campaign, document: Document, base: Path, options: FactOptions) -> Collected:
    """Read every referenced file; ``document`` (normalised) is read, never written."""
    found = Collected()
    problems = found.problems
    facts = found.facts
    read: dict[str, bool] = {}
    by_kind: dict[str, list[Reference]] = {}
    for ref in iter_references(campaign, base):
        real = escapes(ref.path, options.bounds) if options.bounds else None
        if real is not None:
            problems.append((ref.parts, f"{_label(ref.kind)} {ref.value!r} {outside_message(real, options.bounds)}", "OL003"))
            continue
        try:
            check_file(ref.path)
        except ReferenceProblem as exc:
            problems.append((ref.parts, f"{_label(ref.kind)} {ref.value!r} {exc}", exc.code))
            continue
        by_kind.setdefault(ref.kind, []).append(ref)
    for kind, refs in by_kind.items():
        for ref in refs:
            try:
                READERS.get(kind, _exists)(ref, document, found, by_kind, options)
            except ReferenceProblem as exc:
                culprit = getattr(exc, "reference", None) or ref  # e.g. the suppression list read by the contacts reader
                problems.append((culprit.parts, f"{_label(culprit.kind)} {culprit.value!r} {exc}", exc.code))
                continue
            read[kind] = True
    problem = _spark_contacts(document, found, by_kind, base, options)
    if problem is not None:
        problems.append(problem)
    else:
        read["contacts"] = read.get("contacts", False) or "contacts" in facts
    facts["references"] = read
    _vendor_facts(document, found, options.pack)
    return found


def outside_message(real: Path, bounds: tuple[Path, ...]) -> str:
    return (
        f"resolves to {real}, outside the repository ({bounds[0]}), and was not read; keep referenced files "
        "in the repository, or allow that folder with allowed-reference-roots in the root configuration"
    )


def _label(kind: str) -> str:
    return {
        "template": "template",
        "contacts": "contacts file",
        "suppression_list": "suppression list",
        "lia": "legitimate interest assessment",
        "dpia": "DPIA",
        "site": "site file",
        "proof": "consent proof",
    }.get(kind, kind)


#: reader results, least recently used first; bounded so a repo of unique files stays flat
_MEMO: OrderedDict[Hashable, Any] = OrderedDict()
MEMO_SIZE = 256


def _signature(path: Path) -> tuple[int, ...] | None:
    """The file's identity and stat as a memo key part (None: it cannot be stat-ed)."""
    from ..cache import file_signature

    signature = file_signature(path)
    return tuple(signature) if signature is not None else None


def _memoised(key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per key (failures are not remembered); a fresh copy each time.

    A key holding ``None`` (a file that could not be stat-ed) is never remembered.
    """
    if isinstance(key, tuple) and None in key:
        return compute()
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _fresh(_MEMO[key])
    value = compute()
    _MEMO[key] = value
    if len(_MEMO) > MEMO_SIZE:
        _MEMO.popitem(last=False)
    return _fresh(value)


#: parts of a reader's result that nothing writes to (the engine builds new counts from
#: facts.contacts.by_country): shared between campaigns, not copied
READ_ONLY_KEYS = frozenset({"by_country"})


def _fresh(value: Any) -> Any:
    """A copy of the mutable parts (dicts and lists) of a reader's result."""
    if isinstance(value, dict):
        return {k: v if k in READ_ONLY_KEYS else _fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    return value


def clear_memo() -> None:
    _MEMO.clear()


def _exists(ref: Reference, document: Document, found: Collected, refs: dict[str, list[Reference]], options: FactOptions) -> None:
    """Kinds whose content we do not read (DPIA, proof): existing and non-empty is the fact."""


def _template(ref: Reference, document: Document, found: Collected, refs: dict[str, list[Reference]], options: FactOptions) -> None:
    from . import templates

    phrases = options.pack.phrases
    key = ("template", _signature(ref.path), ref.path.name.lower(), options.pack.version)
    facts_of = _memoised(key, lambda: templates.read_template_file(read_text(ref.path), ref.path.name, phrases))
    facts_of["file"] = ref.value
    found.steps.setdefault(cast(int, ref.parts[1]), {})["template"] = facts_of  # ("steps", i, "template")


def _lia(ref: Reference, document: Document, found: Collected, refs: dict[str, list[Reference]], options: FactOptions) -> None:
    from . import lia

    found.facts["lia"] = _memoised(("lia", _signature(ref.path)), lambda: lia.read_lia(read_text(ref.path)))


def _contacts(ref: Reference, document: Document, found: Collected, refs: dict[str, list[Reference]], options: FactOptions) -> None:
    from . import contacts

    suppression = refs.get("suppression_list", [])
    progress = options.progress
    if progress is None and options.progress_stream is not None:
        from .progress import terminal_progress

        progress = terminal_progress(ref.value, ref.path.stat().st_size, options.progress_stream, key=str(ref.path.resolve()))
    countries = frozenset(document.get("facts", {}).get("countries", []))
    suppression_path = suppression[0].path if suppression else None
    spec = list_spec(document)
    key = (
        "contacts",
        _signature(ref.path),
        _signature(suppression_path) if suppression_path else (),
        countries,
        options.show_pii,
        repr(spec),
        options.pack.version,
    )
    try:
        found.facts["contacts"] = _memoised(
            key,
            lambda: contacts.check_contacts(
                ref.path,
                options.pack.contact_data,
                declared_countries=countries,
                suppression_path=suppression_path,
                show_pii=options.show_pii,
                progress=progress,
                threads=options.threads,
                spec=spec,
            ),
        )
    except contacts.SuppressionListError as exc:
        exc.reference = suppression[0]  # type: ignore[attr-defined]
        raise


def list_spec(document: Document) -> Any:
    """The :class:`contacts.ListSpec` of ``audience.contacts`` when it is a mapping (profile, columns, ...);
    :func:`normalize.normalise` keeps that mapping as ``audience.contacts_list``."""
    from .contacts import ListSpec

    audience = document.get("audience")
    value = audience.get("contacts_list") if isinstance(audience, dict) else None
    if not isinstance(value, dict):
        return ListSpec()
    columns = value.get("columns")
    return ListSpec(
        profile=value.get("profile") if isinstance(value.get("profile"), str) else None,
        columns=dict(columns) if isinstance(columns, dict) else {},
        encoding=value.get("encoding") if isinstance(value.get("encoding"), str) else None,
        format=value.get("format") if isinstance(value.get("format"), str) else None,
    )


def _spark_contacts(document: Document, found: Collected, refs: dict[str, list[Reference]], base: Path, options: FactOptions) -> Problem | None:
    """``audience.contacts: {engine: spark, ...}``: the list is read by Spark (contacts_spark), not from a file here."""
    audience = document.get("audience")
    listing = audience.get("contacts_list") if isinstance(audience, dict) else None
    if not isinstance(listing, dict) or listing.get("engine") != "spark":
        return None
    from . import contacts, contacts_suppression

    suppression = refs.get("suppression_list", [])
    countries = frozenset(document.get("facts", {}).get("countries", []))
    try:
        keys = contacts_suppression.read_sets(suppression[0].path, options.pack.contact_data, options.threads) if suppression else None
    except contacts.ContactsError as exc:
        return (suppression[0].parts, f"suppression list {suppression[0].value!r} {exc}", exc.code)
    try:
        from .contacts_spark import check_spark

        read = check_spark(
            cast("dict[str, Any]", listing), base, declared_countries=countries, suppression=keys, show_pii=options.show_pii, data=options.pack.contact_data
        )
        found.facts["contacts"] = cast("Contacts", read)
    except ReferenceProblem as exc:
        name = listing.get("table") or listing.get("path")
        return (("audience", "contacts"), f"contacts list {name!r} {exc}", exc.code)
    return None


def _site(ref: Reference, document: Document, found: Collected, refs: dict[str, list[Reference]], options: FactOptions) -> None:
    from . import sites

    kind = sites.site_kind(ref.path.name)
    catalogue = options.pack.vendors

    def read() -> dict[str, Any]:
        text = read_text(ref.path)
        if kind == "gtm":
            from . import evidence

            if evidence.is_evidence(text):  # a scan's evidence file (outreach-lint scan), not a GTM export
                return evidence.read_evidence(text, catalogue)
        return sites.scan_site(text, kind, catalogue)

    result = _memoised(("site", _signature(ref.path), kind, options.pack.version), read)
    scanned = found.facts.setdefault("sites", {"vendor_hits": [], "analytics_hits": [], "ungated": False, "consent_manager": ""})
    _merge_site(ref, result, scanned, "scan" if "scans" in result else kind)
    if "scans" in result:
        found.facts.setdefault("scans", []).append({k: result[k] for k in ("scans", "browser", "started")} | {"file": ref.value})
    if result.get("problems"):
        # the facts above stay (what was seen still counts); the incomplete scan is an OL003 finding
        more = len(result["problems"]) - 1
        raise ReferenceProblem(f"records an incomplete scan: {result['problems'][0]}" + (f" (and {more} more)" if more else ""))


def _merge_site(ref: Reference, result: dict[str, Any], scanned: FactsSites, kind: str) -> None:
    for hit in result.get("vendor_hits", []):
        scanned["vendor_hits"].append(cast("VendorHit", dict(hit, file=ref.value, site_kind=kind)))
    for hit in result.get("analytics_hits", []):
        scanned["analytics_hits"].append(dict(hit, file=ref.value))
    scanned["ungated"] = scanned["ungated"] or bool(result.get("ungated"))
    scanned["consent_manager"] = scanned["consent_manager"] or result.get("consent_manager", "")


READERS: dict[str, Callable[[Reference, Document, Collected, dict[str, list[Reference]], FactOptions], None]] = {
    "template": _template,
    "lia": _lia,
    "contacts": _contacts,
    "site": _site,
}


def _vendor_facts(document: Document, found: Collected, pack: RulePack) -> None:
    """Vendor hits from scripts and sites, and what the campaign declares."""
    tracking = document.get("tracking")
    if not isinstance(tracking, dict):
        return
    scripts = tracking.get("scripts")
    vid = tracking.get("visitor_identification")
    if not (isinstance(scripts, list) and scripts) and not isinstance(vid, dict) and "sites" not in found.facts:
        return
    from . import sites

    catalogue = pack.vendors
    declared = catalogue.get(vid["vendor"]) if isinstance(vid, dict) and isinstance(vid.get("vendor"), str) else None
    # General analytics (HubSpot) is visitor identification only when declared as such.
    analytics = frozenset({declared.id}) if declared is not None and declared.general_analytics else frozenset()
    scanned = found.facts.get("sites", {})
    hits = list(scanned.get("vendor_hits", []))
    # the readers build plain dicts of the vendor_hit shape (facts.json; tests check every fixture against it)
    hits += cast("list[VendorHit]", [h for h in scanned.get("analytics_hits", []) if h["vendor"] in analytics])
    if isinstance(scripts, list):
        hits += cast("list[VendorHit]", sites.match_scripts([s for s in scripts if isinstance(s, str)], catalogue, analytics))
    if declared is not None:
        found.facts["declared_vendor"] = {"id": declared.id, "name": declared.name, "level": declared.level}
    declared_id = declared.id if declared is not None else None
    found.facts["vendor_hits"] = hits
    found.facts["vendor_levels"] = sorted({h["level"] for h in hits})
    found.facts["undeclared_vendors"] = sorted({h["name"] for h in hits if h["vendor"] != declared_id})
    found.facts["ungated_vendors"] = sorted({h["name"] for h in hits if h.get("ungated")})
    # what a browser scan saw, for the finding's message: vendor, host, phase, page, initiating script
    seen = [h for h in hits if h.get("ungated") and "phase" in h]
    if seen:
        from .evidence import describe

        lines = list(dict.fromkeys(describe(h) for h in seen))
        more = [f"{len(lines) - 5} more tag loads in the evidence"] if len(lines) > 5 else []
        found.facts["ungated_evidence"] = lines[:5] + more  # a message, not the whole evidence
