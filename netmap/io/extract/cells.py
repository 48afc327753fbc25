"""The form's fields and cells: header, 1-1 basic information, facility counts, 実施事業.

Sections are found by heading text, never by number (a municipality that runs only one
事業 renumbers them).
"""

from __future__ import annotations

import re
from typing import Any

from netmap.io.extract.document import HEAD_BASIC, Doc, squash
from netmap.io.extract.numbers import (
    check_number,
    is_dash,
    is_tick,
    parse_number,
    permil_from_percent,
)

__all__ = ["BASIC_LABELS", "PROGRAMS", "members_of", "paren", "read_basic", "read_field",
           "read_programs", "split_names"]

#: The three 事業 a report can tick, in the template's order.
PROGRAMS = ("地域力強化推進事業", "多機関の協働による包括的支援体制構築事業", "都道府県事業")

_DATE_PAREN = re.compile(r"\((?:H|R|S|平成|令和|昭和)?\d[\d./年月日現在時点]*\)")

# --- header and basic information ------------------------------------------------------------


def read_programs(doc: Doc, end: int) -> tuple[list[str], str, str] | None:
    """Which 事業 are ticked, from the 実施事業 block; ``None`` when there is no block.

    The template asks for a ○ to the *right* of each 事業; flattened, a tick can land at the
    start of the next label's line (``○ 都道府県事業`` ticks 多機関協働事業). Read in order, a
    tick belongs to the label just before it.
    """
    a = doc.find("実施事業", 0, end)
    if a < 0:
        return None
    b = doc.find("※実施している", a, end)
    if b < 0:
        b = doc.find("担当部署名", a, end)
    if b < 0:
        return None
    text = doc.sq[a + len("実施事業"):b].lstrip("※")
    labels = [squash(p) for p in PROGRAMS]
    ticked: list[str] = []
    current: str | None = None
    i = 0
    while i < len(text):
        for k, lab in enumerate(labels):
            if text.startswith(lab, i):
                current = PROGRAMS[k]
                i += len(lab)
                break
        else:
            if is_tick(text[i]) and current and current not in ticked:
                ticked.append(current)
            i += 1
    return ticked, doc.ev(a, b - 1), "high"


def members_of(name: str | None) -> list[str]:
    """Towns listed in a group name: ``東津軽郡（平内町、今別町）`` → [平内町, 今別町]."""
    if not name:
        return []
    m = re.search(r"\(([^()]*)\)", name)
    if not m:
        return []
    return [p for p in re.split(r"[、,・]", m.group(1)) if re.search(r"(?:市|町|村|区)$", p)]


def _value(seg: str, members: list[str], rate: bool) -> tuple[float | int | None, str]:
    """Number in one basic-information cell; a group of towns is summed (rates: None)."""
    seg = _DATE_PAREN.sub("", seg)
    pairs = re.findall(r"([^\d:()、,]+?)[:](\d[\d,]*(?:\.\d+)?)", seg)
    if len(pairs) > 1 or (pairs and members):
        vals = {k.strip("※校人世帯%‰"): parse_number(v) for k, v in pairs}
        mine = [vals[m] for m in members if m in vals]
        if members and len(mine) == len(members):
            if rate:
                return (mine[0] if len(mine) == 1 else None), "medium"
            total = sum(v for v in mine if v is not None)
            return (round(total, 2) if isinstance(total, float) else total), "medium"
        return None, "low"
    if is_dash(re.sub(r"[()%‰]", "", seg)):
        return None, "high"
    return parse_number(seg), "high"


