"""The schema, as an ordered set of sqlite-utils migrations.

Never edit a migration that has shipped: add a new one below it. Each migration holds
its own SQL, frozen: nothing here imports the live schema of another module.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("workbench")


def _run_script(db: Database, script: str) -> None:
    """Run statements one by one: ``executescript`` would COMMIT the migration's transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending.strip()[:60]}")


@migrations()
def m001_initial(db: Database) -> None:
    _run_script(
        db,
        """
        CREATE TABLE documents (
            id          TEXT PRIMARY KEY,          -- sha256 of the cleaned text
            source_path TEXT,
            url         TEXT,
            title       TEXT,
            outlet      TEXT,
            published   TEXT,
            language    TEXT,
            text        TEXT NOT NULL,
            meta        TEXT NOT NULL DEFAULT '{}',
            ingested_at TEXT NOT NULL
        );

        -- num is an explicit INTEGER PRIMARY KEY so that it survives VACUUM:
        -- the FTS index and every keyset page point at it.
        CREATE TABLE claims (
            num             INTEGER PRIMARY KEY,
            id              TEXT NOT NULL UNIQUE,  -- hash of doc id + span
            doc_id          TEXT NOT NULL REFERENCES documents(id),
            seq             INTEGER NOT NULL,
            start           INTEGER NOT NULL,
            "end"           INTEGER NOT NULL,
            sentence_start  INTEGER NOT NULL,
            sentence_end    INTEGER NOT NULL,
            paragraph_start INTEGER NOT NULL,
            paragraph_end   INTEGER NOT NULL,
            text            TEXT NOT NULL,
            normalized      TEXT NOT NULL,
            speaker         TEXT,
            cue             TEXT,
            is_quote        INTEGER NOT NULL DEFAULT 0,
            score           REAL NOT NULL,
            reasons         TEXT NOT NULL DEFAULT '[]',
            entities        TEXT NOT NULL DEFAULT '[]',
            cluster_id      TEXT,
            extractor       TEXT NOT NULL,
            created_at      TEXT NOT NULL
        );
        CREATE INDEX claims_doc ON claims(doc_id, seq);
        CREATE INDEX claims_score ON claims(score, num);
        CREATE INDEX claims_speaker ON claims(speaker);

        CREATE TABLE events (
            id       INTEGER PRIMARY KEY AUTOINCREMENT,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            reviewer TEXT NOT NULL,
            kind     TEXT NOT NULL,
            label    TEXT,
            body     TEXT NOT NULL DEFAULT '{}',
            at       TEXT NOT NULL
        );
        CREATE INDEX events_claim ON events(claim_id, reviewer, id);
        CREATE INDEX events_reviewer ON events(reviewer, id);

        -- The log is append-only: the database itself refuses to rewrite history.
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

        CREATE TABLE verdicts (
            claim_id TEXT NOT NULL REFERENCES claims(id),
            reviewer TEXT NOT NULL,
            label    TEXT NOT NULL,
            note     TEXT,
            event_id INTEGER NOT NULL REFERENCES events(id),
            at       TEXT NOT NULL,
            PRIMARY KEY (claim_id, reviewer)
        );
        CREATE INDEX verdicts_reviewer ON verdicts(reviewer, label);
        CREATE INDEX verdicts_label ON verdicts(label);

        CREATE VIRTUAL TABLE claims_fts USING fts5(
            text, normalized, speaker,
            content='claims', content_rowid='num',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts(rowid, text, normalized, speaker)
            VALUES (new.num, new.text, new.normalized, new.speaker);
        END;
        CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, text, normalized, speaker)
            VALUES ('delete', old.num, old.text, old.normalized, old.speaker);
        END;
        CREATE TRIGGER claims_fts_update AFTER UPDATE OF text, normalized, speaker ON claims
        BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, text, normalized, speaker)
            VALUES ('delete', old.num, old.text, old.normalized, old.speaker);
            INSERT INTO claims_fts(rowid, text, normalized, speaker)
            VALUES (new.num, new.text, new.normalized, new.speaker);
        END;
        """,
    )


@migrations()
def m002_evidence_index(db: Database) -> None:
    # Exports ask "does this claim have any evidence?" for every verdict; a partial index
    # over the (few) evidence events answers that without touching the others.
    db.execute("CREATE INDEX events_evidence ON events(claim_id) WHERE kind = 'evidence'")


@migrations()
def m003_quote_spans(db: Database) -> None:
    # Where the quoted words of a claim are (None when it quotes no one).
    db.execute("ALTER TABLE claims ADD COLUMN quote_start INTEGER")
    db.execute("ALTER TABLE claims ADD COLUMN quote_end INTEGER")


