"""「住まい＋債務に対応できるのは誰？」 — the best team for a person's needs, and the route to it.

A person who walks into the 自立相談支援機関 rarely has one need (seed 002 lines 207-215: 446
issues in 115 first assessments, 3.88 each). The caseworker types them as a phrase
(``住まいと借金``); netmap reads every need in it (:meth:`netmap.taxonomy.Taxonomy.read`),
lets a parent need stand for its children (経済的困窮 → 債務, 家計管理, 食料), and finds
exactly the best team: the fewest organisations that together accept every need, then the
highest score (docs/METHODS.md, "who").

Score
-----
For a team T covering needs R from the desk s (the hub, or ``start``)::

    score(T) = Π_{m ∈ T} handoff(s, m) · area(m)  ×  Π_{r ∈ R} max_{m ∈ T} grade(m, r)

``handoff`` is the strength of the strongest route of ties from s to m
(:mod:`netmap.analysis.handoff`, weights :data:`~netmap.analysis.handoff.TIE_WEIGHTS`),
``grade`` how surely m accepts r (:data:`~netmap.analysis.handoff.GRADES`: through a 事業 it
runs, stated, inferred), ``area`` 1 or 0.5 when the person's area is given. All factors lie in
[0, 1], so the score reads as the chance that every hand-off lands with an accepting provider.

Search
------
In a team of the minimum size k every member is the only one covering some need (else a
smaller team exists), so a best team is a partition of R into k blocks, each given to the
organisation with the highest ``handoff · area · Π grade`` over that block. With ≤ 4 needs
there are at most 15 partitions (Bell number B₄) and each block's best organisations come from
one pass over the providers, so the search is exact and linear in the city's size. The
``limit`` best teams come from the ``limit + k`` best organisations of each block, which
contain every team of the top ``limit``.
"""

from __future__ import annotations

import heapq
import itertools
import math
import weakref
from collections.abc import Iterator, Sequence
from typing import Any, Protocol, TypedDict

from netmap.analysis.expected import expected_providers
from netmap.analysis.handoff import GRADES, TIE_WEIGHTS, HandoffGraph, Step
from netmap.errors import NeedError
from netmap.model import Network
from netmap.redact import is_personal_key
from netmap.taxonomy import Reading, load_taxonomy

__all__ = ["who", "who_from_store", "who_on", "read_needs", "team_rows", "redacted", "team_score",
           "best_teams", "MAX_NEEDS",
           "WhoResult", "Team", "Member", "Offer", "Coordination", "CONTACT_COLUMNS",
           "PERSONAL_COLUMNS"]

#: More needs than this make the partitions too many to list (B₈ = 4,140).
MAX_NEEDS = 8
CONTACT_COLUMNS = ("contact_name", "phone", "email", "url")
#: Contact columns naming or reaching a person (:func:`netmap.redact.is_personal_key`, the rule
#: of every ``--redact``); ``team_rows(redact=True)`` and :func:`redacted` leave them out.
PERSONAL_COLUMNS = tuple(c for c in CONTACT_COLUMNS if is_personal_key(c))


class Offer(TypedDict):
    """How a member accepts one asked need: ``via_need`` is the need it covers (the asked
    one or a child of it), ``how`` a key of GRADES, ``program`` the 事業 when through one."""

    need: str
    via_need: str
    how: str
    grade: float
    program: str | None
    program_name: str | None
    evidence: str


class Member(TypedDict):
    id: str
    name: str
    desk: bool
    area: str
    handoff: float
    area_factor: float
    covers: list[Offer]
    route: list[Step]
    contacts: dict[str, str]


class Coordination(TypedDict):
    """The meeting attended by most of the team and the desk, to agree the plan."""

    id: str
    name: str
    purpose: str
    present: list[str]
    absent: list[str]
    evidence: str


class Team(TypedDict):
    members: list[Member]
    size: int
    score: float
    meeting: Coordination | None


class WhoResult(TypedDict):
    """The answer of :func:`who`: plain data for the terminal, JSON, CSV and the map."""

    query: list[str]
    reading: list[Reading]
    needs: list[str]
    start: str | None
    start_name: str | None
    hub: str | None
    area: str | None
    teams: list[Team]
    uncoverable: list[str]
    partial: bool
    unrecorded: list[dict[str, str]]
    weights: dict[str, dict[str, float]]


class _RowSource(Protocol):
    def find(self, key: str) -> str: ...

    def who_offers(self, snapshot: str, needs: list[str]) -> dict[str, Any]: ...

    def who_graph(self, snapshot: str, needs: list[str]) -> dict[str, Any]: ...


