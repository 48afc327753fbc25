"""The Neo4j store against a real server (started by scripts/test; NETMAP_TEST_NEO4J_URI).

Without a server these tests skip loudly on a developer's machine and fail in CI.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from helpers import DATASETS, neo4j_test_store, write_dataset

from netmap.analysis.brokers import brokers
from netmap.analysis.gaps import gaps
from netmap.analysis.who import who
from netmap.cli import cli
from netmap.errors import StoreError
from netmap.io.dataset import load_dataset
from netmap.store.cypher import all_queries
from netmap.store.neo4j import Store

pytestmark = pytest.mark.neo4j
URI = os.environ.get("NETMAP_TEST_NEO4J_URI", "")
REAL = ["zama", "kunitachi", "odawara", "fujisawa"]


@pytest.fixture(scope="module")
def store():  # type: ignore[no-untyped-def]
    yield from neo4j_test_store()


def canon(net) -> str:  # type: ignore[no-untyped-def]
    """Node-link JSON with nodes and links in a fixed order (edge keys dropped)."""
    d = nx.node_link_data(net.graph, edges="links")
    d["graph"].pop("slug", None)
    d["nodes"] = sorted(d["nodes"], key=lambda n: n["id"])
    d["links"] = sorted(({k: v for k, v in link.items() if k != "key"} for link in d["links"]),
                        key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def totals(store: Store) -> tuple[int, int]:
    with store.session() as s:
        n = s.run("MATCH (n) RETURN count(n) AS n").single()["n"]  # test-only count
        r = s.run("MATCH ()-[r]->() RETURN count(r) AS n").single()["n"]
    return n, r


def test_load_twice_leaves_identical_counts(store: Store) -> None:
    net = load_dataset(DATASETS / "zama")
    store.load(net)
    first = (totals(store), store.counts("142166"))
    store.load(net)
    assert (totals(store), store.counts("142166")) == first
    assert first[1]["node"]["Organisation"] == len(net.organisations())
    with store.session() as s:  # test-only: no statement made a node of no kind (a variable
        # dropped by a WITH in a subquery and re-created by CREATE makes a bare node)
        stray = s.run("MATCH (n) WHERE NOT (n:Municipality OR n:NetmapNode OR n:Need) "
                      "RETURN count(n) AS n").single()["n"]
    assert stray == 0


def test_round_trip_is_lossless(store: Store, tmp_path: Path) -> None:
    for slug in REAL:
        net = load_dataset(DATASETS / slug)
        store.load(net)
        back = store.read_network(slug)
        assert canon(back) == canon(net), slug
        # load → pull → load: the pulled folder loads to the same graph again
        out = tmp_path / slug
        result = CliRunner().invoke(cli, ["pull", net.code, "--out", str(out),
                                          "--neo4j-uri", URI])
        assert result.exit_code == 0, result.output
        assert canon(load_dataset(out)) == canon(net), slug



def test_batched_read_gives_each_town_as_read_alone(store: Store) -> None:
    """read_networks (one statement per batch of towns, for a national analysis) gives every
    network exactly as the files do, in the order asked, across a batch boundary (batches of
    3 here, so the 4 real towns take two) and with demand rows in file order (座間市's
    demand.csv; its canon would differ if they came back in another order)."""
    nets = {slug: load_dataset(DATASETS / slug) for slug in REAL}
    for net in nets.values():
        store.load(net)
    keys = [store.find(net.code) for net in nets.values()]
    back = list(store.read_networks(keys[::-1], batch=3))
    assert [canon(b) for b in back] == [canon(n) for n in list(nets.values())[::-1]]
    with pytest.raises(StoreError, match="no snapshot 'nowhere@undated'"):
        list(store.read_networks([keys[0], "nowhere@undated"]))

def test_failed_load_writes_nothing(store: Store) -> None:
    net = load_dataset(DATASETS / "kunitachi")
    store.load(net)
    before = (totals(store), store.counts("kunitachi"))
    # A bad row at the end: a demand row for a need that is not in the database, which
    # Neo4j refuses (a relationship to null) after the old snapshot was deleted and every
    # node and link of this transaction (a renamed one too) was written.
    bad = load_dataset(DATASETS / "kunitachi")
    bad.graph.nodes["kunitachi-fukushi-somu"]["name"] = "書き換え済み"
    bad.graph.graph["demand"].append({"need": "no-such-need", "count": 1})
    with pytest.raises(StoreError, match="nothing written"):
        store.load(bad)
    assert (totals(store), store.counts("kunitachi")) == before
    assert store.read_network("kunitachi").graph.nodes["kunitachi-fukushi-somu"]["name"] != \
        "書き換え済み"


def test_failed_first_load_leaves_no_trace(store: Store, tmp_path: Path) -> None:
    net = load_dataset(write_dataset(tmp_path / "new", {
        "municipality.yaml": 'code: "011002"\nname: 札幌市\nprefecture: 北海道\n'}))
    net.graph.graph["demand"] = [{"need": "no-such-need", "count": 1}]  # refused last
    before = totals(store)
    with pytest.raises(StoreError):
        store.load(net)
    assert totals(store) == before
    with pytest.raises(StoreError, match="no municipality"):
        store.find("011002")


def test_reload_after_a_node_changes_type(store: Store) -> None:
    """A node whose type changed in the files keeps one type label, the new one."""
    net = load_dataset(DATASETS / "kunitachi")
    store.load(net)
    before = store.counts("kunitachi")["node"]
    prog = next(n for n, _ in net.nodes_of("program"))
    net.graph.nodes[prog]["node_type"] = "meeting"
    store.load(net)
    after = store.counts("kunitachi")["node"]
    assert after["Program"] == before["Program"] - 1
    assert after["Meeting"] == before.get("Meeting", 0) + 1
    assert store.read_network("kunitachi").graph.nodes[prog]["node_type"] == "meeting"
    store.load(load_dataset(DATASETS / "kunitachi"))
    assert store.counts("kunitachi")["node"] == before


def test_two_loads_at_once_make_no_duplicates(store: Store) -> None:
    net = load_dataset(DATASETS / "odawara")
    if any(m["slug"] == "odawara" for m in store.municipalities()):
        store.delete("odawara")
    errors: list[BaseException] = []

    def go() -> None:
        try:
            with Store.connect(URI, password="") as s:
                s.load(net)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    counts = store.counts("odawara")
    assert counts["node"]["Organisation"] == len(net.organisations())
    assert sum(counts["link"].values()) == net.graph.number_of_edges()


def test_reload_mirrors_the_files_and_replace_drops_older_snapshots(store: Store,
                                                                   tmp_path: Path) -> None:
    code = "011002"
    muni = f'code: "{code}"\nname: 札幌市\nprefecture: 北海道\nas_of: "2024-04-01"\n'
    store.load(load_dataset(write_dataset(tmp_path / "a", {"municipality.yaml": muni})))
    smaller = load_dataset(write_dataset(tmp_path / "b", {
        "municipality.yaml": muni,
        "organisations.csv": "id,name,sector,hub\nhub,自立サポート担当,government,true\n"
                             "shakyo,社会福祉協議会,shakyo,\n",
        "links.csv": "source,target,type\nhub,shakyo,refers_to\n"}))
    store.load(smaller)  # same date: the snapshot is replaced by what the files hold now
    assert store.counts(code)["node"]["Organisation"] == 2
    assert canon(store.read_network(code)) == canon(smaller)
    newer = load_dataset(write_dataset(tmp_path / "c", {
        "municipality.yaml": muni.replace("2024-04-01", "2025-04-01")}))
    store.load(newer)  # another date: a second snapshot, the latest by default
    assert [r["asOf"] for r in store.snapshots(code)] == ["2025-04-01", "2024-04-01"]
    assert store.counts(code)["node"]["Organisation"] == 3
    store.load(newer, replace=True)
    assert [r["asOf"] for r in store.snapshots(code)] == ["2025-04-01"]
    store.delete(code)


def test_analyses_match_files_and_neo4j(store: Store) -> None:
    for slug in REAL:
        net = load_dataset(DATASETS / slug)
        store.load(net)
        db_net = store.read_network(net.code)
        assert gaps(db_net) == gaps(net), slug
        assert brokers(db_net) == brokers(net), slug
        assert who(db_net, ["住まい", "債務"]) == who(net, ["住まい", "債務"]), slug


def test_cypher_queries_match_python(store: Store) -> None:
    net = load_dataset(DATASETS / "zama")
    store.load(net)
    codes = list(net.providers())
    assert store.providers("zama", codes) == {c: net.providers()[c] for c in codes}
    ego = store.ego("zama", net.hub, steps=1)
    neighbours = set(nx.all_neighbors(net.graph, net.hub)) - {n for n in net.graph
                                                              if n.startswith("need:")}
    assert set(ego) == neighbours and set(ego.values()) == {1}


def test_show_from_neo4j_prints_what_files_print(store: Store) -> None:
    store.load(load_dataset(DATASETS / "zama"))
    runner = CliRunner()
    from_files = runner.invoke(cli, ["show", str(DATASETS / "zama")])
    from_db = runner.invoke(cli, ["show", "--neo4j", "zama", "--neo4j-uri", URI])
    assert from_db.exit_code == 0, from_db.output
    assert from_db.output == from_files.output
    for command in (["gaps"], ["brokers"], ["who", "住まい", "債務"]):
        a = runner.invoke(cli, [command[0], str(DATASETS / "zama"), *command[1:]])
        b = runner.invoke(cli, [command[0], "--neo4j", "142166", "--neo4j-uri", URI,
                                *command[1:]])
        assert a.output == b.output, command


def test_password_never_printed(store: Store) -> None:
    secret = "s3cr3t-pw-do-not-print"
    runner = CliRunner()
    env = {"NEO4J_PASSWORD": secret}
    for args in (["show", "--neo4j", "zama", "--neo4j-uri", "bolt://127.0.0.1:1"],
                 ["show", "--neo4j", "nowhere", "--neo4j-uri", URI],
                 ["load", str(DATASETS / "zama"), "--neo4j-uri", "bolt://127.0.0.1:1"],
                 ["load", "--help"], ["db", "start", "--help"], ["show", "--help"]):
        result = runner.invoke(cli, args, env=env)
        assert secret not in result.output, args
        assert secret not in repr(result.exception), args


def test_every_cypher_query_is_used() -> None:
    root = Path(__file__).parents[1]
    source = "\n".join(p.read_text(encoding="utf-8")
                       for d in ("netmap", "benchmarks") for p in (root / d).rglob("*.py"))
    from netmap.model import LINK_TYPES

    # built by name: the load's steps (netmap.store.plan.LoadPlan.steps) and the benchmark's
    # per-row loop (f"row_{type}")
    built = {"create_nodes", "create_links"}
    built |= {f"row_{t}" for t in LINK_TYPES}
    examples = _names_in("examples.cypher") if (root / "cypher" / "examples.cypher").exists() \
        else set()
    for name in all_queries():
        if name in examples:
            continue  # the Browser cookbook: each is run by test_examples_answer_like_netmap
        assert f'"{name}"' in source or name in built, f"cypher query '{name}' is never used"
    assert built <= set(all_queries())


# -- plans: nothing a load runs can stall (issue #19) ------------------------------------------
#: Operators that read every node or relationship of the database, or multiply two inputs.
SCANS = ("AllNodesScan", "AllRelationshipsScan", "DirectedAllRelationshipsScan",
         "UndirectedAllRelationshipsScan", "CartesianProduct")


def _operators(plan: dict) -> list[str]:  # type: ignore[type-arg]
    """The plan's operators, top down; an Eager that the planner estimates to hold at most
    one row (the one row of a snapshot found by its unique key, between the unit subqueries
    of cypher/load.cypher) is named ``Eager(1 row)``: it holds back no batch."""
    name = plan["operatorType"].split("@")[0]
    if name == "Eager" and plan.get("args", {}).get("EstimatedRows", 2) <= 1:
        name = "Eager(1 row)"
    out = [name]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


def _params(name: str, p) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Realistic parameters for the statement ``name``, from the load plan ``p`` of 座間市."""
    steps = dict(p.steps(1000))  # one batch of each statement for 座間市
    node = p.nodes["organisation"][0]
    raw_link = {**p.links[0], "props": {"seq": 0}}
    rows = {**steps, "raw_needs": p.needs, "raw_nodes": [{**node, "label": "Organisation"}],
            "raw_links": [raw_link],
            "raw_covers": [{**p.covers[0], "props": {"seq": 1}}]}.get(name, p.links[:3])
    row = {"row_node": {**node, "label": "Organisation"}, "row_link": raw_link,
           "row_covers": {**p.covers[0], "props": {}}}.get(name, raw_link)
    return {"key": p.key, "series": p.series, "props": p.municipality, "rows": rows,
            "row": row, "needs": ["housing", "debt"], "uid": node["props"]["uid"], "steps": 2}


