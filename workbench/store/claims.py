"""Documents and their claims: adding them once, reading them back."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.models import Claim, Document
from workbench.store.codec import (
    CLAIM_COLUMNS,
    CLAIM_NAMES,
    DOCUMENT_NAMES,
    claim_from_row,
    claim_values,
    document_values,
)
from workbench.store.database import SQLite, StoreError


@dataclass(frozen=True)
class DocumentSummary:
    """A document without its text, with how many claims it has."""

    id: str
    source_path: str | None
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    ingested_at: str
    claims: int


class Claims:
    """Documents and claims. Re-adding a stored document changes nothing."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    def has_document(self, doc_id: str) -> bool:
        return self._db.scalar("SELECT 1 FROM documents WHERE id = ?", [doc_id]) is not None

    def document_ids(self, limit: int) -> set[str] | None:
        """The ids of every stored document, or None when there are more than ``limit``."""
        rows = self._db.all("SELECT id FROM documents LIMIT ?", [limit + 1])
        return None if len(rows) > limit else {r[0] for r in rows}

    def add_document(self, document: Document, claims: Sequence[Claim]) -> bool:
        """Store a document and its claims in one transaction.

        Returns False, writing nothing, when the document is already stored:
        re-ingesting the same text changes nothing.
        """
        with self._db.write():
            if self.has_document(document.id):
                return False
            self._insert_documents([document])
            self._insert_claims(claims)
        return True

    def bulk_add(self, items: Iterable[tuple[Document, Sequence[Claim]]], batch: int = 500) -> int:
        """Fast path for large loads: many documents per transaction. Returns documents added."""
        added = 0
        pending: list[tuple[Document, Sequence[Claim]]] = []

        def flush() -> None:
            nonlocal added
            with self._db.write():
                new = [(d, c) for d, c in pending if not self.has_document(d.id)]
                self._insert_documents([d for d, _ in new])
                self._insert_claims([claim for _, cs in new for claim in cs])
                added += len(new)
            pending.clear()

        for item in items:
            pending.append(item)
            if len(pending) >= batch:
                flush()
        if pending:
            flush()
        return added

    def add_missing(self, document: Document | None, claims: Sequence[Claim]) -> int:
        """For an import: store the document if new and the claims it lacks. Returns claims
        added. Claims of a document that is not stored and not given are an error."""
        with self._db.write():
            if document is not None and not self.has_document(document.id):
                self._insert_documents([document])
            return self._insert_claims(claims)

    def _insert_documents(self, documents: Sequence[Document]) -> None:
        self._db.executemany(
            f"INSERT INTO documents ({', '.join(DOCUMENT_NAMES)}) "
            f"VALUES ({','.join('?' * len(DOCUMENT_NAMES))})",
            [document_values(d) for d in documents],
        )

    def _insert_claims(self, claims: Sequence[Claim]) -> int:
        """Insert the claims not stored yet; returns how many were new."""
        cur = self._db.executemany(
            f"INSERT OR IGNORE INTO claims ({CLAIM_COLUMNS}) "
            f"VALUES ({','.join('?' * len(CLAIM_NAMES))})",
            [claim_values(c) for c in claims],
        )
        return max(0, cur.rowcount)

    def get_document(self, doc_id: str) -> Document:
        cur = self._db.execute(f"SELECT {', '.join(DOCUMENT_NAMES)} FROM documents WHERE id = ?",
                               [doc_id])  # fmt: skip
        row = cur.fetchone()
        if row is None:
            raise StoreError(f"no document {doc_id}")
        data = dict(zip(DOCUMENT_NAMES, row, strict=True))
        data["meta"] = json.loads(data["meta"])
        return Document.model_validate(data)

    def documents(self) -> list[DocumentSummary]:
        """Every document without its text, in ingest order, with claim counts."""
        rows = self._db.all(
            "SELECT d.id, d.source_path, d.title, d.outlet, d.published, d.language, "
            "d.ingested_at, (SELECT count(*) FROM claims c WHERE c.doc_id = d.id) AS claims "
            "FROM documents d ORDER BY d.ingested_at, d.source_path"
        )
        return [DocumentSummary(*row) for row in rows]

    def get_claim(self, claim_id: str) -> Claim:
        row = self._db.one(f"SELECT {CLAIM_COLUMNS} FROM claims WHERE id = ?", [claim_id])
        if row is None:
            raise StoreError(f"no claim {claim_id}")
        return claim_from_row(row)

    def exists(self, claim_id: str) -> bool:
        return self._db.scalar("SELECT 1 FROM claims WHERE id = ?", [claim_id]) is not None

    def claim_ids_starting(self, prefix: str, limit: int = 10) -> list[str]:
        """Claim ids that start with ``prefix`` (users type the first few characters)."""
        if not prefix or not all(ch in "0123456789abcdef" for ch in prefix.lower()):
            return []
        hi = prefix.lower() + "g"  # every hex id with this prefix sorts below it
        rows = self._db.all(
            "SELECT id FROM claims WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            [prefix.lower(), hi, limit],
        )
        return [row[0] for row in rows]

    def claims_of(self, doc_id: str) -> list[Claim]:
        rows = self._db.all(
            f"SELECT {CLAIM_COLUMNS} FROM claims WHERE doc_id = ? ORDER BY seq", [doc_id]
        )
        return [claim_from_row(row) for row in rows]

    def ids_of_documents(self, doc_ids: Sequence[str]) -> list[tuple[int, str]]:
        """(num, id) of every claim of these documents."""
        return self._db.in_chunks("SELECT num, id FROM claims WHERE doc_id IN ({marks})", doc_ids)

    def count_clustered(self, claim_ids: Sequence[str]) -> int:
        """How many of these claims are in a cluster."""
        rows = self._db.in_chunks(
            "SELECT count(*) FROM claims WHERE cluster_id IS NOT NULL AND id IN ({marks})",
            claim_ids,
        )
        return sum(r[0] for r in rows)
