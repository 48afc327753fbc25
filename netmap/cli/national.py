"""Many networks at once: ``netmap compare`` (municipalities side by side) and ``netmap diff``
(two snapshots of one network).

Thin: each calls :func:`netmap.analysis.compare.compare` or :func:`~netmap.analysis.compare.diff`
and prints the result through :mod:`netmap.render.text`.
"""

from __future__ import annotations

from pathlib import Path

import click

from netmap.cli.options import CONTEXT, emit_json, emit_rows, fail, lang_of, output_options
from netmap.errors import NetmapError
from netmap.model import Network

__all__ = ["compare", "diff"]


def _load_all(paths: list[Path], skip_invalid: bool) -> list[Network]:
    """Every dataset of ``paths``; with ``skip_invalid`` a bad one is named and left out."""
    from netmap.io.dataset import load_dataset

    nets = []
    for p in paths:
        try:
            nets.append(load_dataset(p))
        except NetmapError as exc:  # not an error to report: the dataset is skipped or named
            if not skip_invalid:
                fail(f"{p}: {exc}")
            click.echo(f"注意 (skipped): {p}: {str(exc).splitlines()[0]}", err=True)
    if not nets:
        fail("読み込めるデータセットがありません (no valid dataset)")
    return nets


@click.command("compare", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path),
              help="ヒートマップを HTML に書き出す (write the offline heat map here)")
@output_options()
@click.option("--sample", type=click.IntRange(2), default=None,
              help="媒介中心性を K 機関から推定 (estimate betweenness from K sources in big "
                   "networks)")
@click.option("--skip-invalid", is_flag=True,
              help="検査に通らないデータセットを飛ばす (skip datasets that do not validate)")
@click.pass_context
def compare(ctx: click.Context, paths: tuple[Path, ...], html_out: Path | None, fmt: str,
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
    from netmap.analysis.compare import compare as compare_networks
    from netmap.io.dataset import dataset_paths
    from netmap.render.text import compare_rows, compare_tables

    data = compare_networks(_load_all(dataset_paths(paths), skip_invalid), sample=sample)
    lang = lang_of(ctx)
    if html_out is not None:
        from netmap.render.compare_html import render_compare_html

        html_out.write_text(render_compare_html(data, lang), encoding="utf-8")
        click.echo(f"{html_out} に書き出しました (written)", err=True)
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_rows(compare_rows(data, needs=True), "csv")
    else:
        for i, (rows, headers) in enumerate(compare_tables(data, lang)):
            if i:
                click.echo("")
            emit_rows(rows, "table", headers)


@click.command("diff", context_settings=CONTEXT)
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@output_options("json", "table")
@click.pass_context
def diff(ctx: click.Context, old: Path, new: Path, fmt: str) -> None:
    """二つの時点を比べる (what changed between two snapshots of one network: who joined or
    left, new and lost ties, gaps closed and opened).

    \b
    Example:
      netmap diff datasets/zama-2023 datasets/zama
      netmap diff old.xlsx new.xlsx --json
    """
    from netmap.analysis.diff import diff as diff_networks
    from netmap.io.dataset import load_dataset
    from netmap.render.text import print_diff

    data = diff_networks(load_dataset(old), load_dataset(new))
    if fmt == "json":
        emit_json(data)
    else:
        print_diff(data, lang_of(ctx), click.echo)
