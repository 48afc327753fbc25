"""A network as Open Referral HSDS 3.1 records (one list of flat records per HSDS table).

The records are flat — one dict per row of the tabular serialization, ``*_id`` columns
pointing at other records — so the same lists feed the CSV files of the tabular package and,
nested, the JSON form (:mod:`netmap.io.hsds.package`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from netmap.model import SECTORS, Network, label

__all__ = ["HSDS_TABLES", "HSDS_VERSION", "NETMAP_UUID_NS", "Records", "hsds_records"]

#: The HSDS version whose schemas are vendored in ``spec/`` (see ``hsds/README.md``).
HSDS_VERSION = "3.1"

#: Namespace of the UUIDs netmap gives HSDS records (HSDS 3 ids are UUIDs; ours are slugs).
NETMAP_UUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/netmap/netmap#hsds")

#: The HSDS tables netmap fills, in the order of the official ``datapackage.json``.
HSDS_TABLES = ("organization", "service", "attribute", "phone", "taxonomy_term", "program",
               "taxonomy")

_CATEGORY_JA = {"mandatory": "必須事業", "optional": "任意事業"}


@dataclass
class Records:
    """HSDS records by table, plus which netmap id each HSDS id stands for."""

    tables: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in HSDS_TABLES})
    ids: list[dict[str, str]] = field(default_factory=list)


def _drop_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, "", [])}


class _Builder:
    """Fills :class:`Records` for one network; ids are UUID v5 of (code, table, netmap id)."""

    def __init__(self, net: Network):
        self.net = net
        self.out = Records()
        self.org_ids: dict[str, str] = {}
        self.term_ids: dict[str, str] = {}

    def uid(self, table: str, nid: str, record: bool = True) -> str:
        value = str(uuid.uuid5(NETMAP_UUID_NS,
                               "/".join([self.net.code or self.net.slug, table, nid])))
        if record:
            self.out.ids.append({"hsds_table": table, "id": value, "netmap_id": nid})
        return value

    def add(self, table: str, record: dict[str, Any]) -> None:
        self.out.tables[table].append(_drop_empty(record))

    def taxonomy(self) -> None:
        from netmap.taxonomy import load_taxonomy

        tax = load_taxonomy()
        tax_id = self.uid("taxonomy", "netmap-needs")
        self.add("taxonomy", {
            "id": tax_id, "name": "netmap ニーズ分類 (netmap need taxonomy)",
            "description": "生活困窮者自立支援の相談で把握される課題の分類 (need categories of "
                           "Japanese self-reliance support; datasets/needs.csv)",
            "version": "1"})
        for need in tax:
            self.term_ids[need.code] = self.uid("taxonomy_term", need.code)
        for need in tax:
            self.add("taxonomy_term", {
                "id": self.term_ids[need.code], "code": need.code, "name": need.label_ja,
                "description": need.label_en, "taxonomy": "netmap-needs",
                "taxonomy_id": tax_id, "parent_id": self.term_ids.get(need.parent or ""),
                "language": "ja"})

    def organizations(self) -> None:
        for org, d in self.net.nodes_of("organisation"):
            oid = self.org_ids[org] = self.uid("organization", org)
            kind = d.get("kind") or ""
            sector = label(SECTORS, str(d.get("sector", "")), "ja")
            self.add("organization", {
                "id": oid, "name": d.get("name", org), "alternate_name": d.get("name_en"),
                "description": f"{kind}（{sector}）" if kind else sector,
                "email": d.get("email"), "website": d.get("url")})
            if d.get("phone"):
                self.add("phone", {"id": self.uid("phone", org), "organization_id": oid,
                                   "number": str(d["phone"])})

    def service(self, sid: str, org: str, name: str, description: str, attrs: dict[str, Any],
                needs: Iterable[str], program_id: str | None = None) -> None:
        self.add("service", {
            "id": sid, "organization_id": self.org_ids[org], "program_id": program_id,
            "name": name, "description": description, "status": "active",
            "url": attrs.get("url"), "email": attrs.get("email"),
            "assured_date": attrs.get("assured_date")})
        for code in needs:
            if code in self.term_ids:
                self.add("attribute", {
                    "id": self.uid("attribute", f"{sid}/{code}", record=False), "link_id": sid,
                    "link_type": "need", "link_entity": "service",
                    "taxonomy_term_id": self.term_ids[code]})

    def programs(self) -> None:
        """Programs and their services; at most one HSDS program per organization.

        The official tabular schema declares ``program.organization_id`` unique (HSDS 3.1
        ``datapackage.json``, resource ``program``): an organization owns one program. A netmap
        program becomes an HSDS program owned by the first of its operators that owns none
        yet; when every operator already owns one, it has no HSDS program and lives on as the
        services its operators run (same name and description, no ``program_id``).
        """
        g = self.net.graph
        owner_of: dict[str, str] = {}
        for prog, d in self.net.nodes_of("program"):
            operators = [u for u, _, e in g.in_edges(prog, data=True)
                         if e.get("type") == "operates" and u in self.org_ids]
            needs = [g.nodes[v]["code"] for _, v, e in g.out_edges(prog, data=True)
                     if e.get("type") == "covers"]
            desc = "; ".join(str(x) for x in (
                d.get("basis"), _CATEGORY_JA.get(str(d.get("category", ""))), d.get("note"))
                if x) or str(d.get("name", prog))
            owner = next((o for o in operators if o not in owner_of), None)
            pid = None
            if owner is not None:
                pid = owner_of[owner] = self.uid("program", prog)
                self.add("program", {
                    "id": pid, "organization_id": self.org_ids[owner],
                    "name": d.get("name", prog), "alternate_name": d.get("name_en"),
                    "description": desc})
            for org in operators:
                self.service(self.uid("service", f"{org}/{prog}"), org,
                             str(d.get("name", prog)), desc, d, needs, pid)
        for org, d in self.net.nodes_of("organisation"):
            direct = [g.nodes[v]["code"] for _, v, e in g.out_edges(org, data=True)
                      if e.get("type") == "covers"]
            if direct:
                self.service(self.uid("service", org), org, f"{d.get('name', org)}の相談・支援",
                             "組織が直接対応する相談・支援 (needs the organisation covers itself)",
                             d, dict.fromkeys(direct))


def hsds_records(net: Network) -> Records:
    """The network as HSDS 3.1 records, one flat dict per row of each HSDS table.

    Mapping (HSDS has no meetings, roles or organisation-to-organisation links; those go to
    the ``x-netmap-*`` extension written beside these tables):

    - each organisation → ``organization`` (``alternate_name`` = ``name_en``,
      ``description`` = kind and sector, ``website`` = url) and its phone → ``phone``;
    - each program (事業) → ``program``, owned by its first operator that owns no program
      yet (HSDS allows one program per organization; see ``_Builder.programs``);
    - each (operator, program) pair → ``service`` (``program_id`` set when the program has an
      HSDS record), and each organisation that covers needs itself → one more ``service``
      named 「<組織名>の相談・支援」; ``assured_date`` carried over, ``status`` ``active``;
    - the need taxonomy → one ``taxonomy`` and a ``taxonomy_term`` per need (``code`` = our
      code, ``name`` = Japanese label, ``description`` = English label, ``parent_id``);
    - each need a service covers → ``attribute`` (``link_entity`` ``service``,
      ``link_type`` ``need``).

    Ids are UUID v5 of (municipality code, table, netmap id), so re-exporting gives the same
    ids. No ``location`` is written: the dataset format holds no addresses.

    References
    ----------
    Open Referral, *Human Services Data Specification 3.1*, schema reference
    (https://docs.openreferral.org/en/3.1/hsds/schema_reference.html); the vendored
    schemas in ``netmap/io/hsds/spec``.

    Examples
    --------
    >>> from pathlib import Path
    >>> from netmap.io.dataset import load_dataset
    >>> net = load_dataset(Path(__file__).parents[3] / "datasets" / "zama")
    >>> rec = hsds_records(net).tables
    >>> len(rec["organization"]), len({p["organization_id"] for p in rec["program"]}) \\
    ...     == len(rec["program"])
    (41, True)
    """
    b = _Builder(net)
    b.taxonomy()
    b.organizations()
    b.programs()
    return b.out
