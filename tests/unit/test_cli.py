import json

import pytest
from click.testing import CliRunner

from tests.conftest import SEEDS
from workbench.cli import cli
from workbench.store import Store


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "tester")

    def invoke(*args, db=None):
        db_args = ["--db", str(db)] if db else []
        return CliRunner().invoke(cli, [*db_args, *args], catch_exceptions=False)

    return invoke


def test_ingest_stats_export(run, tmp_path):
    result = run("ingest", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert "5 documents added" in result.output
    assert (tmp_path / "db" / "workbench.db").exists()  # default path, folder created
    again = run("ingest", str(SEEDS))
    assert "0 documents added" in again.output and "5 already in the database" in again.output

    store = Store.open(tmp_path / "db" / "workbench.db")
    first = store.pages.page(limit=1)[0]
    store.reviews.set_verdict(first.id, "tester", "mostly-true")
    store.reviews.add_note(first.id, "tester", "checked against the transcript")
    store.close()

    stats = run("stats")
    assert "documents  5" in stats.output and "mostly-true        1" in stats.output
    as_json = json.loads(run("stats", "--format", "json").output)
    assert as_json["reviewed"] == 1 and as_json["per_label"] == {"mostly-true": 1}

    out = run("export", "--format", "jsonl")
    assert out.exit_code == 0
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == as_json["claims"]
    reviewed = [x for x in lines if x["verdicts"]]
    assert len(reviewed) == 1 and reviewed[0]["id"] == first.id
    verdict = reviewed[0]["verdicts"][0]
    assert (verdict["reviewer"], verdict["label"]) == ("tester", "mostly-true")
    assert verdict["note"] == "checked against the transcript" and verdict["at"]
    assert {"doc_id", "text", "start", "end", "speaker", "score"} <= set(reviewed[0])

    only = run("export", "--reviewed", "-o", str(tmp_path / "out" / "r.jsonl"))
    assert "exported 1 claim " in only.output
    assert len((tmp_path / "out" / "r.jsonl").read_text().splitlines()) == 1

    history = run("history", first.id[:10])
    assert (
        "verdict" in history.output and "mostly-true" in history.output and "note" in history.output
    )


def test_ingest_exit_status_says_something_was_skipped(run, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x00binary")
    good = tmp_path / "good.txt"
    good.write_text("The central bank raised its key rate to 16 percent on Friday.\n")
    result = run("ingest", str(tmp_path / "bad.txt"), str(good))
    assert result.exit_code == 1
    assert "skipped" in result.output and "bad.txt: binary file" in result.output
    assert "1 document added" in result.output


def test_bad_settings_stop_the_command(run, tmp_path):
    (tmp_path / "workbench.toml").write_text('[[scale]]\nkey = "1"\nlabel = "a"\n'
                                             '[[scale]]\nkey = "1"\nlabel = "b"\n')  # fmt: skip
    result = run("stats")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "workbench.toml" in result.output and "duplicate verdict key" in result.output


def test_unknown_export_format_and_label(run):
    assert "'xml' is not one of" in run("export", "--format", "xml").output
    assert "unknown label" in run("export", "--label", "nope").output
    assert "--since 'May' is not a date" in run("export", "--since", "May").output
    assert "writes a binary file" in run("export", "--format", "parquet").output


def test_every_format_and_import_from_the_command_line(run, tmp_path):
    assert run("ingest", str(SEEDS)).exit_code == 0
    store = Store.open(tmp_path / "db" / "workbench.db")
    rows = store.pages.page(limit=2)
    store.reviews.set_verdict(rows[0].id, "tester", "false")
    store.reviews.set_verdict(rows[1].id, "tester", "opinion")
    doc = rows[0].doc_id
    store.close()
    for fmt, suffix in (
        ("jsonl", "jsonl"),
        ("csv", "csv"),
        ("claimreview", "json"),
        ("prodigy", "jsonl"),
        ("parquet", "parquet"),
        ("spacy", "spacy"),
    ):
        out = tmp_path / "out" / f"x.{fmt}.{suffix}"
        result = run("export", "--format", fmt, "--reviewed", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.exists() and out.stat().st_size > 0
    assert (
        "left out: 1 'opinion' (no rating)"
        in run("export", "--format", "claimreview", "--reviewed").output
    )
    one = run("export", "--document", doc[:10], "--reviewed")
    assert "exported 2 claims" in one.output
    result = run("import", str(tmp_path / "out" / "x.jsonl.jsonl"), db=tmp_path / "copy.db")
    assert result.exit_code == 0 and "2 claims, 2 events added" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n")
    result = run("import", str(bad), db=tmp_path / "copy.db")
    assert result.exit_code == 1 and f"skipped {bad}:1: not JSON" in result.output
    meta = run("datasette-metadata")
    assert json.loads(meta.stdout)["databases"]["workbench"]["tables"]["claims"]["fts_table"]


def test_not_a_database(run, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_text("this is not sqlite")
    result = run("stats", db=bogus)
    assert result.exit_code == 2 and "bogus.db: cannot open the database" in result.output


def test_config_lists_every_setting(run):
    out = run("config").output
    for name in ("db =", "reviewer = tester", "model =", "scale = 1=true"):
        assert name in out


@pytest.fixture
def opened(monkeypatch):
    """The settings each TUI launch got; the TUI itself does not start."""
    import workbench.tui.app

    launched = []

    class FakeApp:
        def __init__(self, settings):
            launched.append(settings)

        def run(self):
            pass

    monkeypatch.setattr(workbench.tui.app, "WorkbenchApp", FakeApp)
    return launched


@pytest.mark.parametrize(
    ("args", "reviewer"),
    [
        (["review", "--reviewer", "ann"], "ann"),  # the form the README shows
        (["--reviewer", "bob", "review"], "bob"),
        (["--reviewer", "bob", "review", "--reviewer", "ann"], "ann"),  # the closer one wins
        (["review"], "tester"),  # WORKBENCH_REVIEWER
    ],
)
def test_review_takes_the_reviewer_before_or_after_the_command(run, opened, tmp_path, args,
                                                                reviewer):  # fmt: skip
    result = run(*args, db=tmp_path / "r.db")
    assert result.exit_code == 0, result.output
    [settings] = opened
    assert settings.reviewer == reviewer and settings.db == tmp_path / "r.db"


def test_no_command_opens_the_review_on_a_database_with_documents(run, opened, seed_copy):
    result = run("--reviewer", "bob", db=seed_copy)
    assert result.exit_code == 0, result.output
    assert "Loading the seed corpus" not in result.output
    [settings] = opened
    assert settings.reviewer == "bob"
