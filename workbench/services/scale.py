"""Extraction on Dask, and the bulk load of its shards: the one path for more than one
process, whether on this machine (a LocalCluster) or on a cluster (``scheduler``).

``run_extract`` partitions the input files with ``dask.bag`` and maps
``shards.extract_partition`` over the partitions; each worker writes its shards, and
this process writes the manifest. ``load_shards`` merges the shards into the database
(``Store.shards.load``) and then clusters and matches the new claims as ``ingest`` does.
The cluster never touches the SQLite file.
"""

from __future__ import annotations

import importlib.util
import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from workbench.ingest.readers import iter_files
from workbench.services.ingest import IngestReport, encode_new_claims, link_new_claims
from workbench.services.shards import (
    FORMAT,
    ExtractOptions,
    Files,
    Summary,
    extract_partition,
    read_manifest,
    read_shard,
    write_manifest,
)
from workbench.store import Store
from workbench.store.shards import Shard
from workbench.store.vectors import SentenceEncoder

#: Files per partition, at most: a partition is a task and a shard; enough text to fill
#: spaCy's batches, small enough that a lost worker costs little to redo.
MAX_PARTITION = 32
#: Partitions aimed at, at least: without more tasks than workers, one slow partition
#: leaves the others idle at the end (a small input gets one file per partition).
MIN_PARTITIONS = 16
#: Claims per load transaction: one commit (and one full-text insert) per batch.
LOAD_BATCH = 50_000

#: Stored document ids sent to the workers of ``ingest --engine dask``, at most (about
#: 100 MB in each worker at the limit).
KNOWN_LIMIT = 1_000_000

Progress = Callable[[int, int], None]
"""Called as (partitions done, partitions in all)."""


@dataclass
class ExtractReport:
    folder: Path
    shards: list[str] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)
    #: Shards written by an earlier run, reused.
    reused: int = 0
    dashboard: str | None = None

    @property
    def skipped(self) -> list[tuple[str, str]]:
        return [s for summary in self.summaries for s in summary.skipped]

    def summary(self) -> str:
        docs = sum(s.documents for s in self.summaries)
        claims = sum(s.claims for s in self.summaries)
        files = sum(s.files for s in self.summaries)
        line = (f"{len(self.shards)} shards: {files} files, {docs} documents, {claims} claims, "
                f"{len(self.skipped)} skipped")  # fmt: skip
        return line + (f" ({self.reused} shards from an earlier run)" if self.reused else "")


def partitions(paths: Sequence[Path]) -> tuple[int, list[Files]]:
    """Files per partition, and the input files in partitions, in input order; the same
    files give the same partitions whatever the number of workers (so a run again
    reuses its shards)."""
    files: Files = [(str(p), problem) for p, problem in iter_files(paths)]
    size = max(1, min(MAX_PARTITION, math.ceil(len(files) / MIN_PARTITIONS)))
    return size, [files[i : i + size] for i in range(0, len(files), size)]


@contextmanager
def dask_client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a new local cluster of
    ``workers`` processes (one per core by default) with one thread each."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:  # type: ignore[no-untyped-call]
            yield client
        return
    n = workers or len(os.sched_getaffinity(0))
    # Without bokeh the scheduler has no dashboard: do not start its web server for nothing.
    dashboard = ":0" if importlib.util.find_spec("bokeh") else None
    # The workers' statistical profiler samples the extracting thread's (deep) stack
    # every 10 ms: CPU taken from the extraction, for a dashboard panel. Dask also
    # starts workers with MALLOC_TRIM_THRESHOLD_=65536, which hands freed memory back
    # to the system at once: spaCy and the encoder free and take large blocks all the
    # time, and the extraction then spent about 25% more CPU (measured, same files).
    quiet = {
        "distributed.worker.profile.enabled": False,
        "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    }
    with dask.config.set(quiet):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=dashboard,
            silence_logs=logging.ERROR,
        )  # fmt: skip
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def dashboard_of(client: Any) -> str | None:
    if importlib.util.find_spec("bokeh") is None:
        return None
    link: str | None = client.dashboard_link
    return link


