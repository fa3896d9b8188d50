"""Shared fixtures. The spaCy pipeline and the seed database are built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import raw
from workbench.config import Settings
from workbench.corpus import seed_dir
from workbench.extract import Extractor, load_pipeline
from workbench.semantic import default_encoder
from workbench.services.ingest import ingest_paths
from workbench.store import Store

SEEDS = seed_dir()


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline("en_core_web_sm")


@pytest.fixture(scope="session")
def extractor(nlp) -> Extractor:
    return Extractor(nlp)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory, extractor) -> Path:
    """A database file with the five seed articles ingested. Copy it before writing."""
    path = tmp_path_factory.mktemp("seeddb") / "seeds.db"
    store = Store.open(path)
    # As `workbench ingest` does: the packaged encoder, the default cluster settings.
    settings = Settings()
    report = ingest_paths(
        [SEEDS],
        store,
        extractor,
        cluster_threshold=settings.cluster_threshold,
        encoder=default_encoder(),
        cluster_cosine=settings.cluster_cosine,
    )
    assert report.documents_added == 5 and not report.skipped
    raw(store).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture
def seed_copy(seed_db, tmp_path) -> Path:
    """A private, writable copy of the seed database."""
    target = tmp_path / "workbench.db"
    shutil.copy(seed_db, target)
    return target


@pytest.fixture
def store() -> Store:
    return Store.in_memory()
