"""Tests of the MHLW report extractor (netmap/io/extract/).

Each quirk of the flattened-PDF text is pinned with a small excerpt written in the template's
style (copied from or modelled on seed ``004_reports_visible.txt``, line numbers cited), with a
blank line after every line as in the seed. The last test runs the whole seed against the
hand-read truth file and asserts the evaluation thresholds.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

from netmap.io.extract import PROGRAMS, extract_reports, write_datasets
from netmap.io.extract.document import normalise
from netmap.io.extract.numbers import parse_frequency

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[1] / "datasets" / "sources"


def _header(pref: str, muni: str, ticks: tuple[str, str, str, str]) -> list[str]:
    """The header block; ``ticks`` = text after label 1, before/after label 2's second line,
    after label 3 (the template asks for ○ to the right of each 事業)."""
    return [
        f" {pref} {muni} ",
        f"都道府県名 {pref} 市区町村名 {muni} ",
        f"実施事業※ 地域力強化推進事業 {ticks[0]} ",
        "多機関の協働による ",
        "包括的支援体制構築事業 ",
        f"{ticks[1]} 都道府県事業 {ticks[2]}",
        "※実施している事業の右側に○を記入してください。 ",
        "担当部署名 福祉部 福祉総合支援チーム 電話番号 ０４９－２６２－８１３０ ",
        "参考 URL  ",
    ]


def _basic(aging: str = "２ ４ ． ９ （ ％ ）", welfare: str = "１．５４（％）",
           centers: str = "委託：４か所（社協１か所、社会福祉法人３か所）",
           self_rel: str = "直営：１か所、委託：１か所（社協）",
           sample: bool = True) -> list[str]:
    """1-1 自治体の基本情報, modelled on seed lines 7449-7461 (ふじみ野市)."""
    lines = [
        "１．自治体の基本情報等 ",
        "１－１．自治体の基本情報 ",
        "人口 １１４,２９２（人） 世帯数 ５１,６８６（世帯） ",
        f"高齢化率 {aging} 生活保護受給率 {welfare} 面積 １４．６４（k ㎡） ",
        "地縁組織（自治会、町内会等）加入率 54.0(％) 公立小学校数 １３(校) 公立中学校数 ６(校) ",
        f"地域包括支援センター {centers} ",
        f"生活困窮者自立相談支援事業 {self_rel} ",
    ]
    if sample:
        lines.append("               ※記入例 直営：1 か所 , 委託：2 か所（社協） ")
    lines.append("１－２．地域の特徴（地域性、地場産業、観光等） ")
    lines.append("市の中心部に住宅地が広がる。 ")
    return lines


def _takikan(freq: str = "（月１回）", career: str = "社会福祉士 ") -> list[str]:
    """Section 多機関協働事業 with a flattened meeting table (cf. seed lines 597-700)."""
    return [
        "３．多機関の協働による包括的支援体制構築事業について ",
        "①実施主体 ",
        "（委託先） ",
        "テスト市 ",
        "(社会福祉法人 テスト市社会福祉協議会) ",
        "②事業名 テスト市総合相談事業 ",
        "④相談支援包括化推 ",
        "進員の配置予定人 ",
        "数 ",
        "２名 ",
        "⑤相談支援包括化推 ",
        "進員の経歴等 ",
        career,
        "⑥相談支援包括化推進 ",
        "員を配置する相談支援 ",
        "機関の種類・名称 ",
        "テスト市福祉総合相談センター ",
        "⑦事業内容 ",
        "イ 相談支援包括化推進会議の開催方法 ",
        " （個別事例の検討）※会議の開催回数や参加者等を記載 ",
        "随時開催。医師、弁護士、行政 ",
        "（既存の会議の名称） ",
        "支援調整会議 ",
        "（ネットワーク構築）※会議の開催回数や参加者等を記載 ",
        f"弁護士、司法書士、ハローワーク{freq} ",
        "包括、行政、社協（隔月） ",
        "（既存の会議の名称） ",
        "権利擁護ネットワーク会議 ",
        "地域ケア推進会議 ",
        "ウ 自主財源の確保のための取組の概要 ",
        " 寄付の活用。 ",
        "４．成果目標の達成状況 ",
        "・相談件数 19 件 ",
    ]


def _write(tmp_path: Path, *blocks: list[str]) -> Path:
    """Write blocks as one report file, with a blank line after each line (as in the seed)."""
    text = "".join(f"{line}\n\n" for block in blocks for line in block)
    path = tmp_path / "reports.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_normalise_spaced_fullwidth_digits() -> None:
    # seed line 7449: "高齢化率 ２ ４ ． ９ （ ％ ）"
    assert normalise("高齢化率 ２ ４ ． ９ （ ％ ）") == "高齢化率 24.9(%)"
    assert normalise("人口 ３，０４２（人）") == "人口 3,042(人)"


def test_basic_numbers_percent_to_permil_and_sample_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _header("埼玉県", "テスト市", ("", "○", "", "")), _basic(),
                  _takikan())
    (rep,) = extract_reports(path)
    assert rep["population"] == 114292
    assert rep["households"] == 51686
    assert rep["aging_rate"] == pytest.approx(24.9)  # spaced full-width digits
    assert rep["welfare_rate_permil"] == pytest.approx(15.4)  # 1.54 ％ → 15.4 ‰
    assert rep["area_km2"] == pytest.approx(14.64)  # "k ㎡"
    assert rep["chiiki_kanyu_rate"] == pytest.approx(54.0)
    # the template's example line "※記入例 直営：1 か所 , 委託：2 か所（社協）" is ignored
    assert rep["self_reliance_consultation"]["direct"] == 1
    assert rep["self_reliance_consultation"]["commissioned"] == 1
    assert rep["self_reliance_consultation"]["commissioned_to"] == "社協"
    assert rep["comprehensive_support_centers"]["direct"] is None
    assert rep["comprehensive_support_centers"]["commissioned"] == 4


def test_sample_line_alone_gives_no_counts(tmp_path: Path) -> None:
    # seed lines 3995-3997 (井川町): the cell is empty apart from the template's example
    path = _write(tmp_path, _header("秋田県", "テスト町", ("", "○", "", "")),
                  _basic(self_rel=""), _takikan())
    (rep,) = extract_reports(path)
    cell = rep["self_reliance_consultation"]
    assert (cell["direct"], cell["commissioned"]) == (None, None)


def test_permil_is_kept(tmp_path: Path) -> None:
    path = _write(tmp_path, _header("北海道", "テスト町", ("○", "", "", "")),
                  _basic(welfare="１４.４（‰）"), _takikan())
    assert extract_reports(path)[0]["welfare_rate_permil"] == pytest.approx(14.4)


@pytest.mark.parametrize(
    ("ticks", "expected"),
    [
        # "○ 都道府県事業": a tick at the start of the line belongs to the label before it
        (("○", "○", "", ""), [PROGRAMS[0], PROGRAMS[1]]),
        (("", "〇", "", ""), [PROGRAMS[1]]),  # 〇 (U+3007) as well as ○
        (("", "", "○", ""), [PROGRAMS[2]]),  # "都道府県事業 ○"
        (("○", "", "", ""), [PROGRAMS[0]]),
    ],
)
def test_tick_marks(tmp_path: Path, ticks: tuple[str, str, str, str],
                    expected: list[str]) -> None:
    path = _write(tmp_path, _header("東京都", "テスト市", ticks), _basic(), _takikan())
    assert extract_reports(path)[0]["programs"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("月1回", (12, None)), ("月１回", (12, None)), ("隔月", (6, None)),
        ("週1回", (52, None)), ("年4回", (4, None)), ("年１～２回", (1, 2)),
        ("年1~2回", (1, 2)), ("2 か月に 1 回", (6, None)), ("随時", (None, None)),
        ("月１回毎月第２木曜日及び随時開催", (12, None)), ("", (None, None)),
    ],
)
def test_parse_frequency(text: str, expected: tuple[int | None, int | None]) -> None:
    assert parse_frequency(text) == expected


def test_meetings_roles_and_links(tmp_path: Path) -> None:
    path = _write(tmp_path, _header("埼玉県", "テスト市", ("", "○", "", "")), _basic(),
                  _takikan())
    (rep,) = extract_reports(path)
    meetings = {m["name"]: m for m in rep["meetings"]}
    # the name is read from the form's name column (high); its sittings come from the
    # description column paired by order, a guess the row says it is ("paired")
    assert meetings["権利擁護ネットワーク会議"]["per_year"] == 12
    assert meetings["権利擁護ネットワーク会議"]["confidence"] == "high"
    assert meetings["権利擁護ネットワーク会議"]["paired"] is True
    assert meetings["地域ケア推進会議"]["per_year"] == 6  # 隔月
    assert "ハローワーク" in meetings["権利擁護ネットワーク会議"]["participants"]
    assert meetings["支援調整会議"]["per_year"] is None  # 随時
    orgs = {o["name"]: o for o in rep["organisations"]}
    shakyo = next(o for n, o in orgs.items() if n.endswith("テスト市社会福祉協議会"))
    assert shakyo["sector"] == "shakyo" and shakyo["confidence"] == "high"
    assert orgs["ハローワーク"]["sector"] == "labour"
    assert orgs["テスト市"]["sector"] == "government"
    role = next(r for r in rep["roles"] if r["title"] == "相談支援包括化推進員")
    assert role["count"] == 2
    types = {(ln["source"], ln["type"]) for ln in rep["links"]}
    assert ("テスト市", "commissions") in types
    assert any(t == "attends" for _, t in types)
    assert any(t == "placed_at" for _, t in types)
    for row in rep["organisations"] + rep["meetings"] + rep["roles"] + rep["links"]:
        assert row["evidence"].startswith("reports.txt:")
        assert row["confidence"] in {"high", "medium", "low"}


def test_range_frequency_in_prose(tmp_path: Path) -> None:
    path = _write(tmp_path, _header("埼玉県", "テスト市", ("", "○", "", "")), _basic(),
                  _takikan(freq="（年１～２回）"))
    m = {m["name"]: m for m in extract_reports(path)[0]["meetings"]}
    assert (m["権利擁護ネットワーク会議"]["per_year"],
            m["権利擁護ネットワーク会議"]["per_year_max"]) == (1, 2)


def test_missing_header_block(tmp_path: Path) -> None:
    # the seed's first report starts at "１．自治体の基本情報等" (lines 1-10): the municipality
    # comes from 実施主体, the prefecture from the code table, programs from the sections
    takikan = [ln.replace("テスト市", "京極町") for ln in _takikan()]
    path = _write(tmp_path, _basic(), takikan,
                  _header("埼玉県", "テスト市", ("○", "○", "", "")), _basic(), _takikan())
    first, second = extract_reports(path)
    assert first["municipality"] == "京極町"
    assert first["prefecture"] == "北海道"
    assert first["code"] == "013994"
    assert first["programs"] == [PROGRAMS[1]]
    assert first["start_line"] == 1
    assert second["municipality"] == "テスト市"
    assert second["start_line"] == first["end_line"] + 2  # the blank line between


@pytest.mark.parametrize("cell", ["", "－", "-"])
def test_blank_or_dash_municipality(tmp_path: Path, cell: str) -> None:
    path = _write(tmp_path, _header("栃木県", cell, ("", "", "○", "")), _basic(), _takikan())
    (rep,) = extract_reports(path)
    assert rep["municipality"] is None
    assert rep["prefecture"] == "栃木県"
    assert rep["code"] == "090000"  # the prefecture's own code


def test_group_of_towns_is_summed(tmp_path: Path) -> None:
    # modelled on seed lines 3390-3470 (秋田県): per-town values after "名：" labels
    basic = [
        "１．自治体の基本情報等 ", "人口 ", "(H31.1.1) ", "県：977,675（人） ",
        "上小阿仁村：2,150（人） ", "小坂町：4,934（人） ", "世帯数 ", "県：389,060（世帯） ",
        "上小阿仁村：  867（世帯） ", "小坂町：2,053（世帯） ", "高齢化率 ", " 県：36.3（％） ",
        "上小阿仁村：54.4（％） ", "小坂町：44.6（％） ", "生活保護受給率 ", "（H30） ",
        "14.8（‰） ", "面積 県：11,637.52（k ㎡） ", "上小阿仁村：256.72（k ㎡） ",
        "小坂町：201.70（k ㎡） ", "地縁組織（自治会、", "町内会等）加入率 ", "－ ",
        "地域包括支援センター 県全体（直営：25 カ所、委託：37 カ所） ",
        "上小阿仁村（直営：１カ所）、小坂町（直営：１カ所） ",
        "１－２．地域の特徴（地域性、地場産業、観光等） ",
    ]
    path = _write(tmp_path, _header("秋田県", "地域（上小阿仁村、小坂町）",
                                    ("○", "", "○", "")), basic, _takikan())
    (rep,) = extract_reports(path)
    assert rep["members"] == ["上小阿仁村", "小坂町"]
    assert rep["population"] == 2150 + 4934
    assert rep["households"] == 867 + 2053
    assert rep["aging_rate"] is None  # rates of several towns are not summed
    assert rep["area_km2"] == pytest.approx(458.42)
    assert rep["chiiki_kanyu_rate"] is None  # 「－」
    assert rep["comprehensive_support_centers"]["direct"] == 2
    assert rep["code"] is None


def test_write_datasets(tmp_path: Path) -> None:
    path = _write(tmp_path, _header("北海道", "京極町", ("", "○", "", "")), _basic(),
                  _takikan(), _header("青森県", "東津軽郡（平内町、今別町）", ("○", "", "", "")),
                  _basic(), _takikan())
    folders = write_datasets(extract_reports(path), tmp_path / "out")
    assert [f.name for f in folders] == ["kyogoku", "report-02"]
    text = (folders[0] / "municipality.yaml").read_text(encoding="utf-8")
    assert 'code: "013994"' in text  # quoted: a leading zero must survive
    muni = yaml.safe_load(text)
    assert muni["draft"] is True and muni["name"] == "京極町"
    assert muni["comprehensive_support_centers"] == {"direct": None, "commissioned": 4}
    assert muni["programs"] == [PROGRAMS[1]]
    unresolved = yaml.safe_load((folders[1] / "municipality.yaml").read_text(encoding="utf-8"))
    assert unresolved["code"] == "" and unresolved["code_unresolved"] is True
    for folder in folders:
        tables = {}
        for name in ("organisations", "programs", "meetings", "roles", "links"):
            with (folder / f"{name}.csv").open(encoding="utf-8") as f:
                tables[name] = list(csv.DictReader(f))
        nodes = ("organisations", "programs", "meetings", "roles")
        ids = {r["id"] for t in nodes for r in tables[t]}
        assert len(ids) == sum(len(tables[t]) for t in nodes)
        kind = {r["id"]: t for t in nodes for r in tables[t]}
        expected = {"attends": ("organisations", "meetings"),
                    "placed_at": ("roles", "organisations"),
                    "operates": ("organisations", "programs"),
                    "commissions": ("organisations", "organisations")}
        for link in tables["links"]:
            assert (kind[link["source"]], kind[link["target"]]) == expected[link["type"]]
        for rows in tables.values():
            for row in rows:
                assert row["evidence"] and row["confidence"] in {"high", "medium", "low"}


def test_whole_seed_meets_thresholds() -> None:
    """The evaluation of benchmarks/extract_eval.py on both parts of the seed.

    Floors sit a little under the figures measured when this was written (README, section
    「Evaluation」, 2026-12-02, issue 16 fourth pass) so that a regression fails: basic fields
    100 % on both parts; ``high`` rows 100 % (dev) / 97.5 % (held back) precise; organisations
    precision / recall 89 % / 86.5 % (dev), 76 % / 71 % (held back); meetings 88 % / 95 % (dev),
    67 % / 67 % (held back). Precision counts a row right when the truth or the judged-rows
    file lists it.
    """
    spec = importlib.util.spec_from_file_location("extract_eval",
                                                  REPO / "benchmarks" / "extract_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    res = module.evaluate(SEEDS / "004_reports_visible.txt",
                          SEEDS / "004_reports_visible_truth.json")
    assert res["n_extracted"] == res["n_reports"] == 30
    for part in ("dev", "held_back"):
        fig = res[part]
        assert fig["basic"] >= 0.98
        assert fig["programs_facilities"] >= 0.98
        assert fig["organisations"]["high"][0] >= 0.95
        assert fig["meetings"]["high"][0] >= 0.95
    floors = {("dev", "organisations"): (0.87, 0.85), ("held_back", "organisations"): (0.71, 0.70),
              ("dev", "meetings"): (0.85, 0.93), ("held_back", "meetings"): (0.60, 0.64)}
    for (part, kind), (precision, recall) in floors.items():
        assert res[part][kind]["precision"] >= precision, (part, kind)
        assert res[part][kind]["recall"] >= recall, (part, kind)


# --- issue 16: the ten error patterns, each pinned by a small excerpt ------------------------
# Each excerpt is copied from the seed (line cited) or, where the pattern was reported from
# reports outside the seed, written in the seed's style (said so). The excerpt goes into the
# 地域の特徴 body of a one-report file; the assertion is on the rows extracted from it.


def _rows(tmp_path: Path, body: list[str], **takikan: str) -> dict[str, Any]:
    basic = _basic()
    path = _write(tmp_path, _header("東京都", "テスト市", ("", "○", "", "")),
                  basic[:-1] + body, _takikan(**takikan))
    (rep,) = extract_reports(path)
    return rep


def _names(rep: dict[str, Any], table: str = "organisations") -> set[str]:
    return {r["name"] for r in rep[table]}


def test_pattern_1_activities_places_programs_are_not_bodies(tmp_path: Path) -> None:
    rep = _rows(tmp_path, [
        "小学校区を基本とし、一部調整 ",  # seed line 2724
        "子育てサロンや高齢者サロンの運営を支援する。 ",  # seed lines 158-164 (札幌市)
        " 市民後見人の養成・フォローアップ研修を実施し、日常生活自立支援事業も含めた人材育成を行っ",
        "ている。 ",  # seed line 703
    ])
    everything = _names(rep) | _names(rep, "meetings")
    assert not {n for n in everything if "小学校" in n or "サロン" in n}
    assert "日常生活自立支援事業" not in everything


def test_pattern_2_generic_words_are_not_bodies(tmp_path: Path) -> None:
    # written in the seed's style: the words were reported from reports outside the seed
    rep = _rows(tmp_path, ["他団体や各団体、庁内各課、行政機関と連携し、情報を共有する。 "])
    assert not _names(rep) & {"他団体", "各団体", "団体", "庁内各課", "行政機関"}


def test_pattern_3_sentence_fragments_are_not_names(tmp_path: Path) -> None:
    # seed lines 128-132 (札幌市), a narrow column: 「…が整理/して地区福祉のまち推進センター」
    rep = _rows(tmp_path, [
        "ワークショップ開催後は、把握した地域課 ",
        "題や解決策等を区福祉のまち推進センターが整理 ",
        "して地区福祉のまち推進センターにフィードバックす ",
        "る。 ",
    ])
    names = _names(rep)
    assert "地区福祉のまち推進センター" in names
    assert not {n for n in names if n.startswith(("して", "る"))}


def test_pattern_4_names_broken_over_lines_are_joined(tmp_path: Path) -> None:
    # seed lines 1940-1942 (東津軽郡): 「…社 / 会福祉協議会…」; 「基 / 幹」 and 「及 / び」 in the
    # same style (the examples come from reports outside the seed)
    rep = _rows(tmp_path, [
        "○参加者：町村担当課（福祉、保健、介護等）地域包括支援センター、社 ",
        "会福祉協議会、教育委員会、医療機関、福祉事務所 ",
        "○連携先：子育て世代包括支援センター、障害者の相談を受ける基 ",
        "幹相談支援センター、弁護士会、市内の介護保険事業所及 ",
        "び社会福祉法人みらい福祉会と定期的に情報交換を行っている。 ",
    ])
    names = _names(rep)
    assert {"基幹相談支援センター", "社会福祉法人みらい福祉会"} <= names
    assert not {n for n in names if n.startswith(("会福祉", "幹相談", "び"))}


def test_pattern_5_form_text_is_not_a_name(tmp_path: Path) -> None:
    # seed lines 192-196 (札幌市): the form's cell label, then its value
    rep = _rows(tmp_path, ["（ア）地域住民の相談を包括的に受け止める場の整備 ",
                           "（場所・機関等の名称） ", "地区福祉のまち推進センター "])
    assert "地区福祉のまち推進センター" in _names(rep)
    assert not _names(rep) & {"場所・機関", "機関", "場所"}
    # 「イ 相談支援包括化推進会議の開催方法」 (the form's heading, in _takikan) is no meeting
    assert "相談支援包括化推進会議" not in _names(rep, "meetings")


def test_pattern_6_legal_form_alone_is_not_a_body(tmp_path: Path) -> None:
    # written in the seed's style (cf. seed line 1581: 「社会福祉法人」 as a category)
    rep = _rows(tmp_path, ["社会福祉法人や NPO 法人と連携し、社会福祉法人テスト会が拠点を運営する。 "])
    names = _names(rep)
    assert "社会福祉法人" not in names
    assert "社会福祉法人テスト会" in names


def test_pattern_7_meetings_and_organisations_are_typed(tmp_path: Path) -> None:
    # seed line 1428 (広尾町): 「ケア会議・障害者自立支援協議会」
    rep = _rows(tmp_path, ["ケア会議・障害者自立支援協議会・地域包括支援センターとの連携を図る。 "])
    assert "ケア会議" in _names(rep, "meetings")
    assert "ケア会議" not in _names(rep)
    assert "地域包括支援センター" in _names(rep)
    assert "地域包括支援センター" not in _names(rep, "meetings")
    assert not {n for n in _names(rep) if "・" in n}  # the joined cell is split


def test_pattern_8_former_employers_are_not_bodies(tmp_path: Path) -> None:
    # seed lines 7313-7315 (狭山市): the 推進員 経歴 cell names where a staff member worked
    rep = _rows(tmp_path, [], career="社会福祉協議会や日本障害者リハビリテーション協会等で勤務 ")
    assert "日本障害者リハビリテーション協会" not in _names(rep)


def test_pattern_9_minsei_jido_iin_stays_whole(tmp_path: Path) -> None:
    # seed line 218 (札幌市)
    rep = _rows(tmp_path, ["当事業で行うワークショップには、福祉のまち推進センター活動者や民生委員・児童委員等の"
                           "地域の関係者が参加する。 "])
    names = _names(rep)
    assert "民生委員・児童委員" in names
    assert not names & {"児童委員", "民生委員"}


def test_pattern_10_joined_cells_are_split(tmp_path: Path) -> None:
    # the examples (reports outside the seed), written as the form's 実施主体 cell
    rep = _rows(tmp_path, ["実施主体として八王子市福祉部・社会福祉法人八王子市社会福祉協議会が協働する。 ",
                           "相談の流れ：社協→住宅資金の貸付 "])
    names = _names(rep)
    assert "社会福祉法人八王子市社会福祉協議会" in names
    assert not {n for n in names if "→" in n or "住宅資金" in n or n.count("・")}


def test_lexicon_names_without_suffix(tmp_path: Path) -> None:
    # written in the seed's style: the issue reports these names missed in other reports
    rep = _rows(tmp_path, ["フードバンクや法テラス、農協、ハローワーク、ローソンと見守り協定を結ぶ。 "])
    by_name = {o["name"]: o for o in rep["organisations"]}
    assert {"フードバンク", "法テラス", "農協", "ハローワーク", "ローソン"} <= set(by_name)
    assert by_name["法テラス"]["sector"] == "legal"
    assert by_name["ローソン"]["sector"] == "private"  # a convenience-store chain


def test_percent_welfare_rate_above_every_municipality_is_read_as_permil(tmp_path: Path) -> None:
    # issue 16: 「6.59（％）」 became 65.9 ‰, above every municipality (max ≈ 50 ‰, 大阪市)
    path = _write(tmp_path, _header("東京都", "テスト市", ("", "○", "", "")),
                  _basic(welfare="6.59（％）"), _takikan())
    (rep,) = extract_reports(path)
    assert rep["welfare_rate_permil"] == pytest.approx(6.59)
    assert rep["raw"]["welfare_rate_permil"] == "6.59(%)"
    assert any("65.9" in p for p in rep["problems"])
    assert rep["confidence"]["welfare_rate_permil"] == "low"


def test_facility_cell_nashi_is_zero_and_schools_are_written(tmp_path: Path) -> None:
    path = _write(tmp_path, _header("東京都", "テスト市", ("", "○", "", "")),
                  _basic(self_rel="なし"), _takikan())
    folder, = write_datasets(extract_reports(path), tmp_path / "out")
    meta = yaml.safe_load((folder / "municipality.yaml").read_text(encoding="utf-8"))
    assert meta["self_reliance_consultation"]["direct"] == 0
    assert meta["self_reliance_consultation"]["commissioned"] == 0
    assert (meta["elementary_schools"], meta["junior_high_schools"]) == (13, 6)
    with (folder / "programs.csv").open(encoding="utf-8") as f:
        programs = list(csv.DictReader(f))
    assert [p["name"] for p in programs] == [PROGRAMS[1]]


def test_min_confidence_high_writes_only_high_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, _header("東京都", "テスト市", ("", "○", "", "")), _basic(),
                  _takikan())
    folder, = write_datasets(extract_reports(path), tmp_path / "out", min_confidence="high")
    for table in ("organisations", "meetings", "links"):
        with (folder / f"{table}.csv").open(encoding="utf-8") as f:
            assert {r["confidence"] for r in csv.DictReader(f)} <= {"high"}


# --- issue 16, second pass: rules found on the development reports ---------------------------
# Each excerpt is copied from a development report of the seed (line cited); none comes from a
# held-back report (benchmarks/extract_eval.py: every third report).


def test_promotion_meeting_named_in_the_body_is_a_meeting(tmp_path: Path) -> None:
    # seed line 2896 (矢巾町): the meeting the report holds, named with its sittings; the form's
    # heading 「イ 相談支援包括化推進会議の開催方法」 (in _takikan) stays form text
    rep = _rows(tmp_path, ["相談支援包括化推進会議（月 1 回） "])
    meetings = {m["name"]: m for m in rep["meetings"]}
    assert meetings["相談支援包括化推進会議"]["per_year"] == 12
    assert "相談支援包括化推進会議の開催方法" not in meetings


def test_bare_event_words_are_not_meetings(tmp_path: Path) -> None:
    # seed lines 1728-1740 (東津軽郡) and 230 (札幌市): a named forum is a meeting, the bare word not
    rep = _rows(tmp_path, ["共生社会フォーラムを開催した。 ", "研修会やフォーラム、セミナーを重ねる。 "])
    meetings = _names(rep, "meetings")
    assert "共生社会フォーラム" in meetings
    assert not meetings & {"研修会", "フォーラム", "セミナー"}


def test_kinds_of_body_are_not_bodies(tmp_path: Path) -> None:
    # seed lines 2904 (矢巾町, 教育機関), 7565 (ふじみ野市, 生活困窮者自立相談支援窓口), 11240-11244
    # (藤沢市, 子育て関係団体); kept: 2762 (矢巾町, a network with its own name)
    rep = _rows(tmp_path, [
        "教育機関、生活困窮者自立相談支援窓口、子育て関係団体と連携する。 ",
        "やはば生活支援ネットワークを立ち上げた。 ",
    ])
    names = _names(rep)
    assert "やはば生活支援ネットワーク" in names
    assert not names & {"教育機関", "生活困窮者自立相談支援窓口", "子育て関係団体"}


def test_meeting_names_run_through_joiners(tmp_path: Path) -> None:
    # seed lines 466 (札幌市), 6408 and 6445 (市貝町: a table row whose columns the PDF kept apart,
    # after a row that ends without a full stop); 11273 (藤沢市) describes, it does not name
    rep = _rows(tmp_path, [
        " ⑵ 多様化する地域課題に関する意見交換会 ",
        "大字単位地域福祉活動座談会、福祉協力員との定期情報交換会 ",
        "地域福祉座談会(大字単位)         参加者延べ 100 名以上 ",
        "子育て世代向け住民座談会(小学校区単位)  参加者延べ 50 名以上 ",
        "〇相談支援包括化推進会議（ネットワーク構築に向けた会議）：4 回／年 ",
        "関係機関を招集する支援会議を随時開く。 ",
    ])
    meetings = _names(rep, "meetings")
    assert {"多様化する地域課題に関する意見交換会", "福祉協力員との定期情報交換会",
            "子育て世代向け住民座談会", "支援会議"} <= meetings
    assert not {m for m in meetings if m.startswith(("以上", "ネットワーク構築", "関係機関"))}


def test_item_letters_start_an_item_only_before_a_space(tmp_path: Path) -> None:
    # seed lines 1544-1546 (広尾町): 「サンタの会（ケ / アマネジャーの会・年４回）」 is one wrapped line
    rep = _rows(tmp_path, [
        "有償ボランティア検討会、サンタの会（ケ ",
        "アマネジャーの会・年４回）、 ",
        "エ 新たな社会資源の創出のための取組の概要 ",
    ])
    everything = _names(rep) | _names(rep, "meetings")
    assert "サンタの会" in everything
    assert not {n for n in everything if n.startswith("アマネ")}


def test_a_lexicon_body_ends_an_enumeration(tmp_path: Path) -> None:
    # seed lines 11244-11246 (藤沢市): 「…市民・社 / 会福祉協議会・市」
    rep = _rows(tmp_path, ["公募により選出された市民・社会福祉協議会・市が参加する。 "])
    names = _names(rep)
    # one 社協 row (the fixture's 実施主体 「社会福祉法人 テスト市社会福祉協議会」 keeps its full name)
    assert len({n for n in names if n.endswith("社会福祉協議会")}) == 1
    assert not {n for n in names if n.startswith("市民")}


def test_place_section_is_not_read_for_bodies(tmp_path: Path) -> None:
    # seed line 6228 (市貝町, 1-2 地域の特徴: a factory of the place) and line 13 (札幌市, a
    # commissioned company in 1-1, named with 株式会社 at the end)
    basic = _basic(self_rel="委託：１か所（キャリアバンク株式会社）")
    path = _write(tmp_path, _header("東京都", "テスト市", ("", "○", "", "")), basic[:-1] + [
        "＜地場産業＞日本酒、酪農、花王株式会社（栃木工場） ",
        "２．事業を実施する上でのビジョンについて ",
        "社会福祉法人テスト会と連携する。 ",
    ], _takikan())
    (rep,) = extract_reports(path)
    names = _names(rep)
    assert {"キャリアバンク株式会社", "社会福祉法人テスト会"} <= names
    assert "花王株式会社" not in names


def test_centres_counted_in_1_1_are_bodies(tmp_path: Path) -> None:
    # seed lines 9007 (江戸川区) and 10934 (藤沢市): the centres appear only in 1-1
    takikan = [line.replace("包括、", "") for line in _takikan()]  # the body names no centre
    path = _write(tmp_path, _header("東京都", "テスト市", ("", "○", "", "")), _basic(), takikan)
    (rep,) = extract_reports(path)
    centre = next(o for o in rep["organisations"] if o["name"] == "地域包括支援センター")
    assert centre["confidence"] == "medium"  # 1-1 alone (see report._centres_of_1_1)
    # seed line 659 (京極町): the body's own short name is kept, not a second row
    rep = _rows(tmp_path, ["包括センター、社協と協議する。 "])
    assert "包括センター" in _names(rep) and "地域包括支援センター" not in _names(rep)


def test_commissioned_volunteers_are_bodies_but_not_inside_a_group_name(tmp_path: Path) -> None:
    # seed line 5395 (ひたちなか市); 1528 (広尾町): 「かたつむりの会（認知症サポーターの会）」
    rep = _rows(tmp_path, [
        "自治会，民生委員，保健推進委員，包括支援センターがメンバーとなっている。 ",
        "かたつむりの会（認知症サポーターの会）に参加した。 ",
    ])
    names = _names(rep)
    assert "保健推進委員" in names
    assert "認知症サポーター" not in names


def test_name_column_without_meeting_suffix(tmp_path: Path) -> None:
    # seed lines 3313-3317 (仙台市): the 推進会議 table's name column lists 「区子育てネットワーク」
    takikan = _takikan()
    at = takikan.index("地域ケア推進会議 ")
    takikan[at:at + 1] = ["地域ケア推進会議 ", "・区子育てネットワーク "]
    path = _write(tmp_path, _header("宮城県", "テスト市", ("", "○", "", "")), _basic(), takikan)
    (rep,) = extract_reports(path)
    assert "区子育てネットワーク" in _names(rep, "meetings")


def test_a_bracket_after_a_name_explains_it(tmp_path: Path) -> None:
    # seed lines 1528 (広尾町), 681 (京極町), 1754 (東津軽郡): the bracket says what the group or
    # meeting before it is; lines 2940 (矢巾町) and 10154 (調布市): the bracket names another body
    rep = _rows(tmp_path, [
        "参加した会議～かたつむりの会（認知症サポーターの会）、多職種連携会議 ",
        "地域支えあい本部(生活支援体制整備事業協議体) ",
        "試行的に実践し、ワークショップ（住民座談会）を開催する。 ",
        "生活保護実施機関（盛岡広域振興局）と連携する。 ",
        "社会福祉協議会（地域福祉推進課）と協議する。 ",
    ])
    everything = _names(rep) | _names(rep, "meetings")
    assert {"かたつむりの会", "地域支えあい本部", "ワークショップ", "盛岡広域振興局",
            "地域福祉推進課"} <= everything
    assert not everything & {"認知症サポーターの会", "生活支援体制整備事業協議体", "住民座談会"}


def test_professions_are_people_not_bodies(tmp_path: Path) -> None:
    # seed line 659 (京極町): 「医師、弁護士、行政、振興局、包括センター、社協」; the 弁護士会 is a body
    rep = _rows(tmp_path, ["参加者：医師、弁護士、振興局、包括センター、弁護士会 "])
    names = _names(rep)
    assert {"振興局", "包括センター", "弁護士会"} <= names
    assert not names & {"医師", "弁護士"}


def test_counted_names_and_hiragana_own_names(tmp_path: Path) -> None:
    # seed lines 672-673 (京極町): 「羊蹄山麓地域 8 か町村社協」, the number is part of the name;
    # 1784 (東津軽郡): 「１カ所相談窓口」 is a count and a generic word; 10162 (調布市): a centre's
    # own name in hiragana after its suffix
    rep = _rows(tmp_path, [
        "羊蹄山麓地域 8 か町村社協職員（年 2 回） ",
        "各町村に１カ所相談窓口を設置。 ",
        "子ども発達センター，子ども家庭支援センターすこやか，社会福祉協議会として協議する。 ",
    ])
    names = _names(rep)
    assert {"羊蹄山麓地域8か町村社協", "子ども家庭支援センターすこやか"} <= names
    assert not {n for n in names if n.startswith(("か町村", "カ所")) or n.endswith("として")}


def test_other_words_for_a_sitting(tmp_path: Path) -> None:
    # written in the seed's style (no development report uses these words for a named meeting)
    rep = _rows(tmp_path, ["退院前ケアカンファレンス（月１回）、テスト市地域福祉懇話会を開催。幹事会で報告。 "])
    meetings = {m["name"]: m for m in rep["meetings"]}
    assert meetings["退院前ケアカンファレンス"]["per_year"] == 12
    assert "テスト市地域福祉懇話会" in meetings
    assert "幹事会" not in meetings  # a bare word (lexicon.csv: generic)


def test_a_council_set_up_or_with_members_is_also_a_body(tmp_path: Path) -> None:
    # seed lines 5515 (栃木県) and 5373 (ひたちなか市): set up, so a standing body; 5399: 「ふれあい
    # 会議の委員会」 names its committee, not its members; 5615: an event held once is no body
    rep = _rows(tmp_path, [
        "成員とする「栃木県総合的福祉人材育成推進会議」を立ち上げ、中核を担う人材育成を図る。 ",
        "協議体「二中地区ふれあい会議」が立ち上がった。 ",
        "ふれあい会議の委員会，幹事会などで話し合う。 ",
        "「副市町長会議」において、厚労省職員による講演を行った。 ",
    ])
    orgs = _names(rep)
    assert {"栃木県総合的福祉人材育成推進会議", "二中地区ふれあい会議"} <= orgs
    assert not orgs & {"ふれあい会議", "副市町長会議"}
    assert "副市町長会議" in _names(rep, "meetings")


def test_a_quoted_name_starts_at_its_bracket(tmp_path: Path) -> None:
    # seed lines 4543-4545 (山形市): 「地域における公益的活動 / 検討委員会」, 「買い物（外出）支援部会」
    rep = _rows(tmp_path, [
        " ①山形市社会福祉協議会が事務局を担う「山形市福祉施設等連絡会」において、「地域における公益的活動",
        "検討委員会」を設置し、「買い物（外出）支援部会」「中間的就労部会」 を設けた。 ",
    ])
    meetings = _names(rep, "meetings")
    assert {"地域における公益的活動検討委員会", "買い物(外出)支援部会", "中間的就労部会"} <= meetings
    assert not meetings & {"支援部会", "公益的活動検討委員会"}


def test_one_character_heads_share_the_suffix(tmp_path: Path) -> None:
    # seed line 8379 (鴨川市): 「小・中学校」 names the primary and the junior high schools
    rep = _rows(tmp_path, ["民生委員・児童委員、小・中学校と連携する。 "])
    names = _names(rep)
    assert {"小学校", "中学校"} <= names
    assert "小" not in names


def test_a_chair_is_not_part_of_the_name(tmp_path: Path) -> None:
    # seed line 3119 (仙台市): 「地区社協会長」 is the chair (会長) of the 地区社協, not a 協会
    rep = _rows(tmp_path, ["（研修の対象） ", "地区社協会長及び地域福祉活動推進員 "])
    names = _names(rep)
    assert "地区社協" in names
    assert "地区社協会" not in names


def test_bodies_named_by_the_forms_of_the_field(tmp_path: Path) -> None:
    # written from general knowledge of how the field's bodies are named (not from a report):
    # offices in 〜署/〜所, the 〜会 of professions, families and residents, nurseries
    rep = _rows(tmp_path, [
        "商工会議所、介護福祉士会、テスト労働基準監督署、テスト保育園、遺族会、テスト町消防団と連携。 ",
        "高校生の居場所づくりを会議室で行い、料理教室も開く。 ",
        "見守り協定をテストガス会社、テスト新聞販売店と結んだ。会社員も参加。 ",
    ])
    names = _names(rep)
    assert {"商工会議所", "介護福祉士会", "テスト労働基準監督署", "テスト保育園", "遺族会",
            "テスト町消防団", "テストガス会社", "テスト新聞販売店"} <= names
    assert "会社" not in names
    assert not {n for n in names if n.endswith(("高校", "会議室", "教室"))}
    assert not {m for m in _names(rep, "meetings") if m.endswith("会議")} - {
        "支援調整会議", "権利擁護ネットワーク会議", "地域ケア推進会議"}  # not 「商工会議」


def test_dates_demonstratives_and_related_sections_are_no_part_of_a_name(tmp_path: Path) -> None:
    # in the style of datasets/sources/003_48bd7124126cd07a.txt:136 (「平成25年6月厚生労働省」),
    # 002_042a08d9d21ad8a0.txt:90 (「こちら…生活援護課」) and 705 (全国経営者協議会); seed lines
    # 5274 (ひたちなか市 「行政関連課」) and 5529 (栃木県 「部内関係課」)
    rep = _rows(tmp_path, [
        "平成25年6月厚生労働省の通知による。 ",
        "問合せ：こちらテスト市生活援護課まで。全国経営者協議会にも報告。 ",
        "社会福祉法人や部内関係課、行政関連課等と意識共有を進めた。 ",
    ])
    names = _names(rep)
    assert {"厚生労働省", "テスト市生活援護課", "全国経営者協議会"} <= names
    assert not {n for n in names if n.startswith(("年", "6月", "こちら", "国経営"))}
    assert not names & {"部内関係課", "行政関連課"}


def test_working_groups_and_study_meetings_are_meetings(tmp_path: Path) -> None:
    # written from general knowledge; seed line 2955 (矢巾町) 「地域福祉学習会を町内 2 ヵ所で実施」
    rep = _rows(tmp_path, ["地域福祉推進ワーキンググループ（月１回）と地域福祉学習会を開催。 "])
    meetings = {m["name"]: m for m in rep["meetings"]}
    assert meetings["地域福祉推進ワーキンググループ"]["per_year"] == 12
    assert "地域福祉学習会" in meetings


def test_legal_names_with_katakana_dots_and_cooperatives_by_their_short_name(
        tmp_path: Path) -> None:
    # datasets/sources/002_042a08d9d21ad8a0.txt:572-585 (座間市 「チーム座間」): 〜生協, 〜公共職業
    # 安定所, a corporation with its café after its name, a 学会 that is no 協同組合
    rep = _rows(tmp_path, [
        "「生活クラブ生協/NPO法人ワーカーズ・コレクティブ協会」と連携。 ",
        "「厚木公共職業安定所（ハローワーク）」「社会福祉法人県央福祉会ブックカフェひばりが丘」 ",
        "日本協同組合学会実践賞を受賞。市内事業所にも周知。 ",
    ])
    names = _names(rep)
    assert {"生活クラブ生協", "NPO法人ワーカーズ・コレクティブ協会", "厚木公共職業安定所",
            "社会福祉法人県央福祉会"} <= names
    assert not names & {"生活クラブ", "NPO法人ワーカーズ", "日本協同組合", "市内事業所"}


def test_a_narrow_column_is_joined(tmp_path: Path) -> None:
    # datasets/sources/003_48bd7124126cd07a.txt:3063-3091 and 3231-3235: a table cell ten
    # characters wide breaks names anywhere (「町内福 / 祉連絡会」, 「民生児童委 / 員協議会定例会」)
    rep = _rows(tmp_path, [
        "・地区障害者総合支 ", "援協議会の中で、隣 ", "接社協と一緒に、障 ", "害者相談支援事業 ",
        "所、NPO 法人に対 ", "し、地域ボランティア ", "へのニーズや引きこ ", "もりの方への支援の ",
        "実態調査を実施。 ", "（Ｈ社協） ", "・自治振興会単位の ", "地区福祉ネットワーク ", "会議の開催と町内福 ", "祉連絡会での福祉マ ",
        "ップ作成を通して、気 ", "・毎月の民生児童委 ", "員協議会定例会に出 ", "席し、民生委員から ",
    ])
    meetings = _names(rep, "meetings")
    assert {"地区障害者総合支援協議会", "地区福祉ネットワーク会議", "町内福祉連絡会",
            "民生児童委員協議会定例会"} <= meetings
    assert "隣接社協" in _names(rep)
    assert not {m for m in meetings if m.startswith(("祉", "員", "会議"))}


def test_a_lexicon_body_before_a_word_for_its_people_or_money(tmp_path: Path) -> None:
    # seed lines 164 (札幌市) and 6337 (市貝町): 「共同募金会助成金」, 「シニアクラブ関係者」
    rep = _rows(tmp_path, ["共同募金会助成金、子育てサロン助成金等を活用している ",
                           "自治会役員・シニアクラブ関係者 "])
    assert {"共同募金会", "シニアクラブ", "自治会"} <= _names(rep)


def test_a_line_closing_on_a_verbal_noun_does_not_run_on(tmp_path: Path) -> None:
    # seed lines 8262-8264 (鴨川市): 「…地域ケア会議で周知」 closes a sentence without 。
    rep = _rows(tmp_path, [
        "（周知方法） ",
        "地区社会福祉協議会・民生委員は、老人クラブや高齢者サロンのほか、地域ケア会議で周知 ",
        "福祉総合相談センターについては、パンフレットを地区社協総会やサロン等で配付 ",
    ])
    assert "福祉総合相談センター" in {o["key"] for o in rep["organisations"]}
    assert not {n for n in _names(rep) if n.startswith("周知")}


def test_a_meeting_described_by_whom_it_gathers_is_no_name(tmp_path: Path) -> None:
    # seed lines 3279 (仙台市) and 6401-6403 (市貝町): 「…障害等各分野の会議」, 「商工会組合員の会議」
    rep = _rows(tmp_path, ["子ども・高齢・障害等各分野の会議で共有。商工会組合員の会議への参加。 "])
    assert not {m for m in _names(rep, "meetings") if m.endswith("の会議")}


# --- the lexicon of the field (lexicon.csv) ----------------------------------------------------


def _eval_module() -> Any:
    spec = importlib.util.spec_from_file_location("extract_eval",
                                                  REPO / "benchmarks" / "extract_eval.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_lexicon_row_cites_a_source_that_names_it() -> None:
    # every row cites a law, a program, an issue-16 pattern or a seed line; a cited seed line
    # (``002:583`` = datasets/sources/002_*.txt line 583) holds the row's name or one of its
    # aliases, and a line of seed 004 lies in a development report (never a held-back one)
    import re
    import unicodedata

    from netmap.io.extract.lexicon import LEXICON_CSV

    files = {p.name[:3]: p.read_text(encoding="utf-8").splitlines()
             for p in SEEDS.glob("00[0-4]_*.txt")}
    truth = yaml.safe_load((SEEDS / "004_reports_visible_truth.json").read_text(encoding="utf-8"))
    held = _eval_module().held_back
    dev_lines = {n for i, t in enumerate(truth) if not held(i)
                 for n in range(t["start_line"], t["end_line"] + 1)}
    squash = lambda s: re.sub(r"\s", "", unicodedata.normalize("NFKC", s))  # noqa: E731
    with LEXICON_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 290  # 203 rows before the lexicon was built out (2026-12-02), 88 added
    cited = 0
    for row in rows:
        assert row["source"].strip(), row["name"]
        words = [squash(w) for w in [row["name"], *row["aliases"].split("|")] if w]
        for tag, line in re.findall(r"\b(00[0-4]):(\d+)\b", row["source"]):
            text = squash(files[tag][int(line) - 1])
            assert any(w in text for w in words), (row["name"], tag, line)
            assert tag != "004" or int(line) in dev_lines, (row["name"], line)
            cited += 1
    assert cited >= 60


def test_lexicon_bodies_kinds_people_and_places(tmp_path: Path) -> None:
    # written in the seeds' style (the partners MHLW lists for 自立相談支援機関; 002:830-831
    # 居住支援法人 and 不動産事業者; 004:4551 子ども食堂 as an activity; 004:6429 the SSW)
    rep = _rows(tmp_path, [
        "保健センター、ひきこもり地域支援センター、子ども家庭支援センター、教育委員会と連携し、",
        "居住支援法人や不動産業者、介護保険事業所とも協力する。 ",
        "コミュニティセンターで子ども食堂を開き、ボランティアや関係者、スクールソーシャルワー",
        "カーが参加した。ひまわりこども食堂の運営者とも話し合った。 ",
    ])
    by_name = {o["name"]: o for o in rep["organisations"]}
    # institutions an area has one of: the lexicon names them, at high confidence
    for name in ("保健センター", "ひきこもり地域支援センター", "子ども家庭支援センター", "教育委員会"):
        assert by_name[name]["confidence"] == "high", name
    # kinds with many members in an area: kept, low
    for name in ("居住支援法人", "不動産業者", "介護保険事業所"):
        assert by_name[name]["confidence"] == "low", name
    # a place, an activity, people and a role: no organisation
    assert not set(by_name) & {"コミュニティセンター", "子ども食堂", "ボランティア", "関係者",
                               "スクールソーシャルワーカー"}
    assert by_name["ひまわりこども食堂"]["confidence"] == "low"  # a named one: the group running it


def test_own_hiragana_names_and_forum_words(tmp_path: Path) -> None:
    # WAM NET's job guide to 自立相談支援機関 names 窓口 「市民なやみごと相談窓口」; 002:573
    # 「はたらっく・ざま」; a hiragana word of a body's own name is no common word (子育て is)
    rep = _rows(tmp_path, [
        "市民なやみごと相談窓口、しごとサポートセンター、子育て相談窓口、地元の〇〇銀行と連携",
        "し、地域福祉活動プラットフォームを立ち上げた。プラットフォームには誰でも参加できる。 ",
    ])
    orgs = _names(rep)
    assert {"市民なやみごと相談窓口", "しごとサポートセンター"} <= orgs
    assert "子育て相談窓口" not in orgs  # a kind of 窓口 (common words alone)
    assert "ごとサポートセンター" not in orgs  # no longer cut at the hiragana
    assert "地域福祉活動プラットフォーム" in orgs | _names(rep, "meetings")
    assert "プラットフォーム" not in orgs | _names(rep, "meetings")  # bare: generic