def _explain_all(store: Store) -> dict[str, list[list[str]]]:
    """Every statement of cypher/ EXPLAINed with a fresh query cache: name → operators."""
    from netmap.store.plan import plan

    p = plan(load_dataset(DATASETS / "zama"))
    out: dict[str, list[list[str]]] = {}
    with store.session() as s:
        s.run("CALL db.clearQueryCaches()").consume()
        for name, stmts in all_queries().items():
            out[name] = [_operators(s.run("EXPLAIN " + stmt, _params(name, p)).consume().plan)
                         for stmt in stmts]
    return out


def _bad_plans(plans: dict[str, list[list[str]]]) -> list[str]:
    from netmap.resources import cypher_dir

    load = set(all_queries(cypher_dir())) & _names_in("load.cypher")
    bad = []
    for name, ops_list in plans.items():
        for ops in ops_list:
            bad += [f"{name}: {op}" for op in ops if op in SCANS]
            # Deleting what a MATCH expands needs an Eager (Neo4j reads the matches before it
            # deletes any); every other load statement must stream.
            if name in load and not name.startswith("delete_"):
                bad += [f"{name}: {op}" for op in ops if op == "Eager"]
    return bad


def _names_in(filename: str) -> set[str]:
    import re

    from netmap.resources import cypher_dir

    text = (cypher_dir() / filename).read_text(encoding="utf-8")
    return set(re.findall(r"^//\s*name:\s*(\w+)", text, flags=re.M))