@migrations()
def m004_matching(db: Database) -> None:
    # Claims already checked: imported ones, and (through the memory) every claim
    # reviewed here. Matches are the best of them for each claim, stored so the TUI
    # and filters read them, and rejections are the pairs a reviewer said differ.
    _run_script(
        db,
        """
        CREATE TABLE checked (
            id          TEXT PRIMARY KEY,
            text        TEXT NOT NULL,
            label       TEXT NOT NULL,     -- as the source gives it ("Pants on Fire")
            rating      TEXT,              -- the label on this scale, when it maps to one
            url         TEXT,
            author      TEXT,
            reviewed_at TEXT,
            source      TEXT NOT NULL,     -- the file it was imported from
            imported_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS memory (
            num   INTEGER PRIMARY KEY,
            key   TEXT NOT NULL UNIQUE,   -- 'checked:<id>' or 'claim:<id>'
            text  TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT ''
        );
        CREATE VIRTUAL TABLE IF NOT EXISTS memory_fts USING fts5(
            text, title, content='memory', content_rowid='num',
            tokenize='porter unicode61 remove_diacritics 2'
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
        CREATE TRIGGER verdicts_memory AFTER INSERT ON verdicts BEGIN
            INSERT OR IGNORE INTO memory (key, text)
            SELECT 'claim:' || c.id, c.normalized FROM claims c WHERE c.id = new.claim_id;
        END;
        INSERT OR IGNORE INTO memory (key, text)
            SELECT DISTINCT 'claim:' || c.id, c.normalized
            FROM verdicts v JOIN claims c ON c.id = v.claim_id;

        CREATE TABLE matches (
            claim_id  TEXT NOT NULL REFERENCES claims(id),
            match_key TEXT NOT NULL,        -- a memory key
            score     REAL NOT NULL,
            PRIMARY KEY (claim_id, match_key)
        ) WITHOUT ROWID;
        CREATE INDEX matches_key ON matches(match_key);

        CREATE TABLE rejections (
            claim_id  TEXT NOT NULL REFERENCES claims(id),
            match_key TEXT NOT NULL,
            reviewer  TEXT NOT NULL,
            event_id  INTEGER NOT NULL REFERENCES events(id),
            PRIMARY KEY (claim_id, match_key, reviewer)
        ) WITHOUT ROWID;

        -- Candidates for clusters: the claims' stand-alone text, stemmed.
        CREATE VIRTUAL TABLE claims_match USING fts5(
            normalized, content='claims', content_rowid='num',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE claims_match_vocab USING fts5vocab(claims_match, 'row');
        CREATE TRIGGER claims_match_insert AFTER INSERT ON claims BEGIN
            INSERT INTO claims_match(rowid, normalized) VALUES (new.num, new.normalized);
        END;
        CREATE TRIGGER claims_match_delete AFTER DELETE ON claims BEGIN
            INSERT INTO claims_match(claims_match, rowid, normalized)
            VALUES ('delete', old.num, old.normalized);
        END;
        CREATE TRIGGER claims_match_update AFTER UPDATE OF normalized ON claims BEGIN
            INSERT INTO claims_match(claims_match, rowid, normalized)
            VALUES ('delete', old.num, old.normalized);
            INSERT INTO claims_match(rowid, normalized) VALUES (new.num, new.normalized);
        END;
        INSERT INTO claims_match(claims_match) VALUES ('rebuild');
        CREATE INDEX claims_cluster ON claims(cluster_id) WHERE cluster_id IS NOT NULL;
        """,
    )


@migrations()
def m005_memory_df(db: Database) -> None:
    # Document frequencies of the memory's stems in a plain table (see memory.DocFreq).
    _run_script(
        db,
        """
        CREATE TABLE IF NOT EXISTS memory_df (
            term TEXT PRIMARY KEY,
            doc  INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS memory_df_state (
            id   INTEGER PRIMARY KEY CHECK (id = 1),
            upto INTEGER NOT NULL        -- memory rows counted: num <= upto
        );
        """,
    )


@migrations()
def m006_cluster_state(db: Database) -> None:
    # How far clustering got: claims above ``upto`` were committed but not clustered yet
    # (an ingest stopped between its commits and its clustering), and the next ingest
    # or ``workbench clusters`` catches up on them. Existing claims were clustered.
    _run_script(
        db,
        """
        CREATE TABLE cluster_state (
            id   INTEGER PRIMARY KEY CHECK (id = 1),
            upto INTEGER NOT NULL
        );
        INSERT INTO cluster_state (id, upto) SELECT 1, coalesce(max(num), 0) FROM claims;
        """,
    )


