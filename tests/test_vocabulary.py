"""One vocabulary: every code has both labels, labels parse back to codes, and the summary
(`netmap show`), the map legend and the Excel template print the same words."""

from __future__ import annotations

import re
import string
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import DATASETS, LINKS, ORGS, write_dataset

from netmap import strings, vocabulary
from netmap.errors import ValidationError
from netmap.io.dataset import Column, _Checker, load_dataset
from netmap.io.tables import Table
from netmap.io.workbook import write_template
from netmap.model import LINK_TYPES
from netmap.render import style
from netmap.taxonomy import load_taxonomy
from netmap.vocabulary import (
    NODE_TYPES,
    SECTORS,
    TABLES,
    UnknownTermError,
    label,
    parse,
)

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_ALL_TERMS = [(name, term) for name, table in TABLES.items() for term in table.values()]


@pytest.mark.parametrize("table,term", _ALL_TERMS, ids=[f"{n}.{t.code}" for n, t in _ALL_TERMS])
def test_every_code_has_both_labels(table: str, term: vocabulary.Term) -> None:
    assert term.ja.strip() and term.en.strip()
    assert _JAPANESE.search(term.ja), term.ja  # the Japanese label is Japanese
    assert term.en.isascii() and term.en[0].isupper(), term.en  # and the English one English
    assert label(TABLES[table], term.code, "ja") == term.ja
    assert label(TABLES[table], term.code, "en") == term.en


@pytest.mark.parametrize("name", list(TABLES))
def test_every_spelling_parses_to_its_own_code(name: str) -> None:
    table = TABLES[name]
    for term in table.values():
        for spelling in (term.code, term.ja, term.en, *term.aliases):
            assert parse(table, spelling) == term.code, spelling
            assert parse(table, f"  {spelling.upper()} ") == term.code, spelling


def test_parse_normalises_width_case_and_bracketed_codes() -> None:
    assert parse(SECTORS, "ＮＰＯ法人") == "npo"  # full-width letters (NFKC)
    assert parse(SECTORS, "GOVERNMENT") == "government"
    assert parse(SECTORS, "社会福祉協議会 (shakyo)") == "shakyo"  # a drop-down's wording
    assert parse(vocabulary.LINK_TYPES, "つなぐ(紹介)") == "refers_to"  # half-width brackets


def test_parse_unknown_suggests() -> None:
    with pytest.raises(UnknownTermError) as err:
        parse(SECTORS, "社会福祉協議")
    assert err.value.suggestion == "shakyo"
    assert "もしかして (did you mean) 'shakyo' (社会福祉協議会)?" in str(err.value)
    assert "government 行政" in str(err.value)  # every valid code with its label


def test_one_label_function() -> None:
    import netmap.model

    assert style.label is vocabulary.label and netmap.model.label is vocabulary.label


def test_link_types_take_labels_from_the_vocabulary() -> None:
    assert list(LINK_TYPES) == list(vocabulary.LINK_TYPES)
    for code, lt in LINK_TYPES.items():
        assert lt.label_ja == vocabulary.LINK_TYPES[code].ja
        assert lt.label_en == vocabulary.LINK_TYPES[code].en


def test_strings_have_both_languages_and_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, (ja, en) in strings.STRINGS.items():
        assert ja and en, key
        names_ja = {f for _, f, _, _ in fields.parse(ja) if f}
        names_en = {f for _, f, _, _ in fields.parse(en) if f}
        assert names_ja == names_en, key
    assert strings.t("gaps.unreachable", "ja", steps=3) == "司令塔から 3 歩以内に届かないニーズ"
    with pytest.raises(KeyError):
        strings.t("no.such.key", "ja")


# -- show, legend and template say the same words --------------------------------------------
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_legend_uses_the_vocabulary(lang: str) -> None:
    for key, table in (("sectors", SECTORS), ("node_types", NODE_TYPES),
                       ("edge_types", vocabulary.LINK_TYPES), ("marks", vocabulary.MARKS)):
        for code, rules in style.STYLES[key].items():
            if code in table:
                assert rules[lang] == label(table, code, lang), (key, code)
    assert set(SECTORS) == set(style.SECTORS) and set(NODE_TYPES) == set(style.NODE_TYPES)
    assert set(vocabulary.LINK_TYPES) == set(style.EDGE_TYPES)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_show_uses_the_vocabulary(lang: str) -> None:
    from netmap.cli import cli

    result = CliRunner().invoke(cli, ["--lang", lang, "show", str(DATASETS / "zama")])
    assert result.exit_code == 0, result.output
    net = load_dataset(DATASETS / "zama")
    sectors = {d["sector"] for _, d in net.nodes_of("organisation")}
    lines = result.output.splitlines()
    sector_line = next(x for x in lines if x.startswith(("セクター: ", "Sectors: ")))
    node_line = next(x for x in lines if x.startswith(("ノード: ", "Nodes: ")))
    for code in sectors:
        assert label(SECTORS, code, lang) in sector_line, code
        assert style.SECTORS[code][lang] in sector_line  # the legend's word too
    for code in ("organisation", "program", "meeting", "role"):
        assert label(NODE_TYPES, code, lang) in node_line, code


