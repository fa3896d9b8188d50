"""Every command and every option of the command line is in README.md, as sqlite-utils
checks its own documentation: a new command or option fails here until it is described.

A command counts as documented when README.md shows it run (`workbench NAME`, `workbench
GROUP NAME`). An option counts when its long name (`--processes`) stands in a passage
that shows its command run: a paragraph, a table row, or one command line of a code
block. So `--limit` documented for `evaluate checkworthiness` does not pass for `match`.
Options of the root group go before any command: their passage shows `workbench --...`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from workbench.cli import cli

README = Path(__file__).resolve().parents[2] / "README.md"

# Options that README.md need not show, as {(command path, option): why}. `-h/--help` is
# not listed: click adds it to every command and it is no parameter of theirs.
UNDOCUMENTED: dict[tuple[str, str], str] = {}


def walk(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path of every command under a group, groups included, depth first."""
    for name in sorted(group.commands):
        command = group.commands[name]
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from walk(command, (*path, name))


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def option_names(command: click.Command) -> list[str]:
    """The long name of every option (every name when an option has no long one)."""
    names = []
    for param in command.params:
        if isinstance(param, click.Option):
            opts = param.opts + param.secondary_opts
            names += [o for o in opts if o.startswith("--")] or opts
    return names


def passages(text: str) -> list[str]:
    """README.md cut into paragraphs, table rows and code-block lines (a line ending in a
    backslash goes on with the next one)."""
    out: list[str] = []
    para: list[str] = []
    fenced = False
    for line in text.splitlines():
        ends_paragraph = fenced or not line.strip() or line.startswith(("```", "|"))
        if ends_paragraph and para:
            out.append(" ".join(para))
            para = []
        if line.startswith("```"):
            fenced = not fenced
        elif fenced and out and out[-1].endswith("\\"):
            out[-1] = out[-1][:-1] + line
        elif fenced or line.startswith("|"):
            out.append(line)
        elif line.strip():
            para.append(line)
    if para:
        out.append(" ".join(para))
    return out


def shows_run(path: tuple[str, ...]) -> re.Pattern[str]:
    """`workbench` followed by the command's words; for the root group, by an option."""
    words = r"\s+".join(map(re.escape, path)) + r"(?![\w-])" if path else r"--"
    return re.compile(r"(?<![\w-])workbench\s+" + words)


def names(option: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])")


PASSAGES = passages(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", [(), *walk()], ids=lambda p: " ".join(("workbench", *p)))
def test_command_and_its_options_are_in_the_readme(path: tuple[str, ...]) -> None:
    runs = shows_run(path)
    where = [p for p in PASSAGES if runs.search(p)]
    shown = " ".join(("workbench", *path))
    missing = [] if where or not path else [f"the command: no `{shown} ...` in README.md"]
    for option in option_names(command_at(path)):
        if (" ".join(path), option) in UNDOCUMENTED:
            continue
        if not any(names(option).search(p) for p in where):
            missing.append(
                f"{option}: no paragraph, table row or command line of README.md "
                f"shows `{shown}` with `{option}`"
            )
    if missing:
        pytest.fail(f"{shown}: not documented:\n  " + "\n  ".join(missing), pytrace=False)


@pytest.mark.parametrize("path", list(walk()), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    assert command_at(path).help, f"workbench {' '.join(path)} has no help text"


def test_the_walk_sees_subcommands() -> None:
    found = set(walk())
    assert {("ingest",), ("evaluate", "checkworthiness"), ("train", "checkworthiness")} <= found
    assert "--processes" in option_names(command_at(("ingest",)))