@migrations()
def m007_vectors(db: Database) -> None:
    # Sentence vectors of the claims (by claims.num) and of the memory of checked claims
    # (by memory.num), as float16 BLOBs (little-endian, dimension x 2 bytes), each with
    # the id of the model that made it: vectors of two models are never compared, and a
    # change of model re-encodes instead of mixing spaces (``workbench vectors``).
    _run_script(
        db,
        """
        CREATE TABLE claim_vectors (
            num   INTEGER PRIMARY KEY,    -- claims.num
            model TEXT NOT NULL,
            vec   BLOB NOT NULL
        );
        CREATE TABLE memory_vectors (
            num   INTEGER PRIMARY KEY,    -- memory.num
            model TEXT NOT NULL,
            vec   BLOB NOT NULL
        );
        -- An edited stand-alone text needs a new vector: the stale one goes, and the next
        -- ingest or ``workbench vectors`` encodes the claim again.
        CREATE TRIGGER claim_vectors_stale AFTER UPDATE OF normalized ON claims BEGIN
            DELETE FROM claim_vectors WHERE num = new.num;
        END;
        """,
    )


@migrations()
def m008_review_team(db: Database) -> None:
    # Team review: who is assigned which claim, and the adjudicated final verdict per
    # claim (rebuilt from ``final`` events, like ``verdicts`` from ``verdict`` events).
    _run_script(
        db,
        """
        CREATE TABLE assignments (
            claim_id    TEXT NOT NULL REFERENCES claims(id),
            reviewer    TEXT NOT NULL,
            double      INTEGER NOT NULL DEFAULT 0,   -- one of two reviewers, for agreement
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (claim_id, reviewer)
        ) WITHOUT ROWID;
        CREATE INDEX assignments_reviewer ON assignments(reviewer, claim_id);

        CREATE TABLE finals (
            claim_id    TEXT PRIMARY KEY REFERENCES claims(id),
            label       TEXT NOT NULL,
            adjudicator TEXT NOT NULL,
            taken_from  TEXT,
            event_id    INTEGER NOT NULL REFERENCES events(id),
            at          TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m009_pages(db: Database) -> None:
    # Web pages as fetched, for provenance: what the server sent (gzip), when, from
    # where after redirects. A page is kept for every fetch, also when its text was
    # already a document; ``doc_id`` is the document read from it.
    _run_script(
        db,
        """
        CREATE TABLE web_pages (
            id           INTEGER PRIMARY KEY,
            url          TEXT NOT NULL,          -- as asked for
            final_url    TEXT NOT NULL,          -- after redirects
            status       INTEGER NOT NULL,
            content_type TEXT NOT NULL,
            fetched_at   TEXT NOT NULL,          -- ISO 8601 UTC
            sha256       TEXT NOT NULL,          -- of the body as sent
            size         INTEGER NOT NULL,       -- bytes, before compression
            body_gzip    BLOB NOT NULL,
            doc_id       TEXT REFERENCES documents(id)
        );
        CREATE INDEX web_pages_doc ON web_pages(doc_id);
        CREATE INDEX web_pages_url ON web_pages(url);
        """,
    )


@migrations()
def m010_speaker_inference(db: Database) -> None:
    # How the speaker was found (and by which words, "he", when resolved), whom it names
    # across the document ("the spokesman" -> Dmitry Peskov), and what was done to the
    # sentence to make the stand-alone text (a JSON list). Claims stored before were
    # never told: NULL and an empty list.
    _run_script(
        db,
        """
        ALTER TABLE claims ADD COLUMN speaker_how TEXT;
        ALTER TABLE claims ADD COLUMN speaker_mention TEXT;
        ALTER TABLE claims ADD COLUMN speaker_canonical TEXT;
        ALTER TABLE claims ADD COLUMN normalized_how TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX claims_speaker_canonical ON claims(speaker_canonical);
        """,
    )


@migrations()
def m011_events_no_replace(db: Database) -> None:
    # INSERT OR REPLACE on an existing id deletes the old event without firing the
    # delete trigger (SQLite runs no delete triggers for REPLACE unless recursive
    # triggers are on), so the append-only log could be rewritten under a verdict.
    _run_script(
        db,
        """
        CREATE TRIGGER events_no_replace BEFORE INSERT ON events
        WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        """,
    )
