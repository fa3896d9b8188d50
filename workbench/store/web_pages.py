"""Web pages as fetched: the raw page, compressed, with its fetch time (provenance)."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from typing import Any

from workbench.store.database import SQLite


@dataclass(frozen=True)
class StoredPage:
    """One fetch of a page, as ``workbench ingest URL`` kept it."""

    id: int
    url: str
    final_url: str
    status: int
    content_type: str
    fetched_at: str
    sha256: str
    size: int
    doc_id: str | None
    body: bytes


_COLUMNS = "id, url, final_url, status, content_type, fetched_at, sha256, size, doc_id, body_gzip"


class WebPages:
    """Every fetch of a page; rows are only ever added."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    def add(self, *, url: str, final_url: str, status: int, content_type: str,
            fetched_at: str, body: bytes, doc_id: str | None) -> int:  # fmt: skip
        """Keep one fetch; ``doc_id`` must be stored already (or None). Returns its id."""
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO web_pages (url, final_url, status, content_type, fetched_at, "
                "sha256, size, body_gzip, doc_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [url, final_url, status, content_type, fetched_at,
                 hashlib.sha256(body).hexdigest(), len(body), gzip.compress(body, mtime=0),
                 doc_id],
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    def of_document(self, doc_id: str) -> list[StoredPage]:
        """Every fetch a document was read from, oldest first."""
        rows = self._db.all(f"SELECT {_COLUMNS} FROM web_pages WHERE doc_id = ? ORDER BY id",
                            [doc_id])  # fmt: skip
        return [_page(row) for row in rows]

    def of_url(self, url: str) -> list[StoredPage]:
        rows = self._db.all(f"SELECT {_COLUMNS} FROM web_pages WHERE url = ? ORDER BY id", [url])
        return [_page(row) for row in rows]


def _page(row: tuple[Any, ...]) -> StoredPage:
    num, url, final_url, status, content_type, fetched_at, sha256, size, doc_id, blob = row
    return StoredPage(id=num, url=url, final_url=final_url, status=status,
                      content_type=content_type, fetched_at=fetched_at, sha256=sha256,
                      size=size, doc_id=doc_id, body=gzip.decompress(blob))  # fmt: skip
