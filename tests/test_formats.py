"""GraphML, GEXF, CSV zip and HSDS exports: read back with other tools, Japanese intact."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from helpers import DATASETS

from netmap.errors import DatasetError
from netmap.io.dataset import load_dataset
from netmap.io.formats import (
    HSDS_SCHEMA_DIR,
    export_graph,
    flat_graph,
    neutralise,
    unneutralise,
    validate_hsds,
)
from netmap.taxonomy import load_taxonomy

ZAMA = DATASETS / "zama"


@pytest.fixture(scope="module")
def zama():  # type: ignore[no-untyped-def]
    return load_dataset(ZAMA)


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats_read_back(tmp_path: Path, zama, fmt: str, reader) -> None:  # type: ignore[no-untyped-def]
    out = export_graph(zama, tmp_path / f"zama.{fmt}", fmt)
    G = reader(out)
    assert G.is_directed() and G.is_multigraph()
    assert G.number_of_nodes() == zama.graph.number_of_nodes()
    assert G.number_of_edges() == zama.graph.number_of_edges()
    flat = flat_graph(zama, gexf=fmt == "gexf")
    for node, attrs in zama.graph.nodes(data=True):
        back = G.nodes[node]
        assert back["name"] == attrs["name"]  # Japanese names equal
        expected = {k: v for k, v in flat.nodes[node].items() if k != "label"}
        got = {k: v for k, v in back.items() if k not in ("label", "id")}
        assert got == expected, node
    assert G.nodes["zama-jiritsu-support"]["hub"] in (1, True)
    assert G.nodes["zama-jiritsu-support"]["name"] == "座間市 生活援護課 自立サポート担当"
    type_key = "link_type" if fmt == "gexf" else "type"
    types = sorted(d[type_key] for _, _, d in G.edges(data=True))
    assert types == sorted(d["type"] for _, _, d in zama.graph.edges(data=True))
    notes = {d.get("note") for _, _, d in G.edges(data=True)} - {None}
    assert notes == {d.get("note") for _, _, d in zama.graph.edges(data=True)} - {None}


def test_flat_graph_types() -> None:
    G = nx.MultiDiGraph(demand=[{"need": "debt", "count": 3}])
    G.add_node("a", node_type="meeting", name="会議", per_year=12, hub=True, tags=["x", "y"])
    G.add_node("b", node_type="meeting", name="会議2", per_year=0.5, hub=None)
    G.add_edge("a", "b", type="partners", evidence=None)
    from netmap.model import Network

    flat = flat_graph(Network(G))
    assert flat.nodes["a"]["per_year"] == 12.0 and isinstance(flat.nodes["a"]["per_year"], float)
    assert flat.nodes["a"]["hub"] == 1 and "hub" not in flat.nodes["b"]
    assert flat.nodes["a"]["tags"] == "x; y" and flat.nodes["a"]["label"] == "会議"
    assert json.loads(flat.graph["demand"]) == [{"need": "debt", "count": 3}]
    assert list(flat.edges(data=True)) == [("a", "b", {"type": "partners"})]


def test_csv_zip(tmp_path: Path, zama) -> None:  # type: ignore[no-untyped-def]
    out = export_graph(zama, tmp_path / "zama.zip", "csv")
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        assert {"nodes.csv", "edges.csv", "municipality.yaml", "organisations.csv",
                "links.csv"} <= names
        for name in names - {"municipality.yaml"}:
            assert z.read(name).startswith(b"\xef\xbb\xbf"), name  # BOM for Excel
        nodes = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8-sig"))))
        z.extractall(tmp_path / "unzipped")
    assert len(nodes) == zama.graph.number_of_nodes()
    by_id = {r["id"]: r for r in nodes}
    assert by_id["zama-jiritsu-support"]["name"] == "座間市 生活援護課 自立サポート担当"
    assert by_id["need:housing"]["name"] == "住まい"
    # the unzipped folder is a dataset netmap reads again
    again = load_dataset(tmp_path / "unzipped")
    assert again.graph.number_of_nodes() == zama.graph.number_of_nodes()
    assert again.graph.number_of_edges() == zama.graph.number_of_edges()
    assert again.name == "座間市"


def test_csv_cells_are_neutralised(tmp_path: Path) -> None:
    net = load_dataset(ZAMA)
    org = net.organisations()[0]
    net.graph.nodes[org]["note"] = "=HYPERLINK(\"http://evil\")"
    net.graph.nodes[org]["name"] = "@SUM(1)"
    with zipfile.ZipFile(export_graph(net, tmp_path / "x.zip", "csv")) as z:
        text = z.read("organisations.csv").decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == org)
    assert row["note"] == "'=HYPERLINK(\"http://evil\")" and row["name"] == "'@SUM(1)"
    assert unneutralise(row["note"]) == "=HYPERLINK(\"http://evil\")"


# A plain number ("+1", "-1") is read as a number by a spreadsheet, never as a formula, so it
# stays unguarded (negative counts stay numbers); "-1+2" is a formula and is guarded.
@pytest.mark.parametrize("text,expected", [("=1", "'=1"), ("+1", "+1"), ("-1", "-1"),
                                           ("-1+2", "'-1+2"), ("+cmd|x", "'+cmd|x"),
                                           ("@a", "'@a"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                                           ("＝1", "'＝1"), ("座間", "座間"), ("a=b", "a=b"),
                                           ("", "")])
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("suffix", ["", ".zip"])
def test_hsds_validates(tmp_path: Path, zama, suffix: str) -> None:  # type: ignore[no-untyped-def]
    out = export_graph(zama, tmp_path / f"hsds{suffix}", "hsds")
    assert validate_hsds(out) == []
    if suffix:
        with zipfile.ZipFile(out) as z:
            files = {n: json.loads(z.read(n)) for n in z.namelist()}
    else:
        files = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.iterdir()}
    package = files["datapackage.json"]
    assert {r["path"] for r in package["resources"]} == set(files) - {"datapackage.json"}
    orgs = {o["name"] for o in files["organization.json"]}
    assert orgs == {d["name"] for _, d in zama.nodes_of("organisation")}  # Japanese intact
    terms = files["taxonomy_term.json"]
    assert len(terms) == len(load_taxonomy())
    by_code = {t["code"]: t for t in terms}
    assert by_code["debt"]["name"] == "債務"
    assert by_code["debt"]["parent_id"] == by_code["economic_hardship"]["id"]
    # the housing program's service carries the housing term
    service = next(s for s in files["service.json"] if s["name"] == "住居確保給付金")
    linked = {a["taxonomy_term_id"] for a in files["attribute.json"]
              if a["link_id"] == service["id"]}
    assert by_code["housing"]["id"] in linked
    links = files["x-netmap-links.json"]
    assert len(links) == sum(1 for _, _, d in zama.links() if d.get("origin") != "needs column")
    assert files["x-netmap-meetings.json"][0]["name"].startswith("包括的支援体制")


def test_hsds_ids_are_stable(tmp_path: Path, zama) -> None:  # type: ignore[no-untyped-def]
    a = export_graph(zama, tmp_path / "a", "hsds")
    b = export_graph(zama, tmp_path / "b", "hsds")
    assert (a / "organization.json").read_bytes() == (b / "organization.json").read_bytes()


def test_hsds_validator_catches_errors(tmp_path: Path, zama) -> None:  # type: ignore[no-untyped-def]
    out = export_graph(zama, tmp_path / "hsds", "hsds")
    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    orgs = json.loads((bad / "organization.json").read_text(encoding="utf-8"))
    del orgs[0]["description"]
    orgs[1]["id"] = "not-a-uuid"
    (bad / "organization.json").write_text(json.dumps(orgs, ensure_ascii=False), "utf-8")
    services = json.loads((bad / "service.json").read_text(encoding="utf-8"))
    services[0]["status"] = "open"
    (bad / "service.json").write_text(json.dumps(services), "utf-8")
    problems = validate_hsds(bad)
    assert any(p.startswith("organization.json[0]: 'description' is a required") for p in problems)
    assert any(p.startswith("organization.json[1].id: 'not-a-uuid'") for p in problems)
    assert any(p.startswith("service.json[0].status: 'open'") for p in problems)
    assert any("is not in organization.json" in p for p in problems)  # dangling reference


def test_hsds_schemas_are_valid_json_schema() -> None:
    files = sorted(HSDS_SCHEMA_DIR.glob("*.json"))
    assert [f.stem for f in files] == ["attribute", "organization", "phone", "program",
                                       "service", "taxonomy", "taxonomy_term"]
    for f in files:
        schema = json.loads(f.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert "id" in schema["required"]


def test_unknown_format(tmp_path: Path, zama) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatasetError, match="pajek"):
        export_graph(zama, tmp_path / "x", "pajek")


def test_run_export(tmp_path: Path, zama) -> None:  # type: ignore[no-untyped-def]
    import click

    from netmap.cli.data import run_export

    text = run_export(zama, "json", None)
    assert text is not None and json.loads(text)["graph"]["name"] == "座間市"
    assert run_export(zama, "graphml", tmp_path / "z.graphml") is None
    assert nx.read_graphml(tmp_path / "z.graphml").number_of_nodes() == 92  # 3 meetings now
    with pytest.raises(click.ClickException, match="-o"):
        run_export(zama, "gexf", None)