def paren(text: str, start: int) -> tuple[str, int]:
    """The balanced ``(...)`` beginning at ``text[start]``; returns (inside, end index)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "(【":
            depth += 1
        elif text[i] in ")】":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i + 1
    return text[start + 1:], len(text)


def _facilities(seg: str) -> dict[str, Any]:
    """直営/委託 counts and the commissioned body from one cell of 1-1.

    ``委託：３か所（社協１、その他２）`` → commissioned 3, to ``社協１、その他２``; ``直営：なし``
    → 0; ``委託のみ`` → direct 0; ``直営・委託なし`` or a bare ``なし`` → both 0; ``282 カ所``
    → total 282.

    >>> _facilities("なし")["direct"], _facilities("なし")["commissioned"]
    (0, 0)
    """
    out: dict[str, Any] = {"direct": None, "commissioned": None, "commissioned_to": None}
    s = _DATE_PAREN.sub("", seg)
    place = r"(?:か|ヶ|ケ|カ|ヵ|箇|ヵ)所"
    if re.search(r"直営・委託なし|直営及び委託なし", s) or re.fullmatch(
            rf"(?:なし|無し|該当なし|未設置|0{place})[。.]?", s.strip()):
        out["direct"] = out["commissioned"] = 0
        return out
    m = re.search(rf"直営(?:\([^()]*\))?:?(\d+){place}", s)
    if m:
        out["direct"] = int(m.group(1))
    elif re.search(r"直営:?(?:なし|無し|0)", s) or "委託のみ" in s:
        out["direct"] = 0
    m = re.search(rf"委託(?:のみ)?:?(\d+){place}", s)
    if m:
        out["commissioned"] = int(m.group(1))
        rest = s[m.end():]
        while rest.startswith("【"):
            _, k = paren(rest, 0)
            rest = rest[k:]
        if rest.startswith("("):
            inside, _ = paren(rest, 0)
            out["commissioned_to"] = inside
    elif re.search(r"委託:?(?:なし|無し)", s):
        out["commissioned"] = 0
    if out["direct"] is None and out["commissioned"] is None:
        m = re.match(rf"^(\d+){place}", s)
        if m:
            out["total"] = int(m.group(1))
    return out


def _group_facilities(seg: str, members: list[str]) -> tuple[dict[str, Any], str]:
    """:func:`_facilities` for a group report: the members' own cells, summed.

    ``上小阿仁村（直営：１カ所）、小坂町（直営：１カ所）`` → direct 2. Without per-town cells a
    group of 町/村 takes the ``町村部（…）`` cell; otherwise the whole cell (low confidence).
    """
    if not members:
        return _facilities(seg), "medium"
    cells = []
    for town in members:
        p = seg.find(town + "(")
        if p >= 0:
            cells.append(_facilities(paren(seg, p + len(town))[0]))
    if cells and len(cells) == len(members):
        out: dict[str, Any] = {"direct": None, "commissioned": None, "commissioned_to": None}
        for k in ("direct", "commissioned"):
            vals = [c[k] for c in cells if c[k] is not None]
            out[k] = sum(vals) if vals else None
        return out, "medium"
    p = seg.find("町村部(")
    if p >= 0 and all(re.search(r"(?:町|村)$", t) for t in members):
        return _facilities(paren(seg, p + 3)[0]), "low"
    return _facilities(seg), "low"


BASIC_LABELS = (
    ("population", "人口"), ("households", "世帯数"), ("aging_rate", "高齢化率"),
    ("welfare_rate_permil", "生活保護受給率"), ("area_km2", "面積"),
    ("chiiki_kanyu_rate", "加入率"), ("elementary_schools", "公立小学校数"),
    ("junior_high_schools", "公立中学校数"), ("comprehensive_support_centers", "地域包括支援センター"),
    ("self_reliance_consultation", "自立相談支援事業"),
)


def read_basic(doc: Doc, members: list[str]) -> tuple[dict[str, Any], dict[str, str], str]:
    """The 1-1 自治体の基本情報 cells; returns (values, confidences, evidence).

    ``values["raw"]`` keeps each cell's text beside the parsed value and ``values["problems"]``
    lists the figures that failed :func:`~netmap.io.extract.numbers.check_number` (they are
    None and ``low``).
    """
    a = doc.find(HEAD_BASIC)
    b = doc.find("地域の特徴", max(a, 0))
    if b < 0:
        b = doc.find("ビジョン", max(a, 0))
    if a < 0 or b < 0:
        return {}, {}, ""
    found: list[tuple[str, int, int]] = []
    pos = a
    for key, label in BASIC_LABELS:
        p = doc.find(label, pos, b)
        if p >= 0:
            found.append((key, p, p + len(label)))
            pos = p + len(label)
    values: dict[str, Any] = {"raw": {}, "problems": []}
    conf: dict[str, str] = {}
    for k, (key, _p, e) in enumerate(found):
        nxt = found[k + 1][1] if k + 1 < len(found) else b
        seg = doc.sq[e:nxt]
        if key in ("comprehensive_support_centers", "self_reliance_consultation"):
            seg = re.sub(r"[0-9-]+\.?(?:自治体|地域の特徴).*$", "", seg)
            seg = re.sub(r"\d+-\d+\.?$", "", seg)
            seg = re.sub(r"#?\d*$", "", seg) if key == "self_reliance_consultation" else seg
            values[key], conf[key] = _group_facilities(seg, members)
            values[key]["raw"] = seg
            continue
        rate = key in ("aging_rate", "welfare_rate_permil", "chiiki_kanyu_rate")
        raw = re.sub(r"地縁組織.*$", "", seg)  # the cell's own text, without the next label
        if key == "area_km2":
            seg = seg.replace("km2", "").replace("m2", "")
        v, c = _value(seg, members, rate)
        problem = None
        if key == "welfare_rate_permil" and v is not None:
            if "‰" not in seg and "%" in seg:
                v, problem = permil_from_percent(float(v), seg)
        if key in ("aging_rate", "welfare_rate_permil", "chiiki_kanyu_rate", "area_km2") and \
                v is not None:
            v = float(v)
        if problem is None:
            v, problem = check_number(key, v, seg)
        if problem:
            values["problems"].append(problem)
            c = "low"
        values["raw"][key] = raw
        values[key] = v
        conf[key] = c
    return values, conf, doc.ev(a, b)


def read_field(doc: Doc, start: int, end: int, label: str, nxt: tuple[str, ...]) -> tuple[str, int,
                                                                                        int]:
    """Value of a labelled field ``label`` up to the first of ``nxt`` labels (squashed)."""
    p = doc.find(label, start, end)
    if p < 0:
        return "", -1, -1
    v0 = p + len(squash(label))
    v1 = end
    for n in nxt:
        q = doc.find(n, v0, end)
        if 0 <= q < v1:
            v1 = q
    value = doc.sq[v0:v1]
    value = re.sub(r"#\d+$", "", value)
    return value, v0, v1


def split_names(text: str) -> list[str]:
    """Split an organisation cell: ``札幌市(札幌市社会福祉協議会)`` → both names."""
    names: list[str] = []
    outer = re.sub(r"\([^()]*\)", "", text)
    for p in re.split(r"[、,及]", outer):
        if p:
            names.append(p)
    for inner in re.findall(r"\(([^()]*)\)", text):
        for p in re.split(r"[、,]", inner):
            if p and not re.search(r"\d+か所|委託|直営|一部", p):
                names.append(p)
    return names

