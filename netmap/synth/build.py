"""One synthetic municipality: organisations, ties, programs, meetings, roles, gaps, demand.

:func:`build` draws everything from one ``random.Random(f"{seed}:{index}")`` in a fixed order
(the steps below are called in that order and never iterate a set), so the same seed gives
the same rows byte for byte. The shape each step produces is described in :mod:`netmap.synth`.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from netmap.synth.census import (
    PREF_NAME,
    MunicipalityClass,
    municipality_code,
    nodes_for_population,
    population,
    weighted,
)
from netmap.synth.templates import (
    AREA,
    AREA_MEETINGS,
    AREA_ROLES,
    CITYWIDE,
    DEMAND_MIX,
    HUB_NEEDS,
    MEETINGS,
    NEEDS,
    P_ABSENT,
    PROGRAMS,
    RARE_NEEDS,
    ROLES,
    TIE_CHOICE,
)

__all__ = ["build"]

Row = dict[str, Any]


@dataclass
class _Muni:
    """Rows of one synthetic dataset under construction."""

    rng: random.Random
    evidence: str
    orgs: list[Row] = field(default_factory=list)
    programs: list[Row] = field(default_factory=list)
    meetings: list[Row] = field(default_factory=list)
    roles: list[Row] = field(default_factory=list)
    links: list[Row] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    def org(self, name: str, kind: str, sector: str, needs: list[str], area: str,
            hub: bool = False) -> Row:
        row = {"id": f"org-{len(self.orgs) + 1}", "name": name, "kind": kind, "sector": sector,
               "needs": needs, "hub": hub, "area": area}
        self.orgs.append(row)
        return row

    def link(self, source: str, target: str, ltype: str) -> None:
        if source == target:
            return
        key = (source, target, ltype)
        if ltype in ("partners", "shares_info") and target < source:
            key = (target, source, ltype)
        if key in self.seen:
            return
        self.seen.add(key)
        self.links.append({"source": source, "target": target, "type": ltype})

    def tie(self, a: str, b: str) -> None:
        """A random working tie: a referral (either way), partnership or information sharing."""
        ltype = weighted(self.rng, TIE_CHOICE)
        if ltype == "refers_to" and self.rng.random() < 0.5:
            a, b = b, a
        self.link(a, b, ltype)


@dataclass
class _Town:
    """A municipality's organisations as the later steps need them."""

    m: _Muni
    label: str
    areas: list[str]
    hub: Row
    citywide: list[Row]
    anchors: dict[str, Row]
    by_area: dict[str, list[Row]]
    orgs_by_sector: dict[str, list[Row]] = field(default_factory=dict)
    isolated: set[str] = field(default_factory=set)
    others: list[Row] = field(default_factory=list)

    @property
    def shakyo(self) -> Row:
        return next((o for o in self.citywide if o["sector"] == "shakyo" and not o["hub"]),
                    self.hub)

    @property
    def gov(self) -> list[Row]:
        return self.orgs_by_sector.get("government", [self.hub])


def _pick_needs(rng: random.Random, pool: tuple[str, ...]) -> list[str]:
    k = 1 + (rng.random() < 0.45) + (rng.random() < 0.15)
    return [n for n in pool if rng.random() < k / len(pool)] or [pool[0]]


