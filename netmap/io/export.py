"""Write a network out in the formats other tools read, with personal data removed on request.

``netmap export`` calls :func:`export_network`: node-link JSON (networkx), GraphML (yEd,
Gephi, igraph), GEXF 1.3 (Gephi, Gephi Lite), a CSV zip (Excel) and Open Referral HSDS 3.1
(directory services). Each format is checked in the tests by its own tooling: networkx's
``node_link_graph`` with default arguments, ``xmllint --schema`` with the official GraphML and
GEXF XSDs (``netmap/io/xsd``), ``frictionless validate`` and the official HSDS JSON Schemas.

Redaction. ``redact=True`` passes the network through :func:`netmap.redact.redact_network`
(personal columns such as ``contact_name``, ``phone``, ``email``, 担当者 removed; listed
contacts, phone numbers and e-mails scrubbed out of every text) and also removes the columns
the dataset declares personal in ``municipality.yaml`` (``personal_columns: [column, …]``).
It is ON by default for GraphML and GEXF, which are made to be uploaded to cloud tools (Kumu,
Gephi Lite, Retina), and OFF for JSON, the CSV zip and HSDS, which stay inside the office or
publish the organisations' own public contact points (:data:`REDACT_BY_DEFAULT`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.errors import DatasetError
from netmap.model import Network

__all__ = ["FORMATS", "PERSONAL_FIELDS", "PICTURE_FORMATS", "REDACT_BY_DEFAULT",
           "export_network", "format_from_path", "node_link", "personal_fields",
           "redact_network", "write_json"]

#: Every ``--format`` of ``netmap export`` with the file suffixes it is recognised by.
FORMATS: dict[str, tuple[str, ...]] = {
    "json": (".json",), "graphml": (".graphml",), "gexf": (".gexf",), "csv": (".zip",),
    "hsds": (".zip",)}

#: Whether ``--redact`` is on when the user does not say: on for formats meant for cloud tools.
REDACT_BY_DEFAULT: dict[str, bool] = {"json": False, "graphml": True, "gexf": True,
                                      "csv": False, "hsds": False}

#: The picture formats of ``netmap map`` with their suffixes (for :func:`format_from_path`).
PICTURE_FORMATS: dict[str, tuple[str, ...]] = {
    "html": (".html", ".htm"), "png": (".png",), "svg": (".svg",)}

#: Attributes that name or reach a person; removed by :func:`redact_network`.
PERSONAL_FIELDS = ("contact_name", "phone", "email")


def format_from_path(path: Path | str | None, fmt: str | None = None,
                     formats: Mapping[str, Sequence[str]] = PICTURE_FORMATS) -> str:
    """The format to write ``path`` in: from ``--format``, else from the file's extension.

    Raises :class:`~netmap.errors.DatasetError` when the extension belongs to another format
    than ``fmt`` (``-o x.png --format svg``), or when there is no ``fmt`` and the extension is
    not one of ``formats``: never an HTML page written into ``x.png``. A suffix shared by
    several formats (``.zip`` for ``csv`` and ``hsds``) needs ``fmt``; with ``fmt``, an
    extension no format claims is accepted (``-o zama.hsds --format hsds``, a folder).

    Examples
    --------
    >>> format_from_path("zama.png"), format_from_path("zama.HTML"), format_from_path(None, "svg")
    ('png', 'html', 'svg')
    >>> format_from_path("zama.png", "svg")
    Traceback (most recent call last):
    ...
    netmap.errors.DatasetError: -o zama.png の拡張子 .png は --format svg と合いません (the extension .png does not match --format svg; use .svg)
    """
    suffix = Path(path).suffix.lower() if path is not None else ""
    matches = [name for name, suffixes in formats.items() if suffix in suffixes]
    if fmt is not None:
        if fmt not in formats:
            raise DatasetError(f"不明な出力形式 (unknown format) '{fmt}'; valid: "
                               + ", ".join(formats))
        if matches and fmt not in matches and path is not None:
            raise DatasetError(
                f"-o {Path(path).name} の拡張子 {suffix} は --format {fmt} と合いません (the "
                f"extension {suffix} does not match --format {fmt}; use {formats[fmt][0]})")
        return fmt
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(f"{s} ({n})" for n, ss in formats.items() for s in ss)
    if matches:
        raise DatasetError(f"拡張子 {suffix} は形式が一つに決まりません: --format を指定してください "
                           f"(extension {suffix} fits {' and '.join(matches)}; give --format)")
    raise DatasetError(f"拡張子 '{suffix}' から形式が分かりません: --format を指定するか "
                       f"{known} を使ってください (cannot tell the format from the extension)")


def personal_fields(net: Network) -> tuple[str, ...]:
    """:data:`PERSONAL_FIELDS` plus the dataset's ``personal_columns`` (municipality.yaml).

    >>> G = nx.MultiDiGraph(personal_columns="staff; mobile")
    >>> personal_fields(Network(G))
    ('contact_name', 'phone', 'email', 'staff', 'mobile')
    """
    declared = net.graph.graph.get("personal_columns") or []
    if isinstance(declared, str):
        declared = [c.strip() for c in declared.replace("；", ";").replace(",", ";").split(";")]
    extra = [str(c) for c in declared if c and str(c) not in PERSONAL_FIELDS]
    return (*PERSONAL_FIELDS, *dict.fromkeys(extra))


def redact_network(net: Network) -> Network:
    """A copy of ``net`` without personal data (the input is not changed).

    :func:`netmap.redact.redact_network` (personal columns by name, listed contacts in any
    spelling, phones, e-mails), then the columns the dataset declares personal
    (``personal_columns`` in municipality.yaml) removed too.

    Examples
    --------
    >>> G = nx.MultiDiGraph(name="座間市", personal_columns="窓口の人")
    >>> G.add_node("a", name="窓口", contact_name="座間 太郎", phone="046-252-7717",
    ...            窓口の人="座間 花子", note="担当 座間太郎 046-252-7717")
    >>> r = redact_network(Network(G)).graph
    >>> r.nodes["a"], G.nodes["a"]["phone"], r.graph["redacted"]
    ({'name': '窓口', 'note': '担当 ［氏名削除］ ［電話番号削除］'}, '046-252-7717', True)
    """
    from netmap import redact

    red = redact.redact_network(net)
    extra = personal_fields(net)[len(PERSONAL_FIELDS):]
    if extra:
        G = red.graph
        for attrs in (G.graph, *(d for _, d in G.nodes(data=True)),
                      *(d for _, _, d in G.edges(data=True))):
            for key in extra:
                attrs.pop(key, None)
    return red


def node_link(net: Network) -> dict[str, Any]:
    """The network as node-link data with every node, edge and graph attribute.

    The keys are those of :func:`networkx.node_link_data` with its defaults on networkx 3.6
    (``directed``, ``multigraph``, ``graph``, ``nodes`` each with ``id``, and ``edges`` each
    with ``source``, ``target``, ``key``), so ``networkx.node_link_graph(data)`` reads it back
    with no arguments.

    >>> G = nx.MultiDiGraph(name="x"); G.add_edge("a", "b", type="partners")
    0
    >>> H = nx.node_link_graph(node_link(Network(G)))
    >>> H.is_multigraph(), list(H.edges(data=True))
    (True, [('a', 'b', {'type': 'partners'})])
    """
    data: dict[str, Any] = nx.node_link_data(net.graph, edges="edges")
    return data


def write_json(net: Network, out: Path | str | None, redact: bool = False) -> str:
    """Serialise :func:`node_link` as UTF-8 JSON (Japanese kept as is); write it if ``out``."""
    from netmap.io.output import write_text

    if redact:
        net = redact_network(net)
    text = json.dumps(node_link(net), ensure_ascii=False, indent=1, sort_keys=False)
    if out is not None:
        write_text(Path(out), text + "\n")
    return text


def export_network(net: Network, out: Path | str, fmt: str,
                   redact: bool | None = None, overwrite: bool = False) -> Path:
    """Write ``net`` to ``out`` in ``fmt`` (one of :data:`FORMATS`).

    Parameters
    ----------
    net : Network
        The network to write.
    out : Path
        The file to write. For ``hsds`` a path ending in ``.zip`` gives a zip, any other path
        a folder (the tabular package and the JSON form); ``csv`` is always a zip.
    fmt : str
        ``json``, ``graphml``, ``gexf``, ``csv`` or ``hsds``.
    redact : bool, optional
        Remove personal data first (:func:`redact_network`); default
        :data:`REDACT_BY_DEFAULT` for ``fmt``.
    overwrite : bool
        Replace an existing ``hsds`` folder (only one netmap wrote; files are always
        replaced).

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> import tempfile
    >>> from netmap.io.dataset import load_dataset
    >>> net = load_dataset(Path(__file__).parents[2] / "datasets" / "zama")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     G = nx.read_graphml(export_network(net, Path(d) / "zama.graphml", "graphml"))
    >>> G.nodes["zama-jiritsu-support"]["hub"], "phone" in G.nodes["zama-jiritsu-support"]
    (True, False)
    """
    from netmap.io import output

    if fmt not in FORMATS:
        raise DatasetError(f"不明な出力形式 (unknown format) '{fmt}'; valid: "
                           + ", ".join(FORMATS))
    out = Path(out)
    if REDACT_BY_DEFAULT[fmt] if redact is None else redact:
        net = redact_network(net)
    if fmt == "json":
        write_json(net, out)
    elif fmt == "graphml":
        from netmap.io.formats import flat_graph

        G = flat_graph(net)
        with output.atomic_output(out) as tmp:
            nx.write_graphml(G, tmp, encoding="utf-8")
    elif fmt == "gexf":
        from netmap.io.gexf import gexf_bytes

        output.write_bytes(out, gexf_bytes(net))
    elif fmt == "csv":
        from netmap.io.formats import csv_files

        _write_zip(out, csv_files(net))
    else:
        from netmap.io.hsds import hsds_files

        files = hsds_files(net)
        if out.suffix.lower() == ".zip":
            _write_zip(out, files)
        else:
            with output.atomic_dir(out, overwrite=overwrite) as tmp:
                for name, data in files.items():
                    (tmp / name).write_bytes(data)
    return out


def _write_zip(out: Path, files: dict[str, bytes]) -> None:
    import zipfile

    from netmap.io.output import atomic_output

    with atomic_output(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
