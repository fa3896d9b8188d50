"""A searchable memory of checked claims: SQLite FTS5 with BM25 ranking.

The same tables live in the review database (migration ``m004_matching``: claims
reviewed there and claims imported with ``workbench import-checked``) and in a
throwaway in-memory database for ``workbench evaluate matching``.

Queries keep only the rarest words of the text (by the index's own document
frequencies), so a query never walks the long posting lists of words that half
the memory contains: that is what keeps a query against a million claims fast.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

_STOP = frozenset(
    "a an and are as at be but by for from has have he her his i in is it its of on or our "
    "she that the their them they this to was we were will with you your rt amp via just "
    "so not no do does did can all about what who how".split()
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_LETTER_DIGIT = re.compile(r"\b([A-Za-z]{1,3})-(\d{1,3})\b")
_LINKS = re.compile(r"https?://\S+|pic\.twitter\.com/\S+")
#: Words a query keeps at most, rarest first.
QUERY_WORDS = 64
#: Words in more than this share of the index are left out of queries: they barely
#: change the ranking and their posting lists are what makes a query slow.
COMMON = 0.1
#: Rarest words first, a query stops adding words once their posting lists hold this
#: many entries in all: BM25 scores every entry, so this bounds a query's time however
#: large the memory grows.
POSTINGS = 10_000

TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"

MEMORY_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS memory (
    num   INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,   -- 'checked:<id>' or 'claim:<id>'
    text  TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT ''
);
CREATE VIRTUAL TABLE IF NOT EXISTS memory_fts USING fts5(
    text, title, content='memory', content_rowid='num', {TOKENIZE}
);
CREATE VIRTUAL TABLE IF NOT EXISTS memory_vocab USING fts5vocab(memory_fts, 'row');
CREATE TRIGGER IF NOT EXISTS memory_fts_insert AFTER INSERT ON memory BEGIN
    INSERT INTO memory_fts(rowid, text, title) VALUES (new.num, new.text, new.title);
END;
CREATE TRIGGER IF NOT EXISTS memory_fts_delete AFTER DELETE ON memory BEGIN
    INSERT INTO memory_fts(memory_fts, rowid, text, title)
    VALUES ('delete', old.num, old.text, old.title);
END;
CREATE TRIGGER IF NOT EXISTS memory_fts_update AFTER UPDATE OF text, title ON memory BEGIN
    INSERT INTO memory_fts(memory_fts, rowid, text, title)
    VALUES ('delete', old.num, old.text, old.title);
    INSERT INTO memory_fts(rowid, text, title) VALUES (new.num, new.text, new.title);
END;
"""


#: Document frequencies of the memory's stems, kept beside FTS5: its vocabulary table
#: counts a term's documents by walking the term's whole posting list, which for a
#: common word in a million claims takes longer than the query itself.
MEMORY_DF_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory_df (
    term TEXT PRIMARY KEY,
    doc  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS memory_df_state (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    upto INTEGER NOT NULL        -- memory rows counted: num <= upto
);
"""


def terms(text: str) -> list[str]:
    """Search words: links dropped, hashtags and handles split at capitals
    (@JoeBiden is "joe biden"), stop words out."""
    text = _LINKS.sub(" ", text)
    text = _LETTER_DIGIT.sub(r"\1\2", text)  # "G-7" and "G7" are one word
    text = re.sub(r"[@#](\w+)", lambda m: " " + _CAMEL.sub(" ", m.group(1)).replace("_", " "), text)
    return [w for w in (w.lower() for w in _WORD.findall(text)) if w not in _STOP and len(w) > 1]


class Stemmer:
    """The index's own stems of words (Porter, as FTS5 tokenizes), from a temporary
    FTS5 table on the same connection: no second stemmer to disagree with SQLite."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.wb_stem USING fts5(w, {TOKENIZE})")
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.wb_stem_i USING fts5vocab(temp, wb_stem, "
            "'instance')"
        )
        self._cache: dict[str, str] = {}

    def stems(self, words: Sequence[str]) -> list[str]:
        todo = sorted({w for w in words if w not in self._cache})
        if todo:
            # The temp table's writes must not leave an implicit transaction open: a
            # later `atomic()` would nest in it as a savepoint and never commit.
            outside = not self.conn.in_transaction
            self.conn.executemany(
                "INSERT INTO temp.wb_stem(rowid, w) VALUES (?, ?)", list(enumerate(todo))
            )
            got = dict(self.conn.execute("SELECT doc, term FROM temp.wb_stem_i"))
            self.conn.execute("DELETE FROM temp.wb_stem")
            if outside and self.conn.in_transaction:
                self.conn.commit()
            if len(self._cache) > 200_000:
                self._cache.clear()
            for i, word in enumerate(todo):
                self._cache[word] = got.get(i, word)
        return [self._cache[w] for w in words]