def _organisations(m: _Muni, label: str, n_orgs: int) -> _Town:
    """The hub, the citywide organisations, one anchor per area and the area organisations."""
    rng = m.rng
    n_city = min(len(CITYWIDE), max(4, 3 + n_orgs // 12))
    n_areas = max(1, round((n_orgs - n_city - 1) / 35))
    areas = [f"第{k + 1}地区" for k in range(n_areas)] if n_areas > 1 else ["市全域"]
    shakyo_hub = rng.random() < 0.55
    hub_needs = list(HUB_NEEDS) + (["household_budget"] if rng.random() < 0.3 else [])
    if shakyo_hub:
        hub = m.org(f"{label}社会福祉協議会 自立相談支援センター", "社会福祉協議会（自立相談支援機関）",
                    "shakyo", hub_needs, "市全域", hub=True)
    else:
        hub = m.org(f"{label} 生活支援課 自立相談支援担当", "行政課（自立相談支援機関）",
                    "government", hub_needs, "市全域", hub=True)
    citywide = [hub]
    for sector, kind, name, needs in CITYWIDE[:n_city]:
        full = name if sector in ("labour", "legal") or kind in ("保健所", "保護司会") else \
            f"{label}{'' if sector == 'shakyo' else ' '}{name}"
        citywide.append(m.org(full, kind, sector, _pick_needs(rng, needs), "市全域"))
    by_area: dict[str, list[Row]] = {a: [] for a in areas}
    anchors: dict[str, Row] = {}
    for a in areas:
        prefix = "" if a == "市全域" else a
        anchors[a] = m.org(f"地域包括支援センター{prefix}", "地域包括支援センター",
                           "social_welfare_corp", ["elder_care", "social_isolation"], a)
        by_area[a].append(anchors[a])
    running: dict[str, int] = {}
    area_weights = tuple((t, t[4]) for t in AREA)
    for i in range(n_orgs - len(m.orgs)):
        a = areas[i % len(areas)]
        sector, kind, name, needs, _ = weighted(rng, area_weights)
        running[name] = running.get(name, 0) + 1
        prefix = label if a == "市全域" else a
        k = running[name]
        text = name.format(a=prefix, k="" if k == 1 else k)
        by_area[a].append(m.org(text, kind, sector, _pick_needs(rng, needs), a))
    town = _Town(m, label, areas, hub, citywide, anchors, by_area)
    for o in m.orgs:
        town.orgs_by_sector.setdefault(o["sector"], []).append(o)
    return town


def _ties(town: _Town) -> None:
    """Referrals from the hub, area ties around the anchors, a few bridges between areas."""
    m, rng, hub, areas = town.m, town.m.rng, town.hub, town.areas
    citywide, anchors, by_area = town.citywide, town.anchors, town.by_area
    town.isolated = {o["id"] for o in m.orgs[len(citywide) + len(areas):]
                     if rng.random() < 0.04}
    isolated = town.isolated
    for o in citywide[1:]:
        if rng.random() < 0.85:
            m.link(hub["id"], o["id"], "refers_to")
        if rng.random() < 0.3:
            m.link(o["id"], hub["id"], "refers_to")
    m.link(hub["id"], town.shakyo["id"], "partners")
    # in a one-area town the hub is the centre itself; the more areas, the more it works
    # through their anchors (1 area: 0.5, 4: 0.25, 25: 0.1)
    p_hub = max(0.06, 0.5 / math.sqrt(len(areas)))
    p_anchor = 0.35 if len(areas) == 1 else 0.6
    for a in areas:
        m.link(hub["id"], anchors[a]["id"], "refers_to")
        if rng.random() < 0.5:
            m.link(anchors[a]["id"], hub["id"], "refers_to")
        members = [o for o in by_area[a][1:] if o["id"] not in isolated]
        for o in members:
            if rng.random() < p_hub:
                m.tie(hub["id"], o["id"])
            if rng.random() < p_anchor:
                m.tie(anchors[a]["id"], o["id"])
            for _ in range(1 + (rng.random() < 0.6) + (rng.random() < 0.3)):
                other = rng.choice(by_area[a])
                if other["id"] not in isolated:
                    m.tie(o["id"], other["id"])
        for o in citywide[1:]:
            if members and rng.random() < 0.15:
                m.tie(o["id"], rng.choice(members)["id"])
    town.others = [o for o in m.orgs[len(citywide) + len(areas):] if o["id"] not in isolated]
    if len(areas) > 1 and town.others:
        for o in rng.sample(town.others, max(1, len(town.others) // 60)):
            for _ in range(rng.randint(2, 5)):
                far = rng.choice([a for a in areas if a != o["area"]])
                target = anchors[far] if rng.random() < 0.5 else rng.choice(by_area[far])
                if target["id"] not in isolated:
                    m.tie(o["id"], target["id"])


def _operator(town: _Town, prefs: tuple[str, ...], area: str | None) -> Row:
    """The organisation that runs a program: the first preferred sector present locally."""
    for p in prefs:
        if p == "hub":
            return town.hub
        pool = [o for o in town.orgs_by_sector.get(p, []) if o["id"] not in town.isolated
                and (area is None or o["area"] in (area, "市全域"))]
        if pool:
            return town.m.rng.choice(pool)
    return town.hub


def _programs(town: _Town, n_programs: int) -> None:
    """The law's programs (repeated per area in big cities), each operated and commissioned."""
    m, rng, areas = town.m, town.m.rng, town.areas
    for i in range(n_programs):
        name, category, basis, needs, prefs = PROGRAMS[i % len(PROGRAMS)]
        area = None
        if i >= len(PROGRAMS):
            area = areas[(i // len(PROGRAMS) - 1) % len(areas)]
            name = f"{name}（{area}）"
            if "hub" in prefs:
                prefs = ("social_welfare_corp", "shakyo", "npo")
        row: Row = {"id": f"prog-{i + 1}", "name": name, "category": category,
                    "basis": basis, "needs": list(needs)}
        m.programs.append(row)
        op = _operator(town, prefs, area)
        m.link(op["id"], row["id"], "operates")
        row["_operator"] = op["id"]
        if op["sector"] != "government" and not op["hub"]:
            gov = town.gov
            m.link(rng.choice(gov[: max(1, len(gov))])["id"], op["id"], "commissions")


def _meetings(town: _Town, n_meetings: int) -> None:
    """Citywide meetings convened by the hub or a division, then per-area ones by anchors."""
    m, rng, areas, hub = town.m, town.m.rng, town.areas, town.hub
    n_city_meetings = min(len(MEETINGS), max(1, n_meetings - len(areas) * 2))
    hubs_reach = [o for o in town.citywide if o["id"] not in town.isolated]
    for i in range(n_meetings):
        mid = f"mtg-{i + 1}"
        if i < n_city_meetings:
            name, per, per_max, purpose, aim, conv = MEETINGS[i]
            convener = hub if conv == "hub" else town.shakyo if conv == "shakyo" else \
                rng.choice(town.gov)
            pool = [o for o in hubs_reach if not o["hub"]]
            members = [hub] + rng.sample(pool, min(len(pool), rng.randint(4, 12)))
            members += [town.anchors[a] for a in areas if rng.random() < 0.3]
            if rng.random() < 0.5 and town.others:
                members.append(rng.choice(town.others))
        else:
            j = i - n_city_meetings
            a = areas[j % len(areas)]
            name, per, per_max, purpose, aim = AREA_MEETINGS[
                (j // len(areas)) % len(AREA_MEETINGS)]
            name = name.format(a=a)
            if j >= 2 * len(areas):
                name = f"{name}{j // (2 * len(areas)) + 1}"
            convener = town.anchors[a]
            pool = [o for o in town.by_area[a][1:] if o["id"] not in town.isolated]
            members = rng.sample(pool, min(len(pool), rng.randint(4, 9)))
        m.meetings.append({"id": mid, "name": name, "per_year": per, "per_year_max": per_max,
                           "purpose": purpose, "aim": aim})
        m.link(convener["id"], mid, "convenes")
        for o in members:
            if o["id"] != convener["id"]:
                m.link(o["id"], mid, "attends")


def _roles(town: _Town, n_roles: int) -> None:
    """Placed professionals and volunteers (counts only), at the hub, shakyo or an area."""
    m, rng, areas = town.m, town.m.rng, town.areas
    residents = {a: [o for o in town.by_area[a] if o["sector"] == "residents"] for a in areas}
    for i in range(n_roles):
        if i < len(ROLES):
            name, lo, hi, where = ROLES[i]
            a = areas[0]
        else:
            j = i - len(ROLES)
            a = areas[j % len(areas)]
            name, lo, hi, where = AREA_ROLES[(j // len(areas)) % len(AREA_ROLES)]
            name = name.format(a=a)
            if j >= len(AREA_ROLES) * len(areas):
                name = f"{name}{j // (len(AREA_ROLES) * len(areas)) + 1}"
        place = {"hub": town.hub, "shakyo": town.shakyo, "anchor": town.anchors[a]}.get(where)
        if place is None:
            place = residents[a][0] if residents[a] else town.anchors[a]
        count = rng.randint(lo, hi) if rng.random() < 0.85 else None
        m.roles.append({"id": f"role-{i + 1}", "name": name, "count": count})
        m.link(f"role-{i + 1}", place["id"], "placed_at")


def _gaps(m: _Muni, cls: MunicipalityClass) -> None:
    """Absent and scarce needs; then ≈ 1 in 5 (organisation, need) pairs as covers links."""
    rng = m.rng
    p_rare, p_common = P_ABSENT[cls.key]
    absent = [n for n in NEEDS if n not in HUB_NEEDS
              and rng.random() < (p_rare if n in RARE_NEEDS else p_common)]
    candidates = [n for n in NEEDS if n not in HUB_NEEDS and n not in absent]
    scarce = rng.sample(candidates, min(len(candidates), rng.randint(1, 2)))
    _apply_gaps(m, absent, scarce)
    for o in m.orgs:
        keep = []
        for n in o["needs"]:
            if rng.random() < 0.2:
                m.link(o["id"], n, "covers")
            else:
                keep.append(n)
        o["needs"] = keep


def _apply_gaps(m: _Muni, absent: list[str], scarce: list[str]) -> None:
    """Remove ``absent`` needs everywhere; keep each ``scarce`` need at one provider only."""
    for o in m.orgs:
        o["needs"] = [n for n in o["needs"] if n not in absent]
    for p in m.programs:
        p["needs"] = [n for n in p["needs"] if n not in absent]
    for need in scarce:
        keeper: str | None = None
        for o in m.orgs:
            if need in o["needs"]:
                if keeper is None:
                    keeper = o["id"]
                else:
                    o["needs"].remove(need)
        for p in m.programs:
            if need in p["needs"]:
                if keeper is None:
                    keeper = p["_operator"]
                elif p["_operator"] != keeper:
                    p["needs"].remove(need)


def _demand(rng: random.Random, people: int) -> list[Row]:
    """First-assessment issues for ≈ 40 % of municipalities, spread like 座間市's H30 table."""
    demand: list[Row] = []
    if rng.random() < 0.4:
        assessments = max(3, round(people * 0.00088 * rng.lognormvariate(0.0, 0.3)))
        issues = assessments * 3.88
        total = sum(w for _, _, w in DEMAND_MIX)
        for code, text, w in DEMAND_MIX:
            count = round(issues * w / total * rng.lognormvariate(0.0, 0.25))
            if count:
                demand.append({"need": code, "label": text, "count": count, "period": "R2年度"})
    return demand


def _meta(rng: random.Random, cls: MunicipalityClass, pref: str, number: int, label: str,
          name_en: str, people: int, seed: int, evidence: str) -> Row:
    """The fields of ``municipality.yaml`` (households, aging and welfare rates drawn)."""
    area_km2 = round(people / rng.lognormvariate(math.log(600), 1.2), 2)
    return {
        "code": municipality_code(pref, number),
        "name": label,
        "prefecture": PREF_NAME[pref],
        "name_en": name_en,
        "population": people,
        "households": int(people / rng.uniform(2.0, 2.6)),
        "aging_rate": round(rng.uniform(*{"designated": (22, 29), "ward": (18, 26)}.get(
            cls.key, (25, 45) if cls.key == "village" else (24, 38))), 1),
        "welfare_rate_permil": round(rng.uniform(3.0, 30.0), 1),
        "area_km2": max(area_km2, 0.5),
        "as_of": "2020-10-01",
        "municipality_class": cls.label,
        "synthetic": True,
        "seed": seed,
        "evidence": evidence,
    }


def build(index: int, cls: MunicipalityClass, pref: str, number: int, seed: int,
          width: int) -> Row:
    """All rows of municipality ``index`` (0-based) as plain data (see :func:`synthesize`)."""
    rng = random.Random(f"{seed}:{index}")
    ev = f"synthetic seed={seed}"
    people = population(rng, cls)
    size = int(round(nodes_for_population(people) * rng.lognormvariate(0.0, 0.1)))
    size = max(20, min(2400, size))
    n_roles = max(2, round(0.08 * size))
    n_meetings = max(1, round(0.06 * size))
    n_programs = max(3, round(0.20 * size))
    n_orgs = size - n_roles - n_meetings - n_programs
    label = f"合成{cls.suffix}{index + 1:0{width}d}"
    m = _Muni(rng, ev)
    town = _organisations(m, label, n_orgs)
    _ties(town)
    _programs(town, n_programs)
    _meetings(town, n_meetings)
    _roles(town, n_roles)
    _gaps(m, cls)
    demand = _demand(rng, people)
    meta = _meta(rng, cls, pref, number, label, f"Synthetic {cls.suffix}{index + 1:0{width}d}",
                 people, seed, ev)
    return {"slug": f"synth-{index + 1:0{width}d}", "municipality": meta,
            "organisations": m.orgs, "programs": m.programs, "meetings": m.meetings,
            "roles": m.roles, "links": m.links, "demand": demand}
