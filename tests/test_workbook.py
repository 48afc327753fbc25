"""The Excel template: sheets the reader reads, drop-downs, round trip, formula injection."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import DATASETS, in_ci

from netmap import vocabulary
from netmap.cli import cli
from netmap.errors import ValidationError
from netmap.io.dataset import load_dataset, validate
from netmap.io.tables import header_key, read_raw
from netmap.io.workbook import _HOW_TO, SHEETS, need_choices, write_template
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
    assert again.graph.number_of_nodes() == zama.graph.number_of_nodes()
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
    keys = {c.column_letter: header_key(c.value) for c in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        out[keys[letter]] = dv
    return out


def _list_values(wb, formula: str) -> list[str]:  # type: ignore[no-untyped-def]
    sheet, rng = formula.split("!")
    return [c.value for row in wb[sheet][rng.replace("$", "")] for c in row]


def test_dropdowns_show_japanese_labels(zama_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(zama_xlsx)
    orgs = _validations(wb["organisations"])
    assert set(orgs) == {"sector", "kind", "hub", "needs", "certainty"}
    assert _list_values(wb, orgs["certainty"].formula1) == [t.ja for t in
                                                           vocabulary.CERTAINTY.values()]
    assert _list_values(wb, orgs["sector"].formula1) == [t.ja for t in vocabulary.SECTORS.values()]
    assert "社会福祉協議会" in _list_values(wb, orgs["sector"].formula1)
    assert _list_values(wb, orgs["hub"].formula1) == ["はい", "いいえ"]
    assert orgs["sector"].showErrorMessage and orgs["hub"].showErrorMessage
    assert not orgs["kind"].showErrorMessage  # other kinds allowed
    kinds = _list_values(wb, orgs["kind"].formula1)
    assert "社会福祉協議会" in kinds and "行政課（自立相談支援機関）" in kinds  # from 座間
    assert "A2:A" not in str(orgs["sector"].sqref)  # on the sector column, not the id
    links = _validations(wb["links"])
    assert _list_values(wb, links["type"].formula1) == [t.ja for t in vocabulary.LINK_TYPES.values()]
    assert "連携" in _list_values(wb, links["type"].formula1)
    # source/target offer the organisations' names (column B of organisations), any text allowed
    assert links["source"].formula1.startswith("organisations!$B$2:$B$")
    assert not links["source"].showErrorMessage
    programs = _validations(wb["programs"])
    assert _list_values(wb, programs["category"].formula1) == ["必須事業", "任意事業", "その他"]
    demand = _validations(wb["demand"])
    assert _list_values(wb, demand["need"].formula1) == need_choices()
    # every code in the sheets is written as its label: no English code left in a coded column
    ws = wb["organisations"]
    col = next(c.column for c in ws[1] if c.value == "セクター (sector)")
    sectors = {ws.cell(r, col).value for r in range(2, ws.max_row + 1)} - {None}
    assert sectors and sectors <= {t.ja for t in vocabulary.SECTORS.values()}


def test_blank_template_offers_purpose_and_certainty(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    meetings = _validations(wb["meetings"])
    assert _list_values(wb, meetings["purpose"].formula1)[0] == "支援調整会議・ケース会議"
    assert _list_values(wb, meetings["certainty"].formula1) == ["出典に明記", "推定"]
    assert "certainty" in _validations(wb["links"])
    en = openpyxl.load_workbook(write_template(tmp_path / "en.xlsx", lang="en"))
    assert _list_values(en, _validations(en["links"])["type"].formula1)[0] == "Refers to"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_need_choice_is_accepted(lang: str) -> None:
    tax = load_taxonomy()
    assert [tax.get(c) for c in need_choices(lang)] == [n.code for n in tax]


def _keys(ws) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {header_key(c.value): c.column for c in ws[1] if c.value}


def _fill(ws, rows: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    keys = _keys(ws)
    for i, row in enumerate(rows, start=2):
        for key, value in row.items():
            ws.cell(i, keys[key]).value = value


def _zama_by_hand(out: Path, **mistakes: object) -> Path:
    """The blank template filled as a coordinator would: Japanese labels from the drop-downs,
    organisation names (not ids) in links. ``mistakes`` replaces single cells."""
    m = mistakes.get
    wb = openpyxl.load_workbook(write_template(out))
    ws = wb["municipality"]
    rows = {c.value.rsplit("(", 1)[1].rstrip(")"): c.row for c in ws["A"][1:]}
    for key, value in (("code", "142166"), ("name", "座間市"), ("prefecture", "神奈川県"),
                       ("population", 130753)):
        ws.cell(rows[key], 2).value = value
    _fill(wb["organisations"], [
        {"id": "zama-jiritsu", "name": "座間市 自立サポート担当", "kind": "行政課",
         "sector": "行政", "needs": "経済的困窮;就労", "hub": "はい", "evidence": "002:566"},
        {"id": "zama-shakyo", "name": "座間市社会福祉協議会", "kind": "社会福祉協議会",
         "sector": m("sector", "社会福祉協議会"), "needs": "家計管理", "evidence": "002:570"},
        {"id": "oneaid", "name": "NPO法人ワンエイド", "kind": "NPO法人", "sector": "NPO・市民活動",
         "needs": "住まい", "hub": "いいえ", "evidence": "002:590", "certainty": "推定"},
        {"id": m("id", "hello-work"), "name": "ハローワーク大和", "kind": "公共職業安定所",
         "sector": "労働・就労", "evidence": "002:640"},
    ])
    _fill(wb["programs"], [{"id": "prog-kakei", "name": "家計改善支援事業",
                            "category": "任意事業", "needs": "債務", "evidence": "002:600"}])
    _fill(wb["meetings"], [{"id": "chosei", "name": "支援調整会議", "per_year": 12,
                            "purpose": "支援調整会議・ケース会議", "evidence": "002:610"}])
    _fill(wb["links"], [
        {"source": "座間市 自立サポート担当", "target": "座間市社会福祉協議会",
         "type": "つなぐ（紹介）", "evidence": "002:566"},
        {"source": "座間市社会福祉協議会", "target": "家計改善支援事業", "type": "事業を実施",
         "evidence": "002:570", "assured_date": m("date", "2025-04-01")},
        {"source": "zama-jiritsu", "target": m("target", "NPO法人ワンエイド"), "type": "連携",
         "evidence": "002:590"},
        {"source": "座間市 自立サポート担当", "target": "支援調整会議",
         "type": m("type", "会議を主催"), "evidence": "002:610"},
        {"source": "ハローワーク大和", "target": "座間市 自立サポート担当", "type": "連携"},
    ])
    _fill(wb["demand"], [{"need": "家計管理の問題", "label": "家計管理の問題", "count": 39,
                          "period": "H30年度"}])
    wb.save(out)
    return out


def test_template_filled_with_japanese_labels_validates(tmp_path: Path) -> None:
    net = load_dataset(_zama_by_hand(tmp_path / "座間市.xlsx"))
    assert net.name == "座間市" and net.graph.graph["population"] == 130753
    assert net.hub == "zama-jiritsu"
    g = net.graph
    assert [g.nodes[o]["sector"] for o in net.organisations()] == [
        "government", "shakyo", "npo", "labour"]  # labels mapped back to codes
    assert g.nodes["oneaid"]["certainty"] == "inferred" and g.nodes["oneaid"]["hub"] is False
    assert g.nodes["prog-kakei"]["category"] == "optional"
    links = {(u, v, d["type"]) for u, v, d in net.links() if d.get("origin") != "needs column"}
    assert links == {  # names in links resolved to ids
        ("zama-jiritsu", "zama-shakyo", "refers_to"), ("zama-shakyo", "prog-kakei", "operates"),
        ("zama-jiritsu", "oneaid", "partners"), ("zama-jiritsu", "chosei", "convenes"),
        ("hello-work", "zama-jiritsu", "partners")}
    assert net.needs_covered("zama-shakyo") == {"household_budget", "debt"}
    assert g.graph["demand"][0]["need"] == "household_budget"
    # the one link row without evidence is a warning, not an error (links row 6)
    assert net.warnings == ["座間市.xlsx[links]: 出典 (evidence) のない行が 1 件: 6 "
                            "(1 row without evidence)"]


def test_five_mistakes_are_reported_in_one_run(tmp_path: Path) -> None:
    out = _zama_by_hand(tmp_path / "座間市.xlsx", sector="社会福祉協議", id="zama-shakyo",
                        date="2025/13/01", type="会議を主宰", target="NPO法人ワンエイ")
    net, problems = validate(read_raw(out))
    assert net is None
    shown = [str(p) for p in problems]
    assert len(shown) == 5, shown
    expected = [
        ("座間市.xlsx[organisations]:3:sector: ", "もしかして (did you mean) 'shakyo' (社会福祉協議会)"),
        ("座間市.xlsx[organisations]:5:id: ", "重複"),
        ("座間市.xlsx[links]:3:assured_date: ", "2025/13/01"),
        ("座間市.xlsx[links]:4:target: ",
         "もしかして (did you mean) 'NPO法人ワンエイド' (oneaid)"),
        ("座間市.xlsx[links]:5:type: ", "もしかして (did you mean) 'convenes' (会議を主催)"),
    ]
    for start, hint in expected:
        lines = [line for line in shown if line.startswith(start)]
        assert len(lines) == 1 and hint in lines[0], (start, shown)
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(out)])
    assert result.exit_code == 1
    assert "Error: 5 件の問題があります (5 problems in" in result.output
    assert "注意 (warning): 座間市.xlsx[links]: 出典 (evidence) のない行が 1 件" in result.output


def test_one_problem_is_one_problem(tmp_path: Path) -> None:
    out = _zama_by_hand(tmp_path / "x.xlsx", sector="社協会")
    result = CliRunner().invoke(cli, ["validate", str(out)])
    assert "1 件の問題があります (1 problem in" in result.output
    with pytest.raises(ValidationError, match=r"^1 件の問題があります \(1 problem in "):
        load_dataset(out)


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
    assert load_dataset(out).graph.number_of_nodes() == load_dataset(ZAMA).graph.number_of_nodes()
    again = runner.invoke(cli, ["template", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
    forced = runner.invoke(cli, ["template", str(out), "--force"])
    assert forced.exit_code == 0
    assert read_raw(out).tables["organisations"].rows == []
    wrong = runner.invoke(cli, ["template", str(tmp_path / "x.csv")])
    assert wrong.exit_code == 1 and ".xlsx" in wrong.output
    helptext = runner.invoke(cli, ["template", "-h"]).output
    assert "Example:" in helptext and "netmap template 座間市.xlsx --from datasets/zama" in helptext


# -- printing: real LibreOffice ---------------------------------------------------------------
def _tools() -> tuple[str, str, str]:
    found = [shutil.which(n) for n in ("soffice", "pdfinfo", "pdftotext")]
    if None in found:
        message = "LibreOffice / poppler not found: run scripts/setup-formats as root"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found[0], found[1], found[2]  # type: ignore[return-value]


def _pdf(xlsx: Path, tmp_path: Path) -> tuple[int, str]:
    soffice, pdfinfo, pdftotext = _tools()
    subprocess.run([soffice, "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / (xlsx.stem + ".pdf")
    info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    return pages, re.sub(r"\s+", "", text)


def test_blank_template_prints_on_a_few_pages(tmp_path: Path) -> None:
    """LibreOffice (the office suite most likely on a municipal PC besides Excel) prints the
    blank template: 11 pages (it was 31) — 説明 3, municipality 1, organisations 2 (16
    columns), the other five sheets 1 each; the hidden lists sheet is not printed."""
    pages, text = _pdf(write_template(tmp_path / "blank.xlsx"), tmp_path)
    assert pages <= 12, pages
    for sheet in ("説明", *SHEETS):  # every sheet prints, with its footer
        assert f"{sheet}—" in text, sheet
    assert "lists—" not in text
    for line in _HOW_TO:  # every instruction line is printed whole, wrapped inside the page
        tail = re.sub(r"\s+", "", line)[-20:]
        assert tail in text, line
    assert f"—{pages}/{pages}" in text  # the footer counts the pages
