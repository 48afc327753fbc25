"""The command line: exit codes, messages, help on every command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import DATASETS, REPO, write_dataset

import netmap
from netmap.cli import cli


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


def test_validate_ok() -> None:
    result = run("validate", str(DATASETS / "zama"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 座間市 (142166)")


def test_validate_bad_exits_1_with_file_row_column(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"links.csv": "source,target,type\nhub,ghost,refers_to\n"})
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert "links.csv:2:target: 'ghost' がどの表にもありません" in result.output
    assert "Error: 1 件の問題があります" in result.output


def test_usage_error_exits_2() -> None:
    assert run("validate").exit_code == 2
    assert run("show").exit_code == 2  # neither PATH nor --neo4j
    assert run("nosuchcommand").exit_code == 2


def test_show_prints_hub_and_providers(small: Path) -> None:
    result = run("show", str(small))
    assert result.exit_code == 0, result.output
    assert "司令塔（自立相談支援機関）: 自立サポート担当" in result.output
    assert "  住まい: NPO法人ワンエイド" in result.output
    en = run("--lang", "en", "show", str(small))
    assert "Hub: 自立サポート担当" in en.output and "  Housing: NPO法人ワンエイド" in en.output


def test_export_json_to_file_is_whole(small: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.json"
    assert run("export", str(small), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("{")
    assert not list(tmp_path.glob("*.tmp"))


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of the CLI as its words: ("gaps",), ("db", "start"), …"""
    paths: list[tuple[str, ...]] = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += _command_paths(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


def _readme_table_commands() -> set[tuple[str, ...]]:
    """The command words in the first cell of every row of the README's command table:
    "| `netmap db start/stop/status` |" gives ("db", "start"), ("db", "stop"), ("db", "status");
    the words end at the first argument (PATH, OUT.xlsx, --option …)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found: set[tuple[str, ...]] = set()
    for cell in re.findall(r"^\| `netmap ([^`]*)` \|", readme, flags=re.M):
        words: list[str] = []
        for word in cell.split():
            if not re.fullmatch(r"[a-z]+(/[a-z]+)*", word):
                break
            words.append(word)
        *head, last = words
        found.update((*head, alt) for alt in last.split("/"))
    return found


COMMAND_PATHS = _command_paths(cli)


@pytest.mark.parametrize("words", COMMAND_PATHS, ids=lambda w: " ".join(w) or "netmap")
def test_every_command_has_help_with_example_and_is_in_readme(words: tuple[str, ...]) -> None:
    result = run(*words, "--help")
    assert result.exit_code == 0, result.output
    assert run(*words, "-h").output == result.output
    # An "Example:" block kept verbatim (click's \b) whose lines run netmap itself.
    block = result.output.split("Example:\n", 1)
    assert len(block) == 2, f"no Example: block in `netmap {' '.join(words)} --help`"
    first = block[1].splitlines()[0].strip()
    assert first.startswith(("netmap ", "NEO4J_PASSWORD=... netmap ")), first
    if words:
        table = _readme_table_commands()
        assert any(t[:len(words)] == words for t in table), \
            f"`netmap {' '.join(words)}` is not in README.md's command table"


def test_readme_table_names_only_real_commands() -> None:
    assert _readme_table_commands() <= set(COMMAND_PATHS)


def test_python_dash_m_netmap_version() -> None:
    done = subprocess.run([sys.executable, "-m", "netmap", "--version"], capture_output=True,
                          text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"netmap, version {netmap.__version__}\n"


def test_import_netmap_is_light() -> None:
    """The front door imports nothing heavy until a name is used (PEP 562 __getattr__)."""
    code = ("import sys, netmap; print(sorted(m for m in ('networkx', 'neo4j', 'pandas', "
            "'click') if m in sys.modules)); netmap.Network; print('networkx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[]", "True"]


def test_front_door_names_are_the_library_functions() -> None:
    from netmap.analysis.brokers import brokers
    from netmap.errors import NetmapError

    assert netmap.brokers is brokers and netmap.NetmapError is NetmapError
    for name in netmap.__all__:
        assert getattr(netmap, name) is not None, name
    with pytest.raises(AttributeError):
        netmap.no_such_name  # noqa: B018


# -- one rule for conflicting output flags ------------------------------------------------------
ZAMA = str(DATASETS / "zama")
#: Arguments that make each listing command run for real were its flags not in conflict.
LISTING_ARGS: dict[tuple[str, ...], list[str]] = {
    ("show",): [ZAMA], ("gaps",): [ZAMA], ("brokers",): [ZAMA], ("who",): [ZAMA, "住まい"],
    ("stale",): [ZAMA], ("compare",): [ZAMA, str(DATASETS / "kunitachi")],
    ("diff",): [str(DATASETS / "kunitachi"), ZAMA], ("db", "status"): [],
}
OUTPUT_FLAGS = ("--json", "--csv", "--table")


def _command(words: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for word in words:
        assert isinstance(command, click.Group)
        command = command.commands[word]
    return command


def _output_flags(words: tuple[str, ...]) -> list[str]:
    return [opt for p in _command(words).params for opt in p.opts if opt in OUTPUT_FLAGS]


def test_listing_commands_are_all_listed() -> None:
    """Every command with an output flag is in LISTING_ARGS (so the test below covers it)."""
    assert {w for w in COMMAND_PATHS if w and _output_flags(w)} == set(LISTING_ARGS)


@pytest.mark.parametrize("words", LISTING_ARGS, ids=" ".join)
def test_two_output_flags_are_a_usage_error(words: tuple[str, ...]) -> None:
    flags = _output_flags(words)
    assert len(flags) >= 2 and "--json" in flags and "--table" in flags
    for i, a in enumerate(flags):
        for b in flags[i + 1:]:
            result = run(*words, *LISTING_ARGS[words], b, a)
            assert result.exit_code == 2, (words, a, b, result.output)
            assert result.output.endswith(f"Error: {b} と {a} は同時に使えません ({b} and {a} "
                                          "conflict)\n"), result.output


def test_map_format_comes_from_the_extension(tmp_path: Path) -> None:
    """`netmap map -o x.png` once wrote HTML into x.png and exited 0 (issue 17, 9)."""
    zama = str(Path(__file__).resolve().parents[1] / "datasets" / "zama")
    png = tmp_path / "x.png"
    res = CliRunner().invoke(cli, ["map", zama, "-o", str(png)])
    assert res.exit_code == 0, res.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = CliRunner().invoke(cli, ["map", zama, "-o", str(tmp_path / "y.png"), "--format", "svg"])
    assert bad.exit_code == 1 and "does not match --format svg" in bad.output
    assert not (tmp_path / "y.png").exists()


def test_csv_redirected_to_a_file_starts_with_a_bom(tmp_path: Path) -> None:
    """`netmap who … --csv > team.csv` is what a coordinator opens in Excel, which reads UTF-8
    without a BOM as cp932 (mojibake); a pipe gets no BOM, so `| grep` sees the header."""
    args = [sys.executable, "-m", "netmap", "who", str(DATASETS / "zama"), "住まいと借金", "--csv"]
    out = tmp_path / "team.csv"
    with open(out, "wb") as f:
        assert subprocess.run(args, stdout=f, cwd=REPO, timeout=120).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "座間市社会福祉協議会" in data.decode("utf-8-sig")
    piped = subprocess.run(args, capture_output=True, cwd=REPO, timeout=120)
    assert piped.returncode == 0 and piped.stdout == data[3:]


def test_demand_rows_that_count_child_needs_say_so(tmp_path: Path) -> None:
    """`gaps` calls メンタルヘルス single (自立相談支援事業 alone) while its demand row counts
    3 services with its child needs: the row says 「下位ニーズを含む」 in the CLI, the JSON and
    the report, so the two do not read as a contradiction (座間市, 2026-12-02)."""
    zama = str(DATASETS / "zama")
    res = run("gaps", zama, "--runs", "0")
    assert "  - メンタルヘルス: 自立相談支援事業" in res.output
    assert "  - メンタルヘルス (メンタルヘルス) (下位ニーズを含む): 31 件, 3 サービス" in res.output
    assert "  - 家計管理 (家計管理の問題): 39 件, 1 サービス" in res.output  # no child: no note
    en = run("--lang", "en", "gaps", zama, "--runs", "0")
    assert "Mental health (メンタルヘルス) (incl. child needs): 31 cases, 3 services" in en.output
    assert "Household budgeting (家計管理の問題): 39 cases, 1 service →" in en.output
    import json

    data = json.loads(run("gaps", zama, "--runs", "0", "--json").output)
    mh = next(r for r in data["ranking"] if r["need"] == "mental_health")
    assert mh["includes_children"] is True and mh["note_en"] == "incl. child needs"
    out = tmp_path / "r.html"
    assert run("report", zama, "-o", str(out)).exit_code == 0
    assert "メンタルヘルス <small class=\"incl\">(下位ニーズを含む)</small>" in out.read_text("utf-8")


def test_lang_after_the_command_works_on_every_command(tmp_path: Path) -> None:
    """The README lists `--lang en` as a `map` option; it is accepted after every command
    (as well as before it, on the group), and an English run writes English alone."""
    zama = str(DATASETS / "zama")
    out = tmp_path / "m.html"
    res = run("map", zama, "-o", str(out), "--lang", "en")
    assert res.exit_code == 0, res.output
    assert res.output.strip() == f"map: {out}"  # not 「地図 (map):」
    assert '<html lang="en"' in out.read_text("utf-8")
    assert "\nNodes: Organisation 41" in run("show", zama, "--lang", "en").output
    assert run("--lang", "en", "show", zama).output == run("show", zama, "--lang", "en").output
    rep = tmp_path / "r.html"
    assert run("--lang", "en", "report", zama, "-o", str(rep)).output.strip() == f"written: {rep}"
    assert run("report", zama, "-o", str(rep)).output.strip() == f"作成しました (written): {rep}"

    def leaves(cmd: click.Command) -> list[click.Command]:
        if isinstance(cmd, click.Group):
            return [x for c in cmd.commands.values() for x in leaves(c)]
        return [cmd]

    missing = [c.name for c in leaves(cli) if not any("--lang" in p.opts for p in c.params)]
    assert missing == []


def test_english_output_uses_name_en_and_ascii_brackets() -> None:
    """In English, organisations with a name_en (datasets/zama/organisations.csv) print by it
    in `gaps` and `who`, the desk is marked " (desk)", not 「（desk）」."""
    zama = str(DATASETS / "zama")
    gaps_en = run("--lang", "en", "gaps", zama, "--runs", "0").output
    assert "— ask: Zama City Council of Social Welfare" in gaps_en
    assert "  - Zama City Livelihood Assistance Division, Self-Reliance Support Unit: the hub" \
        in gaps_en
    who_en = run("who", zama, "病気", "--lang", "en").output
    assert ("1. Zama City Livelihood Assistance Division, Self-Reliance Support Unit (desk)"
            in who_en)
    assert "Illness (自立相談支援事業)  (the desk itself)" in who_en
    assert "（" not in who_en.split("One organisation")[1]
    who_ja = run("who", zama, "病気").output  # Japanese unchanged
    assert "1. 座間市 生活援護課 自立サポート担当（窓口）" in who_ja
