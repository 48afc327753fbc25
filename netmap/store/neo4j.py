"""Store networks in Neo4j and read them back, through the official driver.

One database holds many municipalities, each as one or more dated **snapshots**: a
``:Municipality`` node per snapshot (``key`` = ``<series>@<as_of>``, ``latest`` true on the
newest of its series) linked by ``HAS`` to its ``:NetmapNode`` nodes; needs are shared ``:Need``
nodes, and the dataset's demand table is ``DEMANDS`` relationships from the snapshot. A draft
(``draft: true``) is a series of its own (``draft:<code>``): it is never merged into, nor read
in place of, the curated data of the same town (see :mod:`netmap.store.plan`).

A snapshot is written in **one transaction**: its old content is deleted and created again from
the files (UNWIND batches; every node found by its unique ``uid``), so a failure leaves it as it
was and a second load of the same files leaves the same graph. Reading back gives the same typed
graph as the files did, so every analysis answers the same from either. Property keys are
camelCase in Neo4j and snake_case in Python (:mod:`netmap.store.props`).

The password comes from ``NEO4J_PASSWORD`` (or the ``password`` argument) and never appears in
output, logs or exception messages.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx

from netmap.errors import StoreError
from netmap.model import Network
from netmap.store.cypher import query, statements
from netmap.store.failures import check_uri, translate
from netmap.store.plan import STORE_KEYS, LoadPlan, plan
from netmap.store.props import decode

__all__ = ["Store", "BATCH", "READ_BATCH"]

#: Rows per UNWIND batch.
BATCH = 1000
#: Snapshots per statement of :meth:`Store.read_networks` (a batch of the national set's
#: towns holds a few thousand nodes: one result of a few MB).
READ_BATCH = 25
_NODE_TYPE = {"Organisation": "organisation", "Program": "program", "Meeting": "meeting",
              "Role": "role"}


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
        """Open a driver and check it reaches the database; raise :class:`StoreError` in plain
        words (server gone, not a Bolt URI, wrong password, unknown database).

        ``password`` defaults to ``NEO4J_PASSWORD``; with none, no authentication is sent
        (a server started with ``--no-auth``).
        """
        from neo4j import GraphDatabase

        check_uri(uri)
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        auth = (user, password) if password else None
        try:
            # Server notifications off: on a new database every statement naming a type not
            # created yet ("HAS does not exist") would print a driver warning to stderr.
            driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        except (ValueError, OSError) as exc:
            raise StoreError(f"Neo4j の URI が正しくありません — bad URI '{uri}': "
                             f"{type(exc).__name__}") from None
        store = cls(driver, uri, database)
        try:
            driver.verify_connectivity()
            with store.session() as s:  # the database itself, not only the server
                s.run("RETURN 1").consume()
        except Exception as exc:
            driver.close()
            raise translate(exc, uri, database, "接続 (connecting)") from None
        return store

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
        try:
            with self.session() as s:
                return _records(s.run(query(name), params))
        except StoreError:
            raise
        except Exception as exc:
            raise translate(exc, self.uri, self.database, f"読み出し (query {name})") from None

    # -- schema and load ----------------------------------------------------------------------
    def apply_schema(self, imported: bool = False) -> None:
        """Create the constraints and indexes of ``cypher/schema.cypher`` (idempotent) and
        wait until they are online.

        ``imported``: the database was just written by ``neo4j-admin database import`` and
        has no schema at all (:func:`netmap.store.bulk.bulk_load`). The DROPs of the old
        names are skipped (ten statements compiled by a server just started, for nothing),
        the constraints and the indexes netmap queries are created in one transaction and
        waited for, and the fulltext index of names (``schema_search``, which no netmap
        command queries) is created but not waited for: the server populates it in the
        background, and ``CALL db.awaitIndexes`` tells when it is online.
        """
        try:
            with self.session() as s:
                if imported:
                    with s.begin_transaction() as tx:
                        for stmt in statements("schema"):
                            if not stmt.lstrip().upper().startswith("DROP"):
                                tx.run(stmt).consume()
                        tx.commit()
                    s.run(query("await_indexes")).consume()
                    for stmt in statements("schema_search"):
                        s.run(stmt).consume()
                    return
                for stmt in (*statements("schema"), *statements("schema_search")):
                    s.run(stmt).consume()
                s.run(query("await_indexes")).consume()
        except Exception as exc:
            raise translate(exc, self.uri, self.database, "スキーマ (schema)") from None

    def load(self, net: Network, replace: bool = False, batch: int = BATCH,
             progress: Callable[[int], None] | None = None, source: str = "",
             timings: list[tuple[str, int, float]] | None = None) -> dict[str, Any]:
        """Write one snapshot in one transaction; return counts and elapsed seconds.

        Parameters
        ----------
        net : Network
        replace : bool
            Also delete the other snapshots of this series (older dates).
        batch : int
            Rows per UNWIND.
        progress : callable, optional
            Called with the number of rows written after each batch.
        source : str
            Where the dataset was read from, recorded as ``loadedFrom``.
        timings : list, optional
            Gets (statement, rows, seconds) of every statement run (the benchmark's slowest).

        Notes
        -----
        If the driver cannot tell whether the commit happened (``IncompleteCommit``: the
        connection dropped during the commit), the snapshot's ``loadedAt`` stamp is read back:
        the load is reported as done when it is this load's, as an error otherwise.
        """
        from neo4j.exceptions import IncompleteCommit

        p = plan(net, source)
        t0 = time.perf_counter()
        what = f"{net.name or p.key} の書き込み (loading {p.key})"
        try:
            with self.session() as s:
                s.execute_write(self._work, p, batch, progress, replace, timings)
        except IncompleteCommit:
            if not self._committed(p):
                raise StoreError(f"{what}: コミットされたか不明です — the server dropped the "
                                 "connection during the commit and the snapshot is not there; "
                                 "load it again") from None
        except StoreError:
            raise
        except Exception as exc:
            raise translate(exc, self.uri, self.database, what) from None
        return {"key": p.key, "code": net.code, "name": net.name, "draft": p.municipality["draft"],
                "as_of": net.graph.graph.get("as_of"), "elements": p.size,
                "nodes": p.node_count, "links": len(p.links) + len(p.covers),
                "seconds": round(time.perf_counter() - t0, 3)}

    @staticmethod
    def _work(tx: Any, p: LoadPlan, batch: int, progress: Callable[[int], None] | None,
              replace: bool, timings: list[tuple[str, int, float]] | None = None) -> None:
        """The statements of one snapshot (``cypher/load.cypher``): three for a first load of
        a town of at most ``batch`` rows of each kind, two deletes more for a reload."""
        def run(name: str, size: int = 0, **params: Any) -> Any:
            t0 = time.perf_counter()
            found = tx.run(query(name), key=p.key, **params).single()
            if timings is not None:
                timings.append((name, size, time.perf_counter() - t0))
            return found

        # The MERGE first: it locks the snapshot (see merge_snapshot).
        found = run("merge_snapshot", 1, series=p.series,
                    props={**p.municipality, "latest": True})
        if found["held"]:  # a reload: the snapshot's old content goes first
            run("delete_snapshot_nodes")
            run("delete_snapshot_demand")
        if progress:
            progress(1)
        for name, rows in p.steps(batch):
            run(name, len(rows), rows=rows)
            if progress:
                progress(len(rows))
        if found["others"] and replace:
            for row in _records(tx.run(query("find_snapshots"), key=p.series)):
                if row["key"] != p.key and row["series"] == p.series:
                    tx.run(query("delete_snapshot"), key=row["key"]).consume()
        elif found["others"]:
            run("mark_latest", series=p.series)

    def _committed(self, p: LoadPlan) -> bool:
        """Whether the snapshot in the database carries this plan's ``loadedAt`` stamp."""
        try:
            rows = self.run("read_municipality", key=p.key)
        except StoreError:
            return False
        return bool(rows) and rows[0]["props"].get("loadedAt") == p.municipality["loadedAt"]

    def delete(self, key: str, as_of: str | None = None) -> list[str]:
        """Remove a municipality's snapshots (or only the one of ``as_of``); return their keys."""
        found = self.snapshots(key, drafts=key.startswith("draft:"))
        keys = [r["key"] for r in found if as_of is None or r["asOf"] == as_of]
        if not keys:
            raise StoreError(f"Neo4j に '{key}' の {as_of} のスナップショットがありません — "
                             f"no snapshot of '{key}' dated {as_of}")
        series = {r["series"] for r in found}
        try:
            with self.session() as s:
                for k in keys:
                    s.execute_write(lambda tx, k=k: tx.run(query("delete_snapshot"),
                                                           key=k).consume())
                for one in series:
                    s.execute_write(lambda tx, one=one: tx.run(query("mark_latest"),
                                                               series=one).consume())
        except Exception as exc:
            raise translate(exc, self.uri, self.database, f"削除 (deleting {key})") from None
        return keys

    # -- find snapshots -----------------------------------------------------------------------
    def snapshots(self, key: str, drafts: bool = False) -> list[dict[str, Any]]:
        """The snapshots of one municipality (code, slug, series or snapshot key), newest first.

        Curated snapshots only, unless ``drafts`` or ``key`` names a draft (``draft:…``).
        Raises :class:`StoreError` when there is none, saying when only a draft exists, or when
        ``key`` matches two municipalities.
        """
        rows = self.run("find_snapshots", key=key)
        asked_draft = drafts or key.startswith("draft:")
        keep = [r for r in rows if asked_draft or not r["draft"]]
        if not keep:
            if rows:
                raise StoreError(
                    f"Neo4j の '{key}' は下書き (draft) だけです — only a draft of '{key}' is "
                    f"loaded; ask for it as '{rows[0]['series']}'")
            raise StoreError(f"Neo4j に自治体 '{key}' がありません — no municipality with code "
                             f"or slug '{key}'; load it with `netmap load`")
        series = sorted({r["series"] for r in keep})
        if len(series) > 1 and not drafts:
            raise StoreError(f"'{key}' に複数の自治体が一致します — ambiguous: "
                             + ", ".join(series))
        return keep

    def find(self, key: str, as_of: str | None = None, drafts: bool = False) -> str:
        """The snapshot key of a municipality: the latest, or the one dated ``as_of``."""
        rows = self.snapshots(key, drafts)
        if "@" in key:
            rows = [r for r in rows if r["key"] == key] or rows
        if as_of is None:
            return str(rows[0]["key"])
        for r in rows:
            if r["asOf"] == as_of:
                return str(r["key"])
        dates = ", ".join(str(r["asOf"] or "undated") for r in rows)
        raise StoreError(f"'{key}' に {as_of} のスナップショットがありません — no snapshot "
                         f"dated {as_of}; there are: {dates}")

    def municipalities(self, include_drafts: bool = False) -> list[dict[str, Any]]:
        """Every snapshot with its node count, drafts marked (``draft``) and left out unless
        ``include_drafts``."""
        return [r for r in self.run("list_municipalities") if include_drafts or not r["draft"]]

    # -- read back ----------------------------------------------------------------------------
    def read_network(self, key: str, as_of: str | None = None, drafts: bool = False) -> Network:
        """The network of one snapshot (latest by default), as the files would give it.

        Everything is read in one read transaction, so a load running meanwhile is seen
        either whole or not at all.
        """
        skey = self.find(key, as_of, drafts)

        def work(tx: Any) -> tuple[list[dict[str, Any]], ...]:
            return tuple(_records(tx.run(query(name), key=skey)) for name in
                         ("read_municipality", "read_nodes", "read_needs", "read_links",
                          "read_demand"))

        try:
            with self.session() as s:
                found, nodes, needs, links, demand = s.execute_read(work)
        except Exception as exc:
            raise translate(exc, self.uri, self.database, f"読み出し (reading {key})") from None
        if not found:
            raise StoreError(f"Neo4j の '{key}' は読み込み中に削除されました — deleted while "
                             "being read")
        return _build(found[0]["props"], nodes[0]["rows"], needs, links[0]["rows"], demand)

    def read_networks(self, keys: list[str], batch: int = READ_BATCH) -> Iterator[Network]:
        """The networks of many snapshots (their keys, as :meth:`municipalities` lists them),
        in the order of ``keys``, read ``batch`` at a time: one read transaction and two
        statements per batch (``read_snapshots`` and the shared needs), where
        :meth:`read_network` runs six per town. Each is the network :meth:`read_network`
        gives. A key with no snapshot (deleted meanwhile) raises :class:`StoreError`.
        """
        def work(tx: Any, part: list[str]) -> tuple[list[dict[str, Any]], ...]:
            return (_records(tx.run(query("read_snapshots"), keys=part)),
                    _records(tx.run(query("read_needs"))))

        for i in range(0, len(keys), batch):
            part = keys[i:i + batch]
            try:
                with self.session() as s:
                    found, needs = s.execute_read(work, part)
            except Exception as exc:
                raise translate(exc, self.uri, self.database,
                                f"読み出し (reading {part[0]} …)") from None
            by_key = {r["key"]: r for r in found}
            for key in part:
                r = by_key.get(key)
                if r is None:
                    raise StoreError(f"Neo4j にスナップショット '{key}' がありません — no "
                                     f"snapshot '{key}' (deleted while being read?)")
                demand = sorted(r["demand"], key=lambda d: d[1]["seq"])
                yield _build(r["props"], r["nodes"], needs, r["links"],
                             [{"need": code, "props": props} for code, props in demand])

    def read_pair(self, key: str, old: str, new: str | None,
                  drafts: bool = False) -> tuple[Network, Network]:
        """Two dated snapshots of one municipality (``new`` None: the latest), for
        ``netmap diff --neo4j``."""
        return (self.read_network(key, old, drafts), self.read_network(key, new, drafts))

    def counts(self, key: str, as_of: str | None = None) -> dict[str, dict[str, int]]:
        """Nodes per label and links per type of one snapshot, counted in the database."""
        out: dict[str, dict[str, int]] = {"node": {}, "link": {}}
        for r in self.run("counts", key=self.find(key, as_of)):
            out[r["what"]][r["name"]] = r["n"]
        return out

    def providers(self, key: str, needs: list[str]) -> dict[str, list[str]]:
        """Need code → organisations covering it (directly or via a program), in the database."""
        return {r["need"]: r["providers"]
                for r in self.run("providers", key=self.find(key), needs=needs)}

    def who_offers(self, snapshot: str, needs: list[str]) -> dict[str, Any]:
        """What each organisation of one snapshot (its key, :meth:`find`) accepts of the need
        codes ``needs`` (``cypher/who.cypher`` who_offers): ``stamp`` (the snapshot's
        ``loadedAt``, which changes with every load) and ``offers``."""
        return _the_row(self.run("who_offers", key=snapshot, needs=needs), snapshot)

    def who_graph(self, snapshot: str, needs: list[str]) -> dict[str, Any]:
        """The rows ``netmap who`` builds its hand-off graph from (``cypher/who.cypher``
        who_graph) for one snapshot key, with the offers of the need codes ``needs`` in the
        same round trip: ``name``, ``stamp`` and the lists ``orgs``, ``programs``, ``ties``,
        ``meetings`` and ``offers`` (keys as the Python model names them)."""
        return _the_row(self.run("who_graph", key=snapshot, needs=needs), snapshot)

    def ego(self, key: str, node_id: str, steps: int = 1) -> dict[str, int]:
        """Ids within ``steps`` (1–3) links of ``node_id``, with their distance."""
        if not 1 <= steps <= 3:
            raise StoreError("steps must be 1, 2 or 3")
        uid = f"{self.find(key)}/{node_id}"
        return {r["id"]: r["steps"] for r in self.run("ego", uid=uid, steps=steps)}


def _build(meta_props: dict[str, Any], nodes: list[Any], needs: list[dict[str, Any]],
           links: list[Any], demand: list[dict[str, Any]]) -> Network:
    """The typed graph from the rows of ``cypher/read.cypher``, in file order."""
    meta = decode(meta_props, drop=STORE_KEYS)
    if meta.get("draft") is False:
        del meta["draft"]
    meta["demand"] = [{"need": r["need"], **_with_extra(r["props"])} for r in demand]
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph(**meta)
    entries: list[tuple[int, str, dict[str, Any]]] = []
    for nid, label, props in nodes:
        entries.append((props["seq"], nid, {"node_type": _NODE_TYPE[label],
                                            **decode(props, drop=("uid", "id", "seq"))}))
    entries.sort(key=lambda e: e[0])  # file order
    for r in needs:  # after the municipality's own nodes, as the dataset reader adds them
        entries.append((0, f"need:{r['code']}",
                        {"node_type": "need", **decode(r["props"], drop=("seq",))}))
    for _, nid, attrs in entries:
        G.add_node(nid, **attrs)
    for row in meta["demand"]:
        node = G.nodes[f"need:{row['need']}"]
        node["demand"] = node.get("demand", 0) + row["count"]
    for source, target, kind, props in sorted(links, key=lambda r: r[3]["seq"]):
        G.add_edge(source, target, type=kind.lower(), **_with_extra(props))
    return Network(G)


def _with_extra(props: dict[str, Any]) -> dict[str, Any]:
    """Relationship properties back to attributes, the ``extraProps`` JSON spread out."""
    out = decode(props, drop=("seq", "extraProps"))
    if props.get("extraProps"):
        out.update(json.loads(props["extraProps"]))
    return out


def _the_row(rows: list[dict[str, Any]], snapshot: str) -> dict[str, Any]:
    """The one row a statement about one snapshot returns; none means it was deleted."""
    if not rows:
        raise StoreError(f"Neo4j にスナップショット '{snapshot}' がありません (deleted "
                         "while being read)")
    return rows[0]


def _records(result: Any) -> list[dict[str, Any]]:
    """A result's records as dicts, copied as they are (our queries return plain values)."""
    keys = result.keys()
    return [dict(zip(keys, values, strict=True)) for values in result.values()]