#: Hand-off graphs kept per store and snapshot key, with the snapshot's ``loadedAt`` stamp
#: (:func:`who_from_store`); the few last asked of each store.
_KEPT: weakref.WeakKeyDictionary[Any, dict[str, tuple[str, HandoffGraph]]] = \
    weakref.WeakKeyDictionary()
_KEEP = 4


def read_needs(texts: Sequence[str]) -> tuple[list[str], list[Reading]]:
    """Need codes named by ``texts`` (each may hold several), and how each was read.

    Raises :class:`NeedError` naming a text in which no need was found, with a same-family
    hint when there is one.
    """
    tax = load_taxonomy()
    codes: list[str] = []
    readings = [tax.read(t) for t in texts]
    for text, r in zip(texts, readings, strict=True):
        if not r["needs"]:
            raise NeedError(tax.unknown_message(text))
        codes.extend(c for c in r["needs"] if c not in codes)
    # A need already standing inside a parent asked too is kept: it must still be met.
    if len(codes) > MAX_NEEDS:
        raise NeedError(f"ニーズが多すぎます (at most {MAX_NEEDS} needs at once, got "
                        f"{len(codes)}: {', '.join(codes)})")
    return codes, readings


def who(net: Network, needs: Sequence[str], start: str | None = None,
        area: str | None = None, limit: int = 5) -> WhoResult:
    """The best teams of a network for ``needs``, fewest members first, then by score.

    Parameters
    ----------
    net : Network
    needs : sequence of str
        Codes, labels, synonyms or phrases (``住まいと借金``); each may name several needs.
    start : str, optional
        The organisation (id or name) the person is handed on from; default the hub (desk).
    area : str, optional
        The person's area (地区): members elsewhere count half.
    limit : int
        At most this many teams.

    Returns
    -------
    WhoResult
        ``teams`` best first; each member with its hand-off strength, what it accepts and
        how, its route from the desk (steps with tie and evidence) and contacts.
        ``uncoverable``: needs nobody in the data accepts. The teams then cover the other
        needs (``partial`` is True): a caseworker still needs them, and the missing need is
        named beside them, not instead of them. ``unrecorded``: those of the uncoverable
        needs a statutory body normally covers (``datasets/expected_providers.csv``), with the
        body to ask — 未登録の可能性, as in ``netmap gaps``.

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> r = who(load_dataset(repo_root() / "datasets" / "zama"), ["住まいと借金"])
    >>> r["needs"], [m["name"] for m in r["teams"][0]["members"]]
    (['housing', 'debt'], ['座間市 生活援護課 自立サポート担当', '座間市社会福祉協議会'])
    """
    return who_on(HandoffGraph.of(net), needs, start, area, limit)


def who_from_store(store: _RowSource, key: str, needs: Sequence[str],
                   start: str | None = None, area: str | None = None,
                   limit: int = 5) -> WhoResult:
    """:func:`who` on a municipality in Neo4j (code or slug), from ``cypher/who.cypher``.

    Only the offers of the asked needs and their children are fetched: the answer is the
    same, as no other need enters it. The rest of the hand-off graph (organisations, ties,
    meetings, routes from the desk) does not depend on the needs, so it is fetched once, with
    the first question's offers in the same statement, and kept for the store's next
    questions while the snapshot's ``loadedAt`` stamp, which every load renews and which comes
    back with the offers, is unchanged (a snapshot edited in Neo4j by hand, outside ``netmap
    load``, keeps its stamp: a new :class:`Store` sees it).
    """
    codes, _ = read_needs(needs)
    tax = load_taxonomy()
    wanted = sorted({c for r in codes for c in tax.family(r)})
    kept = _KEPT.setdefault(store, {})
    snapshot = store.find(key)
    hit = kept.get(snapshot)
    if hit is not None:
        offers = store.who_offers(snapshot, wanted)
        if hit[0] == offers["stamp"]:
            kept[snapshot] = kept.pop(snapshot)  # the last asked is kept longest
            return who_on(hit[1].with_offers(offers["offers"]), needs, start, area, limit)
    rows = store.who_graph(snapshot, wanted)  # the graph and this question's offers at once
    g = HandoffGraph.from_rows(rows)  # later questions put their own offers in its place
    kept.pop(snapshot, None)
    kept[snapshot] = (rows["stamp"], g)
    while len(kept) > _KEEP:
        del kept[next(iter(kept))]
    return who_on(g, needs, start, area, limit)


