"""What importing the extraction package pulls in."""

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_extraction_does_not_import_ingest():
    # ingest.batch imports the extractor; the extractor needs nothing from ingest.
    loaded = _modules_after("import workbench.extract.pipeline")
    assert not {m for m in loaded if m.startswith("workbench.ingest")}


def test_paragraphs_and_the_package_do_not_import_spacy():
    # The TUI splits paragraphs to show a claim's context; it must not pay for spaCy.
    loaded = _modules_after("import workbench.extract, workbench.extract.paragraphs")
    assert "spacy" not in loaded
    assert "workbench.extract.pipeline" not in loaded


def test_the_package_names_load_on_first_use():
    loaded = _modules_after("from workbench.extract import Extractor, load_pipeline")
    assert "workbench.extract.pipeline" in loaded
