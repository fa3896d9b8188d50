"""Ingest a batch of files: read, extract, store. One bad file never stops the batch."""

from __future__ import annotations

import collections
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path

from workbench.extract.pipeline import Extraction, Extractor
from workbench.ingest.readers import SkipFile, iter_files, read_document
from workbench.models import Document
from workbench.store import Store
from workbench.store.vectors import SentenceEncoder


@dataclass
class IngestReport:
    """What a batch did: for the summary line and the exit status."""

    files: int = 0
    documents_added: int = 0
    documents_unchanged: int = 0
    claims_added: int = 0
    furniture: int = 0
    clustered: int = 0  # new claims that joined a cluster
    matched: int = 0  # new claims with a previous verdict
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{self.documents_added} document{'s' if self.documents_added != 1 else ''} added",
            f"{self.claims_added} claim{'s' if self.claims_added != 1 else ''}",
        ]
        if self.documents_unchanged:
            parts.append(f"{self.documents_unchanged} already in the database")
        if self.furniture:
            parts.append(f"{self.furniture} furniture paragraphs set aside")
        if self.clustered:
            parts.append(f"{self.clustered} in clusters")
        if self.matched:
            parts.append(f"{self.matched} checked before")
        parts.append(f"{len(self.skipped)} file{'s' if len(self.skipped) != 1 else ''} skipped")
        return ", ".join(parts)


Progress = Callable[[int, int, str], None]
"""Called as (files done, files in all, current file)."""


def ingest_paths(
    paths: Iterable[Path],
    store: Store,
    extractor: Extractor | Callable[[], Extractor],
    *,
    progress: Progress | None = None,
    processes: int = 1,
    cluster_threshold: float | None = None,
    match_threshold: float = 0.5,
    encoder: SentenceEncoder | None = None,
    cluster_cosine: float = 1.01,
) -> IngestReport:
    """Ingest files and folders into ``store``.

    ``extractor`` may be a factory, so that loading spaCy is skipped when every
    file is already in the database. Documents already stored are not parsed
    again and nothing about them changes. With ``processes`` > 1, documents are
    extracted by that many forked worker processes (each with the model loaded
    once) while this process reads files and writes the database, in order.
    With an ``encoder``, the new claims' stand-alone texts are encoded and their
    vectors stored. With ``cluster_threshold``, the new claims are then clustered with
    every claim stored and matched against the claims checked before.
    """
    report = IngestReport()
    files = list(iter_files(paths))
    total = len(files)
    done = 0

    def documents() -> Iterator[Document]:
        nonlocal done
        for path, problem in files:
            report.files += 1
            try:
                if problem:
                    raise SkipFile(problem)
                document = read_document(path)
            except SkipFile as exc:
                report.skipped.append((str(path), str(exc)))
                done += 1
                if progress:
                    progress(done, total, str(path))
                continue
            if store.claims.has_document(document.id):
                report.documents_unchanged += 1
                done += 1
                if progress:
                    progress(done, total, str(path))
                continue
            yield document

    pending = documents()
    first = next(pending, None)
    if first is None:
        return report
    # Loaded only now, so that a batch of known files never pays for loading the model.
    if not isinstance(extractor, Extractor):
        extractor = extractor()
    documents_in = itertools.chain([first], pending)
    if processes > 1:
        extractions = _parallel(extractor, documents_in, processes)
    else:
        extractions = extractor.run(documents_in)
    added: list[str] = []
    for extraction in extractions:
        if store.claims.add_document(extraction.document, extraction.claims):
            added.append(extraction.document.id)
            report.documents_added += 1
            report.claims_added += len(extraction.claims)
            report.furniture += len(extraction.furniture)
        else:
            report.documents_unchanged += 1
        done += 1
        if progress:
            progress(done, total, extraction.document.source_path or "")
    if encoder is not None:
        encode_new_claims(store, encoder, added)
    if cluster_threshold is not None:
        link_new_claims(store, added, report, cluster_threshold, match_threshold, encoder,
                        cluster_cosine)  # fmt: skip
    return report


def encode_new_claims(store: Store, encoder: SentenceEncoder, doc_ids: list[str]) -> None:
    """Store the vectors of the claims of new documents, and of any claims an earlier
    run committed but never clustered (it may have stopped before encoding them)."""
    from workbench.match.embedding import encode_rows

    nums = [num for num, _ in store.claims.ids_of_documents(doc_ids)]
    nums += store.clusters.unclustered()
    have = store.vectors.get("claims", encoder.model_id, nums, encoder.dimension)
    todo = store.vectors.texts("claims", sorted(set(nums) - set(have)))
    encode_rows(store, encoder, "claims", todo)


def link_new_claims(store: Store, doc_ids: list[str], report: IngestReport,
                    cluster_threshold: float, match_threshold: float,
                    encoder: SentenceEncoder | None = None, cluster_cosine: float = 1.01
                    ) -> None:  # fmt: skip
    """Cluster the claims of new documents (and any an earlier run committed but never
    clustered) and match them against the checked ones."""
    from workbench.match import Matcher, cluster

    rows = store.claims.ids_of_documents(doc_ids)
    if not rows and not store.clusters.unclustered():
        return
    cluster(
        store, cluster_threshold, [num for num, _ in rows], encoder=encoder, cosine=cluster_cosine
    )
    ids = [claim for _, claim in rows]
    report.clustered = store.claims.count_clustered(ids)
    report.matched = Matcher(store, match_threshold, encoder).refresh(ids) if ids else 0


#: Documents per job sent to a worker: enough to fill spaCy batches, small enough to
#: keep every worker busy until the end of the batch.
CHUNK = 8
_WORKER: Extractor | None = None


def _work(documents: list[Document]) -> list[Extraction]:
    assert _WORKER is not None
    return list(_WORKER.run(documents))


def _parallel(extractor: Extractor, documents: Iterator[Document], processes: int
              ) -> Iterator[Extraction]:  # fmt: skip
    """Extraction in forked workers that inherit the loaded pipeline (no reload, no
    pickling of the model); results come back in input order."""
    global _WORKER
    _WORKER = extractor
    context = multiprocessing.get_context("fork")

    # Submitted from this thread (not Pool.imap's feeder thread): reading the next
    # files asks the store whether they are known, and the connection is this thread's.
    with context.Pool(processes) as pool:
        pending: collections.deque[AsyncResult[list[Extraction]]] = collections.deque()
        while True:
            while len(pending) < 2 * processes:
                chunk = list(itertools.islice(documents, CHUNK))
                if not chunk:
                    break
                pending.append(pool.apply_async(_work, (chunk,)))
            if not pending:
                return
            yield from pending.popleft().get()
