"""The Excel template: sheets the reader reads, drop-downs, round trip, formula injection."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import DATASETS

from netmap.cli import cli
from netmap.errors import ValidationError
from netmap.io.dataset import load_dataset, validate
from netmap.io.tables import read_raw
from netmap.io.workbook import SHEETS, need_choices, write_template
from netmap.model import LINK_TYPES, SECTORS
from netmap.taxonomy import load_taxonomy

ZAMA = DATASETS / "zama"


def edge_multiset(net):  # type: ignore[no-untyped-def]
    return Counter((u, v, tuple(sorted(d.items()))) for u, v, d in net.graph.edges(data=True))


@pytest.fixture(scope="module")
def zama():  # type: ignore[no-untyped-def]
    return load_dataset(ZAMA)


@pytest.fixture
def zama_xlsx(tmp_path: Path, zama) -> Path:  # type: ignore[no-untyped-def]
    return write_template(tmp_path / "座間市.xlsx", zama)


def test_prefilled_template_loads_as_the_same_network(zama, zama_xlsx: Path) -> None:
    again = load_dataset(zama_xlsx)
    # 41 organisations, 18 programs, 3 meetings, 9 roles, 21 needs
    assert again.graph.number_of_nodes() == zama.graph.number_of_nodes() == 92
    assert again.graph.number_of_edges() == zama.graph.number_of_edges()
    for node, attrs in zama.graph.nodes(data=True):
        assert again.graph.nodes[node] == attrs, node
    assert edge_multiset(again) == edge_multiset(zama)
    assert dict(again.graph.graph) == dict(zama.graph.graph)
    assert again.name == "座間市" and again.hub == "zama-jiritsu-support"


def test_sheets_and_headers(zama_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(zama_xlsx)
    assert wb.sheetnames[0] == "説明"
    assert [s for s in wb.sheetnames if s in SHEETS] == list(SHEETS)
    assert wb["lists"].sheet_state == "hidden"
    headers = [c.value for c in wb["organisations"][1]]
    assert headers[:4] == ["ID (id)", "名称 (name)", "種別 (kind)", "セクター (sector)"]
    assert wb["municipality"]["A2"].value.endswith("(code)")
    assert wb["municipality"]["B2"].value == "142166"  # a string, leading digits kept
    # nothing left behind by the atomic write
    assert [p.name for p in zama_xlsx.parent.iterdir()] == [zama_xlsx.name]


def test_english_headers(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", lang="en"))
    assert [c.value for c in wb["links"][1]][:3] == ["Source (source)", "Target (target)",
                                                      "Link type (type)"]


def _validations(ws):  # type: ignore[no-untyped-def]
    """Header key → its data validation, for one sheet."""
    keys = {c.column_letter: c.value.rsplit("(", 1)[1].rstrip(")") for c in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        out[keys[letter]] = dv
    return out


def _list_values(wb, formula: str) -> list[str]:  # type: ignore[no-untyped-def]
    sheet, rng = formula.split("!")
    return [c.value for row in wb[sheet][rng.replace("$", "")] for c in row]


def test_dropdowns(zama_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(zama_xlsx)
    orgs = _validations(wb["organisations"])
    assert set(orgs) == {"sector", "kind", "hub", "needs"}
    assert _list_values(wb, orgs["sector"].formula1) == list(SECTORS)
    assert orgs["sector"].showErrorMessage and orgs["hub"].showErrorMessage
    assert not orgs["kind"].showErrorMessage  # other kinds allowed
    kinds = _list_values(wb, orgs["kind"].formula1)
    assert "社会福祉協議会" in kinds and "行政課（自立相談支援機関）" in kinds  # from 座間
    assert "A2:A" not in str(orgs["sector"].sqref)  # on the sector column, not the id
    links = _validations(wb["links"])
    assert _list_values(wb, links["type"].formula1) == list(LINK_TYPES)
    programs = _validations(wb["programs"])
    assert _list_values(wb, programs["category"].formula1) == ["mandatory", "optional", "other"]
    demand = _validations(wb["demand"])
    assert _list_values(wb, demand["need"].formula1) == need_choices()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_need_choice_is_accepted(lang: str) -> None:
    tax = load_taxonomy()
    assert [tax.get(c) for c in need_choices(lang)] == [n.code for n in tax]


def _fill(ws, rows: list[list[object]]) -> None:  # type: ignore[no-untyped-def]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j).value = value


def test_fill_an_empty_template_for_zama(tmp_path: Path) -> None:
    out = write_template(tmp_path / "zama.xlsx")
    wb = openpyxl.load_workbook(out)
    keys = {c.value.rsplit("(", 1)[1].rstrip(")"): c.row for c in wb["municipality"]["A"][1:]}
    m = wb["municipality"]
    m.cell(keys["code"], 2).value = "142166"
    m.cell(keys["name"], 2).value = "座間市"
    m.cell(keys["prefecture"], 2).value = "神奈川県"
    m.cell(keys["population"], 2).value = 130753
    # organisations: id, name, kind, sector, needs, hub, area, name_en, …
    _fill(wb["organisations"], [
        ["zama-jiritsu", "座間市 自立サポート担当", "行政課", "government", "経済的困窮;就労", "true"],
        ["zama-shakyo", "座間市社会福祉協議会", "社会福祉協議会", "shakyo", "家計管理"],
        ["oneaid", "NPO法人ワンエイド", "NPO法人", "npo", "住まい"],
    ])
    _fill(wb["programs"], [["prog-kakei", "家計改善支援事業", "optional", "", "債務"]])
    _fill(wb["links"], [
        ["zama-jiritsu", "zama-shakyo", "refers_to", "002_042a08d9d21ad8a0.txt:566"],
        ["zama-shakyo", "prog-kakei", "operates", "002_042a08d9d21ad8a0.txt:570"],
        ["zama-jiritsu", "oneaid", "partners", "002_042a08d9d21ad8a0.txt:590"],
    ])
    _fill(wb["demand"], [["家計管理の問題", "家計管理の問題", 39, "H30年度"]])
    wb.save(out)
    net = load_dataset(out)
    assert net.name == "座間市" and net.graph.graph["population"] == 130753
    assert net.hub == "zama-jiritsu"
    assert net.organisations() == ["zama-jiritsu", "zama-shakyo", "oneaid"]
    assert net.needs_covered("zama-shakyo") == {"household_budget", "debt"}
    assert net.graph.nodes["oneaid"]["name"] == "NPO法人ワンエイド"
    assert net.graph.graph["demand"][0]["need"] == "household_budget"
    assert len(list(net.links("refers_to", "partners", "operates"))) == 3


def test_bad_cell_names_sheet_row_and_column(tmp_path: Path, zama_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(zama_xlsx)
    ws = wb["organisations"]
    col = next(c.column for c in ws[1] if c.value == "セクター (sector)")
    ws.cell(5, col).value = "goverment"
    link_col = next(c.column for c in wb["links"][1] if c.value == "先 (target)")
    wb["links"].cell(3, link_col).value = "org-17"
    wb.save(zama_xlsx)
    net, problems = validate(read_raw(zama_xlsx))
    assert net is None
    shown = [str(p) for p in problems]
    assert any(s.startswith("座間市.xlsx[organisations]:5:sector: ") and "government" in s
               for s in shown), shown
    assert any(s.startswith("座間市.xlsx[links]:3:target: ") and "org-17" in s
               for s in shown), shown
    with pytest.raises(ValidationError):
        load_dataset(zama_xlsx)


DANGEROUS = ["=HYPERLINK(\"http://evil\",\"x\")", "+81-46-252-8566", "-1+2", "@SUM(A1)",
             "\t=1", "=cmd|' /C calc'!A0"]


def test_formula_injection_is_neutralised(tmp_path: Path, zama) -> None:  # type: ignore[no-untyped-def]
    net = load_dataset(ZAMA)
    orgs = net.organisations()
    for org, text in zip(orgs, DANGEROUS, strict=False):
        net.graph.nodes[org]["note"] = text
    out = write_template(tmp_path / "x.xlsx", net)
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    ws = openpyxl.load_workbook(out)["organisations"]
    note_col = next(c.column for c in ws[1] if c.value == "備考 (note)")
    for i, text in enumerate(DANGEROUS, start=2):
        cell = ws.cell(i, note_col)
        assert cell.data_type == "s" and cell.quotePrefix, text
    safe = ws.cell(2, 2)  # a name: plain text, no prefix style
    assert safe.data_type == "s" and not safe.quotePrefix
    # our reader gets the text back unchanged (the quote prefix is a style, not a character)
    raw = read_raw(out)
    notes = [cells["note"] for _, cells in raw.tables["organisations"].rows]
    assert notes[:len(DANGEROUS)] == [t.strip() for t in DANGEROUS]
    again = load_dataset(out)
    assert [again.graph.nodes[o]["note"] for o in orgs[:len(DANGEROUS)]] == \
        [t.strip() for t in DANGEROUS]


def test_template_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "座間市.xlsx"
    result = runner.invoke(cli, ["template", str(out), "--from", str(ZAMA)])
    assert result.exit_code == 0, result.output
    assert result.output == f"作成しました (written): {out}\n"
    assert load_dataset(out).graph.number_of_nodes() == 92  # 41 + 18 + 3 meetings + 9 + 21
    again = runner.invoke(cli, ["template", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
    forced = runner.invoke(cli, ["template", str(out), "--force"])
    assert forced.exit_code == 0
    assert read_raw(out).tables["organisations"].rows == []
    wrong = runner.invoke(cli, ["template", str(tmp_path / "x.csv")])
    assert wrong.exit_code == 1 and ".xlsx" in wrong.output
    helptext = runner.invoke(cli, ["template", "-h"]).output
    assert "Example:" in helptext and "netmap template 座間市.xlsx --from datasets/zama" in helptext
