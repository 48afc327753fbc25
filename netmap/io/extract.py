"""Extract draft datasets from MHLW standard report sheets (地域力強化推進事業 / 多機関協働事業).

The H30 report template (seed ``004_reports_visible.txt``, 30 reports) is used by hundreds of
municipalities; the text comes flattened from PDF. :func:`extract_reports` reads every report
in a file into a plain dict; :func:`write_datasets` writes one FORMAT.md dataset folder per
report, flagged ``draft: true`` because the pairing of flattened table columns is a guess.

Sections are found by heading text, never by number (a municipality that runs only one
事業 renumbers them). Every row carries ``evidence`` (``<file>:<from>-<to>``) and
``confidence`` (``high`` read from a labelled cell, ``medium`` found in prose, ``low`` where
two PDF columns had to be paired by order).

Run ``python -m netmap.io.extract FILE --out DIR``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netmap.errors import DatasetError
from netmap.io.extract_text import (
    guess_kind,
    guess_sector,
    is_dash,
    is_tick,
    lookup_code,
    match_key,
    normalise,
    parse_frequency,
    parse_number,
    romaji,
    squash,
)

__all__ = ["extract_reports", "write_datasets", "PROGRAMS", "main"]

#: The three 事業 a report can tick, in the template's order.
PROGRAMS = ("地域力強化推進事業", "多機関の協働による包括的支援体制構築事業", "都道府県事業")

_HEAD_BASIC = "自治体の基本情報等"
_HEAD_CHIIKI = "地域力強化推進事業について"
_HEAD_TAKIKAN = "多機関の協働による包括的支援体制構築事業について"
_HEAD_RESULTS = "成果目標の達成状況"

# Hiragana that occur inside organisation / meeting names; masked so that name scanning may
# run through them (障がい者相談支援事業所, 地区福祉のまち推進センター).
_HIRA_IN_NAMES = (
    "障がい", "子ども", "子育て", "見守り", "か町村", "こども", "ふれあい", "いきいき", "ささえあい", "支えあい", "支え合い",
    "まちづくり", "のまち", "くらし", "すこやか", "あんしん", "ふくし", "よりそい", "つながり",
    "ひきこもり", "がん", "けん", "こころ", "なごみ", "ひだまり", "わが", "我が事", "丸ごと",
    "まるごと", "困りごと", "心配ごと", "ごと", "ぐるみ", "みんなの", "の会", "の家", "の園",
    "ほっと", "かたつむり", "あいさつ", "づくり", "しあわせ", "ゆうあい", "もりおか", "いわて",
)
_MEETING_SUFFIXES = (
    "推進会議", "ネットワーク会議", "ケース会議", "会議", "連絡協議会", "協議会", "協議体", "部会",
    "連絡会", "検討会", "研究会", "委員会", "懇談会", "勉強会", "意見交換会", "情報交換会",
    "交換会", "ワークショップ", "全体会", "分科会", "定例会", "座談会", "フォーラム", "サミット",
    "相談会", "ミーティング", "会合", "の場", "の会", "講座", "セミナー", "シンポジウム",
    "研修会", "カレッジ", "家族会", "サロン",
)
_ORG_SUFFIXES = (
    "社会福祉協議会", "社協", "センター", "事業所", "事務所", "協会", "組合", "連合会", "商工会",
    "医師会", "家族会", "母子会", "クラブ", "病院", "診療所", "クリニック", "大学", "学校",
    "教育委員会", "課", "係", "推進室", "相談室", "指導室", "支援室", "保健所", "相談所",
    "機関", "団体", "支部", "本部", "公社", "事業団", "工房", "文庫", "役所", "役場", "振興局",
    "協議体", "協議会", "委員会", "チーム", "福祉会", "ネットワーク", "窓口", "の会", "の家",
    "サロン", "公民館", "福祉館", "サポート", "班", "推進会", "分会", "協働体", "研究会",
    "民生委員", "児童委員", "福祉委員", "協力員", "推進委員", "ステーション", "プロジェクト",
)
_ORG_LEXICON = (
    "警察", "消防", "民生委員・児童委員", "民生委員児童委員", "民生・児童委員", "民生児童委員",
    "民生委員", "自治会", "町内会", "町会", "町内会・自治会", "町会・自治会", "老人クラブ",
    "シニアクラブ", "PTA", "ボランティア", "NPO", "医療機関", "保健所", "児童相談所",
    "福祉事務所", "ハローワーク", "公共職業安定所", "弁護士", "司法書士", "医師会", "商工会",
    "商店街", "区役所", "教育委員会", "民間企業", "社会福祉法人", "社協", "行政区長",
    "学識経験者", "有識者", "社会福祉施設", "介護事業者", "市民団体", "ボランティア団体",
    "医師", "司法", "労働", "企業", "事業者", "警察署", "消防署", "地域包括支援センター",
)
_NOT_ORG = {"センター", "事業所", "事務所", "機関", "団体", "課", "係", "協議会", "協議体",
            "委員会", "ネットワーク", "窓口", "本部", "支部", "チーム", "プロジェクト",
            "関係機関", "専門機関", "支援機関", "相談支援機関", "各関係機関", "他機関", "多機関",
            "相談機関", "関係団体", "各機関", "同センター", "当センター", "本センター", "相談窓口",
            "総合相談窓口"}
_WORD_SUFFIXES = {"課", "係", "班", "推進会", "分会", "研究会", "の会", "部会", "全体会"}
_ROLE_SUFFIXES = ("コーディネーター", "推進員", "相談員", "支援員", "ワーカー", "専門員",
                  "協力員", "サポーター", "後見人", "相談支援専門員", "社会福祉士", "保健師")
_LEGAL_PREFIX = re.compile(
    r"(?:認定特定非営利活動法人|特定非営利活動法人|NPO法人|社会福祉法人|一般社団法人|一般財団法人|"
    r"公益社団法人|公益財団法人|社会医療法人|医療法人社団|医療法人|更生保護法人|株式会社)"
)
_DATE_PAREN = re.compile(r"\((?:H|R|S|平成|令和|昭和)?\d[\d./年月日現在時点]*\)")


# --- the document -------------------------------------------------------------------------


@dataclass
class _Doc:
    """One report: its non-blank lines (normalised) and a squashed text mapped to lines."""

    file: str
    lines: list[tuple[int, str]]
    sq: str = ""
    sq_line: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts: list[str] = []
        for i, (_, text) in enumerate(self.lines):
            s = squash(text)
            parts.append(s)
            self.sq_line.extend([i] * len(s))
        self.sq = "".join(parts)

    def line_no(self, pos: int) -> int:
        """Seed line number of squashed position ``pos``."""
        if not self.sq_line:
            return self.lines[0][0] if self.lines else 0
        pos = max(0, min(pos, len(self.sq_line) - 1))
        return self.lines[self.sq_line[pos]][0]

    def idx(self, pos: int) -> int:
        """Index into ``lines`` of squashed position ``pos``."""
        pos = max(0, min(pos, len(self.sq_line) - 1))
        return self.sq_line[pos]

    def ev(self, a: int, b: int | None = None) -> str:
        """Evidence string for squashed positions ``a``..``b``."""
        la = self.line_no(a)
        lb = self.line_no(b if b is not None else a)
        return f"{self.file}:{la}-{max(la, lb)}"

    def ev_lines(self, i: int, j: int) -> str:
        """Evidence string for line indices ``i``..``j``."""
        a, b = self.lines[i][0], self.lines[max(i, j)][0]
        return f"{self.file}:{a}-{b}"

    def find(self, label: str, start: int = 0, end: int | None = None) -> int:
        """Position of ``label`` (squashed) in ``sq[start:end]``, or -1."""
        return self.sq.find(squash(label), start, len(self.sq) if end is None else end)


def _read_lines(path: Path) -> list[tuple[int, str]]:
    """Non-blank normalised lines with their 1-based line numbers."""
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - decode of latin-1 never fails
        text = raw.decode("latin-1")
    out: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        norm = normalise(re.sub("[\u2460-\u2473]", lambda m: f"#{ord(m.group(0)) - 0x245F} ",
                                line))
        norm = re.sub(r"※記入例.*$", "", norm)
        if norm.strip():
            out.append((n, norm))
    return out


def _split(lines: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Index ranges ``[a, b)`` of the reports in a file.

    A report starts at its title line (``北海道 京極町``) followed by ``都道府県名 …``; when the
    header block is missing (the first report of the seed) it starts at the
    ``１．自治体の基本情報等`` heading, or at the top of the file.
    """
    heads = [i for i, (_, t) in enumerate(lines) if _HEAD_BASIC in squash(t)]
    starts: list[int] = []
    prev = 0
    for h in heads:
        start = h
        for j in range(h - 1, max(prev, h - 15) - 1, -1):
            if squash(lines[j][1]).startswith("都道府県名"):
                start = j
                if j - 1 >= prev and len(squash(lines[j - 1][1])) <= 30 and re.search(
                        r"(?:都|道|府|県|市|区|町|村|郡)$", squash(lines[j - 1][1])):
                    start = j - 1
                break
        if not starts:
            start = 0
        starts.append(start)
        prev = h + 1
    return [(a, starts[k + 1] if k + 1 < len(starts) else len(lines))
            for k, a in enumerate(starts)]