def test_no_statement_scans_or_stalls_on_an_empty_or_loaded_database(store: Store) -> None:
    """EXPLAIN every statement of cypher/ on an empty database (statistics say 0 rows: the
    case that planned a range scan and a scan of every relationship, issue #19) and again
    with the four real towns loaded; no plan may scan all nodes or relationships, build a
    CartesianProduct, or (in a load statement) hold an Eager barrier over more than the one
    row of the snapshot node."""
    with store.session() as s:  # test-only: the test server is emptied
        s.run("MATCH (n) DETACH DELETE n").consume()
    store.apply_schema()
    empty = _explain_all(store)
    assert _names_in("load.cypher") <= set(empty)
    assert _bad_plans(empty) == []
    seek = [op for ops in empty["create_links"] for op in ops]
    # both ends of a link, of a covers link and of a demand row, each by its unique key
    assert seek.count("NodeUniqueIndexSeek(Locking)") == 6, seek
    assert not any("Seek" in op and "Unique" not in op for op in seek), seek
    # the snapshot's one row is all an Eager holds back in a load statement
    assert "Eager(1 row)" in [op for ops in empty["create_nodes"] for op in ops]
    for slug in REAL:
        store.load(load_dataset(DATASETS / slug))
    loaded = _explain_all(store)
    assert _bad_plans(loaded) == []


