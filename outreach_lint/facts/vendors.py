"""The vendor catalogue: which script hosts and loader globals belong to which visitor-ID vendor.

The data is the ``vendors`` and ``consent_managers`` tables of the rule pack (built in:
``rules/data/vendors.yaml``; a ``--rules`` folder may add rows); the pack checks each row with
:func:`vendor_from_row` / :func:`consent_manager_from_row` when it loads, and builds the
:class:`Catalogue` once (``RulePack.vendors``). This module only parses rows and matches. Matching is deliberately strict (legal-notes section 2, advice 1): exact
hosts where a look-alike exists (``cdn.vector.co`` but not ``cdn.vector.com``), whole domain
labels for suffixes (``notleadfeeder.example`` is not ``leadfeeder``), and host *plus* path
prefix on shared hosts (RB2B on S3 is ``/b2bjsstore/``, not every S3 bucket).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

LEVELS = ("company", "person")


@dataclass(frozen=True)
class PathRule:
    hosts: tuple[str, ...]
    prefix: str


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    level: str
    aliases: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    host_suffixes: tuple[str, ...] = ()
    paths: tuple[PathRule, ...] = ()
    globals: tuple[str, ...] = ()
    evidence: str = ""
    notes: str = ""
    general_analytics: bool = False
    #: where the vendor's hosts and level come from (URL and evidence markers)
    source: str = ""
    #: no loader host is known: found only when a campaign declares the vendor
    declared_only: bool = False


@dataclass(frozen=True)
class ConsentManager:
    id: str
    name: str
    hosts: tuple[str, ...] = ()
    host_suffixes: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()


@dataclass
class Catalogue:
    vendors: tuple[Vendor, ...]
    consent_managers: tuple[ConsentManager, ...] = ()
    _by_host: dict[str, Vendor] = field(default_factory=dict, repr=False)
    _by_suffix: dict[str, Vendor] = field(default_factory=dict, repr=False)
    _by_path_host: dict[str, list[tuple[str, Vendor]]] = field(default_factory=dict, repr=False)
    _by_name: dict[str, Vendor] = field(default_factory=dict, repr=False)
    _globals: re.Pattern[str] | None = field(default=None, repr=False)
    _global_owner: dict[str, Vendor] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for vendor in self.vendors:
            for host in vendor.hosts:
                self._by_host[host] = vendor
            for suffix in vendor.host_suffixes:
                self._by_suffix[suffix] = vendor
            for rule in vendor.paths:
                for host in rule.hosts:
                    self._by_path_host.setdefault(host, []).append((rule.prefix, vendor))
            for key in (vendor.id, vendor.name, *vendor.aliases):
                self._by_name.setdefault(_name_key(key), vendor)
            for name in vendor.globals:
                self._global_owner[name] = vendor
        if self._global_owner:
            # Literal alternatives only (re.escape): no backtracking blow-up on hostile input.
            # A global counts when it is not part of a longer identifier or property chain.
            names = sorted(self._global_owner, key=len, reverse=True)
            self._globals = re.compile(r"(?<![\w$])(" + "|".join(re.escape(n) for n in names) + r")(?![\w$])")

    def get(self, name: str) -> Vendor | None:
        """The vendor called ``name`` (id, name or alias; case, spaces and punctuation ignored)."""
        return self._by_name.get(_name_key(name))

    def match_url(self, url: str) -> Vendor | None:
        """The vendor whose script ``url`` is, or None. Accepts scheme-less and protocol-relative URLs."""
        host, path = split_url(url)
        if not host:
            return None
        for prefix, vendor in self._by_path_host.get(host, ()):
            if path.startswith(prefix):
                return vendor
        found = self._by_host.get(host)
        if found is not None:
            return found
        labels = host.split(".")
        for start in range(len(labels) - 1):
            found = self._by_suffix.get(".".join(labels[start:]))
            if found is not None:
                return found
        return None

    def match_global(self, js_text: str) -> list[Vendor]:
        """Vendors whose loader globals (``reb2b``, ``ldfdr``, ...) appear in ``js_text``."""
        if self._globals is None:
            return []
        found: dict[str, Vendor] = {}
        for match in self._globals.finditer(js_text):
            vendor = self._global_owner[match.group(1)]
            found.setdefault(vendor.id, vendor)
        return list(found.values())

    def global_names(self, js_text: str) -> dict[str, str]:
        """Vendor id -> the first global found for it in ``js_text`` (for evidence strings)."""
        if self._globals is None:
            return {}
        found: dict[str, str] = {}
        for match in self._globals.finditer(js_text):
            found.setdefault(self._global_owner[match.group(1)].id, match.group(1))
        return found

    def match_consent_manager_url(self, url: str) -> ConsentManager | None:
        host, _path = split_url(url)
        if not host:
            return None
        labels = host.split(".")
        suffixes = {".".join(labels[i:]) for i in range(len(labels) - 1)}
        for cmp in self.consent_managers:
            if host in cmp.hosts or suffixes.intersection(cmp.host_suffixes):
                return cmp
        return None

    def match_consent_marker(self, text: str) -> ConsentManager | None:
        for cmp in self.consent_managers:
            if any(marker in text for marker in cmp.markers):
                return cmp
        return None


def split_url(url: str) -> tuple[str, str]:
    """(lower-case host without port or trailing dot, path) of ``url``; ("", "") when it has no host."""
    url = url.strip()
    if not url:
        return "", ""
    if url.startswith("//"):
        url = "https:" + url
    elif "://" not in url[:12]:
        if url.startswith(("/", "#", "?", "data:", "javascript:", "mailto:", "{")):
            return "", ""
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "", ""
    host = host.rstrip(".")
    if "." not in host:
        return "", ""
    return host, parts.path or "/"


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of strings")
    return tuple(value)


def catalogue_from_tables(tables: Mapping[str, Mapping[str, Any]]) -> Catalogue:
    """The catalogue of the pack's ``vendors`` and ``consent_managers`` tables (rows checked when the pack loaded)."""
    vendors = [vendor_from_row(key, row) for key, row in (tables.get("vendors") or {}).items()]
    cmps = [consent_manager_from_row(key, row) for key, row in (tables.get("consent_managers") or {}).items()]
    return Catalogue(tuple(vendors), tuple(cmps))