def pick_words(words: Sequence[str], stems: Sequence[str], df: Callable[[str], int],
               total: int, limit: int = QUERY_WORDS, common: float = COMMON
               ) -> list[str]:  # fmt: skip
    """The words worth querying, rarest first: words the index has never seen cannot
    match; words in more than ``common`` of its ``total`` rows, or past the
    ``POSTINGS`` budget, are left out unless nothing else is left."""
    best: dict[str, tuple[int, str]] = {}
    for word, stem in zip(words, stems, strict=True):
        n = df(stem)
        if n and (stem not in best or (n, word) < best[stem]):
            best[stem] = (n, word)
    cutoff = max(50, common * total)
    budget = POSTINGS
    keep: list[str] = []
    # Ascending frequencies: the first word that does not fit means none after it does.
    for n, word in sorted(best.values()):
        if len(keep) == limit or (keep and (n > cutoff or n > budget)):
            break
        keep.append(word)
        budget -= n
    return keep


def or_query(words: Iterable[str]) -> str:
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


class DocFreq:
    """Document frequencies of the memory's stems, from the ``memory_df`` table, brought
    up to date with the rows added to the memory since it was last counted."""

    def __init__(self, conn: sqlite3.Connection, stemmer: Stemmer) -> None:
        self.conn = conn
        self.stemmer = stemmer

    def refresh(self) -> None:
        top = self.conn.execute("SELECT coalesce(max(num), 0) FROM memory").fetchone()[0]
        row = self.conn.execute("SELECT upto FROM memory_df_state").fetchone()
        upto = row[0] if row else None
        if upto == top:
            return
        outside = not self.conn.in_transaction
        if upto is None or top - upto > max(1000, upto // 10):
            # Many new rows: count everything again from FTS5's vocabulary in one pass.
            self.conn.execute("DELETE FROM memory_df")
            self.conn.execute("INSERT INTO memory_df SELECT term, doc FROM memory_vocab")
        else:
            counts: dict[str, int] = {}
            for text, title in self.conn.execute(
                "SELECT text, title FROM memory WHERE num > ?", [upto]
            ).fetchall():
                words = _WORD.findall(f"{text} {title}".lower())
                for stem in set(self.stemmer.stems(words)):
                    counts[stem] = counts.get(stem, 0) + 1
            self.conn.executemany(
                "INSERT INTO memory_df (term, doc) VALUES (?, ?) "
                "ON CONFLICT(term) DO UPDATE SET doc = doc + excluded.doc",
                list(counts.items()),
            )
        self.conn.execute("INSERT OR REPLACE INTO memory_df_state (id, upto) VALUES (1, ?)", [top])
        if outside and self.conn.in_transaction:
            self.conn.commit()

    def lookup(self, stems: Iterable[str]) -> dict[str, int]:
        unique = sorted(set(stems))
        out: dict[str, int] = {}
        for i in range(0, len(unique), 500):
            part = unique[i : i + 500]
            out.update(self.conn.execute(
                f"SELECT term, doc FROM memory_df WHERE term IN ({','.join('?' * len(part))})",
                part))  # fmt: skip
        return out


@dataclass(frozen=True)
class Hit:
    key: str
    text: str
    title: str
    bm25: float  # higher is better


class ClaimMemory:
    """Checked claims (key, claim text, title) ranked against a query by BM25."""

    #: Column weights: the claim and the title a fact-checker gave it count the same.
    WEIGHTS = (1.0, 1.0)

    def __init__(self, db: Database | None = None) -> None:
        self.db = db or Database(memory=True)
        self.db.conn.executescript(MEMORY_SCHEMA + MEMORY_DF_SCHEMA)
        self.stemmer = Stemmer(self.db.conn)
        self.df = DocFreq(self.db.conn, self.stemmer)

    def add(self, items: Iterable[tuple[str, str, str]]) -> int:
        """Add (key, text, title) items; a key already there is left as it is."""
        with self.db.atomic():
            cur = self.db.conn.executemany(
                "INSERT OR IGNORE INTO memory (key, text, title) VALUES (?, ?, ?)", list(items)
            )
        return cur.rowcount

    def count(self) -> int:
        # max(num) rather than count(*): a scan of a million rows on every query is not cheap.
        return self.db.conn.execute("SELECT coalesce(max(num), 0) FROM memory").fetchone()[0]

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """The best matches, best first."""
        self.df.refresh()
        found = terms(text)
        stems = self.stemmer.stems(found)
        known = self.df.lookup(stems)
        words = pick_words(found, stems, lambda s: known.get(s, 0), self.count())
        if not words:
            return []
        wc, wt = self.WEIGHTS
        rows = self.db.conn.execute(
            f"SELECT m.key, m.text, m.title, bm25(memory_fts, {wc}, {wt}) AS rank "
            "FROM memory_fts JOIN memory m ON m.num = memory_fts.rowid "
            "WHERE memory_fts MATCH ? ORDER BY rank LIMIT ?",
            [or_query(words), limit],
        ).fetchall()
        return [Hit(key, t, title, -rank) for key, t, title, rank in rows]
