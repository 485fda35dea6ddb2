"""The README and docs/ show commands that exist: every `communique COMMAND --option` written in their
code (fenced blocks and inline code) is a command of the CLI and an option of that command's --help."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from communique.cli import cli

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
CODE = re.compile(r"```[^\n]*\n(.*?)```|`([^`\n]+)`", re.S)
# "communique events --dyad CHN-RUS --since 2023-01-01": the command word and the rest of the line,
# up to a comment; "python -m communique" and the "communique/" package path are not commands
COMMAND = re.compile(r"(?<![\w/.-])communique ([a-z][a-z-]*)([^\n#]*)")
OPTION = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")


def _shown() -> list[tuple[str, str, str]]:
    found = []
    for page in PAGES:
        for block, inline in CODE.findall(page.read_text(encoding="utf-8")):
            for line in (block or inline).splitlines():
                code = line.split(" #")[0]  # what a shell comment says is prose
                found += [(page.relative_to(REPO).as_posix(), command, rest) for command, rest in COMMAND.findall(code)]
    return found


def _options(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)} | {"--help", "-h"}


def test_the_pages_show_commands():
    assert {command for _, command, _ in _shown()} >= {"code", "ingest", "events", "serve", "export"}


@pytest.mark.parametrize(("page", "command", "rest"), _shown(), ids=lambda value: str(value)[:40])
def test_every_command_and_option_shown_exists(page, command, rest):
    assert command in cli.commands, f"{page}: `communique {command}` is no command"
    options = _options(cli.commands[command])
    for option in OPTION.findall(rest):
        assert option in options, f"{page}: `communique {command} {option}` is no option of {command}"
