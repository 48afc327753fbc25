"""Write a network in the formats other tools read: GraphML, GEXF, a CSV zip, and HSDS 3.

Coordinators hand the map to people who use Gephi or Kumu (GraphML, GEXF), to people who use
Excel (a zip of UTF-8-with-BOM CSV files), and to directory services that speak Open Referral's
Human Services Data Specification (HSDS 3.1: organization, program, service, phone, taxonomy,
taxonomy_term, attribute), with our links, meetings and roles as a documented ``x-netmap-*``
extension. Japanese text is written as is in every format.

Formula injection (CWE-1236): CSV cells are written by :mod:`netmap.io.csvfile`, which puts
a ``'`` before text a spreadsheet would evaluate (``'=1+2``) and which netmap's reader removes
again. The XLSX writer (:mod:`netmap.io.workbook`) needs no such change: see
:func:`netmap.io.workbook.set_text`. Files are written through :mod:`netmap.io.output`.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import yaml

from netmap.errors import DatasetError, NetmapError
from netmap.io.csvfile import cell_text, csv_bytes
from netmap.io.csvfile import guard as neutralise
from netmap.io.csvfile import unguard as unneutralise
from netmap.io.output import atomic_output, write_bytes
from netmap.io.write import dataset_tables
from netmap.model import LINK_TYPES, SECTORS, Network, label

__all__ = [
    "FORMATS",
    "export_graph",
    "flat_graph",
    "dataset_tables",
    "neutralise",
    "unneutralise",
    "hsds_tables",
    "validate_hsds",
    "HSDS_SCHEMA_DIR",
]

#: Formats :func:`export_graph` writes, with the file suffix each defaults to.
FORMATS: dict[str, str] = {"graphml": ".graphml", "gexf": ".gexf", "csv": ".zip",
                           "hsds": ".zip"}

#: The JSON schemas the HSDS output is checked against (see ``hsds/README.md`` there).
HSDS_SCHEMA_DIR = Path(__file__).with_name("hsds")

# -- GraphML / GEXF ------------------------------------------------------------------------
def _flat(value: Any) -> str | int | float | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, str)):
        return value
    if isinstance(value, (list, tuple)) and not any(isinstance(v, dict) for v in value):
        return "; ".join(cell_text(v) for v in value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _unify(items: Iterable[dict[str, Any]]) -> None:
    """Give every attribute key one type across all items (GraphML/GEXF declare one)."""
    items = list(items)
    kinds: dict[str, set[type]] = {}
    for attrs in items:
        for key, value in attrs.items():
            kinds.setdefault(key, set()).add(type(value))
    for key, types in kinds.items():
        if types <= {int}:
            continue
        if types <= {int, float}:
            target: type = float
        elif types == {str}:
            continue
        else:
            target = str
        for attrs in items:
            if key in attrs:
                attrs[key] = target(attrs[key])


def flat_graph(net: Network, gexf: bool = False) -> nx.MultiDiGraph:
    """A copy of the graph whose attributes GraphML/GEXF, Gephi and Kumu can hold.

    ``None`` and empty values are dropped, booleans become 0/1, lists become ``"a; b"``
    strings, dicts (the graph's ``demand`` rows) JSON; each attribute key gets one type
    (ints and floats mixed → float, anything else mixed → str). Every node gets ``label``
    (its name) for Gephi; edges get unique integer keys (GraphML/GEXF edge ids). For GEXF
    the link type is stored as ``link_type``, because GEXF reserves the edge attribute
    ``type`` for directed/undirected, and each edge gets the Japanese ``label`` of its type.
    """
    G = nx.MultiDiGraph()
    G.graph.update({k: v for k, v in ((k, _flat(v)) for k, v in net.graph.graph.items())
                    if v is not None})
    for node, attrs in net.graph.nodes(data=True):
        flat = {k: f for k, f in ((k, _flat(v)) for k, v in attrs.items()) if f is not None}
        flat.setdefault("label", str(attrs.get("name", node)))
        G.add_node(node, **flat)
    for i, (u, v, attrs) in enumerate(net.graph.edges(data=True)):
        flat = {k: f for k, f in ((k, _flat(v)) for k, v in attrs.items()) if f is not None}
        if gexf:
            ltype = flat.pop("type", "")
            flat["link_type"] = ltype
            flat.setdefault("label", LINK_TYPES[ltype].label_ja if ltype in LINK_TYPES
                            else str(ltype))
        G.add_edge(u, v, key=i, **flat)
    _unify(d for _, d in G.nodes(data=True))
    _unify(d for _, _, d in G.edges(data=True))
    return G


# -- CSV zip -------------------------------------------------------------------------------
def csv_files(net: Network) -> dict[str, bytes]:
    """``nodes.csv``, ``edges.csv`` and the dataset tables, each UTF-8 with BOM.

    ``nodes.csv`` has ``id, node_type, name`` then every other attribute; ``edges.csv``
    ``source, target, type`` then the rest. ``municipality.yaml`` and the tables make the
    unzipped folder a dataset netmap reads again (see the module notes on apostrophes).
    """
    files: dict[str, bytes] = {}
    node_cols = ["id", "node_type", "name"]
    nodes = []
    for node, attrs in net.graph.nodes(data=True):
        for k in attrs:
            if k not in node_cols:
                node_cols.append(k)
        nodes.append({"id": node, **attrs})
    files["nodes.csv"] = csv_bytes(node_cols, nodes, excel=True)
    edge_cols = ["source", "target", "type"]
    edges = []
    for u, v, attrs in net.graph.edges(data=True):
        for k in attrs:
            if k not in edge_cols:
                edge_cols.append(k)
        edges.append({"source": u, "target": v, **attrs})
    files["edges.csv"] = csv_bytes(edge_cols, edges, excel=True)
    tables = dataset_tables(net)
    meta = {r["key"]: r["value"] for r in tables.pop("municipality")[1]}
    files["municipality.yaml"] = yaml.safe_dump(meta, allow_unicode=True,
                                                sort_keys=False).encode("utf-8")
    for name, (columns, rows) in tables.items():
        if name in ("organisations", "links") or rows:
            files[f"{name}.csv"] = csv_bytes(columns, rows, excel=True)
    return files


# -- HSDS 3.1 ------------------------------------------------------------------------------
#: Namespace of the UUIDs netmap gives HSDS records (HSDS 3 ids are UUIDs; ours are slugs).
NETMAP_UUID_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/netmap/netmap#hsds")
HSDS_VERSION = "3.1"
_HSDS_TABLES = ("organization", "program", "service", "phone", "taxonomy", "taxonomy_term",
                "attribute")


def _uid(net: Network, *parts: str) -> str:
    """A stable UUID for one record: the same dataset always gives the same ids."""
    return str(uuid.uuid5(NETMAP_UUID_NS, "/".join([net.code or net.slug, *parts])))


def _drop_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def hsds_tables(net: Network) -> dict[str, list[dict[str, Any]]]:
    """The network as HSDS 3.1 records plus the ``x-netmap-*`` extension tables.

    Mapping (HSDS has no meetings, roles or organisation-to-organisation links):

    - each organisation → ``organization`` (``alternate_name`` = ``name_en``,
      ``description`` = kind and sector, ``website`` = url) and its phone → ``phone``;
    - each program (事業) → ``program``, owned by its first operator;
    - each (operator, program) pair → ``service`` (``program_id`` set), and each organisation
      that covers needs itself (its ``needs`` cell or ``covers`` links) → one more
      ``service`` named 「<組織名>の相談・支援」; ``assured_date`` carried over, ``status``
      ``active``;
    - the need taxonomy → one ``taxonomy`` and a ``taxonomy_term`` per need (``code`` = our
      code, ``name`` = Japanese label, ``description`` = English label, ``parent_id``);
    - each need a service covers → ``attribute`` (``link_entity`` ``service``,
      ``link_type`` ``need``);
    - ``x-netmap-ids``: every HSDS id with the netmap id it came from;
      ``x-netmap-links``, ``x-netmap-meetings``, ``x-netmap-roles``, ``x-netmap-demand``,
      ``x-netmap-municipality``: the rest of the dataset, rows as in the dataset format.

    Ids are UUID v5 of (municipality code, table, netmap id), so re-exporting gives the same
    ids. No ``location``/``service_at_location`` is written: the format holds no addresses.

    References
    ----------
    Open Referral, *Human Services Data Specification 3.1*, schema reference
    (https://docs.openreferral.org/en/3.1/hsds/schema_reference.html).
    """
    from netmap.taxonomy import load_taxonomy

    t: dict[str, list[dict[str, Any]]] = {name: [] for name in _HSDS_TABLES}
    ids: list[dict[str, str]] = []

    def uid(table: str, nid: str) -> str:
        value = _uid(net, table, nid)
        ids.append({"hsds_table": table, "id": value, "netmap_id": nid})
        return value

    tax = load_taxonomy()
    tax_id = uid("taxonomy", "netmap-needs")
    t["taxonomy"].append({
        "id": tax_id, "name": "netmap ニーズ分類 (netmap need taxonomy)",
        "description": "生活困窮者自立支援の相談で把握される課題の分類 (need categories of "
                       "Japanese self-reliance support; datasets/needs.csv)",
        "version": "1"})
    term_ids: dict[str, str] = {}
    for need in tax:
        term_ids[need.code] = uid("taxonomy_term", need.code)
    for need in tax:
        t["taxonomy_term"].append(_drop_empty({
            "id": term_ids[need.code], "code": need.code, "name": need.label_ja,
            "description": need.label_en, "taxonomy": "netmap-needs", "taxonomy_id": tax_id,
            "parent_id": term_ids.get(need.parent or ""), "language": "ja"}))

    org_ids: dict[str, str] = {}
    for org, d in net.nodes_of("organisation"):
        oid = org_ids[org] = uid("organization", org)
        kind = d.get("kind") or ""
        sector = label(SECTORS, str(d.get("sector", "")), "ja")
        t["organization"].append(_drop_empty({
            "id": oid, "name": d.get("name", org), "alternate_name": d.get("name_en"),
            "description": f"{kind}（{sector}）" if kind else sector,
            "email": d.get("email"), "website": d.get("url")}))
        if d.get("phone"):
            t["phone"].append({"id": uid("phone", org), "organization_id": oid,
                               "number": str(d["phone"])})

    def add_service(sid: str, org: str, name: str, description: str, attrs: dict[str, Any],
                    needs: Iterable[str], program_id: str | None = None) -> None:
        t["service"].append(_drop_empty({
            "id": sid, "organization_id": org_ids[org], "program_id": program_id,
            "name": name, "description": description, "status": "active",
            "url": attrs.get("url"), "email": attrs.get("email"),
            "assured_date": attrs.get("assured_date")}))
        for code in needs:
            if code in term_ids:
                t["attribute"].append({
                    "id": _uid(net, "attribute", sid, code), "link_id": sid,
                    "link_type": "need", "link_entity": "service",
                    "taxonomy_term_id": term_ids[code]})

    for prog, d in net.nodes_of("program"):
        operators = [u for u, _, e in net.graph.in_edges(prog, data=True)
                     if e.get("type") == "operates" and u in org_ids]
        needs = [net.graph.nodes[v]["code"] for _, v, e in net.graph.out_edges(prog, data=True)
                 if e.get("type") == "covers"]
        desc = "; ".join(x for x in (d.get("basis"), {"mandatory": "必須事業",
                         "optional": "任意事業"}.get(str(d.get("category", ""))),
                         d.get("note")) if x) or str(d.get("name", prog))
        pid = None
        if operators:
            pid = uid("program", prog)
            t["program"].append(_drop_empty({
                "id": pid, "organization_id": org_ids[operators[0]],
                "name": d.get("name", prog), "alternate_name": d.get("name_en"),
                "description": desc}))
        for org in operators:
            add_service(uid("service", f"{org}/{prog}"), org, str(d.get("name", prog)), desc,
                        d, needs, pid)
    for org, d in net.nodes_of("organisation"):
        direct = [net.graph.nodes[v]["code"] for _, v, e in net.graph.out_edges(org, data=True)
                  if e.get("type") == "covers"]
        if direct:
            add_service(uid("service", org), org, f"{d.get('name', org)}の相談・支援",
                        "組織が直接対応する相談・支援 (needs the organisation covers itself)",
                        d, dict.fromkeys(direct))

    tables = dataset_tables(net)
    ext: dict[str, list[dict[str, Any]]] = {}
    for name in ("meetings", "roles", "links", "demand"):
        ext[f"x-netmap-{name}"] = [_drop_empty(r) for r in tables[name][1]]
    ext["x-netmap-municipality"] = [{k: v for k, v in net.graph.graph.items() if k != "demand"}]
    ext["x-netmap-ids"] = ids
    return {**t, **ext}


def _datapackage(net: Network, names: Iterable[str]) -> dict[str, Any]:
    resources = []
    for name in names:
        res: dict[str, Any] = {"name": name, "path": f"{name}.json", "format": "json",
                               "mediatype": "application/json"}
        if name.startswith("x-netmap-"):
            res["description"] = ("netmap extension (not HSDS): rows as in netmap's dataset "
                                  "format docs/FORMAT.md")
        else:
            res["schema"] = f"hsds {HSDS_VERSION}: {name}"
        resources.append(res)
    return {
        "name": f"netmap-{net.slug or net.code}".lower(),
        "title": f"{net.name} 支援ネットワーク (HSDS {HSDS_VERSION} + netmap extension)",
        "profile": "data-package",
        "hsds_version": HSDS_VERSION,
        "x-netmap": "links, meetings, roles and demand have no HSDS table; they are in the "
                    "x-netmap-*.json resources, with x-netmap-ids mapping HSDS UUIDs to "
                    "netmap ids.",
        "resources": resources,
    }


def hsds_files(net: Network) -> dict[str, bytes]:
    """One JSON file (a list of records) per HSDS table and extension, plus datapackage.json."""
    tables = hsds_tables(net)
    files = {f"{name}.json": (json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
             .encode("utf-8") for name, rows in tables.items()}
    files["datapackage.json"] = (json.dumps(_datapackage(net, tables), ensure_ascii=False,
                                            indent=1) + "\n").encode("utf-8")
    return files


def _read_package(path: Path) -> dict[str, Any]:
    path = Path(path)
    if path.is_dir():
        return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in path.glob("*.json")}
    with zipfile.ZipFile(path) as z:
        return {Path(n).stem: json.loads(z.read(n).decode("utf-8")) for n in z.namelist()
                if n.endswith(".json")}


def validate_hsds(path: Path) -> list[str]:
    """Check an HSDS export (folder or zip) against the schemas in ``netmap/io/hsds``.

    Returns one message per problem (``organization.json[3].id: ...``); empty when valid.
    Besides each record's schema, checks that ids are unique and that every
    ``organization_id``, ``program_id``, ``link_id``, ``taxonomy_term_id``, ``parent_id``
    and ``taxonomy_id`` points at a record that exists. Needs the ``jsonschema`` package.
    """
    try:
        import jsonschema
    except ImportError as exc:  # pragma: no cover - a test dependency
        raise NetmapError("HSDS の検査には jsonschema が必要です (pip install jsonschema)") \
            from exc
    package = _read_package(path)
    problems: list[str] = []
    if "datapackage" not in package:
        problems.append("datapackage.json がありません (missing datapackage.json)")
    fmt = jsonschema.FormatChecker()
    seen: dict[str, set[str]] = {}
    for name in _HSDS_TABLES:
        rows = package.get(name, [])
        schema = json.loads((HSDS_SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, format_checker=fmt)
        ids = seen.setdefault(name, set())
        for i, row in enumerate(rows):
            for err in validator.iter_errors(row):
                where = ".".join(str(p) for p in err.absolute_path)
                problems.append(f"{name}.json[{i}]{'.' + where if where else ''}: {err.message}")
            if row.get("id") in ids:
                problems.append(f"{name}.json[{i}].id: 重複 (duplicate id {row.get('id')})")
            ids.add(row.get("id"))
    refs = {"organization_id": "organization", "program_id": "program",
            "link_id": "service", "taxonomy_term_id": "taxonomy_term",
            "parent_id": "taxonomy_term", "taxonomy_id": "taxonomy"}
    for name in _HSDS_TABLES:
        for i, row in enumerate(package.get(name, [])):
            for field, target in refs.items():
                if field in row and row[field] not in seen.get(target, set()):
                    problems.append(f"{name}.json[{i}].{field}: '{row[field]}' is not in "
                                    f"{target}.json")
    return problems


# -- writing -------------------------------------------------------------------------------
def _write_zip(out: Path, files: dict[str, bytes]) -> None:
    with atomic_output(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def _write_folder(out: Path, files: dict[str, bytes]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_bytes(out / name, data)


def export_graph(net: Network, out: Path | str, fmt: str) -> Path:
    """Write ``net`` to ``out`` as ``graphml``, ``gexf``, ``csv`` (zip) or ``hsds``.

    Parameters
    ----------
    net : Network
        The network to write.
    out : Path
        The file to write. For ``hsds`` a path ending in ``.zip`` gives a zip, any other path
        a folder of JSON files. ``csv`` is always a zip.
    fmt : str
        One of :data:`FORMATS`.

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> from netmap.io.dataset import load_dataset
    >>> net = load_dataset(Path(__file__).parents[2] / "datasets" / "zama")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     G = nx.read_graphml(export_graph(net, Path(d) / "zama.graphml", "graphml"))
    >>> G.nodes["zama-jiritsu-support"]["name"]
    '座間市 生活援護課 自立サポート担当'
    """
    out = Path(out)
    if fmt == "graphml":
        G = flat_graph(net)
        with atomic_output(out) as tmp:
            nx.write_graphml(G, tmp, encoding="utf-8")
    elif fmt == "gexf":
        G = flat_graph(net, gexf=True)
        with atomic_output(out) as tmp:
            nx.write_gexf(G, tmp, encoding="utf-8")
    elif fmt == "csv":
        _write_zip(out, csv_files(net))
    elif fmt == "hsds":
        files = hsds_files(net)
        if out.suffix.lower() == ".zip":
            _write_zip(out, files)
        else:
            _write_folder(out, files)
    else:
        raise DatasetError(f"不明な出力形式 (unknown format) '{fmt}'; valid: "
                           + ", ".join(["json", *FORMATS]))
    return out
