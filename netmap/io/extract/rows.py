"""The rows of one report (organisations, meetings, roles, links), de-duplicated."""

from __future__ import annotations

from typing import Any

from netmap.io.extract.document import Doc, squash
from netmap.io.extract.lexicon import _NOT_ORG, guess_kind, guess_sector
from netmap.io.extract.names import match_key

__all__ = ["Rows", "rank"]

class Rows:
    """Collects organisations, roles, meetings and links of one report, de-duplicated."""

    def __init__(self, doc: Doc, strip: tuple[str, ...]) -> None:
        self.doc = doc
        self.strip = strip
        self.orgs: dict[str, dict[str, Any]] = {}
        self.meetings: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, dict[str, Any]] = {}
        self.links: list[dict[str, Any]] = []

    def org(self, name: str, evidence: str, confidence: str, role: str = "") -> str | None:
        name = name.strip(" 、,:・()")
        if not name or len(name) > 60 or squash(name) in _NOT_ORG:
            return None
        key = match_key(name, self.strip) or squash(name)
        if key in self.orgs:
            o = self.orgs[key]
            if rank(confidence) > rank(o["confidence"]):
                o["confidence"] = confidence
            if role and role not in o["role"]:
                o["role"] = (o["role"] + "; " + role).strip("; ")
            return key
        self.orgs[key] = {"name": name, "kind": guess_kind(name), "sector": guess_sector(name),
                          "role": role, "evidence": evidence, "confidence": confidence}
        return key

    def meeting(self, name: str, evidence: str, confidence: str, **kw: Any) -> str | None:
        name = name.strip(" 、,:・")
        if len(name) < 3 or len(name) > 60:
            return None
        key = match_key(name, ())
        if key in self.meetings:
            m = self.meetings[key]
            if m.get("per_year") is None and kw.get("per_year") is not None:
                m.update({k: v for k, v in kw.items() if v is not None})
                m["confidence"] = confidence
            elif kw.get("participants") and not m.get("participants"):
                m["participants"] = kw["participants"]
            return key
        row: dict[str, Any] = {"name": name, "per_year": None, "per_year_max": None, "frequency": None,
               "participants": [], "purpose": None, "evidence": evidence,
               "confidence": confidence}
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
    return {"low": 0, "medium": 1, "high": 2}.get(conf, 0)

