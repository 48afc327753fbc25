"""``--redact`` holds: planted personal data in adversarial spellings appear in no output.

The plants are the leaks issue 18 found: a name in an extra column (担当者), the listed contact
佐藤太郎 written 佐藤・太郎, the surname of 山田 花子 as 山田さん, phones with an en dash or a
half-width ｰ, and an e-mail with a non-ASCII domain.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from netmap.io.dataset import load_dataset
from netmap.model import Network
from netmap.redact import REDACTED_NAME, is_personal_key, redact_network, scrubber

REPO = Path(__file__).resolve().parents[1]
PLANTS = ["佐藤", "太郎", "山田", "花子", "鈴木一郎", "252-7717", "252–7717", "252ｰ7717",
          "7717", "例え.jp", "sato@", "yamada"]


@pytest.fixture
def planted(tmp_path: Path) -> Network:
    folder = tmp_path / "zama"
    shutil.copytree(REPO / "datasets" / "zama", folder)
    path = folder / "organisations.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0].update({"contact_name": "佐藤太郎;山田 花子", "phone": "046–252–7717",
                    "email": "sato@例え.jp", "担当者": "鈴木一郎",
                    "note": "佐藤・太郎 と 山田さん が担当。FAX 046ｰ252ｰ7717、yamada@例え.jp"})
    # an office named after the person (法律事務所 often are): its name is printed everywhere
    rows[1]["name"] = "弁護士 佐藤・太郎 法律事務所"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[*rows[0].keys()], restval="")
        writer.writeheader()
        writer.writerows(rows)
    net = load_dataset(folder)
    raw = json.dumps(dict(net.graph.nodes(data=True)), ensure_ascii=False)
    assert set(_leaks(raw)) >= {"佐藤", "鈴木一郎", "252–7717", "252ｰ7717", "例え.jp"}
    return net


def _leaks(text: str) -> list[str]:
    return [p for p in PLANTS if p in text]


def test_network_copy_holds_no_plant(planted: Network) -> None:
    red = redact_network(planted)
    dump = json.dumps([list(red.graph.nodes(data=True)), list(red.graph.edges(data=True)),
                       red.graph.graph], ensure_ascii=False, default=str)
    assert _leaks(dump) == []
    assert REDACTED_NAME in dump
    # the analysis sees the same network: same nodes, same links
    assert set(red.graph.nodes) == set(planted.graph.nodes)
    assert red.graph.number_of_edges() == planted.graph.number_of_edges()


def test_every_export_format_holds_no_plant(planted: Network, tmp_path: Path) -> None:
    import zipfile

    from netmap.io.export import export_network

    outputs = {}
    for fmt, name in (("json", "x.json"), ("graphml", "x.graphml"), ("gexf", "x.gexf"),
                      ("csv", "x.zip"), ("hsds", "hsds")):
        out = export_network(planted, tmp_path / name, fmt, redact=True)
        if out.is_dir():
            outputs[fmt] = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
        elif out.suffix == ".zip":
            with zipfile.ZipFile(out) as z:
                outputs[fmt] = "".join(z.read(n).decode("utf-8") for n in z.namelist())
        else:
            outputs[fmt] = out.read_text(encoding="utf-8")
    for fmt, text in outputs.items():
        assert _leaks(text) == [], fmt
    # the cloud formats are redacted without being asked
    for fmt, name in (("graphml", "d.graphml"), ("gexf", "d.gexf")):
        text = export_network(planted, tmp_path / name, fmt).read_text(encoding="utf-8")
        assert _leaks(text) == [], fmt


@pytest.mark.parametrize("text,expected", [
    ("佐藤・太郎", REDACTED_NAME), ("佐藤　太郎", REDACTED_NAME), ("佐 藤 太 郎", REDACTED_NAME),
    ("山田さん", REDACTED_NAME), ("花子様", REDACTED_NAME), ("ＴＥＬ ０４６－２５２－７７１７",
                                                      "ＴＥＬ ［電話番号削除］"),
    ("+81 46 252 7717", "［電話番号削除］"), ("yamada@例え.jp", "［メール削除］"),
    ("山田 ＠ example . jp", "［メール削除］"),
    # not people: dates, postal codes, counts and the town's name stay
    ("2023-07-21 人口 130,753", "2023-07-21 人口 130,753"), ("〒252-8566", "〒252-8566"),
    ("山田町の自治会", "山田町の自治会"),
])
def test_adversarial_spellings(text: str, expected: str) -> None:
    assert scrubber(["佐藤太郎", "山田 花子"])(text) == expected


def test_personal_column_names() -> None:
    assert all(map(is_personal_key, ["担当者", "担当者名", "氏名", "電話", "TEL", "E-mail",
                                     "連絡先", "contact_name"]))
    assert not any(map(is_personal_key, ["name", "kind", "sector", "area", "note", "evidence"]))


@pytest.mark.parametrize("command", [["show", "--json"], ["brokers", "--json"], ["brokers", "--csv"],
                                     ["stale", "--json"], ["show"]])
def test_listings_with_redact_hold_no_plant(planted: Network, command: list[str]) -> None:
    from click.testing import CliRunner

    from netmap.cli import cli

    args = [command[0], str(planted.source), *command[1:]]
    plain = CliRunner().invoke(cli, args)
    redacted = CliRunner().invoke(cli, [*args, "--redact"])
    assert plain.exit_code == 0 and redacted.exit_code == 0, redacted.output
    assert _leaks(plain.output), "the plant must reach the unredacted output"
    assert _leaks(redacted.output) == []


@pytest.mark.parametrize("out,args", [("m.html", []), ("m.svg", []), ("r.html", ["report"])])
def test_map_picture_and_report_with_redact_hold_no_plant(planted: Network, tmp_path: Path,
                                                          out: str, args: list[str]) -> None:
    from click.testing import CliRunner

    from netmap.cli import cli

    command = args[0] if args else "map"
    target = tmp_path / out
    plain = CliRunner().invoke(cli, [command, str(planted.source), "-o", str(target)])
    assert plain.exit_code == 0, plain.output
    assert _leaks(target.read_text(encoding="utf-8"))
    res = CliRunner().invoke(cli, [command, str(planted.source), "-o", str(target), "--redact"])
    assert res.exit_code == 0, res.output
    assert _leaks(target.read_text(encoding="utf-8")) == []