def who_on(g: HandoffGraph, needs: Sequence[str], start: str | None = None,
           area: str | None = None, limit: int = 5) -> WhoResult:
    """:func:`who` on a hand-off graph already built."""
    codes, readings = read_needs(needs)
    tax = load_taxonomy()
    desk = g.hub
    if start is not None:
        desk = g.find_org(start)
        if desk is None:
            raise NeedError(f"起点の機関が見つかりません (no organisation '{start}' to start from)")
    families = {c: set(tax.family(c)) for c in codes}
    wanted = set().union(*families.values())
    offers = {o: {r: x for r in codes if (x := _offer(g, o, r, families[r]))}
              for o, have in g.offers.items() if not wanted.isdisjoint(have)}
    strength, prev = g.strongest_routes(desk) if desk else ({o: 1.0 for o in g.orgs}, {})
    covered = {r for rs in offers.values() for r in rs}
    missing = [c for c in codes if c not in covered]
    result: WhoResult = {
        "query": list(needs), "reading": readings, "needs": codes, "start": desk,
        "start_name": str(g.orgs[desk].get("name", desk)) if desk else None, "hub": g.hub,
        "area": area, "teams": [], "uncoverable": missing, "partial": bool(missing),
        "unrecorded": _unrecorded(missing),
        "weights": {"ties": dict(TIE_WEIGHTS), "grades": dict(GRADES)}}
    codes = [c for c in codes if c in covered]
    if not codes:
        return result
    order = {o: i for i, o in enumerate(g.orgs)}
    value = {o: strength.get(o, 0.0) * g.area_factor(o, area) for o in offers if offers[o]}
    for team, score in best_teams(codes, offers, value, order, limit):
        members = [_member(g, o, desk, offers[o], strength, prev, area) for o in team]
        _assign(members, codes)
        result["teams"].append({"members": members, "size": len(team),
                                "score": round(score, 6),
                                "meeting": _coordination(g, team, desk)})
    return result


def _unrecorded(missing: list[str]) -> list[dict[str, str]]:
    """The checklist body that normally covers each missing need (:mod:`~netmap.analysis.expected`)."""
    table = expected_providers()
    return [{"need": c, **{k: table[c][k] for k in ("body_ja", "body_en", "basis")}}
            for c in missing if c in table]


def team_score(g: HandoffGraph, codes: list[str], team: Sequence[str],
               start: str | None = None, area: str | None = None) -> float:
    """The score of any given ``team`` for need ``codes`` (0 when it leaves a need uncovered):
    the module docstring's formula, to rank a team found some other way."""
    tax = load_taxonomy()
    desk = start or g.hub
    strength = g.strongest_routes(desk)[0] if desk else {o: 1.0 for o in g.orgs}
    grades = []
    for r in codes:
        offers = [_offer(g, o, r, set(tax.family(r))) for o in team if o in g.offers]
        grades.append(max((x["grade"] for x in offers if x), default=0.0))
    return math.prod(strength.get(o, 0.0) * g.area_factor(o, area) for o in team) * \
        math.prod(grades)


def best_teams(codes: list[str], offers: dict[str, dict[str, Offer]],
               value: dict[str, float], order: dict[str, int], limit: int
               ) -> list[tuple[list[str], float]]:
    """The ``limit`` best teams of minimum size, exactly (see the module docstring)."""
    n = len(codes)
    bit = {c: 1 << i for i, c in enumerate(codes)}
    keep = limit + n
    top: dict[int, list[tuple[float, int, str]]] = {}
    for o, rs in offers.items():
        mask = sum(bit[r] for r in rs)
        sub = mask
        while sub:  # every non-empty sub-block this organisation can take alone
            v = value[o] * math.prod(rs[r]["grade"] for r in codes if bit[r] & sub)
            heap = top.setdefault(sub, [])
            item = (v, -order[o], o)
            if len(heap) < keep:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
            sub = (sub - 1) & mask
    ranked = {b: sorted(h, reverse=True) for b, h in top.items()}
    parts = [p for p in _partitions(list(range(n))) if all(_mask(b) in ranked for b in p)]
    k = min(len(p) for p in parts)
    teams: dict[frozenset[str], float] = {}
    for p in (p for p in parts if len(p) == k):
        lists = [ranked[_mask(b)] for b in p]
        for combo in itertools.product(*lists):
            names = [o for _, _, o in combo]
            if len(set(names)) < k:
                continue
            score = math.prod(v for v, _, _ in combo)
            key = frozenset(names)
            if score > teams.get(key, -1.0):
                teams[key] = score
    best = sorted(teams.items(), key=lambda kv: (-kv[1], sorted(order[o] for o in kv[0])))
    return [(sorted(t, key=order.__getitem__), s) for t, s in best[:limit]]


def _mask(block: list[int]) -> int:
    return sum(1 << i for i in block)


