"""Ingest a batch of files: read, extract, store. One bad file never stops the batch."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from workbench.extract.paragraphs import MAX_DOCUMENT
from workbench.extract.pipeline import Extraction, Extractor
from workbench.ingest.fetch import FetchError, Page, fetch, is_url
from workbench.ingest.readers import SkipFile, iter_files
from workbench.ingest.sources import Format, Problem, page_document, read_source
from workbench.models import Document, iso
from workbench.store import Store
from workbench.store.vectors import SentenceEncoder
from workbench.terminal import count


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
    #: (file, FILE:LINE or URL, why), in the order met.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rows_skipped: int = 0
    urls_skipped: int = 0
    pages_kept: int = 0

    def summary(self) -> str:
        parts = [f"{count(self.documents_added, 'document')} added",
                 count(self.claims_added, "claim")]  # fmt: skip
        if self.documents_unchanged:
            parts.append(f"{self.documents_unchanged} already in the database")
        if self.furniture:
            parts.append(f"{count(self.furniture, 'furniture paragraph')} set aside")
        if self.clustered:
            parts.append(f"{self.clustered} in clusters")
        if self.matched:
            parts.append(f"{self.matched} checked before")
        files = len(self.skipped) - self.rows_skipped - self.urls_skipped
        parts.append(f"{count(files, 'file')} skipped")
        if self.rows_skipped:
            parts.append(f"{count(self.rows_skipped, 'row')} skipped")
        if self.urls_skipped:
            parts.append(f"{count(self.urls_skipped, 'URL')} skipped")
        return ", ".join(parts)


Progress = Callable[[int, int, str], None]
"""Called as (items done, items in all, current file or URL); a collection adds its
articles to the items as they are read."""


def ingest_paths(
    paths: Iterable[Path | str],
    store: Store,
    extractor: Extractor | Callable[[], Extractor],
    *,
    progress: Progress | None = None,
    cluster_threshold: float | None = None,
    match_threshold: float = 0.5,
    fmt: Format | None = None,
    moderators: Sequence[str] = (),
    fetch_page: Callable[[str], Page] = fetch,
    encoder: SentenceEncoder | None = None,
    cluster_cosine: float = 1.01,
) -> IngestReport:
    """Ingest files, folders and URLs (``http(s)://`` strings) into ``store``.

    ``extractor`` may be a factory, so that loading spaCy is skipped when every
    file is already in the database. Documents already stored are not parsed
    again and nothing about them changes. (More than one process: ``services.scale``,
    on Dask.)
    With ``cluster_threshold``, the new claims are then clustered with every claim
    stored and matched against the claims checked before. ``fmt`` reads every file
    with one reader (else each file's name decides); ``moderators`` names the
    speakers of transcripts whose turns hold no claims. Each fetched page is kept in
    the store with its fetch time.
    With an ``encoder``, the new claims' stand-alone texts are encoded and their
    vectors stored.
    """
    report = IngestReport()
    sources = _expand(paths)
    total = len(sources)
    done = 0
    #: Pages fetched whose document is not stored yet: kept once it is (provenance).
    pages: dict[str, list[Page]] = {}

    def tick(where: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, where)

    def read(source: Path | str) -> Iterator[Document | Problem]:
        if isinstance(source, Path):
            yield from read_source(source, fmt, moderators)
            return
        try:
            page = fetch_page(source)
        except FetchError as exc:
            raise SkipFile(str(exc)) from None
        document = page_document(page)
        pages.setdefault(document.id, []).append(page)
        yield document

    def documents() -> Iterator[Document]:
        nonlocal total
        for source, problem in sources:
            report.files += 1
            found = 0
            try:
                if problem:
                    raise SkipFile(problem)
                for item in read(source):
                    if isinstance(item, Problem):
                        report.skipped.append((item.where, item.reason))
                        report.rows_skipped += 1
                        continue
                    found += 1
                    total += found > 1  # a collection's second article and on
                    if reason := too_long(item):
                        report.skipped.append((f"{source}", reason))
                        tick(str(source))
                        continue
                    if store.claims.has_document(item.id):
                        report.documents_unchanged += 1
                        _keep_pages(store, pages, item.id, report)
                        tick(str(source))
                        continue
                    yield item
            except (SkipFile, ValueError) as exc:
                # ValueError: a Document the models refused (pydantic's errors are ValueErrors).
                report.skipped.append((str(source), str(exc).splitlines()[0]))
                report.urls_skipped += isinstance(source, str)
            if not found:
                tick(str(source))

    pending = documents()
    first = next(pending, None)
    if first is None:
        return report
    # Loaded only now, so that a batch of known files never pays for loading the model.
    if not isinstance(extractor, Extractor):
        extractor = extractor()
    documents_in = itertools.chain([first], pending)
    extractions = extractor.run(documents_in)
    added: list[str] = []
    carried = _Carried(store, encoder)
    for extraction in extractions:
        if store.claims.add_document(extraction.document, extraction.claims):
            added.append(extraction.document.id)
            report.documents_added += 1
            report.claims_added += len(extraction.claims)
            report.furniture += len(extraction.furniture)
            carried.add(extraction)
        else:
            report.documents_unchanged += 1
        _keep_pages(store, pages, extraction.document.id, report)
        tick(extraction.document.source_path or "")
    carried.flush()
    if encoder is not None:
        encode_new_claims(store, encoder, added)
    if cluster_threshold is not None:
        link_new_claims(store, added, report, cluster_threshold, match_threshold, encoder,
                        cluster_cosine)  # fmt: skip
    return report


def too_long(document: Document) -> str | None:
    """Why a document is skipped unextracted (it would hold up its batch), or None."""
    if len(document.text) <= MAX_DOCUMENT:
        return None
    return (f"too long to extract ({len(document.text):,} characters; the limit is "
            f"{MAX_DOCUMENT:,})")  # fmt: skip


def _expand(paths: Iterable[Path | str]) -> list[tuple[Path | str, str | None]]:
    """Files of folders, and URLs as they are, in the order given."""
    out: list[tuple[Path | str, str | None]] = []
    for source in paths:
        if isinstance(source, str) and is_url(source):
            out.append((source.strip(), None))
        else:
            out.extend(iter_files([Path(source)]))
    return out


def _keep_pages(store: Store, pages: dict[str, list[Page]], doc_id: str,
                report: IngestReport) -> None:  # fmt: skip
    for page in pages.pop(doc_id, []):
        store.web_pages.add(
            url=page.url, final_url=page.final_url, status=page.status,
            content_type=page.content_type, fetched_at=iso(page.fetched_at), body=page.body,
            doc_id=doc_id,
        )  # fmt: skip
        report.pages_kept += 1


#: Carried vectors written per transaction (as ``match.embedding.BATCH``).
CARRY_BATCH = 256


class _Carried:
    """Stores the vectors the extraction made (``Extraction.vectors``) when they are of
    the ingest's encoder's model, a few hundred rows per transaction, so that
    ``encode_new_claims`` finds them stored and encodes no text twice."""

    def __init__(self, store: Store, encoder: SentenceEncoder | None) -> None:
        self.store = store
        self.model = encoder.model_id if encoder is not None else None
        self.docs: list[str] = []
        self.ids: list[str] = []
        self.rows: list[npt.NDArray[np.float32]] = []

    def add(self, extraction: Extraction) -> None:
        if extraction.vectors is None or extraction.vector_model != self.model:
            return
        self.docs.append(extraction.document.id)
        self.ids += [c.id for c in extraction.claims]
        self.rows.append(extraction.vectors)
        if len(self.ids) >= CARRY_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.ids or self.model is None:
            return
        num = {claim: n for n, claim in self.store.claims.ids_of_documents(self.docs)}
        matrix = np.concatenate(self.rows)
        keep = [k for k, claim in enumerate(self.ids) if claim in num]
        self.store.vectors.put("claims", self.model, [num[self.ids[k]] for k in keep],
                               matrix[keep])  # fmt: skip
        self.docs, self.ids, self.rows = [], [], []


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