def run_extract(paths: Sequence[Path], folder: Path, options: ExtractOptions, *,
                scheduler: str | None = None, workers: int | None = None,
                progress: Progress | None = None,
                started: Callable[[ExtractReport], None] | None = None,
                known: frozenset[str] = frozenset()) -> ExtractReport:  # fmt: skip
    """Extract the files under ``paths`` into shards in ``folder`` and write its manifest.

    A partition whose task fails (its worker died more often than the scheduler allows)
    is reported as its files skipped, never raised."""
    import dask.bag as db
    from dask.delayed import delayed
    from distributed import as_completed

    folder.mkdir(parents=True, exist_ok=True)
    folder = folder.resolve()  # the workers' working folder is not this one
    options = options if options.cwd else replace(options, cwd=os.getcwd())
    report = ExtractReport(folder)
    size, parts = partitions(paths)
    before = {p.name for p in folder.iterdir() if p.is_dir()}
    if not parts:
        write_manifest(folder, {"format": FORMAT, "options": asdict(options), "shards": []})
        return report
    with dask_client(scheduler, workers) as client:
        report.dashboard = dashboard_of(client)
        if started is not None:
            started(report)
        # Partitions of ``size`` files, in order: the same cuts as ``parts``.
        files = [f for part in parts for f in part]
        bag = db.from_sequence(files, partition_size=size)  # type: ignore[no-untyped-call]
        # One key for the known ids, shipped once to each worker, not once per task.
        ids = delayed(known, traverse=False) if known else frozenset()
        tasks = bag.map_partitions(extract_partition, str(folder), options, ids).to_delayed()
        futures = client.compute(tasks, retries=1)
        which = {f.key: i for i, f in enumerate(futures)}
        results: list[Summary | None] = [None] * len(futures)
        if progress is not None:
            progress(0, len(futures))
        finished = as_completed(futures)  # type: ignore[no-untyped-call]
        for done, future in enumerate(finished, start=1):
            i = which[future.key]
            try:
                results[i] = Summary.from_json(future.result()[0])
            except Exception as exc:  # a task that failed for good: its files are reported
                results[i] = _failed(parts[i], options, exc)
            if progress is not None:
                progress(done, len(futures))
    report.summaries = [s for s in results if s is not None]
    report.shards = [s.name for s in report.summaries if s.files and not s.name.startswith("-")]
    report.reused = len(before & set(report.shards))
    write_manifest(folder, {
        "format": FORMAT, "options": asdict(options), "shards": report.shards,
        "documents": sum(s.documents for s in report.summaries),
        "claims": sum(s.claims for s in report.summaries),
        # For people (FILE: problem), and for `load` (its summary counts rows apart).
        "skipped": [f"{where}: {why}" for where, why in report.skipped],
        "problems": [list(s) for s in report.skipped],
        "rows_skipped": sum(s.rows_skipped for s in report.summaries),
    })  # fmt: skip
    return report


def _failed(files: Files, options: ExtractOptions, exc: BaseException) -> Summary:
    why = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    # No shard was written: a name no shard has, so the manifest leaves it out.
    return Summary("-failed", files=len(files),
                   skipped=[(path, f"extraction failed: {why}") for path, _ in files])  # fmt: skip


def load_shards(folder: Path, store: Store, *, encoder: SentenceEncoder | None = None,
                cluster_threshold: float | None = None, match_threshold: float = 0.5,
                cluster_cosine: float = 1.01, progress: Progress | None = None,
                report: IngestReport | None = None) -> IngestReport:  # fmt: skip
    """Merge the shards of ``folder`` into ``store``: documents already stored are
    passed over, shards loaded before add nothing. Then the new claims are clustered
    and matched as ``ingest_paths`` does. Raises ShardError for an unreadable folder."""
    report = report or IngestReport()
    manifest = read_manifest(folder)
    names = [str(n) for n in manifest["shards"]]
    report.skipped += [(str(where), str(why)) for where, why in manifest.get("problems", [])]
    report.rows_skipped += int(manifest.get("rows_skipped", 0))
    done = store.shards.loaded(names)
    model = encoder.model_id if encoder is not None else None
    added: list[str] = []
    batch: list[Shard] = []
    furniture: dict[str, int] = {}

    def flush() -> None:
        loaded = store.shards.load(batch, model)
        added.extend(loaded.documents)
        report.documents_added += len(loaded.documents)
        report.documents_unchanged += loaded.unchanged
        report.claims_added += loaded.claims
        report.furniture += sum(furniture.get(d, 0) for d in loaded.documents)
        batch.clear()
        furniture.clear()

    all_encoded = True  # every shard brought vectors of this encoder: none to make
    for i, name in enumerate(names):
        shard, summary, counts = read_shard(folder, name)
        all_encoded &= summary.model == model or not summary.claims
        report.files += summary.files
        report.documents_unchanged += summary.known
        if name in done:
            report.documents_unchanged += len(shard.documents)
        else:
            batch.append(shard)
            furniture.update(counts)
            if sum(len(s.claims) for s in batch) >= LOAD_BATCH:
                flush()
        if progress is not None:
            progress(i + 1, len(names))
    if batch:
        flush()
    if encoder is not None and not all_encoded:
        encode_new_claims(store, encoder, added)
    if cluster_threshold is not None:
        link_new_claims(store, added, report, cluster_threshold, match_threshold, encoder,
                        cluster_cosine)  # fmt: skip
    return report


def ingest_with_dask(paths: Sequence[Path], store: Store, options: ExtractOptions, *,
                     scheduler: str | None = None, workers: int | None = None,
                     progress: Progress | None = None,
                     started: Callable[[ExtractReport], None] | None = None,
                     **load: Any) -> IngestReport:  # fmt: skip
    """``ingest`` on Dask: extract into a temporary shard folder, then load it. The
    workers pass over the documents stored already (up to ``KNOWN_LIMIT`` of them; past
    that the load passes them over instead)."""
    known = store.claims.document_ids(KNOWN_LIMIT) or set()
    with tempfile.TemporaryDirectory(prefix="workbench-shards-") as temp:
        run_extract(paths, Path(temp), options, scheduler=scheduler, workers=workers,
                    progress=progress, started=started, known=frozenset(known))  # fmt: skip
        return load_shards(Path(temp), store, **load)