# -- drafts, snapshots, conventions, failures --------------------------------------------------
def test_load_datasets_star_keeps_curated_towns_exact(store: Store) -> None:
    """`netmap load datasets/*` (the README's command) on an emptied server: every curated
    town holds exactly its folder's counts; the drafts (reports-2018, same codes as 国立市,
    藤沢市, 小田原市) are left out, and with --include-drafts are their own series."""
    with store.session() as s:  # test-only: the test server is emptied
        s.run("MATCH (n) DETACH DELETE n").consume()
    store.apply_schema()
    paths = sorted((DATASETS).iterdir())
    runner = CliRunner()
    res = runner.invoke(cli, ["load", *map(str, paths), "--neo4j-uri", URI])
    assert res.exit_code == 0, res.output
    assert "下書き 30 件" in res.output and "drafts left out" in res.output
    assert {r["series"] for r in store.municipalities(include_drafts=True)} == \
        {"142166", "132152", "142069", "142051"}
    for slug in REAL:
        net = load_dataset(DATASETS / slug)
        counts = store.counts(slug)
        assert sum(counts["node"].values()) == len(net.graph) - len(list(net.nodes_of("need")))
        assert sum(counts["link"].values()) == net.graph.number_of_edges(), slug
    res = runner.invoke(cli, ["load", str(DATASETS / "kunitachi"),
                              str(DATASETS / "reports-2018" / "kunitachi"), "--include-drafts",
                              "--neo4j-uri", URI])
    assert res.exit_code == 0, res.output
    assert "[下書き draft]" in res.output
    draft = load_dataset(DATASETS / "reports-2018" / "kunitachi")
    assert store.counts("kunitachi")["node"]["Organisation"] == 22  # the curated folder's
    assert canon(store.read_network("kunitachi")) == canon(load_dataset(DATASETS / "kunitachi"))
    assert canon(store.read_network("draft:132152")) == canon(draft)
    listed = {(r["series"], r["draft"]) for r in store.municipalities(include_drafts=True)}
    assert ("draft:132152", True) in listed and ("132152", False) in listed
    assert all(not r["draft"] for r in store.municipalities())
    store.load(load_dataset(DATASETS / "reports-2018" / "chiba"))
    with pytest.raises(StoreError, match="only a draft"):
        store.find("chiba")


