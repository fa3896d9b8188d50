"""Bulk loading of extracted shards (`workbench load`): documents, claims and vectors in
one IMMEDIATE transaction per batch of shards, each shard recorded as loaded with them.

Rows come in the column order of ``codec`` (``DOCUMENT_NAMES``, ``CLAIM_NAMES``): the
shards hold exactly what ``claim_values`` and ``document_values`` make, so loading is
``executemany`` with no model in between.

The full-text indexes are filled once per batch with one ``INSERT ... SELECT`` instead of
by the per-row triggers: FTS5 flushes its pending terms at the end of every trigger
statement, which made 100k claims take 40 s instead of 3 s. The triggers are dropped and
created again from their own stored SQL inside the same transaction, so no other
connection ever sees the schema without them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from workbench.models import iso, utcnow
from workbench.store.codec import CLAIM_COLUMNS, CLAIM_NAMES, DOCUMENT_NAMES
from workbench.store.database import SQLite

Row = Sequence[Any]
#: The insert triggers the batch replaces by one set-based insert each, with that insert.
_INDEXED_BY_TRIGGER = {
    "claims_fts_insert": "INSERT INTO claims_fts(rowid, text, normalized, speaker) "
    "SELECT num, text, normalized, speaker FROM claims WHERE num > ?",
    "claims_match_insert": "INSERT INTO claims_match(rowid, normalized) "
    "SELECT num, normalized FROM claims WHERE num > ?",
}
#: Page cache for a load (KiB, negative as SQLite wants): the claims' indexes are
#: random-order B-trees, and a 2 MB cache re-reads their pages on every insert.
_LOAD_CACHE_KIB = 256 * 1024
_DOC_ID = CLAIM_NAMES.index("doc_id")
_CLAIM_ID = CLAIM_NAMES.index("id")


@dataclass
class Shard:
    """One shard's rows, as ``codec`` orders them."""

    name: str
    documents: Sequence[Row]
    claims: Sequence[Row]
    #: (claim id, float16 BLOB) of ``model``.
    vectors: Sequence[tuple[str, bytes]] = field(default_factory=list)
    model: str | None = None


@dataclass
class Loaded:
    """What a batch added: the new documents' ids (in shard order) and claim count."""

    documents: list[str] = field(default_factory=list)
    claims: int = 0
    unchanged: int = 0  # documents already stored
    shards: int = 0


class Shards:
    """Which shards are loaded, and loading them."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    def loaded(self, names: Sequence[str]) -> set[str]:
        """Those of ``names`` already loaded."""
        rows = self._db.in_chunks("SELECT name FROM loaded_shards WHERE name IN ({marks})",
                                  list(names))  # fmt: skip
        return {r[0] for r in rows}

    def load(self, shards: Sequence[Shard], model: str | None) -> Loaded:
        """Add the documents not stored yet with their claims (and their vectors when
        made by ``model``), and record each shard; a shard loaded before adds nothing."""
        out = Loaded()
        self._db.execute(f"PRAGMA cache_size=-{_LOAD_CACHE_KIB}")
        with self._db.write():
            done = self.loaded([s.name for s in shards])
            todo = [s for s in shards if s.name not in done]
            ids = [d[0] for s in todo for d in s.documents]
            known = {r[0] for r in self._db.in_chunks(
                "SELECT id FROM documents WHERE id IN ({marks})", ids)}  # fmt: skip
            before = int(self._db.scalar("SELECT coalesce(max(num), 0) FROM claims"))
            records: list[tuple[str, str, int, int]] = []
            new_claims: list[Row] = []
            vectors: list[tuple[str, bytes, str]] = []
            for shard in todo:
                new = [d for d in shard.documents if d[0] not in known]
                known.update(d[0] for d in new)
                self._db.executemany(
                    f"INSERT INTO documents ({', '.join(DOCUMENT_NAMES)}) "
                    f"VALUES ({','.join('?' * len(DOCUMENT_NAMES))})", new)  # fmt: skip
                added = {d[0] for d in new}
                claims = [c for c in shard.claims if c[_DOC_ID] in added]
                new_claims += claims
                if model is not None and shard.model == model:
                    wanted = {c[_CLAIM_ID] for c in claims}
                    vectors += [(model, blob, cid) for cid, blob in shard.vectors if cid in wanted]
                out.documents += [d[0] for d in new]
                out.unchanged += len(shard.documents) - len(new)
                out.claims += len(claims)
                records.append((shard.name, iso(utcnow()), len(new), len(claims)))
            with self._triggers_replaced(before):
                self._db.executemany(
                    f"INSERT OR IGNORE INTO claims ({CLAIM_COLUMNS}) "
                    f"VALUES ({','.join('?' * len(CLAIM_NAMES))})", new_claims)  # fmt: skip
            self._db.executemany(
                "INSERT OR REPLACE INTO claim_vectors (num, model, vec) "
                "SELECT num, ?, ? FROM claims WHERE id = ?", vectors)  # fmt: skip
            self._db.executemany(
                "INSERT INTO loaded_shards (name, loaded_at, documents, claims) "
                "VALUES (?, ?, ?, ?)", records)  # fmt: skip
            out.shards = len(records)
        return out

    @contextmanager
    def _triggers_replaced(self, before: int) -> Iterator[None]:
        """Inside a write: the claims' full-text insert triggers off, then the rows above
        ``before`` indexed in one statement each and the triggers created again."""
        names = list(_INDEXED_BY_TRIGGER)
        stored = dict(self._db.all(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({','.join('?' * len(names))})", names))  # fmt: skip
        for name in stored:
            self._db.execute(f"DROP TRIGGER {name}")
        yield
        for name, sql in stored.items():
            self._db.execute(_INDEXED_BY_TRIGGER[name], [before])
            self._db.execute(sql)
