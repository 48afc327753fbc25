"""``--redact`` holds: planted personal data in adversarial spellings appear in no output.

The plants are the leaks issue 18 found: a name in an extra column (担当者), the listed contact
佐藤太郎 written 佐藤・太郎, the surname of 山田 花子 as 山田さん, phones with an en dash or a
half-width ｰ, and an e-mail with a non-ASCII domain.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import networkx as nx
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


def test_every_export_format_holds_no_plant(planted: Network) -> None:
    from netmap.io import formats
    from netmap.io.export import node_link

    red = redact_network(planted)
    outputs = {"json": json.dumps(node_link(red), ensure_ascii=False, default=str)}
    for fmt in ("graphml", "gexf"):
        buf = io.BytesIO()
        G = formats.flat_graph(red, gexf=fmt == "gexf")
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, buf)
        outputs[fmt] = buf.getvalue().decode("utf-8")
    outputs["csv"] = "".join(b.decode("utf-8") for b in formats.csv_files(red).values())
    outputs["hsds"] = "".join(b.decode("utf-8") for b in formats.hsds_files(red).values())
    for fmt, text in outputs.items():
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