def _partitions(items: list[int]) -> Iterator[list[list[int]]]:
    """Every set partition of ``items`` (Bell-many)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for p in _partitions(rest):
        yield [[first], *p]
        for i in range(len(p)):
            yield [*p[:i], [first, *p[i]], *p[i + 1:]]


def _offer(g: HandoffGraph, org: str, need: str, family: set[str]) -> Offer | None:
    """The best way ``org`` accepts ``need`` or one of its children, or None."""
    found = [(x, c) for c, x in g.offers[org].items() if c in family]
    if not found:
        return None
    (grade, how, prog, pname, ev), via = min(found, key=lambda f: (-f[0][0], f[1] != need,
                                                                    f[1]))
    return {"need": need, "via_need": via, "how": how, "grade": grade, "program": prog,
            "program_name": pname, "evidence": ev}


def _member(g: HandoffGraph, org: str, desk: str | None, offers: dict[str, Offer],
            strength: dict[str, float], prev: dict[str, str], area: str | None) -> Member:
    d = g.orgs[org]
    reach = strength.get(org, 0.0)
    return {"id": org, "name": str(d.get("name", org)), "desk": org == desk,
            "area": str(d.get("area") or ""), "handoff": round(reach, 6),
            "area_factor": g.area_factor(org, area), "covers": list(offers.values()),
            "route": g.route(prev, desk, org) if desk and reach > 0 else [],
            "contacts": {c: str(d.get(c) or "") for c in CONTACT_COLUMNS}}


def _assign(members: list[Member], codes: list[str]) -> None:
    """Keep in each member's ``covers`` only the needs it is the best-graded for."""
    owner = {r: max(((m["id"], o["grade"]) for m in members for o in m["covers"]
                     if o["need"] == r), key=lambda x: x[1])[0] for r in codes}
    for m in members:
        m["covers"] = [o for o in m["covers"] if owner[o["need"]] == m["id"]]


def _coordination(g: HandoffGraph, team: list[str], desk: str | None) -> Coordination | None:
    """The meeting holding most of the team and desk; among equals the stronger purpose."""
    want = [*([desk] if desk else []), *(o for o in team if o != desk)]
    best: tuple[int, float, int] | None = None
    pick = None
    for i, (m, d) in enumerate(g.meetings.items()):
        members = d.setdefault("member_set", set(d["members"]))
        present = [o for o in want if o in members]
        rank = (len(present), TIE_WEIGHTS[f"meeting:{d['purpose']}"], -i)
        if len(present) >= 2 and (best is None or rank > best):
            best, pick = rank, (m, d, present)
    if pick is None:
        return None
    m, d, present = pick
    return {"id": m, "name": d["name"], "purpose": d["purpose"], "present": present,
            "absent": [o for o in want if o not in present], "evidence": d["evidence"]}


def redacted(result: WhoResult) -> WhoResult:
    """A copy of ``result`` without the personal contact values (:data:`PERSONAL_COLUMNS`)."""
    teams: list[Team] = []
    for team in result["teams"]:
        members: list[Member] = [
            {**m, "contacts": {k: v for k, v in m["contacts"].items()
                               if k not in PERSONAL_COLUMNS}} for m in team["members"]]
        teams.append({**team, "members": members})
    return {**result, "teams": teams}


def team_rows(result: WhoResult, redact: bool = False, lang: str = "ja"
              ) -> list[dict[str, Any]]:
    """One row per team member, for ``--csv``: rank, score, member, the asked needs it takes
    (codes, and ``need_label`` in ``lang`` beside them) and the needs it covers them by
    (``via_needs``: 食料 for 経済的困窮), how (事業 or stated/inferred), hand-off strength,
    route, coordinating meeting, contacts.

    With ``redact`` the personal contact columns (:data:`PERSONAL_COLUMNS`) are left out.
    """
    rows = []
    for rank, t in enumerate(result["teams"], start=1):
        for m in t["members"]:
            row: dict[str, Any] = {
                "team": rank, "team_score": t["score"], "id": m["id"], "name": m["name"],
                "desk": m["desk"], "needs": ";".join(o["need"] for o in m["covers"]),
                "need_label": ";".join(load_taxonomy().label_of(o["need"], lang)
                                      for o in m["covers"]),
                "via_needs": ";".join(o["via_need"] for o in m["covers"]),
                "how": ";".join(o["program_name"] or o["how"] for o in m["covers"]),
                "handoff": m["handoff"],
                "route": " → ".join([result["start_name"] or "",
                                     *(s["target_name"] for s in m["route"])])
                if m["route"] else "",
                "meeting": t["meeting"]["name"] if t["meeting"] else ""}
            for c in CONTACT_COLUMNS:
                if not (redact and c in PERSONAL_COLUMNS):
                    row[c] = m["contacts"].get(c, "")
            rows.append(row)
    return rows
