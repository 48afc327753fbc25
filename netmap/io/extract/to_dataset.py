"""Write the extracted reports as FORMAT.md dataset folders (``draft: true``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from netmap.io.extract.codes import romaji
from netmap.io.extract.rows import LEVELS, rank
from netmap.io.write import Tables, claim_folder, write_folder

__all__ = ["dataset_tables", "filter_rows", "write_datasets"]

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


#: meetings.csv ``purpose`` codes (agreed vocabulary) for the form's two 推進会議 kinds.
_PURPOSE = {"個別事例の検討": "case", "ネットワーク構築": "network"}
#: The tables a link's source and target are in, by link type (others: organisation → organisation).
_ENDS = {"attends": ("organisations", "meetings"), "convenes": ("organisations", "meetings"),
         "placed_at": ("roles", "organisations"), "operates": ("organisations", "programs_rows")}
_PAIRED_NOTE = "回数・参加者は表の列を順に対にした推定 (sittings/participants paired by column order)"


def filter_rows(rep: dict[str, Any], min_confidence: str = "low") -> dict[str, Any]:
    """The report with only rows at ``min_confidence`` or above (links between kept rows).

    Parameters
    ----------
    rep : dict
        One report from :func:`~netmap.io.extract.extract_reports`.
    min_confidence : {"low", "medium", "high"}
        The lowest confidence kept. The municipality's own figures are always kept.

    Returns
    -------
    dict
        A shallow copy with ``organisations``, ``meetings``, ``roles``, ``programs_rows`` and
        ``links`` filtered.
    """
    if min_confidence not in LEVELS:
        raise ValueError(f"min_confidence must be one of {LEVELS}, got {min_confidence!r}")
    floor = rank(min_confidence)
    out = dict(rep)
    kept: set[str] = set()
    for table in ("organisations", "meetings", "roles", "programs_rows"):
        out[table] = [r for r in rep.get(table) or [] if rank(r["confidence"]) >= floor]
        kept.update(r["key"] for r in out[table])
    out["links"] = [ln for ln in rep.get("links") or []
                    if rank(ln["confidence"]) >= floor and ln["source"] in kept
                    and ln["target"] in kept]
    return out


def _municipality_yaml(rep: dict[str, Any], n: int) -> str:
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
                "area_km2", "chiiki_kanyu_rate", "elementary_schools", "junior_high_schools"):
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
    if rep.get("raw"):
        muni["extract_raw"] = dict(rep["raw"])
    if rep.get("problems"):
        muni["extract_problems"] = list(rep["problems"])
    muni["code"] = _Quoted(muni["code"])
    return str(yaml.dump(muni, Dumper=_Dumper, allow_unicode=True, sort_keys=False))


def dataset_tables(rep: dict[str, Any], slug: str) -> Tables:
    """One report as the tables of a dataset folder (:data:`netmap.io.write.Tables`)."""
    tid = {table: {r["key"]: f"{slug}-{prefix}-{i:02d}"
                   for i, r in enumerate(rep.get(table) or [], start=1)}
           for table, prefix in (("organisations", "org"), ("meetings", "meeting"),
                                 ("roles", "role"), ("programs_rows", "program"))}
    orgs = [{**o, "id": tid["organisations"][o["key"]], "note": o.get("role", "")}
            for o in rep["organisations"]]
    meets = []
    for m in rep["meetings"]:
        note = "; ".join(x for x in (m.get("purpose"), m.get("frequency"),
                                     _PAIRED_NOTE if m.get("paired") else None) if x)
        meets.append({**m, "id": tid["meetings"][m["key"]],
                      "purpose": _PURPOSE.get(m.get("purpose") or ""), "note": note})
    roles = [{**r, "id": tid["roles"][r["key"]], "name": r["title"]} for r in rep["roles"]]
    progs = [{**p, "id": tid["programs_rows"][p["key"]], "category": "other"}
             for p in rep.get("programs_rows") or []]
    links = []
    for ln in rep["links"]:
        src_table, tgt_table = _ENDS.get(ln["type"], ("organisations", "organisations"))
        src, tgt = tid[src_table].get(ln["source"]), tid[tgt_table].get(ln["target"])
        if src and tgt and src != tgt:
            links.append({**ln, "source": src, "target": tgt})
    common = ["evidence", "confidence", "note"]
    return {
        "organisations": (["id", "name", "kind", "sector", "needs", "hub", *common], orgs),
        "programs": (["id", "name", "category", "basis", "needs", *common], progs),
        "meetings": (["id", "name", "per_year", "per_year_max", "purpose", *common], meets),
        "roles": (["id", "name", "count", *common], roles),
        "links": (["source", "target", "type", *common], links),
    }


def write_datasets(reports: list[dict[str, Any]], out_dir: Path,
                   min_confidence: str = "low", overwrite: bool = False) -> list[Path]:
    """Write one FORMAT.md dataset folder per extracted report.

    Parameters
    ----------
    reports : list of dict
        The output of :func:`extract_reports`.
    out_dir : Path
        Parent folder; one ``<slug>/`` per report is created (slug: romaji of the name from
        the code table, else ``report-NN``).
    min_confidence : {"low", "medium", "high"}
        Write only rows at this confidence or above (:func:`filter_rows`); ``high`` rows are
        ≥ 95 % right on the development reports (``benchmarks/extract_eval.py``).
    overwrite : bool
        Replace report folders netmap wrote before (:func:`netmap.io.write.claim_folder`).

    Returns
    -------
    list of Path
        The folders written, in report order.

    Notes
    -----
    ``municipality.yaml`` carries ``draft: true``, the school counts, each 1-1 cell's text
    (``extract_raw``) and the figures that failed a plausibility check (``extract_problems``);
    when the 全国地方公共団体コード cannot be resolved (a group of towns, a blank name)
    ``code`` is ``""`` and ``code_unresolved: true``. ``programs.csv`` lists the 事業 the
    report ticks, with ``operates`` links from their 実施主体. Organisation ``kind``/``sector``
    come from the lexicon or are guessed from the name; every row has ``evidence`` and
    ``confidence``. Every folder is checked (:func:`netmap.io.write.claim_folder`) and all
    tables are made before the first folder is written; each folder is written whole or not
    at all (:func:`netmap.io.write.write_folder`).
    """
    out_dir = Path(out_dir)
    used: set[str] = set()
    folders: list[tuple[Path, str, Tables]] = []
    for n, rep in enumerate(reports, start=1):
        slug = _slug(rep, n, used)
        kept = filter_rows(rep, min_confidence)
        folders.append((out_dir / slug, _municipality_yaml(kept, n), dataset_tables(kept, slug)))
    for folder, _, _ in folders:
        claim_folder(folder, overwrite)
    out_dir.mkdir(parents=True, exist_ok=True)
    for folder, meta, tables in folders:
        write_folder(folder, meta, tables, overwrite=overwrite)
    return [folder for folder, _, _ in folders]
