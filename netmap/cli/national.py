"""Many networks at once: ``netmap compare`` (municipalities side by side) and ``netmap diff``
(two snapshots of one network).

Thin: each calls :func:`netmap.analysis.compare.compare` or :func:`~netmap.analysis.compare.diff`
and prints the result through :mod:`netmap.render.text`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from netmap.cli.options import (
    CONTEXT,
    connection,
    emit_json,
    emit_rows,
    fail,
    lang_of,
    neo4j_options,
    output_options,
)
from netmap.errors import NetmapError
from netmap.model import Network
from netmap.strings import t

__all__ = ["compare", "diff"]


def _load_each(paths: list[Path], skip_invalid: bool) -> Iterator[Network]:
    """Each dataset of ``paths``, loaded only when the one before has been scored, so that
    ``compare`` holds one network at a time (issue 19: 1.7 GB → about 0.1 GB for the nation);
    with ``skip_invalid`` a bad one is named and left out."""
    from netmap.io.dataset import load_dataset

    for p in paths:
        try:
            net = load_dataset(p)
        except NetmapError as exc:  # not an error to report: the dataset is skipped or named
            if not skip_invalid:
                fail(f"{p}: {exc}")
            click.echo(f"注意 (skipped): {p}: {str(exc).splitlines()[0]}", err=True)
            continue
        yield net
        del net  # let it go before the next one is read


def _load_all(paths: list[Path], skip_invalid: bool) -> list[Network]:
    """Every dataset of ``paths`` at once (``netmap overview`` draws them together); with
    ``skip_invalid`` a bad one is named and left out."""
    nets = list(_load_each(paths, skip_invalid))
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
@click.option("--include-drafts", is_flag=True,
              help="下書き (draft: true) も比べる; 名前に [下書き] と付く (compare drafts too, "
                   "marked [下書き])")
@click.pass_context
def compare(ctx: click.Context, paths: tuple[Path, ...], html_out: Path | None, fmt: str,
            sample: int | None, skip_invalid: bool, include_drafts: bool) -> None:
    """自治体を比べる (compare municipalities: providers per need, per 10,000 people, and
    network scores side by side).

    PATH is a dataset, or a folder of datasets (each subfolder is one).

    \b
    Example:
      netmap compare datasets/zama datasets/kunitachi
      netmap compare datasets/reports-2018 --include-drafts --skip-invalid
      netmap compare /tmp/synth --csv > scores.csv
    """
    from netmap.analysis.compare import compare as compare_networks
    from netmap.io.dataset import dataset_paths
    from netmap.render.text import compare_rows, compare_tables

    nets = _load_each(dataset_paths(paths, include_drafts=include_drafts), skip_invalid)
    data = compare_networks(nets, sample=sample)  # one network at a time (issue 19)
    if not data["municipalities"]:
        fail("読み込めるデータセットがありません (no valid dataset)")
    drafts = {m["slug"] for m in data["municipalities"] if m["draft"]}
    for m in data["municipalities"]:  # every listing says which rows are drafts
        m["draft"] = m["slug"] in drafts
        if m["draft"]:
            m["name"] = f"{m['name']} [下書き draft]"
    lang = lang_of(ctx)
    if html_out is not None:
        from netmap.io.output import write_text
        from netmap.render.compare_html import render_compare_html

        write_text(html_out, render_compare_html(data, lang))
        click.echo(t("cli.wrote_html", lang, path=html_out), err=True)
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
@click.argument("old")
@click.argument("new", required=False)
@click.option("--neo4j", "from_neo4j", is_flag=True,
              help="OLD は Neo4j の自治体コード; --from/--to の日付のスナップショットを比べる "
                   "(compare two dated snapshots of a municipality in Neo4j)")
@click.option("--from", "date_from", default=None, help="--neo4j: 古い方の as_of (older date)")
@click.option("--to", "date_to", default=None,
              help="--neo4j: 新しい方の as_of (newer date; default the latest)")
@neo4j_options
@output_options("json", "table")
@click.pass_context
def diff(ctx: click.Context, /, old: str, new: str | None, from_neo4j: bool,
         date_from: str | None, date_to: str | None, fmt: str, **kw: Any) -> None:
    """二つの時点を比べる (what changed between two snapshots of one network: who joined or
    left, new and lost ties, gaps closed and opened).

    \b
    Example:
      netmap diff datasets/zama-2023 datasets/zama
      netmap diff old.xlsx new.xlsx --json
      netmap diff --neo4j 142166 --from 2023-07-21 --to 2024-04-01
    """
    from netmap.analysis.diff import diff as diff_networks
    from netmap.io.dataset import load_dataset
    from netmap.render.text import print_diff

    if from_neo4j:
        if new is not None or date_from is None:
            raise click.UsageError("--neo4j: CODE と --from DATE を指定してください "
                                   "(give one CODE and --from DATE [--to DATE])")
        with connection(kw) as store:
            before, after = store.read_pair(old, date_from, date_to)
    else:
        if new is None:
            raise click.UsageError("OLD と NEW を指定してください (give OLD and NEW datasets)")
        for k in ("neo4j_uri", "neo4j_user", "database"):
            kw.pop(k, None)
        before, after = load_dataset(Path(old)), load_dataset(Path(new))
    data = diff_networks(before, after)
    if fmt == "json":
        emit_json(data)
    else:
        print_diff(data, lang_of(ctx), click.echo)
