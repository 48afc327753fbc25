"""Store networks in Neo4j and read them back, through the official driver.

One database holds many municipalities: every municipal node carries ``municipality_code`` and
its dataset ``id`` (uniquely constrained together); needs are shared ``:Need`` nodes. A
municipality is loaded in **one transaction** (UNWIND batches, MERGE on the constrained keys,
nodes before relationships), so a failure leaves it exactly as before and a second load of the
same files changes nothing. Reading back gives the same typed graph as the files did, so every
analysis answers the same from either.

The password comes from ``NEO4J_PASSWORD`` (or the ``password`` argument) and never appears in
output, logs or exception messages.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import networkx as nx

from netmap.errors import StoreError
from netmap.model import LINK_TYPES, Network
from netmap.store.cypher import query, statements

__all__ = ["Store", "municipality_key", "BATCH"]

#: Rows per UNWIND batch.
BATCH = 1000
_LABELS = {"organisation": "Organisation", "program": "Program", "meeting": "Meeting",
           "role": "Role"}
_NODE_TYPE = {v: k for k, v in _LABELS.items()}
_JSON = "__json"


def municipality_key(net: Network) -> str:
    """The key of a municipality in the store: its code, or ``draft-<slug>`` for an extracted
    draft that has none yet."""
    return net.code or f"draft-{net.slug}"


def _props(attrs: dict[str, Any], seq: int | None = None) -> dict[str, Any]:
    """Attributes as Neo4j properties: None dropped, dicts and lists of dicts as JSON text."""
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, dict) or (isinstance(v, list) and any(isinstance(x, dict) for x in v)):
            out[k + _JSON] = json.dumps(v, ensure_ascii=False)
        else:
            out[k] = v
    if seq is not None:
        out["seq"] = seq
    return out


def _unprops(props: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in props.items():
        if k in drop or k == "seq":
            continue
        if k.endswith(_JSON):
            out[k[: -len(_JSON)]] = json.loads(v)
        else:
            out[k] = v
    return out


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


@dataclass
class LoadPlan:
    """The rows one municipality is written as: statement name → rows."""

    code: str
    municipality: dict[str, Any]
    needs: list[dict[str, Any]]
    nodes: dict[str, list[dict[str, Any]]]
    links: dict[str, list[dict[str, Any]]]

    @property
    def size(self) -> int:
        return 1 + len(self.needs) + sum(map(len, self.nodes.values())) + sum(
            map(len, self.links.values()))

    def steps(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """(statement of ``cypher/load.cypher``, rows) in order: needs, nodes, then links.

        All node kinds go in one statement and all links but ``covers`` in another (dynamic
        labels and types): statements, not rows, are most of the cost of a small village.
        """
        return [("merge_needs", self.needs),
                ("merge_nodes", [r for rows in self.nodes.values() for r in rows]),
                ("merge_links", [r for t, rows in self.links.items() if t != "covers"
                                 for r in rows]),
                ("merge_covers", self.links["covers"])]


def plan(net: Network) -> LoadPlan:
    """Turn a network into the parameter rows of ``cypher/load.cypher``."""
    code = municipality_key(net)
    G = net.graph
    meta = _props({k: v for k, v in G.graph.items()})
    meta["code"] = code
    nodes: dict[str, list[dict[str, Any]]] = {t: [] for t in _LABELS}
    needs = []
    for seq, (n, d) in enumerate(G.nodes(data=True)):
        kind = d["node_type"]
        if kind == "need":  # shared by all municipalities: ordered by taxonomy position
            props = _props({k: v for k, v in d.items() if k not in ("node_type", "demand")},
                           len(needs))
            needs.append({"code": d["code"], "props": props})
        else:
            props = _props({k: v for k, v in d.items() if k != "node_type"}, seq)
            props.update(municipality_code=code, id=n)
            nodes[kind].append({"id": n, "label": _LABELS[kind], "props": props})
    links: dict[str, list[dict[str, Any]]] = {t: [] for t in LINK_TYPES}
    seen: dict[tuple[str, str, str], int] = {}
    for seq, (u, v, d) in enumerate(G.edges(data=True)):
        t = d["type"]
        nth = seen.get((u, v, t), 0)
        seen[(u, v, t)] = nth + 1
        link_id = hashlib.sha1(f"{code}\x1f{u}\x1f{v}\x1f{t}\x1f{nth}".encode()).hexdigest()[:20]
        target = G.nodes[v]["code"] if t == "covers" else v
        props = _props({k: val for k, val in d.items() if k != "type"}, seq)
        props["link_id"] = link_id
        if t == "covers":
            props["municipality_code"] = code
        links[t].append({"source": u, "target": target, "link_id": link_id,
                         "type": t.upper(), "props": props})
    return LoadPlan(code, meta, needs, nodes, links)


class Store:
    """A connection to one Neo4j database holding netmap networks."""

    def __init__(self, driver: Any, uri: str, database: str | None = None):
        self.driver = driver
        self.uri = uri
        self.database = database

    # -- connection ---------------------------------------------------------------------------
    @classmethod
    def connect(cls, uri: str, user: str = "neo4j", password: str | None = None,
                database: str | None = None) -> Store:
        """Open a driver and check it can talk; raise :class:`StoreError` in plain words.

        ``password`` defaults to ``NEO4J_PASSWORD``; with none, no authentication is sent
        (a server started with ``--no-auth``).
        """
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        auth = (user, password) if password else None
        try:
            driver = GraphDatabase.driver(uri, auth=auth)
            driver.verify_connectivity()
        except AuthError:
            raise StoreError(f"Neo4j の認証に失敗しました (authentication failed for user "
                             f"'{user}' at {uri}; check NEO4J_USERNAME / NEO4J_PASSWORD)") from None
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreError(f"Neo4j に接続できません (cannot reach Neo4j at {uri}: "
                             f"{type(exc).__name__}). `netmap db start` で起動できます") from None
        except Neo4jError as exc:
            raise StoreError(f"Neo4j error at {uri}: {exc.code}") from None
        return cls(driver, uri, database)

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Any]:
        with self.driver.session(database=self.database) as s:
            yield s

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named query of ``cypher/`` and return its records as dicts."""
        with self.session() as s:
            return _records(s.run(query(name), params))

    # -- schema and load ----------------------------------------------------------------------
    def apply_schema(self) -> None:
        """Create the constraints and indexes of ``cypher/schema.cypher`` (idempotent)."""
        with self.session() as s:
            for stmt in statements("schema"):
                s.run(stmt).consume()

    def load(self, net: Network, replace: bool = False, batch: int = BATCH,
             progress: Callable[[int], None] | None = None) -> dict[str, Any]:
        """Write one municipality in one transaction; return counts and elapsed seconds.

        Parameters
        ----------
        net : Network
        replace : bool
            Also delete this municipality's nodes and links no longer in ``net``.
        batch : int
            Rows per UNWIND.
        progress : callable, optional
            Called with the number of rows written after each batch.
        """
        from neo4j.exceptions import Neo4jError

        p = plan(net)
        t0 = time.perf_counter()

        def work(tx: Any) -> None:
            tx.run(query("merge_municipality"), code=p.code, props=p.municipality).consume()
            if progress:
                progress(1)
            for name, rows in p.steps():
                for chunk in _batches(rows, batch):
                    tx.run(query(name), code=p.code, rows=chunk).consume()
                    if progress:
                        progress(len(chunk))
            if replace:
                ids = [r["id"] for rows in p.nodes.values() for r in rows]
                link_ids = [r["link_id"] for rows in p.links.values() for r in rows]
                tx.run(query("delete_stale_links"), code=p.code, link_ids=link_ids).consume()
                tx.run(query("delete_stale_nodes"), code=p.code, ids=ids).consume()

        try:
            with self.session() as s:
                s.execute_write(work)
        except Neo4jError as exc:
            raise StoreError(f"{net.name or p.code} の書き込みに失敗し、何も書き込んでいません "
                             f"(load failed, nothing written): {exc.code}: {exc.message}") from None
        elapsed = time.perf_counter() - t0
        return {"code": p.code, "name": net.name, "elements": p.size,
                "nodes": sum(map(len, p.nodes.values())),
                "links": sum(map(len, p.links.values())), "seconds": round(elapsed, 3)}

    def delete(self, key: str) -> None:
        """Remove one municipality (its code or slug) from the database."""
        code = self.find(key)
        with self.session() as s:
            s.execute_write(lambda tx: tx.run(query("delete_municipality"), code=code).consume())

    # -- read back ----------------------------------------------------------------------------
    def find(self, key: str) -> str:
        """The stored code of a municipality given its code or slug."""
        rows = self.run("find_municipality", key=key)
        if not rows:
            raise StoreError(f"Neo4j に自治体 '{key}' がありません (no municipality with code or "
                             f"slug '{key}'; load it with `netmap load`)")
        if len(rows) > 1:
            raise StoreError(f"'{key}' に複数の自治体が一致します (ambiguous: "
                             + ", ".join(r["code"] for r in rows) + ")")
        return str(rows[0]["code"])

    def read_network(self, key: str) -> Network:
        """The network of one municipality (code or slug), as the files would give it.

        Everything is read in one read transaction, so a load running meanwhile is seen
        either whole or not at all.
        """
        code = self.find(key)

        def work(tx: Any) -> tuple[list[dict[str, Any]], ...]:
            return tuple(_records(tx.run(query(name), code=code, key=code)) for name in
                         ("find_municipality", "read_nodes", "read_needs", "read_links"))

        with self.session() as s:
            found, nodes, needs, links = s.execute_read(work)
        if not found:
            raise StoreError(f"Neo4j の自治体 '{key}' は読み込み中に削除されました "
                             f"(municipality '{key}' was deleted while being read)")
        meta = _unprops(found[0]["props"])
        if str(meta.get("code", "")).startswith("draft-"):
            meta["code"] = ""
        G = nx.MultiDiGraph(**meta)
        entries: list[tuple[int, str, dict[str, Any]]] = []
        for nid, label, props in nodes[0]["rows"]:
            attrs = _unprops(props, drop=("municipality_code", "id"))
            entries.append((props["seq"], nid, {"node_type": _NODE_TYPE[label], **attrs}))
        entries.sort(key=lambda e: e[0])  # file order
        for r in needs:  # after the municipality's own nodes, as the dataset reader adds them
            entries.append((0, f"need:{r['code']}", {"node_type": "need", **_unprops(r["props"])}))
        for _, nid, attrs in entries:
            G.add_node(nid, **{k: attrs[k] for k in _node_order(attrs)})
        for row in G.graph.get("demand", []):
            node = G.nodes[f"need:{row['need']}"]
            node["demand"] = node.get("demand", 0) + row["count"]
        for source, target, kind, props in sorted(links[0]["rows"], key=lambda r: r[3]["seq"]):
            attrs = _unprops(props, drop=("link_id", "municipality_code"))
            G.add_edge(source, target, type=kind.lower(), **attrs)
        return Network(G)

    def counts(self, key: str) -> dict[str, dict[str, int]]:
        """Nodes per label and links per type of one municipality, counted in the database."""
        code = self.find(key)
        out: dict[str, dict[str, int]] = {"node": {}, "link": {}}
        for r in self.run("counts", code=code):
            out[r["what"]][r["name"]] = r["n"]
        return out

    def providers(self, key: str, needs: list[str]) -> dict[str, list[str]]:
        """Need code → organisations covering it (directly or via a program), in the database."""
        code = self.find(key)
        return {r["need"]: r["providers"] for r in self.run("providers", code=code, needs=needs)}

    def who_rows(self, key: str, needs: list[str]) -> dict[str, Any]:
        """The rows ``netmap who`` builds its hand-off graph from (``cypher/who.cypher``):
        ``name`` and the lists ``orgs``, ``programs``, ``offers`` (of the need codes
        ``needs`` only), ``ties`` and ``meetings``."""
        rows = self.run("who_rows", code=self.find(key), needs=needs)
        if not rows:
            raise StoreError(f"Neo4j に自治体 '{key}' がありません (municipality '{key}' "
                             "was deleted while being read)")
        return rows[0]

    def ego(self, key: str, node_id: str, steps: int = 1) -> dict[str, int]:
        """Ids within ``steps`` (1–3) links of ``node_id``, with their distance."""
        if not 1 <= steps <= 3:
            raise StoreError("steps must be 1, 2 or 3")
        code = self.find(key)
        return {r["id"]: r["steps"] for r in self.run("ego", code=code, id=node_id, steps=steps)}

    def municipalities(self) -> list[dict[str, Any]]:
        return self.run("list_municipalities")


def _records(result: Any) -> list[dict[str, Any]]:
    """A result's records as dicts, copied as they are.

    Our queries return plain values, maps and lists (never node or relationship objects), so
    ``Record.data()``, which walks every nested value, is not needed (it was a third of the
    time of reading a city back).
    """
    keys = result.keys()
    return [dict(zip(keys, values, strict=True)) for values in result.values()]


def _node_order(attrs: dict[str, Any]) -> list[str]:
    """Attribute order as the dataset reader builds it: node_type first, then the rest."""
    return ["node_type", *[k for k in attrs if k != "node_type"]]
