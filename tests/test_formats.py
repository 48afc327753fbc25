"""Exports checked by each format's own tooling, not by our reader.

- GraphML: ``xmllint --schema`` with the GraphML 1.1 XSDs (netmap/io/xsd/graphml-1.1) and
  networkx ``read_graphml``;
- GEXF 1.3: ``xmllint --schema`` with the official GEXF 1.3 XSD (gephi/gexf) and networkx
  ``read_gexf``; Gephi's rule for parallel edges read from its source (see netmap/io/gexf.py);
- HSDS 3.1: ``frictionless validate`` on the tabular package, and jsonschema with the
  official canonical schemas on the JSON form;
- node-link JSON: ``networkx.node_link_graph(data)`` with default arguments (networkx 3.6).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner
from helpers import DATASETS, in_ci

from netmap.cli import cli
from netmap.errors import DatasetError
from netmap.io.dataset import load_dataset
from netmap.io.export import (
    FORMATS,
    REDACT_BY_DEFAULT,
    export_network,
    format_from_path,
    node_link,
    redact_network,
)
from netmap.io.formats import flat_graph, neutralise, unneutralise
from netmap.io.hsds import SPEC_DIR, hsds_records, validate_hsds
from netmap.model import Network
from netmap.taxonomy import load_taxonomy

ZAMA = DATASETS / "zama"
XSD = Path(__file__).parents[1] / "netmap" / "io" / "xsd"
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


@pytest.fixture(scope="module")
def zama() -> Network:
    return load_dataset(ZAMA)


def tool(name: str) -> str:
    """The path of an outside validator; missing fails in CI and skips loudly elsewhere."""
    found = shutil.which(name) or (str(FRICTIONLESS) if name == "frictionless"
                                   and FRICTIONLESS.exists() else None)
    if found is None:
        message = f"{name} not found: run scripts/setup-formats (Debian libxml2-utils) / " \
                  "pip install -e '.[test]'"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


def xmllint(schema: Path, doc: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XML_CATALOG_FILES": str(XSD / "catalog.xml")}
    return subprocess.run([tool("xmllint"), "--nonet", "--noout", "--schema", str(schema),
                           str(doc)], capture_output=True, text=True, env=env, timeout=120)


def edge_types(net: Network) -> Counter[tuple[str, str, str]]:
    return Counter((u, v, d["type"]) for u, v, d in net.graph.edges(data=True))


# -- GraphML ----------------------------------------------------------------------------------
def test_graphml_valid_typed_and_parallel_links_kept(tmp_path: Path, zama: Network) -> None:
    out = export_network(zama, tmp_path / "zama.graphml", "graphml", redact=False)
    result = xmllint(XSD / "graphml-1.1" / "graphml.xsd", out)
    assert result.returncode == 0 and "validates" in result.stderr, result.stderr
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
            for k in ET.parse(out).getroot().iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assert keys[("node", "hub")] == "boolean"
    assert keys[("node", "demand")] == "long" and keys[("graph", "population")] == "long"
    assert keys[("edge", "label")] == "string"
    G = nx.read_graphml(out)
    assert G.is_directed() and G.is_multigraph()
    assert G.number_of_nodes() == zama.graph.number_of_nodes() and G.number_of_edges() == zama.graph.number_of_edges()  # parallel kept
    assert G.nodes["zama-jiritsu-support"]["hub"] is True
    assert G.nodes["zama-seikatsu-engo"]["hub"] is False
    assert G.graph["name"] == "座間市" and G.graph["population"] == 130753
    back = Counter((u, v, d["type"]) for u, v, d in G.edges(data=True))
    assert back == edge_types(zama)
    labels = {d["type"]: d["label"] for _, _, d in G.edges(data=True)}
    assert labels["partners"] == "連携" and labels["refers_to"] == "つなぐ（紹介）"
    for node, attrs in zama.graph.nodes(data=True):
        assert G.nodes[node]["name"] == attrs["name"]  # Japanese intact


def test_graphml_xsd_rejects_a_broken_file(tmp_path: Path, zama: Network) -> None:
    """The schema check can fail: an edge without a target is refused."""
    out = export_network(zama, tmp_path / "zama.graphml", "graphml")
    text = out.read_text(encoding="utf-8").replace(' target="need:employment"', "", 1)
    (tmp_path / "bad.graphml").write_text(text, encoding="utf-8")
    result = xmllint(XSD / "graphml-1.1" / "graphml.xsd", tmp_path / "bad.graphml")
    assert result.returncode != 0 and "target" in result.stderr


def test_flat_graph_types() -> None:
    G = nx.MultiDiGraph(demand=[{"need": "debt", "count": 3}])
    G.add_node("a", node_type="meeting", name="会議", per_year=12, hub=True, tags=["x", "y"])
    G.add_node("b", node_type="meeting", name="会議2", per_year=0.5, hub=None)
    G.add_edge("a", "b", type="partners", evidence=None)
    flat = flat_graph(Network(G))
    assert flat.nodes["a"]["per_year"] == 12.0 and isinstance(flat.nodes["a"]["per_year"], float)
    assert flat.nodes["a"]["hub"] is True and "hub" not in flat.nodes["b"]
    assert flat.nodes["a"]["tags"] == "x; y" and flat.nodes["a"]["label"] == "会議"
    assert json.loads(flat.graph["demand"]) == [{"need": "debt", "count": 3}]
    assert list(flat.edges(data=True)) == [("a", "b", {"type": "partners", "label": "連携"})]


# -- GEXF 1.3 ---------------------------------------------------------------------------------
def test_gexf_13_valid_and_read_by_networkx(tmp_path: Path, zama: Network) -> None:
    out = export_network(zama, tmp_path / "zama.gexf", "gexf", redact=False)
    result = xmllint(XSD / "gexf-1.3" / "gexf.xsd", out)
    assert result.returncode == 0 and "validates" in result.stderr, result.stderr
    assert ET.parse(out).getroot().get("version") == "1.3"
    G = nx.read_gexf(out, version="1.3")
    assert G.number_of_nodes() == zama.graph.number_of_nodes() and G.number_of_edges() == zama.graph.number_of_edges()
    assert G.nodes["zama-jiritsu-support"]["hub"] is True  # boolean attribute
    assert G.nodes["zama-jiritsu-support"]["label"] == "座間市 生活援護課 自立サポート担当"
    back = Counter((u, v, d["link_type"]) for u, v, d in G.edges(data=True))
    assert back == edge_types(zama)


def test_gexf_keeps_parallel_links_for_gephi(tmp_path: Path, zama: Network) -> None:
    """Gephi merges edges sharing (kind, source, target) — ImportContainerImpl.addEdge in
    gephi/gephi files each edge under that triple. 座間 has 6 links that share their pair with
    another link (counted below); with kind = link type, no two edges share the triple, so
    Gephi keeps all of 座間's links."""
    out = export_network(zama, tmp_path / "zama.gexf", "gexf")
    ns = "{http://gexf.net/1.3}"
    edges = ET.parse(out).getroot().findall(f"{ns}graph/{ns}edges/{ns}edge")
    assert len(edges) == zama.graph.number_of_edges()
    pairs = Counter((e.get("source"), e.get("target")) for e in edges)
    assert sum(n - 1 for n in pairs.values() if n > 1) == 6
    triples = Counter((e.get("kind"), e.get("source"), e.get("target")) for e in edges)
    assert max(triples.values()) == 1
    assert len({e.get("id") for e in edges}) == zama.graph.number_of_edges()
    assert {e.get("label") for e in edges if e.get("kind") == "partners"} == {"連携"}


