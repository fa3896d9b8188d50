"""A searchable memory of checked claims: SQLite FTS5 with BM25 ranking.

Used to find claims that were already checked. The index lives in its own
database (in memory by default), so an evaluation never touches the review
database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlite_utils import Database

_STOP = frozenset(
    "a an and are as at be but by for from has have he her his i in is it its of on or our "
    "she that the their them they this to was we were will with you your rt amp via just "
    "so not no do does did can all about what who how".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOISE = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|@\w+")


def terms(text: str) -> list[str]:
    """Search terms: links and handles dropped, hashtags split at capitals, stop words out."""
    text = _NOISE.sub(" ", text)
    text = re.sub(r"#(\w+)", lambda m: " " + _CAMEL.sub(" ", m.group(1)), text)
    return [w for w in (w.lower() for w in _WORD.findall(text)) if w not in _STOP and len(w) > 1]


class ClaimMemory:
    """Checked claims (id, claim text, title) ranked against a query by BM25."""

    def __init__(self, db: Database | None = None) -> None:
        self.db = db or Database(memory=True)
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS memory USING fts5("
            "key UNINDEXED, claim, title, tokenize='porter unicode61 remove_diacritics 2')"
        )

    def add(self, items: Iterable[tuple[str, str, str]]) -> int:
        with self.db.atomic():
            cur = self.db.conn.executemany(
                "INSERT INTO memory (key, claim, title) VALUES (?, ?, ?)", list(items)
            )
        return cur.rowcount

    def search(self, text: str, limit: int = 5) -> list[tuple[str, float]]:
        """(key, score) of the best matches, best first; higher score is better."""
        words = sorted(set(terms(text)))
        if not words:
            return []
        query = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.conn.execute(
            "SELECT key, bm25(memory, 1.0, 0.6) AS rank FROM memory WHERE memory MATCH ? "
            "ORDER BY rank LIMIT ?",
            [query, limit],
        ).fetchall()
        return [(key, -rank) for key, rank in rows]