def test_template_uses_the_vocabulary(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    rows = [tuple(c for c in r) for r in wb["説明"].iter_rows(values_only=True)]
    by_code: dict[str, tuple[object, ...]] = {}
    for r in rows:  # first occurrence: sectors and link types come before the needs list
        if r and r[0]:
            by_code.setdefault(str(r[0]), r)
    for code, term in SECTORS.items():
        assert by_code[code][1:3] == (term.ja, term.en), code
        assert term.ja == style.SECTORS[code]["ja"]  # same word as the map legend
    for code, lt in LINK_TYPES.items():
        assert by_code[code][1] == vocabulary.LINK_TYPES[code].ja == style.EDGE_TYPES[code]["ja"]
        ends = by_code[code][2]
        for kind in (*lt.sources, *lt.targets):
            assert NODE_TYPES[kind].ja in ends
    for code, term in vocabulary.PROGRAM_CATEGORIES.items():
        assert any(r[:2] == (code, term.ja) for r in rows if r)
    titles = {r[0]: r[1] for r in rows if r and r[0] in ("organisations", "programs",
                                                          "meetings", "roles")}
    for table, kind in (("organisations", "organisation"), ("programs", "program"),
                        ("meetings", "meeting"), ("roles", "role")):
        assert titles[table].startswith(NODE_TYPES[kind].ja), table


# -- labels are accepted wherever a dataset asks for a code ----------------------------------
def test_dataset_accepts_labels_for_codes(tmp_path: Path) -> None:
    orgs = (ORGS.replace(",government,", ",行政,").replace(",shakyo,家計", ",社会福祉協議会,家計")
            .replace(",npo,", ",ＮＰＯ法人,"))
    orgs = orgs.replace("id,name,kind,sector,needs,hub,evidence",
                        "id,name,kind,sector,needs,hub,evidence,confidence,certainty")
    orgs = "\n".join(line + (",高,推定" if i else "") for i, line in
                     enumerate(orgs.strip().splitlines())) + "\n"
    links = LINKS.replace(",refers_to,", ",つなぐ（紹介）,").replace(",partners,", ",連携,")
    programs = "id,name,category\nkakei,家計改善支援事業,任意事業\n"
    net = load_dataset(write_dataset(tmp_path / "d", {"organisations.csv": orgs,
                                                      "links.csv": links,
                                                      "programs.csv": programs}))
    assert [d["sector"] for _, d in net.nodes_of("organisation")] == ["government", "shakyo",
                                                                      "npo"]
    assert {d["confidence"] for _, d in net.nodes_of("organisation")} == {"high"}
    assert {d["certainty"] for _, d in net.nodes_of("organisation")} == {"inferred"}
    assert sorted(d["type"] for _, _, d in net.links("refers_to", "partners")) == [
        "partners", "refers_to"]
    assert net.graph.nodes["kakei"]["category"] == "optional"


def test_unknown_label_names_file_row_column_and_suggests(tmp_path: Path) -> None:
    orgs = ORGS.replace(",shakyo,家計", ",社会福祉協議,家計")
    links = LINKS.replace(",partners,", ",連係,")
    with pytest.raises(ValidationError) as err:
        load_dataset(write_dataset(tmp_path / "d", {"organisations.csv": orgs,
                                                    "links.csv": links}))
    msgs = [str(p) for p in err.value.problems]
    assert len(msgs) == 2  # both in one pass
    assert msgs[0].startswith("organisations.csv:3:sector: 不明なセクター (unknown sector) "
                              "'社会福祉協議'. もしかして (did you mean) 'shakyo' (社会福祉協議会)?")
    assert msgs[1].startswith("links.csv:3:type: 不明なリンク種別 (unknown link type) '連係'. "
                              "もしかして (did you mean) 'partners' (連携)?")


def test_a_column_typed_with_a_table_parses_labels() -> None:
    # how `purpose` becomes coded: Column("purpose", type="meeting_purposes")
    chk = _Checker(load_taxonomy())
    table = Table("meetings.csv", ["purpose"], [])
    col = Column("purpose", type="meeting_purposes")
    assert chk.value(table, 2, col, "研修") == "training"
    assert chk.value(table, 3, col, "連携会議・協議会") == "network"
    assert chk.value(table, 4, col, "case") == "case"
    assert chk.value(table, 5, col, "宴会") == "宴会" and len(chk.problems) == 1
    assert str(chk.problems[0]).startswith("meetings.csv:5:purpose: 不明な会議の目的")


def test_template_filled_with_japanese_labels_validates(tmp_path: Path) -> None:
    zama = load_dataset(DATASETS / "zama")
    path = write_template(tmp_path / "z.xlsx", zama)
    wb = openpyxl.load_workbook(path)
    for sheet, column, table in (("organisations", "sector", SECTORS),
                                 ("links", "type", vocabulary.LINK_TYPES)):
        ws = wb[sheet]
        header = [str(c.value) for c in ws[1]]
        j = next(i for i, h in enumerate(header, start=1) if h.endswith(f"({column})"))
        labels = {t.ja for t in table.values()}
        for i in range(2, ws.max_row + 1):
            cell = ws.cell(i, j)
            if cell.value:  # the template writes labels, what a coordinator reads and types
                assert cell.value in labels, cell.value
                cell.value = f" {cell.value} "  # and retypes, with stray spaces
    wb.save(path)
    again = load_dataset(path)
    assert sorted(d["sector"] for _, d in again.nodes_of("organisation")) == sorted(
        d["sector"] for _, d in zama.nodes_of("organisation"))
    assert sorted(d["type"] for _, _, d in again.links()) == sorted(
        d["type"] for _, _, d in zama.links())
