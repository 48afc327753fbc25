"""Gould–Fernandez brokerage roles, with the z-scores of R's ``sna::brokerage``."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping
from typing import Any

import networkx as nx

__all__ = ["ROLES", "brokerage_roles"]

#: The five Gould–Fernandez roles, in ``sna``'s column order (w_I, w_O, b_IO, b_OI, b_O),
#: then their sum ``total`` (sna's ``t``).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")

_FIVE = ROLES[:5]


def brokerage_roles(
    G: nx.Graph[Any], group: Mapping[Hashable, str]
) -> dict[Hashable, dict[str, float | int | None]]:
    """Count each node's Gould–Fernandez brokerage roles and test them against sna's null model.

    A node ``v`` *brokers* every open two-path ``a → v → c`` in which ``a``, ``v`` and ``c``
    are distinct and ``a`` has no direct tie to ``c``.  Each such path is classified by the
    groups of ``a`` (source), ``v`` (broker) and ``c`` (destination) into one of five roles
    (Gould & Fernandez 1989).  For a welfare network the groups are, for instance, the
    sectors of the organisations: a 社会福祉協議会 that links a 行政課 to an NPO is a
    *liaison*; one that passes people from outside into its own sector is a *gatekeeper*.

    Parameters
    ----------
    G : networkx.DiGraph
        The network.  A ``networkx.Graph`` is read as a digraph with every tie reciprocal;
        a multigraph's parallel edges count once.  Self-loops are ignored.
    group : mapping
        Group of every node of ``G`` (extra keys are ignored).  One group per node.

    Returns
    -------
    dict
        ``{node: {key: value}}`` with, for each ``role`` in :data:`ROLES`:

        - ``role`` (int): the number of open two-paths the node brokers in that role
          (``total`` is the sum of the five roles);
        - ``role_expected`` (float): the expected count under sna's null model;
        - ``role_z`` (float or None): ``(count - expected) / sd``; ``None`` where the
          null variance is 0 (sna returns NaN or ±Inf there).

    Raises
    ------
    ValueError
        If a node of ``G`` has no group (absent from ``group`` or mapped to ``None``); the
        message names the node.

    Notes
    -----
    Roles of the broker ``v`` on an open two-path ``a → v → c`` (``A``, ``B``, ``C`` are
    different groups), with sna's names and the C code's test order
    (``brokerage_R`` in sna's ``gli.c``):

    ==============  =====  ========  =========================================
    role            sna    a  v  c   meaning
    ==============  =====  ========  =========================================
    coordinator     w_I    A  A  A   mediates inside its own group
    representative  b_IO   A  A  C   broker shares the *source*'s group
    gatekeeper      b_OI   A  C  C   broker shares the *destination*'s group
    itinerant       w_O    A  B  A   outsider mediating inside another group
    liaison         b_O    A  B  C   all three groups differ
    ==============  =====  ========  =========================================

    The representative/gatekeeper direction is exactly sna's: ``cl[j]==cl[i]`` (broker's
    group = source's group) gives ``b_IO``, else ``cl[j]==cl[k]`` (broker's group =
    destination's group) gives ``b_OI`` (``i`` = source, ``j`` = broker, ``k`` =
    destination).

    Counting follows sna: a path is open when the tie ``a → c`` is absent; a tie ``c → a``
    does not close it.  Reciprocal ties are ordinary ties, so with ``a ↔ v ↔ c`` the node
    ``v`` brokers both ``a → v → c`` and ``c → v → a``; ``a → v → a`` is never a path.
    Work is the sum over nodes of in-degree × out-degree, not all triples.

    Null model (sna's ``brokerage``, reproduced term by term): with ``N`` nodes, ``m``
    directed ties (a ``Graph`` edge counts twice), density ``d = m / (N(N-1))``,
    ``p = d²(1-d)`` (probability that a given ordered triple is an open two-path) and
    ``q = d³(1-d)³``, and for a broker in group ``i`` of size ``nᵢ`` (``j`` ranging over the
    other groups, ``C(x, 2)`` the binomial coefficient):

    - coordinator: E = p (nᵢ-1)(nᵢ-2); Var = E(1-p) + 2 (nᵢ-1)(nᵢ-2)(nᵢ-3) q
    - itinerant: E = p Σⱼ nⱼ(nⱼ-1); Var = E(1-p) + 2 Σⱼ nⱼ(nⱼ-1)(nⱼ-2) q
    - representative and gatekeeper: E = p (N-nᵢ)(nᵢ-1);
      Var = E(1-p) + 2 [(nᵢ-1) C(N-nᵢ, 2) + (N-nᵢ) C(nᵢ-1, 2)] q
    - liaison: E = p [(N-nᵢ)² - Σⱼ nⱼ²]; Var = E(1-p) + 4 Σⱼ nⱼ C(N-nⱼ-nᵢ, 2) q
    - total: E = p (N-1)(N-2); Var = E(1-p) + 2 (N-1)(N-2)(N-3) q.  The expected total
      equals the sum of the five expectations; its variance is sna's own formula, not the
      sum of the five.

    Expectations depend only on the broker's group, so an isolate has zero counts but the
    expectations (and negative z-scores) of its group, as in sna.  Isolates count in ``N``.

    Edge cases: an empty graph gives ``{}``; with fewer than two nodes, no ties, or a
    complete digraph the variance is 0 and every z is ``None``; a role that cannot occur
    (e.g. itinerant when there is one group, coordinator in a group of two) has expected
    0 and z ``None``.  Self-loops are dropped from the counts *and* from ``m``; sna keeps
    them in ``m`` (``as.edgelist.sna`` defaults to ``suppress.diag=FALSE``), so on a graph
    with self-loops our expectations differ from sna's.  On loop-free graphs the counts,
    expectations and z-scores equal sna 2.7-1's to rounding.

    Only one group per node is supported: the multiple-membership extension of Everett
    & Borgatti is **not** implemented.  The graph-level statistics of sna
    (``raw.gli``, ``z.gli``) are not computed here.

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). "Structures of mediation: A formal
       approach to brokerage in transaction networks." *Sociological Methodology* 19:
       89–126.
    .. [2] Butts, C. T. ``sna``: Tools for Social Network Analysis, R package, function
       ``brokerage`` and its C routine ``brokerage_R`` (src/gli.c); checked against
       version 2.7-1.
    .. [3] Everett & Borgatti's extension of these roles to nodes that belong to several
       groups is cited by name only: it is not implemented.

    Examples
    --------
    A chain across three groups: ``b`` is a liaison.  ``N = 3``, ``m = 2``, ``d = 1/3``,
    ``p = 2/27``: expected liaison ``p·(2² − 2) = 4/27``, variance ``(4/27)(25/27)``,
    so ``z = (1 − 4/27) / (10/27) = 2.3``.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> roles = brokerage_roles(G, {"a": "市", "b": "社協", "c": "NPO"})
    >>> {role: roles["b"][role] for role in ROLES}
    {'coordinator': 0, 'itinerant': 0, 'representative': 0, 'gatekeeper': 0, 'liaison': 1, 'total': 1}
    >>> round(roles["b"]["liaison_z"], 9), roles["b"]["coordinator_z"]
    (2.3, None)
    """
    nodes = list(G)
    for v in nodes:
        if group.get(v) is None:
            raise ValueError(
                f"ノード {v!r} のグループがありません (node {v!r} has no group in `group`)"
            )
    succ, pred = _neighbour_sets(G)

    counts = {v: dict.fromkeys(_FIVE, 0) for v in nodes}
    for v in nodes:
        gv = group[v]
        row = counts[v]
        for a, c in _open_two_paths(succ, pred, v):
            row[_role(group[a], gv, group[c])] += 1

    n_nodes = len(nodes)
    n_ties = sum(len(out) for out in succ.values())
    density = n_ties / (n_nodes * (n_nodes - 1)) if n_nodes > 1 else 0.0
    sizes: dict[str, int] = {}
    for v in nodes:
        sizes[group[v]] = sizes.get(group[v], 0) + 1
    moments = {g: _null_moments(g, sizes, n_nodes, density) for g in sizes}

    result: dict[Hashable, dict[str, float | int | None]] = {}
    for v in nodes:
        raw = counts[v]
        raw_total = sum(raw.values())
        out: dict[str, float | int | None] = {}
        for role in ROLES:
            count = raw_total if role == "total" else raw[role]
            expected, variance = moments[group[v]][role]
            out[role] = count
            out[f"{role}_expected"] = expected
            out[f"{role}_z"] = (count - expected) / math.sqrt(variance) if variance > 0 else None
        result[v] = out
    return result


def _neighbour_sets(
    G: nx.Graph[Any],
) -> tuple[dict[Hashable, set[Hashable]], dict[Hashable, set[Hashable]]]:
    """Successor and predecessor sets without self-loops (parallel edges collapse)."""
    succ: dict[Hashable, set[Hashable]] = {v: set() for v in G}
    if not isinstance(G, nx.DiGraph):
        for u, v in G.edges():
            if u != v:
                succ[u].add(v)
                succ[v].add(u)
        return succ, succ
    pred: dict[Hashable, set[Hashable]] = {v: set() for v in G}
    for u, v in G.edges():  # a multigraph's parallel edges land in the same set
        if u != v:
            succ[u].add(v)
            pred[v].add(u)
    return succ, pred


def _open_two_paths(
    succ: Mapping[Hashable, set[Hashable]], pred: Mapping[Hashable, set[Hashable]], v: Hashable
) -> Iterator[tuple[Hashable, Hashable]]:
    """Yield ``(a, c)`` for every open two-path ``a → v → c`` (a ≠ c, no tie a → c)."""
    out_v = succ[v]
    for a in pred[v]:
        out_a = succ[a]
        for c in out_v:
            if c != a and c not in out_a:
                yield a, c


def _role(source: str, broker: str, destination: str) -> str:
    """Classify one open two-path in the test order of sna's C routine ``brokerage_R``."""
    if broker == source:
        return "coordinator" if broker == destination else "representative"
    if broker == destination:
        return "gatekeeper"
    if source == destination:
        return "itinerant"
    return "liaison"


