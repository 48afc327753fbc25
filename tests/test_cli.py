"""The command line: exit codes, messages, help on every command."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import DATASETS, REPO, write_dataset

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


def test_every_command_has_help_with_example_and_is_in_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        if hasattr(command, "commands"):  # a group such as `db`
            for sub in command.commands:
                sub_help = run(name, sub, "--help")
                assert sub_help.exit_code == 0 and "Example" in sub_help.output, f"{name} {sub}"
        else:
            assert "Example" in result.output, name
        assert f"netmap {name}" in readme, f"README does not mention `netmap {name}`"
