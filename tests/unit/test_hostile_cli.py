"""The command line against missing, read-only, full and locked databases, bad settings
and filters that match nothing: one line each, never a traceback."""

from __future__ import annotations

import errno
import shutil
import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

from tests.helpers import raw
from workbench.cli import cli
from workbench.store import Store, StoreBusy
from workbench.store.claims import Claims


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "tester")

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("command", [["stats"], ["export"], ["history", "abc"],
                                     ["match", "some claim"], ["clusters"]])  # fmt: skip
def test_commands_that_read_refuse_to_create_a_database(run, tmp_path, command):
    result = run(*command)
    assert result.exit_code == 2
    assert (
        result.stderr == "workbench: no database at db/workbench.db: run workbench ingest first\n"
    )
    assert not (tmp_path / "db").exists()


def test_a_filter_that_matches_nothing_says_so_and_exits_1(run, seed_copy, tmp_path):
    nobody = run("--db", str(seed_copy), "export", "--by", "nobody", "-o", "out.jsonl")
    assert nobody.exit_code == 1 and "--by 'nobody': nobody of that name" in nobody.stderr
    label = run("--db", str(seed_copy), "export", "--label", "false", "-o", "out.jsonl")
    assert label.exit_code == 1 and "no claim matches these filters" in label.stderr
    assert not list(tmp_path.glob("out.jsonl*"))


def _chattr(flag: str, *paths) -> bool:
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True)
    return done.returncode == 0


def test_a_database_on_read_only_media_is_read_for_stats_and_export(run, seed_copy, tmp_path):
    # Root writes through file modes, so read-only media are made with the immutable
    # attribute on the database and its folder (nothing can be created beside it).
    folder = tmp_path / "archive"
    folder.mkdir()
    db = folder / "workbench.db"
    shutil.copy(seed_copy, db)
    if shutil.which("chattr") is None or not _chattr("+i", db, folder):
        pytest.skip("chattr +i is not available here to make read-only media")
    try:
        stats = run("--db", str(db), "stats")
        export = run("--db", str(db), "export", "--format", "csv")
        new = tmp_path / "new.txt"
        new.write_text("Officials said 40 people were hurt in Paris on Monday.", encoding="utf-8")
        ingest = run("--db", str(db), "ingest", str(new))
        store = Store.open(db)
        assert store.read_only and store.stats().claims > 0
        store.close()
    finally:
        _chattr("-i", db, folder)
    assert stats.exit_code == 0 and "documents  5" in stats.stdout
    assert export.exit_code == 0 and export.stdout.count("\n") > 50
    assert ingest.exit_code == 2
    assert "read-only" in ingest.stderr and "Traceback" not in ingest.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["workbench.db"]


@pytest.mark.parametrize(
    ("error", "words"),
    [(sqlite3.OperationalError("database or disk is full"), "the disk is full"),
     (StoreBusy("the database is busy"), "locked by another program"),
     (sqlite3.OperationalError("attempt to write a readonly database"), "read-only")],
)  # fmt: skip
def test_storage_errors_during_ingest_are_one_line(run, tmp_path, monkeypatch, error, words):
    (tmp_path / "a.txt").write_text("Officials said 40 people were hurt in Paris on Monday.")

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(Claims, "add_document", fail)
    result = run("ingest", "a.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("workbench: the database: ")
    assert words in result.stderr


def test_a_full_disk_during_export_is_one_line_and_leaves_no_part_file(run, seed_copy, tmp_path,
                                                                      monkeypatch):  # fmt: skip
    import workbench.export

    def full(store, fmt, out, *args):
        out.write("partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workbench.export, "export", full)
    result = run("--db", str(seed_copy), "export", "-o", "out/claims.jsonl")
    assert result.exit_code == 2
    assert result.stderr == (
        "workbench: out/claims.jsonl: cannot write the export: no space left on device\n"
    )
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [('[keys]\nundo = "1"\n', "keys: undo = '1' is the verdict key of 'true'"),
     ('[keys]\n"list.down" = "down,x"\n', "is the verdict key of 'not-check-worthy'"),
     ('claimreview_url = "https://x.org/{claim}"\n', "claimreview_url: 'https://x.org/{claim}' "
                                                     "is not a template")],
)  # fmt: skip
def test_bad_settings_are_one_line(run, tmp_path, setting, message):
    (tmp_path / "workbench.toml").write_text(setting, encoding="utf-8")
    result = run("config")
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_counts_agree_in_number(run, tmp_path):
    (tmp_path / "one.txt").write_text(
        "Share this article\n\nOfficials said 40 people were hurt in Paris on Monday.",
        encoding="utf-8",
    )
    result = run("ingest", "one.txt")
    assert "1 document added, 1 claim, 1 furniture paragraph set aside, 0 files skipped" in (
        result.stderr
    )
    store = Store.open(tmp_path / "db" / "workbench.db")
    assert raw(store).execute("SELECT count(*) FROM claims").fetchone()[0] == 1
    store.close()
    assert "exported 1 claim as jsonl" in run("export", "-o", "x.jsonl").stderr


def test_csv_and_parquet_carry_every_evidence_item_whole(run, seed_copy, tmp_path):
    import json

    import pandas as pd

    store = Store.open(seed_copy)
    claim = store.pages.page(limit=1)[0].id
    store.reviews.set_verdict(claim, "ann", "false")
    store.reviews.add_evidence(claim, "ann", "https://example.org/a", "page 3, table 2")
    store.reviews.add_evidence(claim, "ann", "", "the minister's own transcript")
    store.close()
    run("--db", str(seed_copy), "export", "--reviewed", "--format", "parquet", "-o", "x.parquet")
    run("--db", str(seed_copy), "export", "--reviewed", "--format", "csv", "-o", "x.csv")
    for frame in (pd.read_parquet(tmp_path / "x.parquet"), pd.read_csv(tmp_path / "x.csv")):
        items = json.loads(frame["evidence"][0])
        assert [(e["url"], e["quote"]) for e in items] == [
            ("https://example.org/a", "page 3, table 2"),
            ("", "the minister's own transcript"),
        ]
        assert all(e["at"] for e in items)
