"""The HSDS 3.1 files: a Tabular Data Package (CSV + Table Schemas) and the JSON form.

HSDS 3 has two serializations (``spec/``, HSDS docs "Serialization and Publication
Formats"): the canonical JSON, checked against the JSON Schemas in ``spec/schema``, and the
Tabular Data Package — one CSV per table named as in the official ``datapackage.json``
(``organizations.csv``, ``services.csv``, …) described by that file's Table Schemas. netmap
writes both into one folder or zip:

- ``datapackage.json``: the official descriptor (every HSDS resource, verbatim Table Schemas,
  primary and foreign keys) with our package name and the ``x-netmap-*`` resources appended;
- one CSV per official resource (header only for the tables netmap has nothing for, so every
  foreign key of the official descriptor resolves);
- ``x-netmap-*.csv``: links, meetings, roles, demand, the municipality fields and the id map,
  which HSDS has no table for (documented in ``hsds/README.md``);
- ``organizations.json`` and ``services.json``: the JSON form, one object per organization /
  service with its related records nested (phones, programs; organization, program,
  attributes with their taxonomy term), each valid against the canonical schema.

CSV cells are written as they are (no formula guard): this package is for machines, and a
leading apostrophe would corrupt phone numbers such as ``+81-…``.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from netmap.errors import NetmapError
from netmap.io.hsds.mapping import HSDS_VERSION, Records, hsds_records
from netmap.model import Network

__all__ = ["SPEC_DIR", "hsds_files", "validate_hsds", "official_package", "json_form"]

#: The vendored Open Referral files (``datapackage.json``, ``schema/*.json``, ``LICENSE``).
SPEC_DIR = Path(__file__).with_name("spec")

_EXTENSIONS = {
    "links": "organisation-to-organisation and other links (netmap ids; a covers target is a "
             "need code)",
    "meetings": "会議体 (meetings): id, name, sittings a year, purpose, evidence",
    "roles": "配置人材 (placed roles): counts, never names",
    "demand": "把握されたニーズ件数 (observed demand by need)",
    "municipality": "the fields of municipality.yaml as key/value rows",
    "ids": "which netmap id each HSDS UUID stands for",
}


@functools.cache
def _official_text() -> str:
    return (SPEC_DIR / "datapackage.json").read_text(encoding="utf-8")


#: Resources of the official descriptor left out of the export: their Table Schemas are
#: broken at the vendored commit (``service_capacity`` declares primary key ``id`` but lists
#: only ``service_id``, ``unit_id``; ``unit`` lists no field), so Frictionless rejects the
#: descriptor itself; netmap has no data for either and nothing else refers to them.
BROKEN_RESOURCES = ("service_capacity", "unit")


def official_package() -> dict[str, Any]:
    """The official HSDS tabular ``datapackage.json``, less :data:`BROKEN_RESOURCES`.

    A fresh copy on every call.
    """
    data: dict[str, Any] = json.loads(_official_text())
    data["resources"] = [r for r in data["resources"] if r["name"] not in BROKEN_RESOURCES]
    return data


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for row in rows:
        w.writerow(["" if row.get(c) is None else _cell(row[c]) for c in columns])
    return buf.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _extension_tables(net: Network, records: Records) -> dict[str, tuple[list[str],
                                                                         list[dict[str, Any]]]]:
    from netmap.io.formats import dataset_tables

    tables = dataset_tables(net)
    out = {name: tables[name] for name in ("links", "meetings", "roles", "demand")}
    out["municipality"] = tables["municipality"]
    out["ids"] = (["hsds_table", "id", "netmap_id"], records.ids)
    return out


def _extension_resource(name: str, columns: list[str]) -> dict[str, Any]:
    return {
        "name": f"x-netmap-{name}", "path": f"x-netmap-{name}.csv",
        "description": f"netmap extension (not HSDS): {_EXTENSIONS[name]}; see "
                       "docs/FORMAT.md",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
    }


def json_form(records: Records) -> dict[str, list[dict[str, Any]]]:
    """The records nested as HSDS JSON: ``{"organizations": [...], "services": [...]}``.

    An organization carries its ``phones`` and ``programs``; a service its
    ``organization``, ``program`` and ``attributes``, each attribute its ``taxonomy_term``
    and that its ``taxonomy_detail`` (HSDS docs: "HSDS JSON should be dereferenced").
    """
    t = records.tables
    by_id = {name: {r["id"]: r for r in rows} for name, rows in t.items()}
    orgs = []
    for org in t["organization"]:
        o = copy.deepcopy(org)
        phones = [p for p in t["phone"] if p.get("organization_id") == org["id"]]
        programs = [p for p in t["program"] if p["organization_id"] == org["id"]]
        if phones:
            o["phones"] = copy.deepcopy(phones)
        if programs:
            o["programs"] = copy.deepcopy(programs)
        orgs.append(o)
    services = []
    for svc in t["service"]:
        s = copy.deepcopy(svc)
        s["organization"] = copy.deepcopy(by_id["organization"][svc["organization_id"]])
        if "program_id" in svc:
            s["program"] = copy.deepcopy(by_id["program"][svc["program_id"]])
        attrs = []
        for a in t["attribute"]:
            if a["link_id"] == svc["id"]:
                a2 = copy.deepcopy(a)
                term = a2["taxonomy_term"] = copy.deepcopy(
                    by_id["taxonomy_term"][a["taxonomy_term_id"]])
                if "taxonomy_id" in term:
                    term["taxonomy_detail"] = copy.deepcopy(by_id["taxonomy"][term["taxonomy_id"]])
                attrs.append(a2)
        if attrs:
            s["attributes"] = attrs
        services.append(s)
    return {"organizations": orgs, "services": services}


def hsds_files(net: Network) -> dict[str, bytes]:
    """Every file of the HSDS export (tabular package + JSON form), by name.

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> files = hsds_files(load_dataset(Path(__file__).parents[3] / "datasets" / "zama"))
    >>> [n for n in ("datapackage.json", "organizations.csv", "programs.csv",
    ...              "x-netmap-links.csv", "services.json") if n in files]
    ['datapackage.json', 'organizations.csv', 'programs.csv', 'x-netmap-links.csv', 'services.json']
    """
    records = hsds_records(net)
    package = official_package()
    files: dict[str, bytes] = {}
    for res in package["resources"]:
        columns = [f["name"] for f in res["schema"]["fields"]]
        files[res["path"]] = _csv(columns, records.tables.get(res["name"], []))
    for name, (columns, rows) in _extension_tables(net, records).items():
        res = _extension_resource(name, columns)
        package["resources"].append(res)
        files[res["path"]] = _csv(columns, rows)
    package.update({
        "name": f"netmap-{net.slug or net.code}".lower(),
        "title": f"{net.name} 支援ネットワーク (HSDS {HSDS_VERSION} + netmap extension)",
        "description": "Open Referral HSDS 3.1 tabular data package written by netmap. The "
                       "x-netmap-* resources are a netmap extension (not HSDS). The same "
                       "records in the HSDS JSON form are in organizations.json and "
                       "services.json.",
        "version": HSDS_VERSION,
    })
    files["datapackage.json"] = _json(package)
    for name, rows in json_form(records).items():
        files[f"{name}.json"] = _json(rows)
    return files


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _read(path: Path, name: str) -> Any:
    if path.is_dir():
        target = path / name
        return json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(name).decode("utf-8")) if name in z.namelist() else None


def _validators() -> dict[str, Any]:
    """jsonschema validators of the canonical ``organization`` and ``service`` schemas."""
    try:
        import jsonschema
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
    except ImportError as exc:  # pragma: no cover - a test dependency
        raise NetmapError("HSDS の検査には jsonschema が必要です (pip install jsonschema)") \
            from exc
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8"))
               for p in (SPEC_DIR / "schema").glob("*.json")}
    registry: Registry[Any] = Registry().with_resources(
        (name, Resource.from_contents(s, default_specification=DRAFT202012))
        for name, s in schemas.items())
    fmt = jsonschema.FormatChecker()
    return {name: jsonschema.Draft202012Validator(schemas[f"{name}.json"], registry=registry,
                                                  format_checker=fmt)
            for name in ("organization", "service")}


def validate_hsds(path: Path) -> list[str]:
    """Check the JSON form of an HSDS export (folder or zip) against the official schemas.

    Every object of ``organizations.json`` is checked against ``spec/schema/organization.json``
    and every object of ``services.json`` against ``spec/schema/service.json`` (nested records
    against the schemas they ``$ref``), with formats (``uuid``, ``email``, ``uri``, ``date``)
    enforced; ids must be unique. Returns one message per problem
    (``services.json[3].status: 'open' is not one of …``), empty when valid. The tabular
    package is checked by Frictionless itself (``frictionless validate datapackage.json``).
    """
    path = Path(path)
    validators = _validators()
    problems: list[str] = []
    for file, schema in (("organizations.json", "organization"), ("services.json", "service")):
        rows = _read(path, file)
        if rows is None:
            problems.append(f"{file}: ファイルがありません (missing file)")
            continue
        seen: set[str] = set()
        for i, row in enumerate(rows):
            for err in validators[schema].iter_errors(row):
                where = ".".join(str(p) for p in err.absolute_path)
                problems.append(f"{file}[{i}]{'.' + where if where else ''}: {err.message}")
            if row.get("id") in seen:
                problems.append(f"{file}[{i}].id: 重複 (duplicate id {row.get('id')})")
            seen.add(row.get("id"))
    return problems
