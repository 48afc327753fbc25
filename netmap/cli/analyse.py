"""Questions about one network: ``show``, ``gaps``, ``brokers``, ``who`` and ``stale``.

Each command reads the network (:func:`~netmap.cli.options.network_source`), calls one
function of :mod:`netmap.analysis` that returns plain data, and prints it through
:mod:`netmap.render.text` (table) or as JSON / CSV (:func:`~netmap.cli.options.output_options`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from netmap.cli.options import (
    CONTEXT,
    connection,
    emit_json,
    emit_rows,
    lang_of,
    neo4j_options,
    network_source,
    output_options,
    redactable,
)
from netmap.model import Network

__all__ = ["show", "gaps", "brokers", "who", "stale"]

_RUNS = click.option("--runs", default=5, show_default=True, type=click.IntRange(0, 1000),
                     help="順位の安定性: 無作為に 10〜20% のつながりを落とす回数 (seeded random "
                          "drops of 10-20% of ties behind each rank range; 0: only without 推定)")
_SEED = click.option("--seed", default=0, show_default=True, type=int,
                     help="乱数の種 (seed of the drops and rewirings)")


@click.command(context_settings=CONTEXT)
@network_source
@redactable
@output_options("json", "table")
@click.pass_context
def show(ctx: click.Context, net: Network, fmt: str) -> None:
    """ネットワークの概要を表示する (summary: counts, hub, providers of each need).

    \b
    Example:
      netmap show datasets/zama
      netmap show --neo4j zama
    """
    from netmap.analysis.summary import summary
    from netmap.render.text import print_show

    data = summary(net)
    if fmt == "json":
        emit_json(data)
    else:
        print_show(data, lang_of(ctx), click.echo)


@click.command(context_settings=CONTEXT)
@network_source
@redactable
@click.option("--max-steps", default=2, show_default=True, type=click.IntRange(1, 10),
              help="司令塔から何歩以内なら届くとみなすか (ties from the hub that still count)")
@click.option("--matrix", is_flag=True, help="セクター間のつながり行列も表示 (print the sector "
              "mixing matrix)")
@_RUNS
@_SEED
@output_options()
@click.pass_context
def gaps(ctx: click.Context, net: Network, max_steps: int, matrix: bool, runs: int, seed: int,
         fmt: str) -> None:
    """すき間を見つける (gaps: uncovered / probably unrecorded and single-service needs,
    unreachable providers, sector holes, critical nodes with the hub, demand ranking).

    Graphs (docs/METHODS.md): reach and critical nodes on the client-route graph (referrals,
    commissioning, partnerships, case meetings; not planning WGs); sector holes on direct
    links + case/network meetings, tested against 100 degree-preserving rewirings; thin
    needs count independent services (a program once). --csv prints one gap per row (kind,
    subject, detail, evidence); --json carries each item's evidence and rank range.

    \b
    Example:
      netmap gaps datasets/zama
      netmap gaps datasets/zama --max-steps 3 --json
    """
    from netmap.analysis.gaps import gaps as find_gaps
    from netmap.analysis.gaps import sector_mixing
    from netmap.render.text import gap_rows, print_gaps

    data = find_gaps(net, max_steps=max_steps, stability_runs=runs, seed=seed)
    if matrix:
        data["matrix"] = sector_mixing(net)
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_rows(gap_rows(net, data), "csv")
    else:
        print_gaps(net, data, lang_of(ctx), click.echo)


@click.command(context_settings=CONTEXT)
@network_source
@redactable
@output_options()
@click.option("--top", type=int, default=None, help="上位 N 件だけ (only the top N)")
@_RUNS
@_SEED
@click.pass_context
def brokers(ctx: click.Context, net: Network, fmt: str, top: int | None, runs: int,
            seed: int) -> None:
    """つなぎ役を見つける (brokers: weighted betweenness, Burt's constraint and effective size,
    Gould–Fernandez brokerage roles on referrals, each with its rank range).

    Graphs (docs/METHODS.md): betweenness and Burt on the weighted tie graph of organisations
    (links by type and yearly volume; meetings by purpose and sittings, Newman's 1/(n-1)
    among members and full weight from the convenor; distance = 1/weight, Opsahl et al.
    2010); Gould–Fernandez on directed referral links only, groups = sector (or 部 for the
    city's divisions), scored from 20 referral links. rank_range: rank without 推定 links
    and under seeded drops of 10-20% of ties; 不確か when it spans 3 places or more.

    \b
    Example:
      netmap brokers datasets/zama --top 10
      netmap brokers datasets/zama --json
    """
    from netmap.analysis.brokers import brokers as find_brokers
    from netmap.analysis.brokers import referral_status
    from netmap.render.text import broker_table

    rows = find_brokers(net, stability_runs=runs, seed=seed)
    rows = rows[:top] if top else rows
    if fmt != "table":
        emit_rows(rows, fmt)
        return
    status = referral_status(net)
    if not status["scored"]:
        click.echo(status["message_en" if lang_of(ctx) == "en" else "message_ja"], err=True)
    table, headers = broker_table(rows, lang_of(ctx), roles=bool(status["scored"]))
    emit_rows(table, "table", headers)


@click.command(context_settings=CONTEXT)
@click.argument("path", metavar="PATH|CODE")
@click.argument("needs", nargs=-1, required=True)
@click.option("--from", "start", metavar="ORG", default=None,
              help="この機関からつなぐ (hand the person on from this organisation, id or name; "
              "default: the hub/desk)")
@click.option("--area", default=None, help="本人の地区: 他地区の機関は半分に数える (the "
              "person's area; members elsewhere count half)")
@click.option("--route", is_flag=True, help="窓口から各メンバーへのつなぎの経路と根拠を表示 "
              "(print each member's chain of hand-offs with ties and evidence)")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100),
              help="チーム候補の数 (teams shown)")
@click.option("--redact", is_flag=True, help="個人の連絡先（担当者名・電話・メール）を出さない "
              "(leave out personal contact columns)")
@click.option("--neo4j", "from_neo4j", is_flag=True,
              help="PATH の代わりに Neo4j の自治体コードかスラッグ (ask Neo4j: cypher/who.cypher)")
@neo4j_options
@output_options()
@click.pass_context
def who(ctx: click.Context, /, path: str, needs: tuple[str, ...], start: str | None,
        area: str | None, route: bool, limit: int, redact: bool, from_neo4j: bool, fmt: str,
        **kw: Any) -> None:
    """このニーズに対応できるのは誰？ (who can handle these needs: the best team from the desk).

    Needs by code, label, synonym or a phrase naming several (住まいと借金, うつで仕事がない).
    Teams are the fewest organisations accepting every need, best first by how easily the
    person is handed from the desk to each (docs/METHODS.md, "who"). --csv prints one row per
    member with contact columns.

    \b
    Example:
      netmap who datasets/zama 住まいと借金 --route
      netmap who datasets/zama 経済的困窮 --area 市全域 --csv --redact
      netmap who --neo4j 142166 housing debt --json
    """
    from netmap.analysis.who import redacted, team_rows, who_from_store
    from netmap.analysis.who import who as find_who
    from netmap.render.text import print_who

    net: Network | None = None
    if from_neo4j:
        with connection(kw) as store:
            data = who_from_store(store, path, list(needs), start, area, limit)
    else:
        if not Path(path).exists():
            raise click.BadParameter(f"'{path}' がありません (does not exist; for a "
                                     "municipality in Neo4j add --neo4j)", param_hint="PATH")
        from netmap.io.dataset import load_dataset
        from netmap.redact import redact_network

        net = load_dataset(Path(path))
        net = redact_network(net) if redact else net
        data = find_who(net, list(needs), start, area, limit)
    if redact:
        data = redacted(data)
    if fmt == "json":
        emit_json(data)
    elif fmt == "csv":
        emit_rows(team_rows(data, redact, lang_of(ctx)), "csv")
    else:
        lang, known = lang_of(ctx), net

        def shown(node: str, given: str) -> str:  # name_en in English when the data has it
            return known.display_name(node, lang) if known and node in known.graph else given

        print_who(data, lang, click.echo, route=route, name=shown)


@click.command("stale", context_settings=CONTEXT)
@network_source
@redactable
@click.option("--older-than", default="1y", show_default=True, metavar="AGE",
              help="この期間より前の確認を古いとみなす (30d, 6m, 1y, 18m)")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="基準日 (reference date, YYYY-MM-DD; default today)")
@output_options()
@click.pass_context
def stale(ctx: click.Context, net: Network, older_than: str, today: dt.datetime | None,
          fmt: str) -> None:
    """確認日が古い・ない行を一覧する (rows whose assured_date is missing or old).

    Lists organisations, programs, meetings and roles to re-check, oldest first, then those
    never checked.

    \b
    Example:
      netmap stale datasets/zama
      netmap stale datasets/zama --older-than 6m --csv
      netmap stale 座間市.xlsx --older-than 18m --today 2025-04-01
    """
    from netmap.analysis.stale import stale as find_stale
    from netmap.render.text import stale_table

    try:
        rows = find_stale(net, older_than, today.date() if today else None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--older-than") from exc
    table, headers = stale_table(rows, lang_of(ctx), table=fmt == "table")
    emit_rows(table, fmt, headers)