def test_gexf_same_type_parallel_links_get_distinct_kinds(tmp_path: Path) -> None:
    G = nx.MultiDiGraph(name="x")
    G.add_node("a", node_type="organisation", name="A")
    G.add_node("b", node_type="organisation", name="B")
    G.add_edge("a", "b", type="partners", evidence="p.1")
    G.add_edge("a", "b", type="partners", evidence="p.2")
    out = export_network(Network(G), tmp_path / "x.gexf", "gexf")
    ns = "{http://gexf.net/1.3}"
    kinds = [e.get("kind") for e in ET.parse(out).getroot().iter(f"{ns}edge")]
    assert kinds == ["partners", "partners#2"]
    assert xmllint(XSD / "gexf-1.3" / "gexf.xsd", out).returncode == 0


def test_gexf_carries_the_municipality(tmp_path: Path, zama: Network) -> None:
    out = export_network(zama, tmp_path / "zama.gexf", "gexf")
    ns = "{http://gexf.net/1.3}"
    meta = ET.parse(out).getroot().find(f"{ns}meta")
    assert meta is not None
    fields = yaml.safe_load(meta.findtext(f"{ns}description") or "")
    assert fields["code"] == "142166" and fields["name"] == "座間市"
    assert fields["population"] == 130753 and fields["prefecture"] == "神奈川県"
    assert fields["redacted"] is True  # gexf is redacted by default
    assert "142166" in (meta.findtext(f"{ns}keywords") or "")


