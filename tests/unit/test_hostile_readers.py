"""Files that are hard to read: other encodings, loops, pipes, folders we may not list."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.ingest.readers import decode, iter_files, read_document

RUSSIAN = (
    "Москва предупредила Лондон, что Великобритания, накачивая Украину оружием, "
    "подрывает европейскую безопасность. Об этом заявил пресс-секретарь Дмитрий Песков."
)
ENGLISH = "Officials said 40 people were hurt in Paris on Monday, the police said."
ROOT = os.geteuid() == 0


def test_cp1251_russian_is_read_as_cp1251():
    assert decode(RUSSIAN.encode("cp1251")) == (RUSSIAN, "cp1251")


def test_windows_1252_stays_the_default_for_western_text():
    text = "Café owners said the naïve policy cost €40 million in 2022."
    assert decode(text.encode("cp1252")) == (text, "cp1252")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ENGLISH, RUSSIAN])
def test_utf16_without_a_byte_order_mark_is_read(text, encoding, tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(encoding))
    document = read_document(path)
    assert document.text == text and document.meta["encoding"] == encoding


def test_symlink_loops_pipes_and_broken_links_are_reported(tmp_path):
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    found = {path.name: problem for path, problem in iter_files([tmp_path])}
    assert found == {
        "good.txt": None,
        "back": "symlink loop (links back to a folder above it)",
        "self.txt": "symlink loop",
        "gone.txt": "no such file or folder (or a broken link)",
        "pipe.txt": "not a regular file (a pipe, socket or device)",
    }


def _ingest(tmp_path, *paths):
    return CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "ingest", *map(str, paths)])


def test_a_file_that_cannot_be_read_on_the_command_line_does_not_drop_the_batch(tmp_path):
    # Root reads a 0000 file, so the file that cannot be read here is a pipe (reading it
    # would block); the chmod case is below, skipped for root.
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    result = _ingest(tmp_path, tmp_path / "pipe.txt", good)
    assert result.exit_code == 1, result.output
    assert "pipe.txt: not a regular file" in result.output
    assert "1 document added" in result.output


@pytest.mark.skipif(ROOT, reason="root reads files and folders whatever their mode")
def test_unreadable_file_and_folder_are_reported(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(ENGLISH + " Again.", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    locked.chmod(0)
    folder.chmod(0)
    try:
        result = _ingest(tmp_path, locked, folder, good)
    finally:
        locked.chmod(0o644)
        folder.chmod(0o755)
    assert result.exit_code == 1, result.output
    assert "locked.txt: permission denied" in result.output
    assert "folder: cannot read the folder: permission denied" in result.output
    assert "1 document added" in result.output
