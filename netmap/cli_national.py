"""National-scale commands: ``netmap synth``, ``netmap compare`` and ``netmap diff``.

Registered on the ``netmap`` group when this module is imported (``netmap.cli`` imports it).
Each command is thin: it calls :mod:`netmap.io.synth`, :func:`netmap.analysis.compare.compare`
or :func:`netmap.analysis.diff.diff` and prints the result.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from netmap.cli import CONTEXT, cli, emit_json, emit_rows, fail, lang_of, output_options
from netmap.errors import NetmapError
from netmap.io.dataset import dataset_paths
from netmap.model import LINK_TYPES

__all__ = ["synth", "compare_command", "diff_command"]


@cli.command(context_settings=CONTEXT)
@click.option("--municipalities", "-n", default=1741, show_default=True,
              type=click.IntRange(1, 14_100), help="自治体の数 (number of municipalities)")
@click.option("--seed", default=0, show_default=True, help="乱数の種 (random seed)")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="出力フォルダ (one dataset folder per municipality is written here)")
def synth(municipalities: int, seed: int, out: Path) -> None:
    """合成データセットを作る (write realistic synthetic municipalities for tests and
    benchmarks; marked synthetic: true).

    Sizes follow Japan's 1,741 municipalities (2020 census); the same seed gives the same
    files byte for byte.

    \b
    Example:
      netmap synth --municipalities 20 --seed 0 --out /tmp/synth
      netmap synth --out /tmp/japan
    """
    from netmap.io.synth import write_synth

    start = time.perf_counter()
    folders = write_synth(out, municipalities, seed)
    click.echo(f"{len(folders)} 件の合成データセットを {out} に書き出しました "
               f"({len(folders)} datasets written, {time.perf_counter() - start:.1f} s)")


def _load_all(paths: list[Path], skip_invalid: bool) -> list[Any]:
    from netmap.io.dataset import load_dataset

    nets = []
    for p in paths:
        try:
            nets.append(load_dataset(p))
        except NetmapError as exc:
            if not skip_invalid:
                fail(f"{p}: {exc}")
            click.echo(f"注意 (skipped): {p}: {str(exc).splitlines()[0]}", err=True)
    if not nets:
        fail("読み込めるデータセットがありません (no valid dataset)")
    return nets


@cli.command("compare", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="ヒートマップを HTML に書き出す (write the offline heat map here)")
@output_options
@click.option("--sample", type=click.IntRange(2), default=None,
              help="媒介中心性を K 機関から推定 (estimate betweenness from K sources in big "
                   "networks)")
@click.option("--skip-invalid", is_flag=True,
              help="検査に通らないデータセットを飛ばす (skip datasets that do not validate)")
@click.pass_context
def compare_command(ctx: click.Context, paths: tuple[Path, ...], html_out: Path | None, fmt: str,
                    sample: int | None, skip_invalid: bool) -> None:
    """自治体を比べる (compare municipalities: providers per need, per 10,000 people, and
    network scores side by side).

    PATH is a dataset, or a folder of datasets (each subfolder is one).

    \b
    Example:
      netmap compare datasets/zama datasets/kunitachi
      netmap compare datasets/reports-2018 --skip-invalid --html compare.html
      netmap compare /tmp/synth --csv > scores.csv
    """
    from netmap.analysis.compare import SCORE_LABELS, compare

    try:
        folders = dataset_paths(paths)
    except NetmapError as exc:
        fail(str(exc))
    data = compare(_load_all(folders, skip_invalid), sample=sample)
    lang = lang_of(ctx)
    if html_out is not None:
        from netmap.render.compare_html import render_compare_html

        html_out.write_text(render_compare_html(data, lang), encoding="utf-8")
        click.echo(f"{html_out} に書き出しました (written)", err=True)
    if fmt == "json":
        emit_json(data)
        return
    li = 1 if lang == "en" else 0
    rows = []
    for m in data["municipalities"]:
        row = {"slug": m["slug"], "code": m["code"], "name": m["name"],
               "population": m["population"], **m["scores"]}
        if fmt == "csv":
            row.update({f"need:{c}": k for c, k in m["providers"].items()})
        rows.append(row)
    if fmt == "csv":
        emit_rows(rows, "csv")
        return
    headers = {"name": "Municipality" if li else "自治体", "population": "Population" if li
               else "人口", **{k: v[li] for k, v in SCORE_LABELS.items()}}
    emit_rows(rows, "table", headers)
    click.echo("")
    matrix = [{"name": m["name"] or m["slug"], **m["providers"]} for m in data["municipalities"]]
    emit_rows(matrix, "table", {"name": headers["name"],
                                **{c: data["need_labels"][c][li] for c in data["needs"]}})


def _print_diff(data: dict[str, Any], lang: str) -> None:
    en = lang == "en"
    echo = click.echo
    o, n = data["old"], data["new"]
    echo(f"{o['name'] or o['slug']} → {n['name'] or n['slug']}")

    def section(title_ja: str, title_en: str, items: list[str]) -> None:
        echo(f"{title_en if en else title_ja} ({len(items)})")
        for line in items:
            echo(f"  {line}")

    section("加わった", "Joined", [f"+ {r['id']} {r['name']} ({r['node_type']})"
                                for r in data["joined"]])
    section("抜けた", "Left", [f"- {r['id']} {r['name']} ({r['node_type']})"
                             for r in data["left"]])
    section("変わった", "Changed", [
        f"~ {r['id']} {r['name']}: " + ", ".join(f"{k} {v[0]!r} → {v[1]!r}"
                                               for k, v in r["changes"].items())
        for r in data["changed"]])
    for key, sign, ja, en_title in (("ties_added", "+", "新しいつながり", "New ties"),
                                    ("ties_lost", "-", "失われたつながり", "Lost ties")):
        lines = []
        for t, links in data[key].items():
            lt = LINK_TYPES[t]
            for r in links:
                lines.append(f"{sign} [{lt.label_en if en else lt.label_ja}] {r['source_name']}"
                             f" → {r['target_name']}")
        section(ja, en_title, lines)
    for key, ja, en_title in (("gaps_closed", "解消したすき間", "Gaps closed"),
                              ("gaps_opened", "新たなすき間", "Gaps opened")):
        lines = [f"{kind}: {', '.join(items)}" for kind, items in data[key].items() if items]
        section(ja, en_title, lines)


@cli.command("diff", context_settings=CONTEXT)
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="JSON で出力 (JSON output)")
@click.pass_context
def diff_command(ctx: click.Context, old: Path, new: Path, as_json: bool) -> None:
    """二つの時点を比べる (what changed between two snapshots of one network: who joined or
    left, new and lost ties, gaps closed and opened).

    \b
    Example:
      netmap diff datasets/zama-2023 datasets/zama
      netmap diff old.xlsx new.xlsx --json
    """
    from netmap.analysis.diff import diff
    from netmap.io.dataset import load_dataset

    try:
        data = diff(load_dataset(old), load_dataset(new))
    except NetmapError as exc:
        fail(str(exc))
    if as_json:
        emit_json(data)
    else:
        _print_diff(data, lang_of(ctx))
