"""The core never imports Textual: harlequin-style import contract."""

import subprocess
import sys


def test_core_does_not_import_textual():
    code = (
        "import sys\n"
        "import workbench.store, workbench.extract, workbench.models, workbench.services.ingest\n"
        "import workbench.export, workbench.config, workbench.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
