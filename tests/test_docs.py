"""Documentation cannot fall behind: the CLI reference is regenerated and compared."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from presslens.cli import main
from presslens.errors import ALL_CODES

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "docs" / "generate_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_up_to_date():
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == _generator().render(), "run: python docs/generate_cli_reference.py > docs/cli.md"


def test_every_command_option_and_error_code_is_documented():
    import click

    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    gen = _generator()
    commands = list(gen.walk(main, click.Context(main, info_name="presslens")))
    assert {"presslens analyze", "presslens train techniques", "presslens semeval score"} <= {p for p, _, _ in commands}
    for name, command, _ in commands:
        assert f"## {name}" in doc
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("-"):
                    assert opt in doc, f"{name} {opt} is undocumented"
    for code in ALL_CODES:
        assert code.name in doc


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "    make example" in readme and "    make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
