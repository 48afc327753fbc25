"""UTF-8, UTF-8 with BOM and cp932 (Japanese Excel's CSV) load identically; so does xlsx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import openpyxl
import pytest
from helpers import LINKS, MUNICIPALITY, ORGS, write_dataset

from netmap.io.dataset import load_dataset


def _json(path: Path) -> str:
    net = load_dataset(path)
    data = nx.node_link_data(net.graph, edges="links")
    data["graph"].pop("slug")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encodings_load_identically(tmp_path: Path, encoding: str) -> None:
    reference = _json(write_dataset(tmp_path / "ref"))
    assert _json(write_dataset(tmp_path / encoding, encoding=encoding)) == reference


def test_cp932_file_really_is_not_utf8(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "sjis", encoding="cp932")
    with pytest.raises(UnicodeDecodeError):
        (folder / "organisations.csv").read_bytes().decode("utf-8")


def _sheet(wb: openpyxl.Workbook, name: str, text: str) -> None:
    ws = wb.create_sheet(name)
    for line in text.strip().splitlines():
        ws.append(line.split(","))


def test_xlsx_workbook_loads_like_the_folder(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    meta = wb.create_sheet("municipality")
    meta.append(["key", "value"])
    for line in MUNICIPALITY.strip().splitlines():
        key, value = line.split(": ")
        meta.append([key, value.strip('"')])
    _sheet(wb, "organisations", ORGS.replace("id,name,", "ID (id),名称 (name),"))
    _sheet(wb, "links", LINKS)
    wb.save(tmp_path / "small.xlsx")
    from_folder = load_dataset(write_dataset(tmp_path / "small"))
    from_book = load_dataset(tmp_path / "small.xlsx")
    assert sorted(from_book.graph.nodes(data=True)) == sorted(from_folder.graph.nodes(data=True))
    assert sorted(map(str, from_book.graph.edges(data=True))) == \
        sorted(map(str, from_folder.graph.edges(data=True)))


def test_xlsx_errors_name_sheet_row_column(tmp_path: Path) -> None:
    from netmap.errors import ValidationError

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    meta = wb.create_sheet("municipality")
    for row in (["key", "value"], ["code", "142166"], ["name", "座間市"],
                ["prefecture", "神奈川県"]):
        meta.append(row)
    _sheet(wb, "organisations", ORGS.replace("oneaid,NPO法人ワンエイド,NPO法人,npo",
                                             "oneaid,NPO法人ワンエイド,NPO法人,nop"))
    _sheet(wb, "links", LINKS)
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(ValidationError) as info:
        load_dataset(tmp_path / "bad.xlsx")
    assert str(info.value.problems[0]).startswith("bad.xlsx[organisations]:4:sector:")
