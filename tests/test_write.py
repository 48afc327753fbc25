"""One writer (netmap.io.write): round trips, CSV formula guard, and folders never destroyed.

Every folder here is a real temporary folder; nothing is mocked.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from helpers import DATASETS, REPO

from netmap.errors import OutputError
from netmap.io.csvfile import csv_cell, csv_text, unguard, write_csv
from netmap.io.dataset import load_dataset
from netmap.io.export import export_network
from netmap.io.output import MARKER
from netmap.io.tables import read_raw
from netmap.io.workbook import write_template
from netmap.io.write import claim_folder, dataset_tables, write_folder
from netmap.io.write import write_dataset as write_net

# The values a formula guard must carry through a write and a read unchanged.
HOSTILE = ["'@risk team", "=1+1", "-5 people", "+cmd|' /C calc'!A0", "@SUM(A1)", "＝1",
           "''=x", "-", "普通の名前", "'quoted'"]


def _graph(net_path: Path) -> dict[str, object]:
    return nx.node_link_data(load_dataset(net_path).graph, edges="links")


def test_write_dataset_round_trip(tmp_path: Path) -> None:
    for name in ("zama", "kunitachi"):
        out = write_net(load_dataset(DATASETS / name), tmp_path / name)
        before, after = _graph(DATASETS / name), _graph(out)
        before["graph"].pop("slug")  # the folder name  # type: ignore[attr-defined]
        after["graph"].pop("slug")  # type: ignore[attr-defined]
        assert after == before, name
        assert (out / MARKER).is_file()


def test_files_honour_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = write_net(load_dataset(DATASETS / "zama"), tmp_path / "z")
        zipped = export_network(load_dataset(DATASETS / "zama"), tmp_path / "z.zip", "csv")
    finally:
        os.umask(old)
    for path in (out / "organisations.csv", out / "municipality.yaml", zipped):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


@pytest.mark.parametrize("text", HOSTILE)
def test_guard_round_trip(text: str) -> None:
    assert unguard(csv_cell(text)) == text
    cell = csv_cell(text)
    assert not cell.lstrip("'").startswith(("=", "+", "-", "@", "＝")) or cell.startswith("'")


def test_numbers_stay_numbers() -> None:
    # Decision: a number (int/float, or text that is a plain decimal number) is never guarded —
    # a spreadsheet reads it as a number, not a formula — so negative values stay numeric.
    assert [csv_cell(x) for x in (-5, -2.5, "-5", "+3", "-1e3")] == ["-5", "-2.5", "-5", "+3",
                                                                       "-1e3"]
    assert csv_cell("-5+1") == "'-5+1" and csv_cell("-5 people") == "'-5 people"
    assert csv_cell(True) == "true" and csv_cell(False) == "" and csv_cell(None) == ""
    assert csv_cell(["debt", "housing"]) == "debt;housing"


def test_dataset_folder_round_trip_of_hostile_text(tmp_path: Path) -> None:
    net = load_dataset(DATASETS / "zama")
    orgs = net.organisations()
    assert len(orgs) > len(HOSTILE)
    for org, text in zip(orgs, HOSTILE, strict=False):
        net.graph.nodes[org]["note"] = text
    net.graph.nodes[orgs[0]]["balance"] = "-5"
    out = write_net(net, tmp_path / "out")
    raw_text = (out / "organisations.csv").read_text(encoding="utf-8")
    assert "'=1+1" in raw_text and "''@risk team" in raw_text  # guarded on disk
    on_disk = {r["id"]: r for r in csv.DictReader(io.StringIO(raw_text))}
    assert on_disk[orgs[0]]["balance"] == "-5"  # the number is not
    back = load_dataset(out)
    for org, text in zip(orgs, HOSTILE, strict=False):
        assert back.graph.nodes[org]["note"] == text
    assert back.graph.nodes[orgs[0]]["balance"] == "-5"


def test_export_zip_round_trip_of_hostile_text(tmp_path: Path) -> None:
    net = load_dataset(DATASETS / "zama")
    orgs = net.organisations()
    for org, text in zip(orgs, HOSTILE, strict=False):
        net.graph.nodes[org]["name"] = text
    with zipfile.ZipFile(export_network(net, tmp_path / "x.zip", "csv")) as z:
        z.extractall(tmp_path / "unzipped")
        rows = list(csv.DictReader(io.StringIO(z.read("nodes.csv").decode("utf-8-sig"))))
    assert {r["id"]: r["name"] for r in rows}[orgs[1]] == "'=1+1"  # Excel sees text
    back = load_dataset(tmp_path / "unzipped")
    for org, text in zip(orgs, HOSTILE, strict=False):
        assert back.graph.nodes[org]["name"] == text


def test_template_round_trip_of_hostile_text(tmp_path: Path) -> None:
    net = load_dataset(DATASETS / "zama")
    orgs = net.organisations()
    for org, text in zip(orgs, HOSTILE, strict=False):
        net.graph.nodes[org]["note"] = text
    raw = read_raw(write_template(tmp_path / "t.xlsx", net))
    notes = {cells["id"]: cells.get("note", "") for _, cells in raw.tables["organisations"].rows}
    for org, text in zip(orgs, HOSTILE, strict=False):
        assert notes[org] == text.strip()


def test_write_csv_to_a_stream_and_a_file(tmp_path: Path) -> None:
    rows = [{"name": "=HYPERLINK(\"http://x\")", "score": -0.5, "hub": True}]
    buf = io.StringIO()
    write_csv(buf, ["name", "score", "hub"], rows)
    assert buf.getvalue() == "name,score,hub\n\"'=HYPERLINK(\"\"http://x\"\")\",-0.5,true\n"
    write_csv(tmp_path / "x.csv", ["name", "score", "hub"], rows, excel=True)
    data = (tmp_path / "x.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    assert csv_text(["a"], [{"a": "@x"}]) == "a\n'@x\n"


def test_one_tables_shape() -> None:
    tables = dataset_tables(load_dataset(DATASETS / "zama"))
    assert set(tables) == {"municipality", "organisations", "programs", "meetings", "roles",
                           "links", "demand"}
    for columns, rows in tables.values():
        assert isinstance(columns, list) and isinstance(rows, list)
    assert json.dumps(tables, ensure_ascii=False, default=str)  # plain data


# -- nothing destroyed ------------------------------------------------------------------------
def _marked(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("netmap\n", encoding="utf-8")
    (folder / "organisations.csv").write_text("id\n", encoding="utf-8")
    return folder


def test_existing_folder_needs_overwrite(tmp_path: Path) -> None:
    net = load_dataset(DATASETS / "zama")
    out = write_net(net, tmp_path / "z")
    with pytest.raises(OutputError, match="--overwrite"):
        write_net(net, out)
    said: list[str] = []
    write_net(net, out, overwrite=True, notify=said.append)
    assert said and "organisations.csv" in said[0] and "replacing" in said[0]


def test_unrelated_folder_is_never_replaced(tmp_path: Path) -> None:
    user = tmp_path / "photos"
    user.mkdir()
    (user / "holiday.jpg").write_bytes(b"\xff\xd8")
    net = load_dataset(DATASETS / "zama")
    with pytest.raises(OutputError, match="netmap"):
        write_net(net, user, overwrite=True)
    assert (user / "holiday.jpg").read_bytes() == b"\xff\xd8"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos"]  # no temp folder left


def test_a_file_is_never_replaced_by_a_folder(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError):
        write_folder(tmp_path / "x", {"code": "1"}, {}, overwrite=True)
    assert (tmp_path / "x").read_text() == "mine"


def test_protected_folders_even_with_a_marker(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    home = _marked(tmp_path / "home")
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputError):
        claim_folder(home, overwrite=True)
    work = _marked(tmp_path / "work")
    monkeypatch.chdir(work)
    with pytest.raises(OutputError):
        claim_folder(Path("."), overwrite=True)
    with pytest.raises(OutputError):
        claim_folder(tmp_path, overwrite=True)  # contains the current folder
    with pytest.raises(OutputError):
        claim_folder(Path("/"), overwrite=True)
    for folder in (REPO, REPO / "datasets", REPO / "datasets" / "zama", REPO.parent):
        with pytest.raises(OutputError):
            claim_folder(folder, overwrite=True)
    assert (REPO / "datasets" / "zama" / "organisations.csv").is_file()
    other = _marked(tmp_path / "old-pull")
    assert claim_folder(other, overwrite=True) == ["organisations.csv"]
    assert claim_folder(tmp_path / "new", overwrite=False) == []


def test_symlink_to_a_marked_folder_is_refused(tmp_path: Path) -> None:
    target = _marked(tmp_path / "real")
    (tmp_path / "link").symlink_to(target)
    with pytest.raises(OutputError):
        claim_folder(tmp_path / "link", overwrite=True)
    assert (target / "organisations.csv").is_file()


# -- the commands -------------------------------------------------------------------------------
def test_pull_refuses_before_connecting(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from netmap.cli import cli

    user = tmp_path / "mine"
    user.mkdir()
    (user / "notes.txt").write_text("keep", encoding="utf-8")
    runner = CliRunner()
    for out, flags in ((user, []), (user, ["--overwrite"]), (REPO / "datasets", ["--overwrite"]),
                       (Path("."), ["--overwrite"])):
        result = runner.invoke(cli, ["pull", "zama", "--out", str(out), *flags,
                                     "--neo4j-uri", "bolt://127.0.0.1:1"])
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: ") and "Neo4j" not in result.output
    assert (user / "notes.txt").read_text() == "keep"
    assert (REPO / "datasets" / "zama" / "organisations.csv").is_file()


def test_synth_command_overwrite(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from netmap.cli import cli

    runner = CliRunner()
    args = ["synth", "-n", "2", "--seed", "1", "--out", str(tmp_path / "s")]
    assert runner.invoke(cli, args).exit_code == 0
    again = runner.invoke(cli, args)
    assert again.exit_code == 1 and "--overwrite" in again.output
    replaced = runner.invoke(cli, [*args, "--overwrite"])
    assert replaced.exit_code == 0, replaced.output
    assert "replacing" in replaced.output and "organisations.csv" in replaced.output


def test_csv_listings_are_guarded(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from helpers import ORGS, write_dataset

    from netmap.cli import cli

    orgs = ORGS.replace("自立サポート担当", "=HYPERLINK(\"http://evil\")").replace(
        "NPO法人ワンエイド", "+cmd|' /C calc'!A0")
    folder = write_dataset(tmp_path / "d", {"organisations.csv": orgs})
    result = CliRunner().invoke(cli, ["brokers", str(folder), "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    names = sorted(r["name"] for r in rows)
    assert names == sorted(["'=HYPERLINK(\"http://evil\")", "'+cmd|' /C calc'!A0", "社会福祉協議会"])
    assert {unguard(n) for n in names} == {"=HYPERLINK(\"http://evil\")", "+cmd|' /C calc'!A0",
                                           "社会福祉協議会"}  # and reversible
    numbers = [r["betweenness"] for r in rows]
    assert all(not x.startswith("'") for x in numbers)  # numbers stay numbers