# --- header and basic information ------------------------------------------------------------


def _programs(doc: _Doc, end: int) -> tuple[list[str], str, str] | None:
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


def _members(name: str | None) -> list[str]:
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
        vals = {k.strip("※"): parse_number(v) for k, v in pairs}
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


def _paren(text: str, start: int) -> tuple[str, int]:
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
    → 0; ``委託のみ`` → direct 0; ``直営・委託なし`` → both 0; ``282 カ所`` → total 282.
    """
    out: dict[str, Any] = {"direct": None, "commissioned": None, "commissioned_to": None}
    s = _DATE_PAREN.sub("", seg)
    place = r"(?:か|ヶ|ケ|カ|ヵ|箇|ヵ)所"
    if re.search(r"直営・委託なし|直営及び委託なし", s):
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
            _, k = _paren(rest, 0)
            rest = rest[k:]
        if rest.startswith("("):
            inside, _ = _paren(rest, 0)
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
            cells.append(_facilities(_paren(seg, p + len(town))[0]))
    if cells and len(cells) == len(members):
        out: dict[str, Any] = {"direct": None, "commissioned": None, "commissioned_to": None}
        for k in ("direct", "commissioned"):
            vals = [c[k] for c in cells if c[k] is not None]
            out[k] = sum(vals) if vals else None
        return out, "medium"
    p = seg.find("町村部(")
    if p >= 0 and all(re.search(r"(?:町|村)$", t) for t in members):
        return _facilities(_paren(seg, p + 3)[0]), "low"
    return _facilities(seg), "low"


_BASIC_LABELS = (
    ("population", "人口"), ("households", "世帯数"), ("aging_rate", "高齢化率"),
    ("welfare_rate_permil", "生活保護受給率"), ("area_km2", "面積"),
    ("chiiki_kanyu_rate", "加入率"), ("elementary_schools", "公立小学校数"),
    ("junior_high_schools", "公立中学校数"), ("comprehensive_support_centers", "地域包括支援センター"),
    ("self_reliance_consultation", "自立相談支援事業"),
)


def _basic(doc: _Doc, members: list[str]) -> tuple[dict[str, Any], dict[str, str], str]:
    """The 1-1 自治体の基本情報 cells; returns (values, confidences, evidence)."""
    a = doc.find(_HEAD_BASIC)
    b = doc.find("地域の特徴", max(a, 0))
    if b < 0:
        b = doc.find("ビジョン", max(a, 0))
    if a < 0 or b < 0:
        return {}, {}, ""
    found: list[tuple[str, int, int]] = []
    pos = a
    for key, label in _BASIC_LABELS:
        p = doc.find(label, pos, b)
        if p >= 0:
            found.append((key, p, p + len(label)))
            pos = p + len(label)
    values: dict[str, Any] = {}
    conf: dict[str, str] = {}
    for k, (key, _p, e) in enumerate(found):
        nxt = found[k + 1][1] if k + 1 < len(found) else b
        seg = doc.sq[e:nxt]
        if key in ("comprehensive_support_centers", "self_reliance_consultation"):
            seg = re.sub(r"[0-9-]+\.?(?:自治体|地域の特徴).*$", "", seg)
            seg = re.sub(r"#?\d*$", "", seg) if key == "self_reliance_consultation" else seg
            values[key], conf[key] = _group_facilities(seg, members)
            values[key]["raw"] = seg
            continue
        rate = key in ("aging_rate", "welfare_rate_permil", "chiiki_kanyu_rate")
        if key == "area_km2":
            seg = seg.replace("km2", "").replace("m2", "")
        v, c = _value(seg, members, rate)
        if key == "welfare_rate_permil" and v is not None:
            if "‰" not in seg and "%" in seg:
                v = round(float(v) * 10, 4)
        if key in ("aging_rate", "welfare_rate_permil", "chiiki_kanyu_rate", "area_km2") and \
                v is not None:
            v = float(v)
        values[key] = v
        conf[key] = c
    return values, conf, doc.ev(a, b)


# --- name scanning --------------------------------------------------------------------------


def _mask(text: str) -> str:
    """Replace hiragana that belong to names by a kanji placeholder (same length)."""
    out = text
    for w in _HIRA_IN_NAMES:
        out = out.replace(w, "".join("漢" if "ぁ" <= c <= "ゖ" else c for c in w))
    return out


def _is_name_char(c: str) -> bool:
    return bool(re.match(r"[\u4e00-\u9fff々〆ヶァ-ヺーA-Za-z0-9・]", c))


def _extend_left(masked: str, end_of_stem: int) -> int:
    """Start of the name whose stem ends just before ``end_of_stem``."""
    i = end_of_stem
    while i > 0 and _is_name_char(masked[i - 1]):
        i -= 1
    # a hiragana run at a delimited start belongs to the name (とかち生活あんしんセンター)
    j = i
    while j > 0 and "ぁ" <= masked[j - 1] <= "ゖ":
        j -= 1
    if j < i and (j == 0 or masked[j - 1] in "\n、,。()「」『』:・ /") and i - j <= 6:
        i = j
    while i < end_of_stem and masked[i] in "・ー0123456789":
        i += 1
    return i


def _scan(text: str, suffixes: Iterable[str]) -> list[tuple[int, int, str]]:
    """All ``(start, end, name)`` of names ending in one of ``suffixes`` in ``text``."""
    suffixes = tuple(suffixes)
    masked = _mask(text)
    pat = re.compile("|".join(re.escape(s) for s in sorted(set(suffixes), key=len, reverse=True)))
    out: list[tuple[int, int, str]] = []
    for m in pat.finditer(text):
        if m.group(0) in _WORD_SUFFIXES and m.end() < len(text) and \
                re.match(r"[\u4e00-\u9fff]", text[m.end()]):
            continue  # 課題, 推進会議: the suffix is the start of a longer word
        start = _extend_left(masked, m.start())
        name = text[start:m.end()]
        name = re.sub(r"^(?:及び|および|並びに|又は|または|や|と|の|等|各種|など)", "", name)
        name = re.sub(r"^(?:平成|令和)?\d+年度", "", name)
        pieces = name.split("・")
        if len(pieces) > 1 and len(pieces[-1]) >= 2 and \
                pieces[-2].endswith(tuple(suffixes)):
            start += len(name) - len(pieces[-1])
            name = pieces[-1]
        if len(name) < 2:
            continue
        out.append((start, m.end(), name))
    return out


_TEMPLATE_PHRASES = ("※会議の開催回数や参加者等を記載", "(既存の会議の名称)")
_BULLETS = tuple("・○〇●◎◆■□※-#(【<＜") + ("ア", "イ", "ウ", "エ", "オ")


def _wrap_join(doc: _Doc, i: int, j: int) -> tuple[str, list[int]]:
    """Lines ``i..j-1`` joined where the PDF wrapped a line, ``\n`` elsewhere.

    A line continues on the next when it is nearly as wide as the page (90th percentile of
    line widths), ends with 、, or leaves a bracket open; never when the next line starts
    with a bullet. Runs of spaces become one space (a delimiter for name scanning).
    Returns the text and, per character, the index of its line.
    """
    widths = sorted(len(squash(t)) for _, t in doc.lines) or [0]
    width = widths[int(0.9 * (len(widths) - 1))]
    parts: list[str] = []
    where: list[int] = []
    for k in range(i, j):
        s = re.sub(r"\s+", " ", doc.lines[k][1]).strip()
        template = False
        for phrase in _TEMPLATE_PHRASES:
            if phrase in squash(s):
                template = True
                s = s.replace(phrase, " ")
        parts.append(s)
        where.extend([k] * len(s))
        if k + 1 < j:
            nxt = doc.lines[k + 1][1].strip()
            sq = squash(s)
            wrapped = (len(sq) >= 0.8 * width and not sq.endswith(("。", ")", "」"))) or \
                sq.endswith(("、", ",")) or sq.count("(") > sq.count(")")
            if template or not wrapped or nxt.startswith(_BULLETS):
                parts.append("\n")
                where.append(k)
    return "".join(parts), where


# --- report body ------------------------------------------------------------------------------


class _Builder:
    """Collects organisations, roles, meetings and links of one report, de-duplicated."""

    def __init__(self, doc: _Doc, strip: tuple[str, ...]) -> None:
        self.doc = doc
        self.strip = strip
        self.orgs: dict[str, dict[str, Any]] = {}
        self.meetings: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, dict[str, Any]] = {}
        self.links: list[dict[str, Any]] = []

    def org(self, name: str, evidence: str, confidence: str, role: str = "") -> str | None:
        name = name.strip(" 、,:・()")
        if not name or len(name) > 60 or squash(name) in _NOT_ORG:
            return None
        key = match_key(name, self.strip) or squash(name)
        if key in self.orgs:
            o = self.orgs[key]
            if _rank(confidence) > _rank(o["confidence"]):
                o["confidence"] = confidence
            if role and role not in o["role"]:
                o["role"] = (o["role"] + "; " + role).strip("; ")
            return key
        self.orgs[key] = {"name": name, "kind": guess_kind(name), "sector": guess_sector(name),
                          "role": role, "evidence": evidence, "confidence": confidence}
        return key

    def meeting(self, name: str, evidence: str, confidence: str, **kw: Any) -> str | None:
        name = name.strip(" 、,:・")
        if len(name) < 3 or len(name) > 60:
            return None
        key = match_key(name, ())
        if key in self.meetings:
            m = self.meetings[key]
            if m.get("per_year") is None and kw.get("per_year") is not None:
                m.update({k: v for k, v in kw.items() if v is not None})
                m["confidence"] = confidence
            elif kw.get("participants") and not m.get("participants"):
                m["participants"] = kw["participants"]
            return key
        row = {"name": name, "per_year": None, "per_year_max": None, "frequency": None,
               "participants": [], "purpose": None, "evidence": evidence,
               "confidence": confidence}
        row.update({k: v for k, v in kw.items() if v is not None})
        self.meetings[key] = row
        return key

    def role(self, title: str, count: int | None, evidence: str, confidence: str,
             placed_at: str | None = None, note: str = "") -> None:
        key = squash(title)
        if key in self.roles:
            r = self.roles[key]
            if r["count"] is None and count is not None:
                r["count"] = count
            if placed_at and not r["placed_at"]:
                r["placed_at"] = placed_at
            return
        self.roles[key] = {"title": title, "count": count, "placed_at": placed_at,
                           "note": note, "evidence": evidence, "confidence": confidence}

    def link(self, source: str, target: str, type_: str, evidence: str, confidence: str) -> None:
        row = {"source": source, "target": target, "type": type_, "evidence": evidence,
               "confidence": confidence}
        if row not in self.links:
            self.links.append(row)


def _rank(conf: str) -> int:
    return {"low": 0, "medium": 1, "high": 2}.get(conf, 0)


def _field(doc: _Doc, start: int, end: int, label: str, nxt: tuple[str, ...]) -> tuple[str, int,
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


def _split_names(text: str) -> list[str]:
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


def _participants(text: str) -> list[str]:
    """Participant list of a meeting description (frequency and labels removed)."""
    t = re.sub(r"^.*?参加者[:]?", "", text) if "参加者" in text else text
    t = re.sub(r"[()（）]", "、", t)
    out: list[str] = []
    for p in re.split(r"[、,。]", t):
        p = p.strip(" ・\n")
        p = re.sub(r"(?:等|など)$", "", p)
        if not p or re.search(r"\d+回|随時|開催|程度|毎月|隔月|必要に応じ|年\d|月\d|※|構築|検討", p):
            continue
        if len(p) > 30:
            continue
        out.append(p)
    return out


def _meeting_block(doc: _Doc, b: _Builder, a: int, z: int) -> None:
    """相談支援包括化推進会議の開催方法: description column and name column paired by order."""
    i0, i1 = doc.idx(a), doc.idx(z)
    lines = [(k, squash(doc.lines[k][1])) for k in range(i0, i1)]
    parts: list[tuple[str, list[tuple[int, str]], list[tuple[int, str]]]] = []
    purpose, mode, desc, names = "", "", [], []
    for k, s in lines:
        s = s.replace("※会議の開催回数や参加者等を記載", "")
        for marker, label in (("(個別事例の検討)", "個別事例の検討"),
                              ("(ネットワーク構築)", "ネットワーク構築")):
            if marker in s:
                if purpose:
                    parts.append((purpose, desc, names))
                purpose, mode, desc, names = label, "desc", [], []
                s = s.replace(marker, "")
        if "(既存の会議の名称)" in s:
            before, after = s.split("(既存の会議の名称)", 1)
            if before:
                desc.append((k, before))
            mode = "names"
            s = after
        if "相談支援包括化推進会議の開催方法" in s:
            continue
        if not s or not purpose:
            continue
        (names if mode == "names" else desc).append((k, s))
    if purpose:
        parts.append((purpose, desc, names))
    for purpose, desc, names in parts:
        items = _join_items(names, meeting=True)
        entries = _join_items(desc, meeting=False)
        freq_entries = [e for e in entries if parse_frequency(e[2])[0] is not None
                        or "随時" in e[2]]
        pair = freq_entries if len(freq_entries) >= len(items) else entries
        for n, (k0, k1, name) in enumerate(items):
            kw: dict[str, Any] = {"purpose": purpose}
            conf = "medium"
            if n < len(pair):
                e0, e1, text = pair[n]
                py, pmax = parse_frequency(text)
                kw.update(per_year=py, per_year_max=pmax, frequency=_freq_phrase(text),
                          participants=_participants(text))
                conf = "low"
            b.meeting(name, doc.ev_lines(k0, k1), conf, **kw)


def _freq_phrase(text: str) -> str | None:
    """The frequency words of a description (for the ``note`` column)."""
    m = re.search(r"((?:年|月|週|毎月|隔月|\d+(?:か|ヶ|カ|ケ)?月に)[^、()]*?回[^、()]*|随時[^、()]*"
                  r"|隔月|毎月)", text)
    return m.group(1) if m else None


def _join_items(rows: list[tuple[int, str]], meeting: bool) -> list[tuple[int, int, str]]:
    """Join wrapped lines of a flattened table column into items ``(first, last, text)``."""
    items: list[list[Any]] = []
    for k, s in rows:
        if items:
            prev = items[-1][2]
            unbalanced = prev.count("(") > prev.count(")")
            if meeting:
                ends = prev.endswith(")") or prev.endswith(_MEETING_SUFFIXES) or \
                    re.search(r"(?:会|体|部会)$", prev)
                cont = unbalanced or s.startswith("(") or not ends
            else:
                cont = unbalanced or (len(prev) >= 24 and not prev.endswith(("。", ")")))
            if cont:
                items[-1][1] = k
                items[-1][2] += s
                continue
        items.append([k, k, s])
    out: list[tuple[int, int, str]] = []
    for k0, k1, s in items:
        if meeting:
            depth, cur, pieces = 0, "", []
            for c in s:
                depth += c == "("
                depth -= c == ")"
                if c in "、," and depth == 0:
                    pieces.append(cur)
                    cur = ""
                else:
                    cur += c
            pieces.append(cur)
            for p in pieces:
                p = p.strip("・ ")
                if p and not re.fullmatch(r"[\d\W]*|なし|特になし|未定|-", p):
                    out.append((k0, k1, p))
        else:
            out.append((k0, k1, s))
    return out


def _scan_meetings(doc: _Doc, b: _Builder, i0: int, i1: int) -> None:
    """Meeting names anywhere in the body, with a frequency from the bracket that follows."""
    text, where = _wrap_join(doc, i0, i1)
    for s, e, name in _scan(text, _MEETING_SUFFIXES):
        if re.search(r"(?:社会福祉協議会|民生委員協議会|児童委員協議会|社協)$", name):
            continue
        if name in ("会議", "協議会", "委員会", "の場", "会合") or \
                re.match(r"^(?:同|本|当|この|その|上記|次回|前回|今回)", name):
            continue
        if name.endswith("の場") and len(name) < 6:
            continue
        rest = text[e:e + 80].replace("\n", "")
        kw: dict[str, Any] = {}
        if rest.startswith("("):
            inside, _ = _paren(rest, 0)
            py, pmax = parse_frequency(inside)
            kw = {"per_year": py, "per_year_max": pmax, "frequency": _freq_phrase(inside),
                  "participants": _participants(inside)}
        else:
            m = re.match(r"^(?:を|は|:)?([^。、]{0,12}?(?:年|月|週|隔月|毎月)[^。、]{0,8}?回?)", rest)
            if m and parse_frequency(m.group(1))[0] is not None:
                py, pmax = parse_frequency(m.group(1))
                kw = {"per_year": py, "per_year_max": pmax, "frequency": m.group(1)}
        b.meeting(name, doc.ev_lines(where[s], where[max(s, e - 1)]), "medium", **kw)


def _scan_orgs(doc: _Doc, b: _Builder, i0: int, i1: int) -> None:
    """Organisation names anywhere in the body (suffixes, 法人格 prefixes, a lexicon)."""
    text, where = _wrap_join(doc, i0, i1)
    for s, e, name in _scan(text, _ORG_SUFFIXES):
        if re.search(r"(?:会議|部会)$", name) or re.match(r"^(?:同|本|当|この|その|上記)", name):
            continue
        if len(name) <= 2 and name not in _ORG_LEXICON:
            continue
        b.org(name, doc.ev_lines(where[s], where[max(s, e - 1)]), "medium")
    masked = _mask(text)
    for m in _LEGAL_PREFIX.finditer(text):
        j = m.end()
        if j < len(text) and text[j] == " ":
            j += 1
        while j < len(text) and (_is_name_char(masked[j]) or "ぁ" <= masked[j] <= "ゖ"):
            j += 1
        if j > m.end() + 1:
            b.org(text[m.start():j].strip(), doc.ev_lines(where[m.start()], where[j - 1]), "medium")
    for word in _ORG_LEXICON:
        p = text.find(word)
        if p >= 0:
            b.org(word, doc.ev_lines(where[p], where[p + len(word) - 1]), "medium")


def _scan_roles(doc: _Doc, b: _Builder, i0: int, i1: int) -> None:
    """Counted roles (…推進員, …コーディネーター) with a count ``N名`` right after, if any."""
    text, where = _wrap_join(doc, i0, i1)
    for s, e, name in _scan(text, _ROLE_SUFFIXES):
        rest = text[e:e + 16].replace("\n", "")
        m = re.match(r"^\(?(?:専任|兼任|常勤|非常勤)?(\d+)(?:名|人)", rest)
        count = int(m.group(1)) if m else None
        b.role(name, count, doc.ev_lines(where[s], where[max(s, e - 1)]),
               "medium" if count is not None else "low")


# --- public API -------------------------------------------------------------------------------


def extract_reports(path: Path) -> list[dict[str, Any]]:
    """Read every report sheet in a flattened-PDF text file.

    Parameters
    ----------
    path : Path
        A text file of H30 地域力強化推進事業 / 多機関協働事業 report sheets (seed
        ``004_reports_visible.txt``), UTF-8 or cp932.

    Returns
    -------
    list of dict
        One dict per report, in file order: ``prefecture``, ``municipality`` (None for a
        prefecture-level report or a blank/「－」 cell), ``members`` (towns of a group),
        ``code`` (None when unresolved), the 1-1 numbers (``population``, ``households``,
        ``aging_rate`` ％, ``welfare_rate_permil`` ‰ — a ％ figure is multiplied by 10,
        ``area_km2``, ``chiiki_kanyu_rate`` ％), ``comprehensive_support_centers`` and
        ``self_reliance_consultation`` (``direct``, ``commissioned``, ``commissioned_to``),
        ``programs``, and lists ``organisations``, ``roles``, ``meetings``, ``links``. Each
        row has ``evidence`` (``<file>:<from>-<to>``) and ``confidence``.

    Notes
    -----
    Nothing is specific to one municipality: sections are found by their heading text, tick
    marks are assigned to the label before them, and a report without its header block takes
    its municipality from ``実施主体`` and its prefecture from the code table.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: 報告書ファイルがありません (report file not found)")
    lines = _read_lines(path)
    reports = []
    for a, z in _split(lines):
        reports.append(_extract_one(_Doc(path.name, lines[a:z])))
    return reports


