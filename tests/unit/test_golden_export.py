"""Exports of a fixture database are held byte for byte to committed golden files.

The fixture database (tests/fixtures/fixture_db.py) is built from fixed values, so
these files change only when an export format changes on purpose. Regenerate with
``WORKBENCH_GOLDEN_UPDATE=1 make test ARGS=tests/unit/test_golden_export.py`` and read
the diff before committing it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tests.fixtures.fixture_db import build
from workbench.config import load_settings
from workbench.export import ExportOptions, export
from workbench.store import Store

GOLDEN = Path(__file__).parent.parent / "fixtures" / "golden"

CASES = {
    "all.jsonl": ("jsonl", {}),
    "final.jsonl": ("jsonl", {"final": True}),
    "ann_reviewed.jsonl": ("jsonl", {"reviewer": "ann", "reviewed_only": True}),
    "labels.jsonl": ("jsonl", {"labels": ("true", "false")}),
    "all.csv": ("csv", {}),
    "claimreview.json": ("claimreview", {"final": True}),
    "prodigy.jsonl": ("prodigy", {}),
}


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("golden") / "fixture.db")


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_matches_golden_file(fixture_db, name):
    fmt, options = CASES[name]
    settings = load_settings(db=fixture_db, reviewer="ann")
    store = Store.open(fixture_db)
    try:
        out = io.StringIO()
        export(store, fmt, out, settings, ExportOptions(**options))
    finally:
        store.close()
    golden = GOLDEN / name
    if os.environ.get("WORKBENCH_GOLDEN_UPDATE"):
        golden.write_bytes(out.getvalue().encode("utf-8"))
    assert out.getvalue() == golden.read_bytes().decode("utf-8")
