"""Shards: what `workbench extract` writes and `workbench load` reads.

A shard is the extraction of one partition of the input files: a folder named by a
hash of those files (path, size, modification time) and of the extraction options,
holding ``documents.parquet``, ``claims.parquet``, ``vectors.parquet`` and
``summary.json``. The rows are those ``workbench.store.codec`` makes for the
database, so loading needs no model. A shard is written in a temporary folder and
renamed into place, so a shard that exists is complete; a partition retried after its
worker died writes the same name, and an extract run again reuses what is there.

``extract_partition`` runs on the Dask workers: it loads the pipeline once per process
(``_PIPELINES``) and never touches the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from workbench.extract import Extractor, load_pipeline
from workbench.extract.pipeline import Extraction
from workbench.ingest.readers import SkipFile
from workbench.ingest.sources import Format, Problem, read_source
from workbench.models import Document
from workbench.services.ingest import too_long
from workbench.services.vectors import encoder_named
from workbench.store.codec import CLAIM_NAMES, DOCUMENT_NAMES, claim_values, document_values
from workbench.store.shards import Shard
from workbench.store.vectors import SentenceEncoder, to_blob

MANIFEST = "manifest.json"
SUMMARY = "summary.json"
#: Bumped when the files of a shard change meaning: a load refuses other versions.
FORMAT = 1
#: Not a database column: how many paragraphs of the document were set aside.
FURNITURE = "furniture"


class ShardError(Exception):
    """A shard folder that cannot be loaded; the message names the file and the problem."""


@dataclass(frozen=True)
class Pipeline:
    """What a worker loads once: the spaCy pipeline and the encoder, as the settings
    name them (``encoder`` "" is none; ``vectors`` scores with it too)."""

    model: str = "en_core_web_sm"
    classifier: str = "default"
    batch_size: int = 64
    encoder: str = "default"
    vectors: bool = True


@dataclass(frozen=True)
class ExtractOptions:
    pipeline: Pipeline = field(default_factory=Pipeline)
    fmt: Format | None = None
    moderators: tuple[str, ...] = ()
    #: The folder relative input paths are relative to (the client's): a worker reads
    #: and names files from there, as ``ingest`` would, when the folder exists on it.
    cwd: str = ""


@dataclass
class Summary:
    """What a partition gave; ``skipped`` is (FILE or FILE:LINE, why)."""

    name: str
    files: int = 0
    documents: int = 0
    claims: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rows_skipped: int = 0
    known: int = 0  # documents passed over: the database has them
    model: str | None = None  # of the vectors, when there are any
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        data = {**data, "skipped": [tuple(s) for s in data.get("skipped", [])]}
        return cls(**data)


Files = list[tuple[str, str | None]]
"""A partition: (file, problem found while listing it or None)."""


def partition_key(files: Files, options: ExtractOptions) -> str:
    """The shard's name: the same files, unchanged, with the same options, give the same
    name (so a retried or repeated partition is recognised)."""
    stamps: list[Any] = []
    for path, problem in files:
        try:
            info = os.stat(path)
            stamps.append([path, problem, info.st_size, info.st_mtime_ns])
        except OSError:
            stamps.append([path, problem, None, None])
    payload = json.dumps([FORMAT, asdict(options), stamps], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


_PIPELINES: dict[Pipeline, tuple[Extractor, SentenceEncoder | None]] = {}
_LOCK = threading.Lock()


def _pipeline(spec: Pipeline) -> tuple[Extractor, SentenceEncoder | None]:
    """The worker process's pipeline for ``spec``, loaded on its first partition only."""
    with _LOCK:
        if spec not in _PIPELINES:
            # One thread: a Dask worker process is given one core of its own.
            encoder = encoder_named(spec.encoder, threads=1)
            nlp = load_pipeline(spec.model, spec.classifier)
            extractor = Extractor(nlp, batch_size=spec.batch_size,
                                  encoder=encoder if spec.vectors else None)  # fmt: skip
            _PIPELINES[spec] = (extractor, encoder)
        return _PIPELINES[spec]


def extract_partition(files: Files, out: str, options: ExtractOptions,
                      known: frozenset[str] = frozenset()) -> list[dict[str, Any]]:  # fmt: skip
    """Read and extract one partition and write its shard under ``out`` (a Dask
    ``map_partitions`` function: a list in, a list of one summary out). A shard already
    written is not extracted again. A bad file is a line of the summary, never an error.
    Documents whose id is in ``known`` are counted, not extracted (``ingest`` into a
    database that has them; such shards live in a temporary folder, never reused)."""
    in_cwd = contextlib.chdir(options.cwd) if os.path.isdir(options.cwd) else (
        contextlib.nullcontext())  # fmt: skip
    with in_cwd:
        return [_extract(files, out, options, known)]


