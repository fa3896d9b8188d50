import shutil

from tests.conftest import SEEDS
from tests.helpers import raw
from workbench.services.ingest import ingest_paths
from workbench.store import Store


def _dump(store: Store) -> dict[str, list]:
    return {
        table: raw(store).execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("documents", "claims", "events", "verdicts")
    }


def test_ingesting_the_seeds_twice_changes_nothing(seed_copy, extractor):
    store = Store.open(seed_copy)
    store.reviews.set_verdict(store.pages.page(limit=1)[0].id, "ann", "true")
    before = _dump(store)
    loads = []
    report = ingest_paths([SEEDS], store, lambda: loads.append(1) or extractor)
    assert report.documents_added == 0 and report.documents_unchanged == 5
    assert loads == []  # known files never load the model
    assert _dump(store) == before


def test_the_same_text_under_another_name_is_one_document(tmp_path, extractor):
    folder = tmp_path / "in"
    folder.mkdir()
    src = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(src, folder / "a.txt")
    shutil.copy(src, folder / "b.txt")
    store = Store.in_memory()
    report = ingest_paths([folder], store, extractor)
    assert (report.documents_added, report.documents_unchanged) == (1, 1)


def test_bad_files_are_reported_and_the_rest_ingested(tmp_path, extractor):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "latin.txt").write_bytes(b"\xff\xfe\x00\xd8")
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    (folder / "good.md").write_text(
        "---\ntitle: Budget\n---\n"
        "The finance ministry said the deficit reached 4.2 percent in 2023.\n"
    )
    progress = []
    store = Store.in_memory()
    report = ingest_paths(
        [folder, tmp_path / "missing.txt"], store, extractor,
        progress=lambda done, total, path: progress.append((done, total)),
    )  # fmt: skip
    reasons = {path.rsplit("/", 1)[-1]: reason for path, reason in report.skipped}
    assert reasons == {
        "binary.txt": "binary file (contains NUL bytes)",
        "empty.txt": "empty file",
        "latin.txt": "not decodable as utf-16 (byte 2)",
        "missing.txt": "no such file or folder (or a broken link)",
    }
    assert report.documents_added == 1 and report.claims_added == 1
    assert progress[-1] == (5, 5)
    assert store.claims.get_document(store.pages.page()[0].doc_id).title == "Budget"
    assert "4 files skipped" in report.summary()
