"""Extraction on Dask (two worker processes of one local cluster, shared by the module)
and the bulk load of its shards give what the single-process ingest gives: the same
claims, bad files reported, nothing twice; also when a worker is killed mid-run."""

from __future__ import annotations

import json
import os
import signal

import pytest
from click.testing import CliRunner

from tests.conftest import SEEDS
from tests.helpers import raw
from workbench.cli import cli
from workbench.config import Settings
from workbench.extract import Extractor
from workbench.semantic import default_encoder
from workbench.services.ingest import ingest_paths
from workbench.services.scale import ingest_with_dask, load_shards, run_extract
from workbench.services.shards import ExtractOptions
from workbench.store import Store

pytestmark = pytest.mark.slow
SETTINGS = Settings()
LINK = {"cluster_threshold": SETTINGS.cluster_threshold,
        "cluster_cosine": SETTINGS.cluster_cosine}  # fmt: skip
COLUMNS = ("id, doc_id, seq, start, \"end\", text, normalized, speaker, speaker_canonical, "
           "cue, score, reasons, entities, cluster_id IS NOT NULL")  # fmt: skip


@pytest.fixture(scope="module")
def scheduler():
    """A local cluster of two worker processes (one thread each) for the whole module."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:  # fmt: skip
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Five articles (the seeds, varied) and a file that cannot be read: six partitions."""
    folder = tmp_path_factory.mktemp("corpus")
    for i, src in enumerate(sorted(SEEDS.glob("*.txt"))):
        text = src.read_text(encoding="utf-8")
        (folder / f"{i:02}.txt").write_text(f"Copy {i}\n\n{text}", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02")
    return folder


@pytest.fixture(scope="module")
def single(tmp_path_factory, nlp, corpus):
    """The claims of the single-process ingest, with the encoder as `ingest` has it."""
    store = Store.open(tmp_path_factory.mktemp("one") / "one.db")
    encoder = default_encoder()
    report = ingest_paths([corpus], store, Extractor(nlp, encoder=encoder), encoder=encoder,
                          **LINK)  # fmt: skip
    return report, rows(store)


def rows(store):
    return raw(store).execute(f"SELECT {COLUMNS} FROM claims ORDER BY num").fetchall()


def test_two_workers_store_exactly_what_one_process_does(tmp_path, scheduler, corpus, single):
    done = []
    extracted = run_extract([corpus], tmp_path / "shards", ExtractOptions(),
                            scheduler=scheduler,
                            progress=lambda d, n: done.append((d, n)))  # fmt: skip
    assert done[-1] == (6, 6)  # six files: one a partition
    manifest = json.loads((tmp_path / "shards" / "manifest.json").read_text())
    assert manifest["skipped"] == [f"{corpus / 'bad.txt'}: binary file (contains NUL bytes)"]
    assert len(manifest["shards"]) == 6 and extracted.skipped

    store = Store.open(tmp_path / "two.db")
    report = load_shards(tmp_path / "shards", store, encoder=default_encoder(), **LINK)
    reference, expected = single
    assert report.summary() == reference.summary()
    assert report.documents_added == 5 and report.claims_added == len(expected)
    assert rows(store) == expected
    assert store.vectors.count_missing("claims", default_encoder().model_id) == 0

    again = load_shards(tmp_path / "shards", store, encoder=default_encoder(), **LINK)
    assert (again.documents_added, again.claims_added, again.documents_unchanged) == (0, 0, 5)
    assert rows(store) == expected

    # `ingest --engine dask` into that database: the workers pass the stored ones over.
    known = ingest_with_dask([corpus], store, ExtractOptions(), scheduler=scheduler,
                             encoder=default_encoder(), **LINK)  # fmt: skip
    assert (known.documents_added, known.documents_unchanged) == (0, 5)
    assert rows(store) == expected


def test_extract_and_load_commands(tmp_path, scheduler, corpus, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke
    db = ["--db", str(tmp_path / "cli.db")]
    files = [str(corpus / "00.txt"), str(corpus / "bad.txt")]
    result = run(cli, [*db, "extract", *files, "-o", "out", "--scheduler", scheduler])
    assert result.exit_code == 1, result.output
    assert "Dask dashboard: " in result.output
    assert f"skipped {corpus / 'bad.txt'}: binary file (contains NUL bytes)" in result.output
    assert "2 shards: 2 files, 1 documents" in result.output
    result = run(cli, [*db, "load", "out"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("1 document added")
    assert "0 documents added" in run(cli, [*db, "load", "out"]).output


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path, scheduler, corpus,
                                                              single):  # fmt: skip
    from distributed import Client

    killed = []

    def kill_a_busy_worker(done, total):
        if done < 1 or killed:
            return
        with Client(scheduler) as client:
            pids = client.run(os.getpid)
            busy = [w for w, keys in client.processing().items() if keys] or list(pids)
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(busy[0])

    extracted = run_extract([corpus], tmp_path / "shards", ExtractOptions(),
                            scheduler=scheduler, progress=kill_a_busy_worker)  # fmt: skip
    assert killed and len(extracted.shards) == 6
    store = Store.open(tmp_path / "killed.db")
    load_shards(tmp_path / "shards", store, encoder=default_encoder(), **LINK)
    assert rows(store) == single[1]


def test_load_of_a_folder_that_is_not_shards_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "load", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "manifest.json: no manifest (not a folder written by `workbench extract`, or the "
        "extract did not finish: run it again)"
    )
    assert "Traceback" not in result.output
