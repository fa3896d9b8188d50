"""A searchable memory of checked claims: SQLite FTS5 with BM25 ranking.

The tables live in the review database (migration ``m004_matching``: claims
reviewed there and claims imported with ``workbench import-checked``); ``workbench
evaluate matching`` fills the same tables of a throwaway in-memory database.

Queries keep only the rarest words of the text (by the index's own document
frequencies), so a query never walks the long posting lists of words that half
the memory contains: that is what keeps a query against a million claims fast.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from workbench.store.database import SQLite

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

    def __init__(self, db: SQLite) -> None:
        self.conn = conn = db.conn
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.wb_stem USING fts5(w, {TOKENIZE})")
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.wb_stem_i USING fts5vocab(temp, wb_stem, "
            "'instance')"
        )
        self._cache: dict[str, str] = {}

    def stems(self, words: Sequence[str]) -> list[str]:
        todo = sorted({w for w in words if w not in self._cache})
        if todo:
            # A temporary table: its writes take no lock on the database itself.
            self.conn.executemany(
                "INSERT INTO temp.wb_stem(rowid, w) VALUES (?, ?)", list(enumerate(todo))
            )
            got = dict(self.conn.execute("SELECT doc, term FROM temp.wb_stem_i"))
            self.conn.execute("DELETE FROM temp.wb_stem")
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

    def __init__(self, db: SQLite, stemmer: Stemmer) -> None:
        self._db = db
        self.stemmer = stemmer

    def _behind(self) -> tuple[int, int | None] | None:
        top = self._db.scalar("SELECT coalesce(max(num), 0) FROM memory")
        upto = self._db.scalar("SELECT upto FROM memory_df_state")
        return None if upto == top else (top, upto)

    def refresh(self) -> None:
        if self._behind() is None:
            return
        with self._db.write():
            state = self._behind()  # again, under the lock: another writer may have done it
            if state is None:
                return
            top, upto = state
            if upto is None or top - upto > max(1000, upto // 10):
                # Many new rows: count everything again from FTS5's vocabulary in one pass.
                self._db.execute("DELETE FROM memory_df")
                self._db.execute("INSERT INTO memory_df SELECT term, doc FROM memory_vocab")
            else:
                counts: dict[str, int] = {}
                for text, title in self._db.all(
                    "SELECT text, title FROM memory WHERE num > ?", [upto]
                ):
                    words = _WORD.findall(f"{text} {title}".lower())
                    for stem in set(self.stemmer.stems(words)):
                        counts[stem] = counts.get(stem, 0) + 1
                self._db.executemany(
                    "INSERT INTO memory_df (term, doc) VALUES (?, ?) "
                    "ON CONFLICT(term) DO UPDATE SET doc = doc + excluded.doc",
                    list(counts.items()),
                )
            self._db.execute(
                "INSERT OR REPLACE INTO memory_df_state (id, upto) VALUES (1, ?)", [top]
            )

    def lookup(self, stems: Iterable[str]) -> dict[str, int]:
        rows = self._db.in_chunks(
            "SELECT term, doc FROM memory_df WHERE term IN ({marks})", sorted(set(stems))
        )
        return {term: doc for term, doc in rows}


@dataclass(frozen=True)
class Hit:
    """A candidate from an FTS5 index, with its BM25 score (higher is better)."""

    key: str
    text: str
    title: str
    bm25: float
    """0 for a row found by its vector alone."""
    num: int = 0
    """The row's number in its table (``memory.num``): its vector's key."""


class Vocabulary:
    """Stems and document frequencies of one FTS5 index (the memory, or the claims'
    ``claims_match``), with caches for a batch of queries."""

    def __init__(self, db: SQLite, table: str) -> None:
        assert table in ("memory", "claims")
        self._db = db
        self.table = table
        self._vocab = "memory_vocab" if table == "memory" else "claims_match_vocab"
        self.stemmer = Stemmer(db)
        self.total = max(1, db.scalar(f"SELECT coalesce(max(num), 0) FROM {table}"))
        self._df: dict[str, int] = {}
        self._idf: dict[str, float] = {}
        self.loaded = False
        # The memory keeps its document frequencies in a table (FTS5's are slow to ask).
        self.docfreq = DocFreq(db, self.stemmer) if table == "memory" else None
        if self.docfreq is not None:
            self.docfreq.refresh()

    def stems(self, text: str) -> list[str]:
        return self.stemmer.stems(terms(text))

    def df(self, stem: str) -> int:
        if stem not in self._df:
            if self.loaded:
                return 0
            if self.docfreq is not None:
                self._df[stem] = self.docfreq.lookup([stem]).get(stem, 0)
            else:
                found = self._db.scalar(f"SELECT doc FROM {self._vocab} WHERE term = ?", [stem])
                self._df[stem] = found or 0
        return self._df[stem]

    def prefetch(self, stems: Iterable[str]) -> None:
        """Document frequencies of many stems in one lookup."""
        todo = [s for s in set(stems) if s not in self._df]
        if todo and self.docfreq is not None and not self.loaded:
            found = self.docfreq.lookup(todo)
            for stem in todo:
                self._df[stem] = found.get(stem, 0)

    def idf(self, stem: str) -> float:
        value = self._idf.get(stem)
        if value is None:
            value = self._idf[stem] = math.log(1 + self.total / (1 + self.df(stem)))
        return value

    def load_df(self) -> None:
        """Read every document frequency at once (for a batch over many claims)."""
        self._df.update({term: doc for term, doc in self._db.all(
            f"SELECT term, doc FROM {self._vocab}")})  # fmt: skip
        self.loaded = True

    def query(self, text: str, limit: int, common: float = COMMON) -> str | None:
        """The FTS query of the rarest words of ``text`` (see ``pick_words``)."""
        words = terms(text)
        return self.query_words(words, self.stemmer.stems(words), limit, common)

    def query_words(self, words: Sequence[str], stems: Sequence[str], limit: int,
                    common: float = COMMON) -> str | None:  # fmt: skip
        self.prefetch(stems)
        keep = pick_words(words, stems, self.df, self.total, limit, common)
        return or_query(keep) if keep else None


class Memory:
    """The memory of checked claims: imported fact-checks and claims reviewed here."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    def add(self, items: Iterable[tuple[str, str, str]]) -> int:
        """Add (key, text, title) items; a key already there is left as it is."""
        with self._db.write():
            cur = self._db.executemany(
                "INSERT OR IGNORE INTO memory (key, text, title) VALUES (?, ?, ?)", list(items)
            )
        return cur.rowcount

    def count(self) -> int:
        # max(num) rather than count(*): a scan of a million rows on every query is not cheap.
        return int(self._db.scalar("SELECT coalesce(max(num), 0) FROM memory"))

    def is_empty(self) -> bool:
        return self._db.one("SELECT 1 FROM memory LIMIT 1") is None

    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self._db, "memory")

    def candidates(self, query: str, limit: int) -> list[Hit]:
        """The memory's best rows for an FTS query, by BM25, best first."""
        rows = self._db.all(
            "SELECT m.key, m.text, m.title, -bm25(memory_fts) AS score, m.num FROM memory_fts "
            "JOIN memory m ON m.num = memory_fts.rowid WHERE memory_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            [query, limit],
        )
        return [Hit(*row) for row in rows]

    def rows(self, nums: Sequence[int]) -> list[Hit]:
        """The memory rows with these nums (found by their vectors), with no BM25 score."""
        rows = self._db.in_chunks("SELECT key, text, title, num FROM memory WHERE num IN ({marks})",
                                  list(nums))  # fmt: skip
        return [Hit(key, text, title, 0.0, num) for key, text, title, num in rows]

    def add_checked(self, items: Sequence[CheckedRow]) -> tuple[int, int]:
        """Store imported fact-checks (and put each new one in the memory), in one
        transaction. Returns (added, already known)."""
        added = known = 0
        with self._db.write():
            for item in items:
                cur = self._db.execute(
                    "INSERT OR IGNORE INTO checked (id, text, label, rating, url, author, "
                    "reviewed_at, source, imported_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    [item.id, item.text, item.label, item.rating, item.url, item.author,
                     item.reviewed_at, item.source, item.imported_at],
                )  # fmt: skip
                if cur.rowcount:
                    self._db.execute("INSERT OR IGNORE INTO memory (key, text) VALUES (?, ?)",
                                     [f"checked:{item.id}", item.text])  # fmt: skip
                    added += 1
                else:
                    known += 1
        return added, known

    def checked(self) -> list[CheckedRow]:
        """Every imported fact-check, oldest import first."""
        rows = self._db.all(
            "SELECT id, text, label, rating, url, author, reviewed_at, source, imported_at "
            "FROM checked ORDER BY imported_at, id"
        )
        return [CheckedRow(*row) for row in rows]


@dataclass(frozen=True)
class CheckedRow:
    """A fact-check imported from elsewhere, as stored."""

    id: str
    text: str
    label: str
    """As the source gave it ("Pants on Fire")."""
    rating: str | None
    """That label on this database's scale, when it maps to one."""
    url: str | None
    author: str | None
    reviewed_at: str | None
    source: str
    """The file it came from."""
    imported_at: str
