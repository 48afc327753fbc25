"""One report → facts: the municipality, its numbers, and the bodies, meetings and roles.

:func:`extract_reports` reads every report of a file (seed ``004_reports_visible.txt``) into a
plain dict. Every row carries ``evidence`` (``<file>:<from>-<to>``) and ``confidence``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from netmap.errors import DatasetError
from netmap.io.extract.cells import (
    BASIC_LABELS,
    PROGRAMS,
    members_of,
    read_basic,
    read_field,
    read_programs,
    split_names,
)
from netmap.io.extract.codes import lookup_code
from netmap.io.extract.document import HEAD_BASIC, Doc, read_lines, split_reports, wrap_join
from netmap.io.extract.lexicon import _ORG_SUFFIXES, _ROLE_SUFFIXES, lexicon
from netmap.io.extract.meetings import meeting_block, scan_meetings
from netmap.io.extract.names import canonical, legal_names, scan
from netmap.io.extract.numbers import is_dash
from netmap.io.extract.rows import Rows

__all__ = ["extract_reports"]

_HEAD_CHIIKI = "地域力強化推進事業について"
_HEAD_TAKIKAN = "多機関の協働による包括的支援体制構築事業について"
_HEAD_RESULTS = "成果目標の達成状況"


def _scan_orgs(doc: Doc, b: Rows, i0: int, i1: int, skip: set[int]) -> None:
    """Organisation names in the body: by suffix, by 法人格 prefix, and lexicon words.

    Lines in ``skip`` (the 推進員 経歴 cell: a staff member's former employers, issue 16
    pattern 8) are not read.
    """
    text, where = wrap_join(doc, i0, i1)

    def ev(s: int, e: int) -> str | None:
        if where[s] in skip:
            return None
        return doc.ev_lines(where[s], where[max(s, e - 1)])

    for s, e, name in scan(text, _ORG_SUFFIXES):
        if (where_ev := ev(s, e)) is not None:
            b.org(name, where_ev, "prose")
    for a, z in legal_names(text):
        if (where_ev := ev(a, z)) is not None:
            b.org(text[a:z], where_ev, "prose")
    for m in _lexicon_words().finditer(text):
        if (where_ev := ev(m.start(), m.end())) is not None:
            b.org(m.group(0), where_ev, "prose")


@lru_cache(maxsize=1)
def _lexicon_words() -> re.Pattern[str]:
    """Every body or profession word of the lexicon, as a whole word (not inside 包括的).

    Not before の会/の家/の園: 「認知症サポーターの会」 names a group, not the 認知症サポーター.
    A word for its people or its money may follow (「共同募金会助成金」, 「シニアクラブ関係者」,
    seed lines 164, 6337): the body is still named.
    """
    words = sorted((w for w, e in lexicon().items() if e.cls in ("body", "group", "category", "profession")),
                   key=len, reverse=True)
    name_char = r"\u4e00-\u9fff々ァ-ヺーA-Za-z"
    return re.compile(rf"(?<![{name_char}])(?:{'|'.join(map(re.escape, words))})"
                      rf"(?=等|{_PEOPLE_OR_MONEY}|[^{name_char}]|$)(?!の[会家園])")


#: Words for a body's people or money that follow its name (職員, 役員, 関係者, 助成金 …).
_PEOPLE_OR_MONEY = "職員|役員|会長|会員|関係者|担当者|助成金|補助金|基金"


def _scan_roles(doc: Doc, b: Rows, i0: int, i1: int) -> None:
    """Counted roles (…推進員, …コーディネーター) with a count ``N名`` right after, if any."""
    text, where = wrap_join(doc, i0, i1)
    for s, e, name in scan(text, _ROLE_SUFFIXES):
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
    lines = read_lines(path)
    reports = []
    for a, z in split_reports(lines):
        reports.append(_extract_one(Doc(path.name, lines[a:z])))
    return reports


def _extract_one(doc: Doc) -> dict[str, Any]:
    """One report → facts: the header and 1-1 cells, then the rows (see the steps below)."""
    h = doc.find(HEAD_BASIC)
    h = h if h >= 0 else len(doc.sq)
    secs = {name: doc.find(head, h) for name, head in
            (("chiiki", _HEAD_CHIIKI), ("takikan", _HEAD_TAKIKAN), ("results", _HEAD_RESULTS))}
    rep = _header(doc, h, secs)
    b = Rows(doc, tuple(x for x in (rep["prefecture"], rep["municipality"], *rep["members"])
                        if x))
    _own_bodies(doc, b, rep, h)
    skip = _sections(doc, b, rep, secs)
    body0 = _body_start(doc, h)
    scan_meetings(doc, b, body0, len(doc.lines), skip)
    _scan_orgs(doc, b, body0, len(doc.lines), skip)
    _scan_roles(doc, b, body0, len(doc.lines))
    _centres_of_1_1(b, rep)
    # participants → attends links (organisation rows created when missing)
    for mkey, mt in b.meetings.items():
        for p in mt.get("participants") or []:
            k = b.org(p, mt["evidence"], "participant")
            if k:
                b.link(k, mkey, "attends", mt["evidence"], "low")
    for rkey, r in b.roles.items():
        if r["placed_at"]:
            b.link(rkey, r["placed_at"], "placed_at", r["evidence"], r["confidence"])
    for k, o in b.orgs.items():
        o["key"] = k
    rep["organisations"] = list(b.orgs.values())
    rep["meetings"] = [{**v, "key": k} for k, v in b.meetings.items()]
    rep["roles"] = [{**v, "key": k} for k, v in b.roles.items()]
    rep["links"] = b.links
    return rep


def _body_start(doc: Doc, h: int) -> int:
    """Line index where the body scan starts: after 1-2 地域の特徴, at 2. ビジョン.

    1-2 describes the place (地域性、地場産業、観光等): the factories, shops and tourist sites
    it names are not bodies of the welfare network (issue 16, pattern 8; seed line 6228
    「花王株式会社（栃木工場）」, lines 9418-9420 the film companies of 調布市). Without the
    heading the scan starts at 地域の特徴, else at 1-1.
    """
    if h >= len(doc.sq):
        return 0
    for head in ("事業を実施する上でのビジョン", "地域の特徴"):
        at = doc.find(head, h)
        if at >= 0:
            return doc.idx(at)
    return doc.idx(h)


def _centres_of_1_1(b: Rows, rep: dict[str, Any]) -> None:
    """The 地域包括支援センター that 1-1 counts, when the body of the report names none.

    A municipality's centres are bodies of its network even when the report names them
    only in the 1-1 cell (seed lines 9007, 10934). Added last, so that a name the body uses
    (包括センター) is kept; not for a prefecture, whose 1-1 counts its municipalities' centres.
    ``medium``: on the development reports 2 of the 3 rows so added were in the truth.
    """
    centres = rep.get("comprehensive_support_centers") or {}
    if rep["municipality"] and (centres.get("direct") or 0) + (centres.get("commissioned") or 0):
        key = canonical("地域包括支援センター", b.strip)
        if key not in b.orgs:
            b.add_org("地域包括支援センター", rep["basic_evidence"] or rep["evidence"], "medium",
                      "地域包括支援センター", "field/1-1")


def _header(doc: Doc, h: int, secs: dict[str, int]) -> dict[str, Any]:
    """The header block and 1-1: municipality, code, figures, the 事業 ticked."""
    rep: dict[str, Any] = {"start_line": doc.lines[0][0], "end_line": doc.lines[-1][0],
                           "evidence": doc.ev_lines(0, len(doc.lines) - 1)}
    conf: dict[str, str] = {}
    m = re.search(r"都道府県名(.*?)市区町村名(.*?)(?=実施事業|$)", doc.sq[:h])
    pref: str | None = None
    muni: str | None = None
    header_ev = ""
    if m:
        pref = m.group(1) or None
        raw = m.group(2)
        muni = None if (not raw or is_dash(raw)) else raw
        conf["municipality"] = "high"
        header_ev = doc.ev(m.start(), m.end() - 1)
    members = members_of(muni)
    basic, bconf, basic_ev = read_basic(doc, members)
    conf.update(bconf)
    if not m:  # no header block: the municipality is the 実施主体 of a section
        for sec in (secs["chiiki"], secs["takikan"]):
            if sec < 0:
                continue
            v, _, _ = read_field(doc, sec, len(doc.sq), "実施主体", ("事業名",))
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
    rep.update({k: basic.get(k) for k, _ in BASIC_LABELS})
    rep.update(raw=basic.get("raw", {}), problems=basic.get("problems", []),
               basic_evidence=basic_ev, header_evidence=header_ev)
    progs = read_programs(doc, h)
    if progs is not None:
        rep["programs"], rep["programs_evidence"], conf["programs"] = progs
    else:  # infer from the sections present
        ps = [name for sec, name in ((secs["chiiki"], PROGRAMS[0]), (secs["takikan"], PROGRAMS[1]))
              if sec >= 0 and read_field(doc, sec, len(doc.sq), "実施主体", ("事業名",))[0]]
        rep["programs"], rep["programs_evidence"], conf["programs"] = ps, "", "medium"
    rep["confidence"] = conf
    rep["programs_rows"] = [{"key": f"program:{p}", "name": p, "evidence": rep["programs_evidence"]
                             or rep["evidence"], "confidence": conf["programs"]}
                            for p in rep["programs"]]
    return rep


def _own_bodies(doc: Doc, b: Rows, rep: dict[str, Any], h: int) -> str | None:
    """The municipality (or its towns), its 担当部署 and the bodies 1-1 says it commissions."""
    members = rep["members"]
    ev_head = rep["header_evidence"] or rep["basic_evidence"] or rep["evidence"]
    gov_name = rep["municipality"] if (rep["municipality"] and not members) else rep["prefecture"]
    gov = b.add_org(gov_name, ev_head, "high", "実施主体", "field/own") if gov_name else None
    b.own_key = gov
    for town in members:
        b.add_org(town, ev_head, "high", "", "field/own")
    if members and rep["prefecture"]:
        b.add_org(rep["prefecture"], ev_head, "high", "", "field/own")
    dept_v, d0, d1 = read_field(doc, 0, h, "担当部署名", ("電話番号",))
    if dept_v:
        i0, i1 = doc.idx(d0), doc.idx(max(d0, d1 - 1))
        joined = " ".join(doc.lines[k][1] for k in range(i0, i1 + 1))
        joined = re.sub(r"^.*?担当部署名", "", joined).split("電話番号")[0]
        parts = re.split(r"\s{2,}|\(地域力\)|\(多機関\)", joined) if "(" in joined else [joined]
        for part in parts:
            if part.strip():
                b.org(part.strip(), doc.ev(d0, d1), "field", "担当部署")
    basic_ev = rep["basic_evidence"]
    for key, label in (("comprehensive_support_centers", "地域包括支援センター受託"),
                       ("self_reliance_consultation", "生活困窮者自立相談支援事業受託")):
        to = (rep.get(key) or {}).get("commissioned_to")
        for name in re.split(r"[、,]", to) if to else []:
            name = re.sub(r"\d+(?:か所)?$", "", name)
            if len(name) >= 2 and not re.search(r"その他|等$|など", name):
                k = b.org(name, basic_ev, "cell", label)
                if gov and k:
                    b.link(gov, k, "commissions", basic_ev, "medium")
    return gov


def _sections(doc: Doc, b: Rows, rep: dict[str, Any], secs: dict[str, int]) -> set[int]:
    """Sections 3/4: 実施主体（委託先）, 推進員 and where placed, the 推進会議 table.

    Returns the line indices of the 推進員 経歴 cells, which the body scan must not read.
    """
    skip: set[int] = set()
    for sec, program in ((secs["chiiki"], PROGRAMS[0]), (secs["takikan"], PROGRAMS[1])):
        if sec < 0:
            continue
        nxt_sec = min([x for x in (*secs.values(), len(doc.sq)) if x > sec])
        v, v0, v1 = read_field(doc, sec, nxt_sec, "実施主体", ("事業名",))
        v = re.sub(r"^\(委託先\)", "", v)
        if v:
            ev = doc.ev(v0, v1 - 1)
            keys = [k for n in split_names(v) if (k := b.org(n, ev, "field", "実施主体"))]
            for k in keys[1:]:
                if k != keys[0]:
                    b.link(keys[0], k, "commissions", ev, "high")
            if keys and program in rep["programs"]:  # the 委託先 runs it, else the 実施主体
                b.link(keys[-1], f"program:{program}", "operates", ev, "high")
        _, e0, e1 = read_field(doc, sec, nxt_sec, "経歴等", ("員を配置する", "配置する相談支援",
                                                          "機関の種類", "事業内容"))
        if e0 >= 0:
            skip.update(range(doc.idx(e0), doc.idx(max(e0, e1 - 1)) + 1))
        cnt, c0, c1 = read_field(doc, sec, nxt_sec, "配置予定人数", ("経歴",))
        if c0 >= 0:
            mm = re.search(r"(\d+)(?:名|人)", cnt)
            count = int(mm.group(1)) if mm else (
                0 if re.search(r"行わない|配置しない|予定なし|未配置", cnt) else None)
            place, p0, p1 = read_field(doc, sec, nxt_sec, "機関の種類・名称", ("事業内容",))
            placed = None
            for n in (n for n in split_names(place) if len(n) >= 3):
                k = b.org(n, doc.ev(p0, p1 - 1), "cell", "相談支援包括化推進員配置")
                placed = placed or k
            b.role("相談支援包括化推進員", count, doc.ev(c0, max(c0, c1 - 1)), "high", placed)
        mb = doc.find("推進会議の開催方法", sec, nxt_sec)
        if mb >= 0:
            me = doc.find("自主財源", mb, nxt_sec)
            meeting_block(doc, b, mb, me if me >= 0 else nxt_sec)
    return skip
