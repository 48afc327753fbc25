"""Write the extracted reports as FORMAT.md dataset folders (``draft: true``)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import yaml

from netmap.io.extract.codes import romaji

__all__ = ["write_datasets"]

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

