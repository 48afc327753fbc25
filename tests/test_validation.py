"""Every validation rule of the dataset format, one test each (docs/FORMAT.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ORGS, write_dataset

from netmap.errors import ValidationError
from netmap.io.dataset import load_dataset


def problems(folder: Path) -> list[str]:
    with pytest.raises(ValidationError) as info:
        load_dataset(folder)
    return [str(p) for p in info.value.problems]


def test_small_dataset_loads(small: Path) -> None:
    net = load_dataset(small)
    assert net.hub == "hub"
    assert net.providers()["debt"] == ["shakyo"]
    assert net.providers()["housing"] == ["oneaid"]
    assert net.graph.nodes["need:debt"]["label_ja"] == "債務"


def test_dangling_link_end(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"links.csv": "source,target,type\nhub,ghost,refers_to\n"})
    assert problems(folder) == [
        "links.csv:2:target: 'ghost' がどの表にもありません (dangling link: id not found in any table)"
    ]


def test_duplicate_id(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"organisations.csv": ORGS + "shakyo,重複,x,npo,,,\n"})
    assert problems(folder) == [
        "organisations.csv:5:id: id 'shakyo' が重複しています (duplicate id; first at "
        "organisations.csv:3)"
    ]


def test_duplicate_id_across_tables(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"meetings.csv": "id,name\nhub,支援調整会議\n"})
    assert problems(folder)[0].startswith("meetings.csv:2:id: id 'hub' が重複しています")


def test_unknown_sector_suggests_closest(tmp_path: Path) -> None:
    orgs = ORGS.replace("shakyo,家計管理", "shakyou,家計管理")
    (msg,) = problems(write_dataset(tmp_path / "d", {"organisations.csv": orgs}))
    assert msg.startswith("organisations.csv:3:sector: 不明なセクター (unknown sector) 'shakyou'.")
    assert "did you mean) 'shakyo'" in msg
    assert "government 行政, shakyo 社会福祉協議会, npo NPO・市民活動" in msg  # codes with labels


def test_unknown_need_suggests_closest(tmp_path: Path) -> None:
    orgs = ORGS.replace("住まい,,", "住まいい;宇宙旅行,,")
    msgs = problems(write_dataset(tmp_path / "d", {"organisations.csv": orgs}))
    assert len(msgs) == 1  # 住まいい contains 住まい and resolves; 宇宙旅行 does not
    assert msgs[0].startswith("organisations.csv:4:needs: 不明なニーズ (unknown need) '宇宙旅行'")


def test_missing_required_column(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"links.csv": "source,target\nhub,shakyo\n"})
    assert problems(folder) == [
        "links.csv:1:type: 必須の列がありません (missing required column 'type')"
    ]


def test_wrong_type(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"meetings.csv": "id,name,per_year\nm1,会議,毎月\n"})
    assert problems(folder) == [
        "meetings.csv:2:per_year: 数値を書いてください (expected a number, got '毎月')"
    ]


def test_link_type_that_does_not_fit_its_ends(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {
        "meetings.csv": "id,name\nm1,支援調整会議\n",
        "links.csv": "source,target,type\nm1,hub,attends\n",
    })
    msgs = problems(folder)
    assert msgs[0].startswith("links.csv:2:source: attends の元に会議体は使えません")
    assert msgs[1].startswith("links.csv:2:target: attends の先に機関・団体は使えません")


def test_unknown_link_type(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"links.csv": "source,target,type\nhub,shakyo,refer\n"})
    (msg,) = problems(folder)
    assert msg.startswith("links.csv:2:type: 不明なリンク種別 (unknown link type) 'refer'.")
    assert "'refers_to'" in msg


def test_empty_file(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"links.csv": ""})
    assert problems(folder) == [
        "links.csv:0:: 空のファイルです (empty file: a header row is needed)"
    ]


def test_undecodable_bytes(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {
        "organisations.csv": ORGS.encode() + b"x,\xff\xfe\xfa\xfb,k,npo,,,\n"})
    (msg,) = problems(folder)
    assert msg.startswith("organisations.csv:5:: 文字コードを読めません")


def test_bad_municipality_code_check_digit(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {
        "municipality.yaml": 'code: "142161"\nname: 座間市\nprefecture: 神奈川県\n'})
    assert problems(folder) == [
        "municipality.yaml:1:code: 検査数字が違います (check digit of '142161' should be 6)"
    ]


def test_missing_required_municipality_key(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"municipality.yaml": 'code: "142166"\nname: 座間市\n'})
    assert problems(folder) == [
        "municipality.yaml:0:prefecture: 'prefecture' が必要です (required key is missing)"
    ]


def test_two_hubs(tmp_path: Path) -> None:
    orgs = ORGS.replace("家計管理;債務,,", "家計管理;債務,true,")
    (msg,) = problems(write_dataset(tmp_path / "d", {"organisations.csv": orgs}))
    # the second hub (shakyo, row 3 of tests/helpers.py ORGS) is the problem; the first (hub,
    # row 2) is named beside it; never row 0
    assert msg == ("organisations.csv:3:hub: hub は 1 つだけ: 'shakyo' は 2 つ目の hub です "
                   "(1 つ目は organisations.csv:2 の 'hub') (only one hub allowed; the first is "
                   "'hub' at organisations.csv:2)")


def test_a_command_on_bad_data_ends_as_validate_does(tmp_path: Path) -> None:
    """`gaps` (any command) on a bad dataset prints the problems, then the same last line as
    `validate`: 「N 件の問題があります (N problems in PATH)」, exit 1."""
    from click.testing import CliRunner

    from netmap.cli import cli

    orgs = ORGS.replace("家計管理;債務,,", "家計管理;債務,true,")
    folder = write_dataset(tmp_path / "d", {"organisations.csv": orgs})
    runner = CliRunner()
    outs = [runner.invoke(cli, [cmd, str(folder)]) for cmd in ("validate", "gaps")]
    assert [r.exit_code for r in outs] == [1, 1]
    lines = [[ln for ln in r.output.splitlines() if not ln.startswith("注意")] for r in outs]
    assert lines[0] == lines[1]
    assert lines[1][-1] == f"Error: 1 件の問題があります (1 problem in {folder})"
    assert lines[1][0].startswith("organisations.csv:3:hub:")


def test_missing_required_table(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d")
    (folder / "links.csv").unlink()
    assert problems(folder) == ["links.csv:0:: ファイルがありません (missing table)"]


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {
        "organisations.csv": ORGS + "shakyo,重複,x,npo,,,\n",
        "links.csv": "source,target,type\nhub,ghost,refers_to\nhub,oneaid,partner\n",
    })
    assert len(problems(folder)) == 3


def test_source_column_is_accepted_as_evidence(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {
        "links.csv": "source,target,type,note\nhub,shakyo,refers_to,x\n",
        "organisations.csv": ORGS.replace(",evidence", ",source"),
    })
    net = load_dataset(folder)
    assert net.graph.nodes["shakyo"]["evidence"] == "002_042a08d9d21ad8a0.txt:2"


def test_covers_link_accepts_a_need_label(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {
        "links.csv": "source,target,type\nhub,住まい不安定,covers\n"})
    net = load_dataset(folder)
    assert net.providers()["housing"] == ["hub", "oneaid"]