def _extract(files: Files, out: str, options: ExtractOptions, known: frozenset[str]
             ) -> dict[str, Any]:  # fmt: skip
    name = partition_key(files, options)
    target = Path(out) / name
    if (target / SUMMARY).is_file():
        done: dict[str, Any] = json.loads((target / SUMMARY).read_text(encoding="utf-8"))
        return done
    summary = Summary(name, files=len(files))
    read = _read(files, options, summary)
    documents = [d for d in read if d.id not in known]
    summary.known = len(read) - len(documents)
    extractor, encoder = _pipeline(options.pipeline)
    extractions = list(extractor.run(documents)) if documents else []
    vectors: list[tuple[str, bytes]] = []
    claims = [c for e in extractions for c in e.claims]
    if encoder is not None and claims:
        # The extraction carries the vectors it scored with (one per claim, of its
        # stand-alone text); only claims of extractions without them are encoded here.
        bare = [c for e in extractions if not _carries(e, encoder) for c in e.claims]
        fresh = dict(zip((c.id for c in bare), encoder.encode([c.normalized for c in bare])
                         if bare else [], strict=True))  # fmt: skip
        for e in extractions:
            rows = e.vectors if _carries(e, encoder) else [fresh[c.id] for c in e.claims]
            vectors += [(c.id, to_blob(v)) for c, v in zip(e.claims, rows, strict=True)]  # type: ignore[arg-type]
        summary.model = encoder.model_id
    summary.documents, summary.claims = len(extractions), len(claims)
    _write(target, extractions, vectors, summary)
    return summary.to_json()


def _carries(extraction: Extraction, encoder: SentenceEncoder) -> bool:
    return extraction.vectors is not None and extraction.vector_model == encoder.model_id


def _read(files: Files, options: ExtractOptions, summary: Summary) -> list[Document]:
    """The partition's documents; what cannot be read goes to ``summary.skipped``, worded
    as ``ingest`` words it."""
    out: list[Document] = []
    for path, problem in files:
        try:
            if problem:
                raise SkipFile(problem)
            for item in read_source(Path(path), options.fmt, options.moderators):
                if isinstance(item, Problem):
                    summary.skipped.append((item.where, item.reason))
                    summary.rows_skipped += 1
                elif reason := too_long(item):
                    summary.skipped.append((path, reason))
                else:
                    out.append(item)
        except (SkipFile, ValueError) as exc:
            # ValueError: a Document the models refused (pydantic's errors are ValueErrors).
            summary.skipped.append((path, str(exc).splitlines()[0]))
    return out


def _write(target: Path, extractions: list[Extraction], vectors: list[tuple[str, bytes]],
           summary: Summary) -> None:  # fmt: skip
    """Write the shard in a private temporary folder, then rename it into place: a
    reader sees a whole shard or none. When another attempt got there first, its
    (identical) shard stays."""
    temp = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    temp.mkdir(parents=True)
    try:
        docs = [(*document_values(e.document), len(e.furniture)) for e in extractions]
        write_table([*DOCUMENT_NAMES, FURNITURE], docs, temp / "documents.parquet")
        claims = [claim_values(c) for e in extractions for c in e.claims]
        write_table(CLAIM_NAMES, claims, temp / "claims.parquet")
        write_table(("claim_id", "vec"), vectors, temp / "vectors.parquet")
        (temp / SUMMARY).write_text(json.dumps(summary.to_json()), encoding="utf-8")
        try:
            os.rename(temp, target)
        except OSError:
            if not (target / SUMMARY).is_file():
                raise
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)


def write_table(names: tuple[str, ...] | list[str], rows: list[Any], path: Path) -> None:
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    pq.write_table(pa.table(columns), path)


def _rows(path: Path, names: tuple[str, ...]) -> list[tuple[Any, ...]]:
    table = pq.read_table(path)
    return list(zip(*(table.column(n).to_pylist() for n in names), strict=True))


def read_shard(folder: Path, name: str) -> tuple[Shard, Summary, dict[str, int]]:
    """A shard's rows for the store, its summary, and the furniture count per document."""
    where = folder / name
    try:
        summary = Summary.from_json(json.loads((where / SUMMARY).read_text(encoding="utf-8")))
        if summary.format != FORMAT:
            raise ShardError(f"{where}: shard format {summary.format}, this version reads "
                             f"{FORMAT}; extract again")  # fmt: skip
        docs = _rows(where / "documents.parquet", (*DOCUMENT_NAMES, FURNITURE))
        claims = _rows(where / "claims.parquet", CLAIM_NAMES)
        vectors = _rows(where / "vectors.parquet", ("claim_id", "vec"))
    except (OSError, ValueError, TypeError, KeyError, pa.ArrowException) as exc:
        raise ShardError(f"{where}: not a readable shard ({_first_line(exc)})") from None
    furniture = {d[0]: d[-1] for d in docs}
    shard = Shard(name, [d[:-1] for d in docs], claims,
                  [(str(c), bytes(v)) for c, v in vectors], summary.model)  # fmt: skip
    return shard, summary, furniture


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("shards"), list):
            raise ValueError("no list of shards")
    except FileNotFoundError:
        raise ShardError(f"{path}: no manifest (not a folder written by `workbench extract`, "
                         "or the extract did not finish: run it again)") from None  # fmt: skip
    except (OSError, ValueError) as exc:
        raise ShardError(f"{path}: not a readable manifest ({_first_line(exc)})") from None
    return data


def write_manifest(folder: Path, data: dict[str, Any]) -> None:
    temp = folder / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
    temp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, folder / MANIFEST)
    with contextlib.suppress(OSError):
        temp.unlink()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