def vendor_from_row(key: Any, row: Any) -> Vendor:
    """A row of the ``vendors`` table; ValueError says what is wrong with it."""
    if not isinstance(row, dict) or not isinstance(row.get("name"), str):
        raise ValueError("needs a name")
    if row.get("level") not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    paths = []
    for rule in row.get("paths") or []:
        if not isinstance(rule, dict) or not isinstance(rule.get("prefix"), str) or not rule["prefix"].startswith("/"):
            raise ValueError("paths need hosts and a prefix starting with /")
        paths.append(PathRule(tuple(h.lower() for h in _strings(rule.get("hosts"), "paths.hosts")), rule["prefix"]))
    return Vendor(
        id=str(key),
        name=row["name"],
        level=row["level"],
        aliases=_strings(row.get("aliases"), "aliases"),
        hosts=tuple(h.lower() for h in _strings(row.get("hosts"), "hosts")),
        host_suffixes=tuple(h.lower() for h in _strings(row.get("host_suffixes"), "host_suffixes")),
        paths=tuple(paths),
        globals=_strings(row.get("globals"), "globals"),
        evidence=str(row.get("evidence", "")),
        notes=str(row.get("notes", "")),
        general_analytics=row.get("general_analytics") is True,
        source=str(row.get("source", "")),
        declared_only=row.get("declared_only") is True,
    )


def consent_manager_from_row(key: Any, row: Any) -> ConsentManager:
    """A row of the ``consent_managers`` table; ValueError says what is wrong with it."""
    if not isinstance(row, dict) or not isinstance(row.get("name"), str):
        raise ValueError("needs a name")
    return ConsentManager(
        id=str(key),
        name=row["name"],
        hosts=_strings(row.get("hosts"), "hosts"),
        host_suffixes=_strings(row.get("host_suffixes"), "host_suffixes"),
        markers=_strings(row.get("markers"), "markers"),
    )
