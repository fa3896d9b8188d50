"""The house rules that a reader should not have to take on trust: the only SQL lives
in workbench/store/, no module is over 400 lines, and the import contracts hold."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "workbench"
#: A statement of SQL in a string, or a call that runs one.
SQL = re.compile(
    r"\.(execute|executemany|executescript)\(|"
    r"[\"'](\s*)(SELECT\s+\S+.*\s+FROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|"
    r"DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER|VIRTUAL)|PRAGMA\s)",
)  # upper case, as every statement in workbench/store is written


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_seeds" not in p.parts)


def test_no_sql_outside_the_store():
    found = []
    for path in _modules():
        if path.is_relative_to(PACKAGE / "store"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "SQL outside workbench/store/:\n" + "\n".join(found)


def test_the_sql_pattern_finds_sql():
    # The test above can fail: these lines are what it looks for.
    lines = ['conn.execute("x")', 'q = "SELECT id FROM claims"',
             "sql = 'INSERT OR IGNORE INTO memory (key) VALUES (?)'",
             '"UPDATE claims SET cluster_id = NULL"', '"PRAGMA busy_timeout=5000"']  # fmt: skip
    for line in lines:
        assert SQL.search(line), line
    assert not SQL.search('"Select a document from the list"')


def test_no_module_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}  # fmt: skip
    assert long == {}


@pytest.mark.skipif(shutil.which("lint-imports") is None and not
                    (Path(sys.executable).parent / "lint-imports").exists(),
                    reason="import-linter is installed by make test")  # fmt: skip
def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