def _extract_one(doc: _Doc) -> dict[str, Any]:
    h = doc.find(_HEAD_BASIC)
    h = h if h >= 0 else len(doc.sq)
    rep: dict[str, Any] = {"start_line": doc.lines[0][0], "end_line": doc.lines[-1][0],
                           "evidence": doc.ev_lines(0, len(doc.lines) - 1)}
    conf: dict[str, str] = {}
    m = re.search(r"都道府県名(.*?)市区町村名(.*?)(?=実施事業|$)", doc.sq[:h])
    pref: str | None = None
    muni: str | None = None
    if m:
        pref = m.group(1) or None
        raw = m.group(2)
        muni = None if (not raw or is_dash(raw)) else raw
        conf["municipality"] = "high"
        header_ev = doc.ev(m.start(), m.end() - 1)
    else:
        header_ev = ""
    members = _members(muni)
    basic, bconf, basic_ev = _basic(doc, members)
    conf.update(bconf)
    # sections
    sec_chiiki = doc.find(_HEAD_CHIIKI, h)
    sec_taki = doc.find(_HEAD_TAKIKAN, h)
    sec_res = doc.find(_HEAD_RESULTS, h)
    if not m:  # no header block: the municipality is the 実施主体 of a section
        for sec in (sec_chiiki, sec_taki):
            if sec < 0:
                continue
            v, _, _ = _field(doc, sec, len(doc.sq), "実施主体", ("事業名",))
            v = re.sub(r"^\(委託先\)", "", v)
            cand = re.split(r"[(、,]", v)[0] if v else ""
            if re.search(r"(?:市|区|町|村)$", cand):
                muni = cand
                conf["municipality"] = "medium"
                break
    row = lookup_code(pref, muni) if (muni or pref) and not members else None
    if row and not pref:
        pref = row["prefecture"]
        conf["prefecture"] = "medium"
    rep.update({"prefecture": pref, "municipality": muni, "members": members,
                "code": row["code"] if row else None,
                "kana": row["city_kana"] or row["prefecture_kana"] if row else None})
    rep.update({k: basic.get(k) for k, _ in _BASIC_LABELS})
    rep["basic_evidence"] = basic_ev
    rep["header_evidence"] = header_ev
    progs = _programs(doc, h)
    if progs is not None:
        rep["programs"], rep["programs_evidence"], conf["programs"] = progs
    else:  # infer from the sections present
        ps = []
        for sec, name in ((sec_chiiki, PROGRAMS[0]), (sec_taki, PROGRAMS[1])):
            if sec >= 0 and _field(doc, sec, len(doc.sq), "実施主体", ("事業名",))[0]:
                ps.append(name)
        rep["programs"], rep["programs_evidence"], conf["programs"] = ps, "", "medium"
    rep["confidence"] = conf

    strip = tuple(x for x in (pref, muni, *(members or [])) if x)
    b = _Builder(doc, strip)
    ev_head = header_ev or basic_ev or rep["evidence"]
    gov_name = muni if (muni and not members) else pref
    gov = b.org(gov_name, ev_head, "high", "実施主体") if gov_name else None
    for town in members:
        b.org(town, ev_head, "high")
    if members and pref:
        b.org(pref, ev_head, "high")
    dept_v, d0, d1 = _field(doc, 0, h, "担当部署名", ("電話番号",))
    if dept_v:
        i0, i1 = doc.idx(d0), doc.idx(max(d0, d1 - 1))
        texts = [doc.lines[k][1] for k in range(i0, i1 + 1)]
        joined = " ".join(texts)
        joined = re.sub(r"^.*?担当部署名", "", joined)
        joined = joined.split("電話番号")[0]
        for part in re.split(r"\s{2,}|\(地域力\)|\(多機関\)", joined) if "(" in joined else \
                [joined]:
            part = part.strip()
            if part:
                b.org(part, doc.ev(d0, d1), "high", "担当部署")
    # commissioning from 1-1
    for key, label in (("comprehensive_support_centers", "地域包括支援センター受託"),
                       ("self_reliance_consultation", "生活困窮者自立相談支援事業受託")):
        cell = rep.get(key) or {}
        to = cell.get("commissioned_to")
        if to:
            for name in re.split(r"[、,]", to):
                name = re.sub(r"\d+(?:か所)?$", "", name)
                if len(name) >= 2 and not re.search(r"その他|等$|など", name):
                    k = b.org(name, basic_ev, "medium", label)
                    if gov and k:
                        b.link(gov, k, "commissions", basic_ev, "medium")
    # sections 3/4: 実施主体（委託先）, 事業名, 推進員
    for sec in (sec_chiiki, sec_taki):
        if sec < 0:
            continue
        nxt_sec = min([x for x in (sec_chiiki, sec_taki, sec_res, len(doc.sq)) if x > sec])
        v, v0, v1 = _field(doc, sec, nxt_sec, "実施主体", ("事業名",))
        v = re.sub(r"^\(委託先\)", "", v)
        if v:
            names = _split_names(v)
            keys = [b.org(n, doc.ev(v0, v1 - 1), "high", "実施主体") for n in names]
            if len(keys) > 1 and keys[0]:
                for k in keys[1:]:
                    if k and k != keys[0]:
                        b.link(keys[0], k, "commissions", doc.ev(v0, v1 - 1), "high")
        cnt, c0, c1 = _field(doc, sec, nxt_sec, "配置予定人数", ("経歴",))
        if c0 >= 0:
            mm = re.search(r"(\d+)(?:名|人)", cnt)
            count = int(mm.group(1)) if mm else (
                0 if re.search(r"行わない|配置しない|予定なし|未配置", cnt) else None)
            place, p0, p1 = _field(doc, sec, nxt_sec, "機関の種類・名称", ("事業内容",))
            place_names = [n for n in _split_names(place) if len(n) >= 3]
            placed = None
            for n in place_names:
                k = b.org(n, doc.ev(p0, p1 - 1), "high", "相談支援包括化推進員配置")
                placed = placed or k
            b.role("相談支援包括化推進員", count, doc.ev(c0, max(c0, c1 - 1)), "high", placed)
        mb = doc.find("推進会議の開催方法", sec, nxt_sec)
        if mb >= 0:
            me = doc.find("自主財源", mb, nxt_sec)
            _meeting_block(doc, b, mb, me if me >= 0 else nxt_sec)
    feat = doc.find("地域の特徴", h) if h < len(doc.sq) else -1
    body0 = doc.idx(feat) if feat >= 0 else (doc.idx(h) if h < len(doc.sq) else 0)
    _scan_meetings(doc, b, body0, len(doc.lines))
    _scan_orgs(doc, b, body0, len(doc.lines))
    _scan_roles(doc, b, body0, len(doc.lines))
    # participants → attends links (organisation rows created when missing)
    for mkey, mt in b.meetings.items():
        for p in mt.get("participants") or []:
            k = b.org(p, mt["evidence"], "low")
            if k:
                b.link(k, mkey, "attends", mt["evidence"], "low")
    for rkey, r in b.roles.items():
        if r["placed_at"]:
            b.link(rkey, r["placed_at"], "placed_at", r["evidence"], r["confidence"])
    rep["organisations"] = list(b.orgs.values())
    for k, o in b.orgs.items():
        o["key"] = k
    rep["meetings"] = [{**v, "key": k} for k, v in b.meetings.items()]
    rep["roles"] = [{**v, "key": k} for k, v in b.roles.items()]
    rep["links"] = b.links
    return rep