def test_two_datasets_for_one_snapshot_need_a_winner(tmp_path: Path) -> None:
    from netmap.store.choose import choose

    a = write_dataset(tmp_path / "a")
    b = write_dataset(tmp_path / "b")
    with pytest.raises(StoreError, match="--prefer"):
        choose([a, b])
    chosen = choose([a, b], prefer=[b])
    assert [p for p, _ in chosen.loads] == [b] and chosen.overruled == [(a, b)]


def test_dated_snapshots_and_diff(store: Store, tmp_path: Path) -> None:
    """Two dated loads of one town are two snapshots; the latest is the default and the
    older one reads back unchanged; `netmap diff --neo4j` compares them like the files."""
    old = write_dataset(tmp_path / "old", {"municipality.yaml":
                                           'code: "011002"\nname: 札幌市\nprefecture: 北海道\n'
                                           'as_of: "2023-04-01"\n'})
    new = write_dataset(tmp_path / "new", {
        "municipality.yaml": 'code: "011002"\nname: 札幌市\nprefecture: 北海道\n'
                             'as_of: "2024-04-01"\n',
        "links.csv": "source,target,type\nhub,shakyo,refers_to\n"})
    for folder in (old, new):
        store.load(load_dataset(folder))
    assert [r["latest"] for r in store.snapshots("011002")] == [True, False]
    assert canon(store.read_network("011002")) == canon(load_dataset(new))
    assert canon(store.read_network("011002", as_of="2023-04-01")) == canon(load_dataset(old))
    runner = CliRunner()
    from_files = runner.invoke(cli, ["diff", str(old), str(new), "--json"])
    from_db = runner.invoke(cli, ["diff", "--neo4j", "011002", "--from", "2023-04-01",
                                  "--to", "2024-04-01", "--json", "--neo4j-uri", URI])
    assert from_db.exit_code == 0, from_db.output
    assert json.loads(from_db.output) == json.loads(from_files.output)
    with pytest.raises(StoreError, match="2022-01-01"):
        store.find("011002", as_of="2022-01-01")
    store.delete("011002")


