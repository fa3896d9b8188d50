"""The root group: global options, the Context every command gets, `fail`, opening the store.

The commands live in the other modules of this package and are registered on the root
group in `workbench/cli/__init__.py`; this module imports none of them.
"""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from workbench import __version__
from workbench.config import Settings, SettingsError, load_settings
from workbench.store import Space, Store, StoreBusy, StoreError
from workbench.store.vectors import SentenceEncoder
from workbench.terminal import literal


class Context:
    """Settings and the store, loaded once per command, only when a command needs them."""

    def __init__(self, config: Path | None, flags: dict[str, Any]) -> None:
        self._config = config
        self._flags = flags
        self._settings: Settings | None = None
        self._store: Store | None = None

    def override(self, **flags: Any) -> None:
        """Flags a subcommand repeats from the root group (`workbench review --reviewer
        ann`): those given win over the root group's. Settings are read again; a store
        already open stays on its database."""
        given = {name: value for name, value in flags.items() if value is not None}
        if given:
            self._flags = {**self._flags, **given}
            self._settings = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings(self._config, **self._flags)
            except SettingsError as exc:
                fail(str(exc))
        return self._settings

    @property
    def encoder(self) -> SentenceEncoder | None:
        """The configured sentence encoder (None: words alone); loaded on first use."""
        from workbench.services.vectors import encoder_for

        return encoder_for(self.settings)

    @property
    def store(self) -> Store:
        """The database, created with its folder when it is not there (commands that add)."""
        if self._store is None:
            self._store = self._open(read_only=False)
        return self._store

    def existing_store(self, read_only: bool = True) -> Store:
        """The database for a command that reads it: never created (an empty one would
        answer "0" about the wrong file), and opened read-only unless told otherwise."""
        if self._store is None:
            if not self.settings.db.is_file():
                fail(f"no database at {self.settings.db}: run workbench ingest first")
            self._store = self._open(read_only=read_only)
        return self._store

    def _open(self, read_only: bool) -> Store:
        try:
            return Store.open(self.settings.db, read_only=read_only)
        except Exception as exc:  # sqlite3.DatabaseError, OSError: say which file
            fail(f"{self.settings.db}: cannot open the database: {exc}")


def encode_missing(state: Context, spaces: tuple[Space, ...] = ("claims", "memory")) -> int:
    """Encode the rows of ``spaces`` that lack a vector of the configured model, with a
    progress bar on a terminal; returns how many were encoded."""
    from workbench.match.embedding import encode_rows
    from workbench.semantic import EncoderError

    encoder = state.encoder
    if encoder is None:
        return 0
    done = 0
    for space in spaces:
        rows = state.store.vectors.missing(space, encoder.model_id)
        if not rows:
            continue
        label = f"Encoding {len(rows)} {'claims' if space == 'claims' else 'checked claims'}"
        try:
            if sys.stderr.isatty():
                with click.progressbar(length=len(rows), label=label, file=sys.stderr) as bar:
                    done += encode_rows(state.store, encoder, space, rows,
                                        lambda n, _: bar.update(n - bar.pos))  # fmt: skip
            else:
                done += encode_rows(state.store, encoder, space, rows)
        except EncoderError as exc:
            fail(str(exc))
    return done


def fail(message: str, code: int = 2) -> NoReturn:
    click.echo(f"workbench: {literal(message)}", err=True)
    sys.exit(code)


pass_ctx = click.make_pass_decorator(Context)

REVIEWER = click.option("--reviewer", help="Your name, recorded with every verdict.")
FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


#: Errors of the disk or of the database file under any command: one line, not a traceback.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO,
                             errno.EDQUOT})  # fmt: skip


class RootGroup(click.Group):
    """The root group; `no_command` is what `workbench` alone runs (set in __init__)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.no_command: Callable[[click.Context], None] | None = None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (StoreError, sqlite3.Error) as exc:
            fail(f"the database: {storage_problem(exc)}")
        except OSError as exc:
            if exc.errno not in _STORAGE_ERRNOS:
                raise
            fail(f"{exc.filename or 'a file'}: {(exc.strerror or str(exc)).lower()}")


def storage_problem(exc: Exception) -> str:
    """A database error in words a user can act on."""
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return "it is read-only here (read-only media or no write permission): nothing was saved"
    if "full" in text:
        return "the disk is full: nothing was saved"
    if "locked" in text or isinstance(exc, StoreBusy):
        return "it is locked by another program; try again when it has finished"
    return text


@click.group(
    cls=RootGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), help="Database file.")
@REVIEWER
@click.option("--model", help="spaCy pipeline for extraction.")
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Settings file (default: ./workbench.toml when present).",
)
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, reviewer: str | None, model: str | None,
        config: Path | None) -> None:  # fmt: skip
    """A terminal workbench for fact-checkers.

    With no command: load the seed corpus if the database is empty, then open
    the review TUI.
    """
    ctx.obj = Context(config, {"db": db, "reviewer": reviewer, "model": model})
    if ctx.invoked_subcommand is None:
        group = ctx.command
        assert isinstance(group, RootGroup) and group.no_command is not None
        group.no_command(ctx)