# -- node-link JSON ---------------------------------------------------------------------------
def test_node_link_reads_with_default_arguments(tmp_path: Path, zama: Network) -> None:
    out = export_network(zama, tmp_path / "zama.json", "json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "edges" in data and "links" not in data
    G = nx.node_link_graph(data)  # networkx 3.6 defaults: edges="edges"
    assert G.is_directed() and G.is_multigraph()
    assert G.number_of_nodes() == zama.graph.number_of_nodes() and G.number_of_edges() == zama.graph.number_of_edges()
    assert Counter((u, v, d["type"]) for u, v, d in G.edges(data=True)) == edge_types(zama)
    assert G.graph["name"] == "座間市"
    assert G.nodes["zama-jiritsu-support"]["phone"] == "046-252-8566"  # json: not redacted
    assert nx.node_link_graph(node_link(zama)).number_of_edges() == zama.graph.number_of_edges()


# -- redaction ------------------------------------------------------------------------------
def _personal(net: Network) -> set[str]:
    found = set()
    for _, d in net.graph.nodes(data=True):
        found |= {str(d[k]) for k in ("contact_name", "phone", "email") if d.get(k)}
    return found


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_cloud_formats_are_redacted_by_default(tmp_path: Path, zama: Network, fmt: str) -> None:
    assert REDACT_BY_DEFAULT[fmt]
    secrets = _personal(zama)
    assert "046-252-8566" in secrets  # 座間's public phone numbers are in the dataset
    text = export_network(zama, tmp_path / f"z.{fmt}", fmt).read_text(encoding="utf-8")
    assert not [s for s in secrets if s in text]
    assert 'attr.name="phone"' not in text and 'title="phone"' not in text
    kept = export_network(zama, tmp_path / f"k.{fmt}", fmt, redact=False)
    assert "046-252-8566" in kept.read_text(encoding="utf-8")


def test_redact_drops_declared_columns_and_scrubs_text() -> None:
    G = nx.MultiDiGraph(name="x", personal_columns=["staff"])
    G.add_node("a", node_type="organisation", name="窓口", staff="山田 花子",
               contact_name="座間 太郎", email="t@example.jp",
               note="担当 座間太郎 t@example.jp 046-252-7717")
    G.add_edge("a", "a", type="partners", phone="046-000-0000")
    red = redact_network(Network(G))
    assert red.graph.nodes["a"] == {"node_type": "organisation", "name": "窓口",
                                    "note": "担当 ［氏名削除］ ［メール削除］ ［電話番号削除］"}
    assert list(red.graph.edges(data=True))[0][2] == {"type": "partners"}
    assert G.nodes["a"]["staff"] == "山田 花子"  # the input is untouched


# -- CSV zip ----------------------------------------------------------------------------------
def test_csv_zip(tmp_path: Path, zama: Network) -> None:
    out = export_network(zama, tmp_path / "zama.zip", "csv")
    assert (out.stat().st_mode & 0o777) == 0o666 & ~_umask()  # the umask is honoured
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
    again = load_dataset(tmp_path / "unzipped")
    assert again.graph.number_of_nodes() == zama.graph.number_of_nodes()
    assert again.graph.number_of_edges() == zama.graph.number_of_edges()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_csv_cells_are_neutralised(tmp_path: Path) -> None:
    net = load_dataset(ZAMA)
    org = net.organisations()[0]
    net.graph.nodes[org]["note"] = "=HYPERLINK(\"http://evil\")"
    net.graph.nodes[org]["name"] = "@SUM(1)"
    with zipfile.ZipFile(export_network(net, tmp_path / "x.zip", "csv")) as z:
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


# -- HSDS 3.1 ---------------------------------------------------------------------------------
def frictionless(package: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("frictionless"), "validate", "--json", str(package)],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def hsds_dir(tmp_path_factory: pytest.TempPathFactory, zama: Network) -> Path:
    return export_network(zama, tmp_path_factory.mktemp("hsds") / "zama-hsds", "hsds")


def test_hsds_tabular_package_passes_frictionless(hsds_dir: Path) -> None:
    result = frictionless(hsds_dir / "datapackage.json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[:3000]
    checked = {t["name"] for t in report["tasks"]}
    assert {"organization", "program", "service", "phone", "attribute", "taxonomy",
            "taxonomy_term", "x-netmap-links"} <= checked
    rows = {t["name"]: t["stats"].get("rows") for t in report["tasks"]}
    assert rows["organization"] == 41  # 座間's organisations.csv has 41 rows


def test_hsds_uses_the_official_descriptor(hsds_dir: Path) -> None:
    ours = json.loads((hsds_dir / "datapackage.json").read_text(encoding="utf-8"))
    official = json.loads((SPEC_DIR / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: r for r in ours["resources"]}
    for res in official["resources"]:
        if res["name"] in ("service_capacity", "unit"):  # broken upstream: hsds/README.md
            assert res["name"] not in by_name
            continue
        assert by_name[res["name"]]["schema"] == res["schema"], res["name"]
        assert (hsds_dir / res["path"]).exists()
    assert by_name["organization"]["path"] == "organizations.csv"
    assert ours["profile"] == "tabular-data-package"


def test_frictionless_catches_two_programs_of_one_organization(tmp_path: Path,
                                                               hsds_dir: Path) -> None:
    """The official schema makes program.organization_id unique; the check can fail."""
    bad = tmp_path / "bad"
    shutil.copytree(hsds_dir, bad)
    rows = list(csv.reader(io.StringIO((bad / "programs.csv").read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["id", "organization_id"] and len(rows) >= 3
    rows[2][1] = rows[1][1]  # the second program now belongs to the first one's organization
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    (bad / "programs.csv").write_text(buf.getvalue(), encoding="utf-8")
    result = frictionless(bad / "datapackage.json")
    assert result.returncode != 0
    errors = [e for t in json.loads(result.stdout)["tasks"] for e in t["errors"]]
    assert any(e["type"] == "unique-error" and e["fieldName"] == "organization_id"
               for e in errors), errors


def test_one_program_per_organization(zama: Network) -> None:
    rec = hsds_records(zama).tables
    owners = Counter(p["organization_id"] for p in rec["program"])
    assert max(owners.values()) == 1
    # every (operator, program) pair is still a service: 座間's operates links
    operated = sum(1 for _ in zama.links("operates"))
    with_program = [s for s in rec["service"] if "の相談・支援" not in s["name"]]
    assert len(with_program) == operated
    programs = {p["name"] for p in rec["program"]}
    assert "自立相談支援事業" in programs


def test_hsds_json_form_validates_against_the_official_schemas(hsds_dir: Path,
                                                               zama: Network) -> None:
    assert validate_hsds(hsds_dir) == []
    orgs = json.loads((hsds_dir / "organizations.json").read_text(encoding="utf-8"))
    services = json.loads((hsds_dir / "services.json").read_text(encoding="utf-8"))
    assert {o["name"] for o in orgs} == {d["name"] for _, d in zama.nodes_of("organisation")}
    housing = next(s for s in services if s["name"] == "住居確保給付金")
    terms = {a["taxonomy_term"]["code"] for a in housing["attributes"]}
    assert "housing" in terms
    debt = next(a["taxonomy_term"] for s in services for a in s.get("attributes", [])
                if a["taxonomy_term"]["code"] == "debt")
    assert debt["name"] == "債務" and debt["taxonomy_detail"]["name"].startswith("netmap")
    assert len({t["code"] for t in _terms(hsds_dir)}) == len(load_taxonomy())


def _terms(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(
        (folder / "taxonomy_terms.csv").read_text(encoding="utf-8"))))


def test_hsds_json_validator_catches_errors(tmp_path: Path, hsds_dir: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(hsds_dir, bad)
    orgs = json.loads((bad / "organizations.json").read_text(encoding="utf-8"))
    del orgs[0]["description"]
    orgs[1]["id"] = "not-a-uuid"
    (bad / "organizations.json").write_text(json.dumps(orgs, ensure_ascii=False), "utf-8")
    services = json.loads((bad / "services.json").read_text(encoding="utf-8"))
    services[0]["status"] = "open"
    (bad / "services.json").write_text(json.dumps(services, ensure_ascii=False), "utf-8")
    problems = validate_hsds(bad)
    assert any(p.startswith("organizations.json[0]: 'description' is a required")
               for p in problems), problems
    assert any(p.startswith("organizations.json[1].id: 'not-a-uuid'") for p in problems)
    assert any(p.startswith("services.json[0].status: 'open'") for p in problems)


def test_hsds_zip_and_stable_ids(tmp_path: Path, zama: Network) -> None:
    z = export_network(zama, tmp_path / "zama-hsds.zip", "hsds")
    assert validate_hsds(z) == []
    a = export_network(zama, tmp_path / "a", "hsds")
    b = export_network(zama, tmp_path / "b", "hsds")
    assert (a / "organizations.csv").read_bytes() == (b / "organizations.csv").read_bytes()
    with zipfile.ZipFile(z) as zf:
        assert zf.read("organizations.csv") == (a / "organizations.csv").read_bytes()


# -- the format from -o, the CLI ---------------------------------------------------------------
@pytest.mark.parametrize("path,fmt,expected", [
    ("x.png", None, "png"), ("x.SVG", None, "svg"), ("x.htm", None, "html"),
    (None, "png", "png"), ("x.html", "html", "html")])
def test_format_from_path(path: str | None, fmt: str | None, expected: str) -> None:
    assert format_from_path(path, fmt) == expected


@pytest.mark.parametrize("path,fmt,match", [
    ("x.png", "html", "does not match --format html"), ("x.txt", None, "cannot tell"),
    ("x", None, "cannot tell")])
def test_format_from_path_refuses(path: str, fmt: str | None, match: str) -> None:
    with pytest.raises(DatasetError, match=match):
        format_from_path(path, fmt)


def test_export_formats_from_the_extension() -> None:
    assert format_from_path("z.gexf", None, FORMATS) == "gexf"
    assert format_from_path("z-hsds", "hsds", FORMATS) == "hsds"  # a folder
    with pytest.raises(DatasetError, match="give --format"):
        format_from_path("z.zip", None, FORMATS)


def test_export_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "zama.gexf"
    result = runner.invoke(cli, ["export", str(ZAMA), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert ET.parse(out).getroot().get("version") == "1.3"
    assert "046-252-8566" not in out.read_text(encoding="utf-8")
    kept = runner.invoke(cli, ["export", str(ZAMA), "-o", str(out), "--no-redact"])
    assert kept.exit_code == 0 and "046-252-8566" in out.read_text(encoding="utf-8")
    wrong = runner.invoke(cli, ["export", str(ZAMA), "-o", str(tmp_path / "z.json"),
                                "--format", "gexf"])
    assert wrong.exit_code == 1 and "does not match" in wrong.output
    assert not (tmp_path / "z.json").exists()
    text = runner.invoke(cli, ["export", str(ZAMA)])
    assert text.exit_code == 0 and json.loads(text.output)["graph"]["name"] == "座間市"
    needs_out = runner.invoke(cli, ["export", str(ZAMA), "--format", "gexf"])
    assert needs_out.exit_code == 1 and "-o" in needs_out.output


def test_export_hsds_folder_needs_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "zama-hsds"
    args = ["export", str(ZAMA), "-o", str(out), "--format", "hsds"]
    assert runner.invoke(cli, args).exit_code == 0
    again = runner.invoke(cli, args)
    assert again.exit_code == 1 and "--overwrite" in again.output
    assert runner.invoke(cli, [*args, "--overwrite"]).exit_code == 0
    assert (out / "datapackage.json").exists() and (out / ".netmap-output").exists()
    assert (out / "organizations.csv").stat().st_mode & 0o777 == 0o666 & ~_umask()