# --- writing datasets -----------------------------------------------------------------------


class _Quoted(str):
    """A string always written in double quotes (``code: "013994"``)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def _strip_kana_suffix(kana: str, municipal: bool) -> str:
    """ザマシ → ザマ: the kana of 市/町/村/区 (or 県/府/都) dropped for slugs and name_en."""
    if municipal:
        return re.sub(r"(?:シ|マチ|チョウ|ムラ|ソン|ク)$", "", kana) or kana
    return re.sub(r"(?:ケン|フ|ト)$", "", kana) or kana


def _slug(rep: dict[str, Any], n: int, used: set[str]) -> str:
    kana = rep.get("kana")
    slug = ""
    if kana:
        slug = romaji(_strip_kana_suffix(kana, bool(rep.get("municipality"))))
        if not rep.get("municipality") and slug:
            slug += "-pref"
    if not slug:
        slug = f"report-{n:02d}"
    base, i = slug, 2
    while slug in used:
        slug, i = f"{base}-{i}", i + 1
    used.add(slug)
    return slug


def _ids(slug: str, rows: list[dict[str, Any]], prefix: str) -> dict[str, str]:
    return {r["key"]: f"{slug}-{prefix}-{i:02d}" for i, r in enumerate(rows, start=1)}


def _write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in header})


def write_datasets(reports: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Write one FORMAT.md dataset folder per extracted report.

    Parameters
    ----------
    reports : list of dict
        The output of :func:`extract_reports`.
    out_dir : Path
        Parent folder; one ``<slug>/`` per report is created (slug: romaji of the name from
        the code table, else ``report-NN``).

    Returns
    -------
    list of Path
        The folders written, in report order.

    Notes
    -----
    ``municipality.yaml`` carries ``draft: true``; when the 全国地方公共団体コード cannot be
    resolved (a group of towns, a blank name) ``code`` is ``""`` and ``code_unresolved: true``.
    Organisation ``kind``/``sector`` are guessed from the name; every row has ``evidence`` and
    ``confidence``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    written: list[Path] = []
    for n, rep in enumerate(reports, start=1):
        slug = _slug(rep, n, used)
        folder = out_dir / slug
        folder.mkdir(parents=True, exist_ok=True)
        muni: dict[str, Any] = {
            "code": rep.get("code") or "",
            "name": rep.get("municipality") or rep.get("prefecture") or f"report-{n:02d}",
            "prefecture": rep.get("prefecture") or "",
            "draft": True,
        }
        if not rep.get("code"):
            muni["code_unresolved"] = True
        if rep.get("kana") and rep.get("municipality"):
            muni["name_en"] = romaji(_strip_kana_suffix(rep["kana"], True)).capitalize()
        for key in ("population", "households", "aging_rate", "welfare_rate_permil",
                    "area_km2", "chiiki_kanyu_rate"):
            if rep.get(key) is not None:
                muni[key] = rep[key]
        muni["programs"] = list(rep.get("programs") or [])
        for key in ("comprehensive_support_centers", "self_reliance_consultation"):
            cell = rep.get(key) or {}
            d = {"direct": cell.get("direct"), "commissioned": cell.get("commissioned")}
            if key == "self_reliance_consultation":
                d["commissioned_to"] = cell.get("commissioned_to")
            if cell.get("total") is not None:
                d["total"] = cell["total"]
            muni[key] = d
        if rep.get("members"):
            muni["members"] = rep["members"]
        muni["evidence"] = rep["evidence"]
        muni["extract_confidence"] = dict(rep.get("confidence") or {})
        muni["code"] = _Quoted(muni["code"])
        with (folder / "municipality.yaml").open("w", encoding="utf-8") as f:
            yaml.dump(muni, f, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
        org_ids = _ids(slug, rep["organisations"], "org")
        meet_ids = _ids(slug, rep["meetings"], "meeting")
        role_ids = _ids(slug, rep["roles"], "role")
        orgs = [{**o, "id": org_ids[o["key"]], "note": o.get("role", "")}
                for o in rep["organisations"]]
        _write_csv(folder / "organisations.csv",
                   ["id", "name", "kind", "sector", "needs", "hub", "evidence", "confidence",
                    "note"], orgs)
        meets = []
        for m in rep["meetings"]:
            note = "; ".join(x for x in (m.get("purpose"), m.get("frequency")) if x)
            meets.append({**m, "id": meet_ids[m["key"]], "purpose": m.get("purpose"),
                          "note": note})
        _write_csv(folder / "meetings.csv",
                   ["id", "name", "per_year", "per_year_max", "purpose", "evidence",
                    "confidence", "note"], meets)
        roles = [{**r, "id": role_ids[r["key"]], "name": r["title"]} for r in rep["roles"]]
        _write_csv(folder / "roles.csv",
                   ["id", "name", "count", "evidence", "confidence", "note"], roles)
        ends = {"attends": (org_ids, meet_ids), "convenes": (org_ids, meet_ids),
                "placed_at": (role_ids, org_ids)}
        links = []
        for ln in rep["links"]:
            src_ids, tgt_ids = ends.get(ln["type"], (org_ids, org_ids))
            src = src_ids.get(ln["source"])
            tgt = tgt_ids.get(ln["target"])
            if src and tgt and src != tgt:
                links.append({**ln, "source": src, "target": tgt})
        _write_csv(folder / "links.csv",
                   ["source", "target", "type", "evidence", "confidence", "note"], links)
        written.append(folder)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m netmap.io.extract FILE --out DIR``: extract and write draft datasets."""
    ap = argparse.ArgumentParser(prog="python -m netmap.io.extract",
                                 description="報告書テキストから下書きデータセットを作る "
                                             "(extract draft datasets from report sheets)")
    ap.add_argument("file", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    reports = extract_reports(args.file)
    for folder in write_datasets(reports, args.out):
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
