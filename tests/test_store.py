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
from helpers import DATASETS, in_ci, write_dataset

from netmap.analysis.brokers import brokers
from netmap.analysis.gaps import gaps
from netmap.analysis.match import who
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
    if not URI:
        msg = "NETMAP_TEST_NEO4J_URI is not set: no Neo4j to test against (run scripts/test)"
        if in_ci():
            pytest.fail(msg)
        pytest.skip("NEO4J TESTS SKIPPED LOCALLY: " + msg)
    try:
        s = Store.connect(URI, password="")
    except StoreError as exc:
        if in_ci():
            pytest.fail(str(exc))
        pytest.skip(f"NEO4J TESTS SKIPPED LOCALLY: {exc}")
    s.apply_schema()
    yield s
    s.close()


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


def test_failed_load_writes_nothing(store: Store) -> None:
    net = load_dataset(DATASETS / "kunitachi")
    store.load(net)
    before = (totals(store), store.counts("kunitachi"))
    # A bad row mid-dataset: a link whose property mixes types, which Neo4j refuses after
    # the municipality, needs and every node of this transaction (a renamed one too) were
    # written.
    bad = load_dataset(DATASETS / "kunitachi")
    bad.graph.nodes["kunitachi-fukushi-somu"]["name"] = "書き換え済み"
    u, v, k = next((u, v, k) for u, v, k, d in bad.graph.edges(keys=True, data=True)
                   if d["type"] == "partners")
    bad.graph.edges[u, v, k]["mixed"] = [1, "a"]
    with pytest.raises(StoreError, match="nothing written"):
        store.load(bad)
    assert (totals(store), store.counts("kunitachi")) == before
    assert store.read_network("kunitachi").graph.nodes["kunitachi-fukushi-somu"]["name"] != \
        "書き換え済み"


def test_failed_first_load_leaves_no_trace(store: Store, tmp_path: Path) -> None:
    net = load_dataset(write_dataset(tmp_path / "new", {
        "municipality.yaml": 'code: "011002"\nname: 札幌市\nprefecture: 北海道\n'}))
    net.graph.nodes["oneaid"]["mixed"] = [1, "a"]
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


def test_replace_removes_rows_no_longer_in_files(store: Store, tmp_path: Path) -> None:
    code = "011002"
    muni = f'code: "{code}"\nname: 札幌市\nprefecture: 北海道\n'
    store.load(load_dataset(write_dataset(tmp_path / "a", {"municipality.yaml": muni})))
    smaller = load_dataset(write_dataset(tmp_path / "b", {
        "municipality.yaml": muni,
        "organisations.csv": "id,name,sector,hub\nhub,自立サポート担当,government,true\n"
                             "shakyo,社会福祉協議会,shakyo,\n",
        "links.csv": "source,target,type\nhub,shakyo,refers_to\n"}))
    store.load(smaller)  # without --replace the old rows stay
    assert store.counts(code)["node"]["Organisation"] == 3
    store.load(smaller, replace=True)
    assert canon(store.read_network(code)) == canon(smaller)
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
    from netmap.model import LINK_TYPES, NODE_TYPES

    kinds = [t for t in [*LINK_TYPES, *NODE_TYPES] if t != "need"]
    built = {f"row_{t}" for t in kinds}  # the benchmark's per-row loop: f"row_{kind}"
    # the benchmark's raw baseline: each load step's name with create_ for merge_
    built |= {name.replace("merge_", "create_") for name in ("merge_nodes", "merge_links",
                                                              "merge_covers")}
    for name in all_queries():
        assert f'"{name}"' in source or name in built, f"cypher query '{name}' is never used"
    assert built <= set(all_queries())
