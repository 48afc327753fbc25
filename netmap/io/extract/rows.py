"""The rows of one report (organisations, meetings, roles, links), de-duplicated, with a
calibrated ``confidence``.

A row's confidence comes from where its name was read (``source``: ``field`` a cell of the
form that holds a body's name (実施主体, 担当部署), ``cell`` another labelled cell that lists
bodies among other words (委託先, 推進員を配置する機関), ``table`` the 推進会議 name column,
``prose`` running text, ``participant`` a participant list) and how the name was recognised
(``signal`` of :class:`netmap.io.extract.names.Name`). :data:`CONFIDENCE` maps the pair to
``high``/``medium``/``low``; its values were set from the precision of each pair on the 20
development reports of ``benchmarks/extract_eval.py`` (``high`` ≥ 95 %, ``medium`` ≥ 60 %).
A body read several times keeps its strongest confidence.
"""

from __future__ import annotations

from typing import Any

from netmap.io.extract.document import Doc, squash
from netmap.io.extract.lexicon import guess_kind, guess_sector, lookup
from netmap.io.extract.names import Name, canonical, recognise

__all__ = ["CONFIDENCE", "LEVELS", "Rows", "rank"]

#: Confidence levels, weakest first.
LEVELS = ("low", "medium", "high")

#: (source, signal) → confidence; a pair not listed is ``low``.
CONFIDENCE: dict[tuple[str, str], str] = {
    ("field", "legal"): "high", ("field", "own"): "high", ("field", "lexicon"): "high",
    ("field", "suffix"): "high", ("field", "bare"): "high", ("field", "weak"): "medium",
    ("prose", "legal"): "high", ("prose", "own"): "high", ("prose", "lexicon"): "high",
    ("prose", "group"): "medium", ("field", "group"): "medium", ("participant", "group"): "low",
    ("prose", "category"): "low", ("field", "category"): "low",
    ("cell", "legal"): "high", ("cell", "own"): "high", ("cell", "lexicon"): "high",
    ("cell", "suffix"): "high", ("cell", "weak"): "medium", ("cell", "group"): "medium",
    ("participant", "category"): "low",
    ("prose", "suffix"): "medium",
    ("participant", "legal"): "medium", ("participant", "own"): "medium",
    ("participant", "lexicon"): "medium",
    ("table", "suffix"): "high", ("table", "bare"): "medium", ("table", "weak"): "medium",
}


#: Words for the report's own municipality office, merged into its row.
_OWN_OFFICE = {"市役所", "町役場", "村役場", "役場", "役所", "区役所本庁", "市役所庁", "市庁舎"}


class Rows:
    """Collects organisations, roles, meetings and links of one report, de-duplicated."""

    def __init__(self, doc: Doc, strip: tuple[str, ...]) -> None:
        self.doc = doc
        self.strip = strip
        self.orgs: dict[str, dict[str, Any]] = {}
        self.meetings: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, dict[str, Any]] = {}
        self.links: list[dict[str, Any]] = []
        self.own_key: str | None = None

    def names(self, raw: str, kind: str, source: str) -> list[tuple[Name, str]]:
        """The names of ``kind`` in ``raw`` with their confidence from ``source``.

        In the 推進会議 table's name column (``table``) a name without a meeting suffix
        (区子育てネットワーク, seed line 3315) is a meeting: the column says so.
        """
        out = []
        for n in recognise(raw, self.strip, bare=source in ("field", "table"),
                           phrase=kind == "meeting"):
            if n.kind in (kind, "both") or (n.signal == "bare" and source == "field"
                                            and kind == "organisation") or (
                    source == "table" and kind == "meeting" and n.signal in ("bare", "weak")
                    and ":" not in raw):  # the name column names meetings; 「参加者:…」 is no name
                out.append((n, CONFIDENCE.get((source, n.signal), "low")))
        return out

    def org(self, raw: str, evidence: str, source: str, role: str = "") -> str | None:
        """Add the organisations named in ``raw``; returns the key of the first, or None."""
        first = None
        for n, conf in self.names(raw, "organisation", source):
            key = self.add_org(n.name, evidence, conf, role, f"{source}/{n.signal}")
            first = first or key
        return first

    def add_org(self, name: str, evidence: str, confidence: str, role: str = "",
                signal: str = "") -> str:
        """Add one organisation by its exact name (the municipality itself, a member town)."""
        key = canonical(name, self.strip) or squash(name)
        if key in _OWN_OFFICE and self.strip and self.own_key:
            key = self.own_key  # 市役所 / 町役場: the report's own municipality, one body
        if key in self.orgs:
            o = self.orgs[key]
            if rank(confidence) > rank(o["confidence"]):
                o["confidence"], o["signal"] = confidence, signal
            if len(squash(name)) > len(squash(o["name"])) and rank(confidence) >= rank(
                    o["confidence"]):  # the fuller name: 社協 → 社会福祉法人 ○○市社会福祉協議会
                o["name"], o["evidence"] = name, evidence
            if role and role not in o["role"]:
                o["role"] = (o["role"] + "; " + role).strip("; ")
            return key
        entry = lookup(name)
        self.orgs[key] = {"name": name, "kind": entry.kind if entry and entry.kind else
                          guess_kind(name),
                          "sector": entry.sector if entry and entry.sector else
                          guess_sector(name),
                          "role": role, "evidence": evidence, "confidence": confidence,
                          "signal": signal}
        return key

    def meeting(self, raw: str, evidence: str, source: str, **kw: Any) -> str | None:
        """Add the meetings named in ``raw``; ``kw`` (per_year, purpose, …) go to the first."""
        first = None
        for n, conf in self.names(raw, "meeting", source):
            key = self._add_meeting(n.name, evidence, conf, f"{source}/{n.signal}",
                                    kw if first is None else {})
            first = first or key
        return first

    def _add_meeting(self, name: str, evidence: str, confidence: str, signal: str,
                     kw: dict[str, Any]) -> str:
        key = canonical(name, self.strip)
        if key in self.meetings:
            m = self.meetings[key]
            if rank(confidence) > rank(m["confidence"]):
                m["confidence"], m["signal"] = confidence, signal
            if m.get("per_year") is None and kw.get("per_year") is not None:
                m.update({k: v for k, v in kw.items() if v is not None})
            elif kw.get("participants") and not m.get("participants"):
                m["participants"] = kw["participants"]
            return key
        row: dict[str, Any] = {"name": name, "per_year": None, "per_year_max": None,
                               "frequency": None, "participants": [], "purpose": None,
                               "evidence": evidence, "confidence": confidence,
                               "signal": signal}
        row.update({k: v for k, v in kw.items() if v is not None})
        self.meetings[key] = row
        return key

    def role(self, title: str, count: int | None, evidence: str, confidence: str,
             placed_at: str | None = None, note: str = "") -> None:
        key = squash(title)
        if key in self.roles:
            r = self.roles[key]
            if r["count"] is None and count is not None:
                r["count"] = count
            if placed_at and not r["placed_at"]:
                r["placed_at"] = placed_at
            return
        self.roles[key] = {"title": title, "count": count, "placed_at": placed_at,
                           "note": note, "evidence": evidence, "confidence": confidence}

    def link(self, source: str, target: str, type_: str, evidence: str, confidence: str) -> None:
        row = {"source": source, "target": target, "type": type_, "evidence": evidence,
               "confidence": confidence}
        if row not in self.links:
            self.links.append(row)


def rank(conf: str) -> int:
    """0, 1, 2 for low, medium, high (an unknown level ranks lowest)."""
    return LEVELS.index(conf) if conf in LEVELS else 0