def test_neo4j_conventions(store: Store) -> None:
    """camelCase keys, no JSON text where Neo4j has a type, the town linked to its nodes."""
    import re

    store.load(load_dataset(DATASETS / "zama"))
    with store.session() as s:  # test-only inspection
        keys = [r["propertyKey"] for r in s.run("CALL db.propertyKeys()")]
        has = s.run("MATCH (:Municipality {slug: 'zama', latest: true})-[:HAS]->(n) "
                    "RETURN count(n) AS n").single()["n"]
        demand = s.run("MATCH (:Municipality {slug: 'zama'})-[d:DEMANDS]->(:Need) "
                       "RETURN count(d) AS n").single()["n"]
    assert [k for k in keys if "_" in k] == []
    assert all(re.fullmatch(r"[a-z][A-Za-z0-9]*", k) for k in keys), keys
    net = load_dataset(DATASETS / "zama")
    assert has == len(net.graph) - len(list(net.nodes_of("need")))
    assert demand == len(net.graph.graph["demand"])


def test_failures_are_one_line_errors(store: Store) -> None:
    for uri, words in (("http://127.0.0.1:7474", "not a Bolt URI"),
                       ("bolt://127.0.0.1:1", "not started")):
        with pytest.raises(StoreError, match=words) as info:
            Store.connect(uri, password="")
        assert "\n" not in str(info.value)
    with pytest.raises(StoreError, match="unknown database 'nosuchdb'"):
        Store.connect(URI, password="", database="nosuchdb")
    res = CliRunner().invoke(cli, ["show", "--neo4j", "zama", "--neo4j-uri",
                                   "http://127.0.0.1:7474"])
    assert res.exit_code == 1 and res.output.startswith("Error: ") and "Traceback" not in \
        res.output


def test_an_incomplete_commit_is_checked_not_guessed(store: Store) -> None:
    """IncompleteCommit: the driver cannot tell whether the commit happened; the store reads
    the snapshot's loadedAt stamp back and reports a committed load as done."""
    from netmap.store.plan import plan

    net = load_dataset(DATASETS / "fujisawa")
    p = plan(net)
    with store.session() as s:
        s.execute_write(Store._work, p, 1000, None, False)
    assert store._committed(p)
    assert not store._committed(plan(net))  # another load's stamp


def test_examples_answer_like_netmap(store: Store) -> None:
    """Each query of cypher/examples.cypher, run as a Browser user would, gives netmap's own
    answer (the library on the files)."""
    net = load_dataset(DATASETS / "zama")
    store.load(net)
    examples = all_queries()
    with store.session() as s:
        for need in ("housing", "debt"):
            rows = s.run(examples["example_who_covers_housing"][0], slug="zama",
                         need=need).data()
            assert [r["id"] for r in rows] == sorted(net.providers()[need]), need
        snaps = s.run(examples["example_snapshots"][0], slug="zama").data()
        near = s.run(examples["example_two_steps_from_the_hub"][0], slug="zama").data()
    # netmap's reach: the one-mode tie graph, a shared meeting one step (networkx BFS)
    T = net.tie_graph(with_meetings=False)
    want = nx.single_source_shortest_path_length(T, net.hub, cutoff=2)
    assert {r["id"]: r["steps"] for r in near} == {k: v for k, v in want.items() if v}
    assert {r["steps"] for r in near} == {1, 2}
    assert [r["latest"] for r in snaps if not r["draft"]][0] is True
    assert snaps[0]["nodes"] == len(net.graph) - len(list(net.nodes_of("need")))


def test_a_column_named_like_a_store_property_is_refused(tmp_path: Path) -> None:
    """`json_props` would be stored as `jsonProps`, the key list netmap writes itself."""
    from netmap.store.plan import plan

    net = load_dataset(write_dataset(tmp_path / "x", {
        "organisations.csv": "id,name,sector,json_props\nhub,窓口,government,a\n",
        "links.csv": "source,target,type\n"}))
    with pytest.raises(StoreError, match="json_props"):
        plan(net)