def _null_moments(
    own: str, sizes: Mapping[str, int], n_nodes: int, density: float
) -> dict[str, tuple[float, float]]:
    """Expectation and variance of each role count for a broker in group ``own`` (sna)."""
    d = density
    p = d * d * (1 - d)
    q = d**3 * (1 - d) ** 3
    n = sizes[own]
    others = [size for g, size in sizes.items() if g != own]
    rest = n_nodes - n

    def moments(pairs: int, covariance: int) -> tuple[float, float]:
        expected = p * pairs
        return expected, expected * (1 - p) + covariance * q

    representative = moments(
        rest * (n - 1), 2 * ((n - 1) * math.comb(rest, 2) + rest * math.comb(n - 1, 2))
    )
    return {
        "coordinator": moments((n - 1) * (n - 2), 2 * (n - 1) * (n - 2) * (n - 3)),
        "itinerant": moments(
            sum(k * (k - 1) for k in others), 2 * sum(k * (k - 1) * (k - 2) for k in others)
        ),
        "representative": representative,
        "gatekeeper": representative,
        "liaison": moments(
            rest * rest - sum(k * k for k in others),
            4 * sum(k * math.comb(n_nodes - k - n, 2) for k in others),
        ),
        "total": moments(
            (n_nodes - 1) * (n_nodes - 2), 2 * (n_nodes - 1) * (n_nodes - 2) * (n_nodes - 3)
        ),
    }
