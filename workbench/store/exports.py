"""The queries behind the exports: claims with their verdicts and events in batches,
and the JSONL objects and flat rows that SQLite builds itself (much faster than
building them in Python, for a million claims)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from workbench.store.codec import CLAIM_COLUMNS_C, claim_dict
from workbench.store.database import SQLite
from workbench.store.filters import ClaimFilter, VerdictFilter

_DECODED_KINDS = frozenset({"undo", "redo", "evidence"})


class Exports:
    """Read-only queries for ``workbench.export``."""

    def __init__(self, db: SQLite) -> None:
        self._db = db

    def batches(
        self, filt: ClaimFilter = ClaimFilter(), batch: int = 2000, decode: bool = True
    ) -> Iterator[list[dict[str, Any]]]:
        """Claims matching ``filt`` in document order, as plain dicts with their verdicts
        and events, a batch at a time: three queries per batch, whatever its size, and
        nothing held beyond it.

        With ``decode=False`` the JSON columns (reasons, entities, and the bodies of
        verdict, note and edit events) stay JSON text, for writers that copy them out as
        they are; undo, redo and evidence bodies are always decoded."""
        where, params = filt.where()
        last = 0
        while True:
            rows = self._db.execute(
                f"SELECT c.num, {CLAIM_COLUMNS_C} FROM claims c WHERE {where} AND c.num > ? "
                "ORDER BY c.num LIMIT ?",
                [*params, last, batch],
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            claims = []
            for row in rows:
                claim = claim_dict(row[1:], decode)
                claim["verdicts"] = []
                claim["events"] = []
                claim["ruling"] = None
                claims.append(claim)
            by_id = {c["id"]: c for c in claims}
            marks = ",".join("?" * len(by_id))
            for r in self._db.execute(
                "SELECT claim_id, reviewer, label, note, event_id, at FROM verdicts "
                f"WHERE claim_id IN ({marks}) ORDER BY claim_id, reviewer",
                list(by_id),
            ):
                by_id[r[0]]["verdicts"].append(
                    {"reviewer": r[1], "label": r[2], "note": r[3], "event_id": r[4], "at": r[5]}
                )
            for r in self._db.execute(
                f"SELECT claim_id, label, adjudicator, at FROM finals WHERE claim_id IN ({marks})",
                list(by_id),
            ):
                by_id[r[0]]["ruling"] = {"label": r[1], "by": r[2], "at": r[3]}
            for r in self._db.execute(
                "SELECT id, claim_id, reviewer, kind, label, body, at FROM events "
                f"WHERE claim_id IN ({marks}) ORDER BY id",
                list(by_id),
            ):
                by_id[r[1]]["events"].append(
                    {"id": r[0], "reviewer": r[2], "kind": r[3], "label": r[4],
                     "body": json.loads(r[5]) if decode or r[3] in _DECODED_KINDS
                     else r[5], "at": r[6]}
                )  # fmt: skip
            yield claims

    _LIVE_EVIDENCE = (
        "x.claim_id = v.claim_id AND x.reviewer = v.reviewer AND x.kind = 'evidence' "
        "AND NOT EXISTS (SELECT 1 FROM events u WHERE u.claim_id = x.claim_id "
        "AND u.kind = 'undo' AND json_extract(u.body, '$.target') = x.id "
        "AND NOT EXISTS (SELECT 1 FROM events r WHERE r.claim_id = u.claim_id "
        "AND r.kind = 'redo' AND json_extract(r.body, '$.target') = u.id))"
    )

    # Evaluated once per statement, through the partial index events_evidence.
    _HAS_EVIDENCE = "SELECT claim_id FROM events WHERE kind = 'evidence'"

    def json_rows(
        self,
        filt: ClaimFilter,
        verdicts: VerdictFilter = VerdictFilter(),
        batch: int = 5000,
    ) -> Iterator[list[tuple[str, bool, str]]]:
        """(doc id, has verdicts, claim JSON without its document) for the JSONL export,
        built by SQLite: the same content as ``export_batches`` plus the history
        bookkeeping of ``workbench.export.records``, at a fraction of the cost."""
        where, params = filt.where()
        vwhere, vparams = verdicts.sql("v")
        seq_of = ("(SELECT count(*) FROM events z WHERE z.claim_id = e.claim_id "
                  "AND z.id < json_extract(e.body, '$.{key}'))")  # fmt: skip
        body = (
            "CASE e.kind "
            f"WHEN 'undo' THEN json_set(json_remove(e.body, '$.target'), '$.target_seq', "
            f"{seq_of.format(key='target')}) "
            f"WHEN 'redo' THEN json_set(json_remove(e.body, '$.target', '$.undid'), "
            f"'$.target_seq', {seq_of.format(key='target')}, "
            f"'$.undid_seq', {seq_of.format(key='undid')}) "
            "ELSE json(e.body) END"
        )
        sql = f"""
            SELECT c.doc_id,
              EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id AND {vwhere}),
              json_object(
                'id', c.id, 'doc_id', c.doc_id, 'seq', c.seq, 'text', c.text,
                'normalized', c.normalized, 'normalized_how', json(c.normalized_how),
                'start', c.start, 'end', c."end",
                'sentence_start', c.sentence_start, 'sentence_end', c.sentence_end,
                'paragraph_start', c.paragraph_start, 'paragraph_end', c.paragraph_end,
                'speaker', c.speaker, 'cue', c.cue, 'speaker_how', c.speaker_how,
                'speaker_mention', c.speaker_mention,
                'speaker_canonical', c.speaker_canonical,
                'is_quote', json(CASE WHEN c.is_quote THEN 'true' ELSE 'false' END),
                'quote_start', c.quote_start, 'quote_end', c.quote_end,
                'score', c.score, 'reasons', json(c.reasons), 'entities', json(c.entities),
                'restated_by', c.restated_by,
                'cluster_id', c.cluster_id, 'extractor', c.extractor,
                'created_at', c.created_at,
                'verdicts', (SELECT json_group_array(json_object(
                    'reviewer', v.reviewer, 'label', v.label, 'note', v.note,
                    'evidence', CASE WHEN v.claim_id IN ({self._HAS_EVIDENCE})
                      THEN (SELECT json_group_array(json(ev)) FROM (
                        SELECT json_patch(x.body, json_object('at', x.at)) AS ev
                        FROM events x WHERE {self._LIVE_EVIDENCE} ORDER BY x.id))
                      ELSE json_array() END,
                    'at', v.at))
                  FROM (SELECT * FROM verdicts v WHERE v.claim_id = c.id AND {vwhere}
                        ORDER BY v.reviewer) v),
                'events', (SELECT json_group_array(json_object(
                    'reviewer', e.reviewer, 'kind', e.kind, 'label', e.label,
                    'body', json({body}), 'at', e.at))
                  FROM (SELECT * FROM events ev WHERE ev.claim_id = c.id ORDER BY ev.id) e)
              )
            , c.num
            FROM (SELECT * FROM claims c WHERE {where} AND c.num > ? ORDER BY c.num LIMIT ?) c
            ORDER BY c.num
        """
        last = 0
        while True:
            rows = self._db.execute(sql, [*vparams, *vparams, *params, last, batch]).fetchall()
            if not rows:
                return
            last = rows[-1][3]
            yield [(r[0], bool(r[1]), r[2]) for r in rows]

    def flat_rows(
        self,
        filt: ClaimFilter,
        verdicts: VerdictFilter = VerdictFilter(),
        batch: int = 20000,
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The flat export rows (one per claim and verdict, or one per claim without),
        in ``workbench.export.FLAT_COLUMNS`` order without ``final_how``."""
        where, params = filt.where()
        vwhere, vparams = verdicts.sql("v")
        sql = f"""
            SELECT c.id, c.doc_id, d.title, d.source_path, d.url, d.outlet, d.published,
              c.seq, c.text, c.normalized, c.start, c."end", c.speaker, c.cue,
              c.is_quote, c.score,
              coalesce((SELECT group_concat(value, '; ') FROM json_each(c.reasons)), ''),
              c.entities, c.cluster_id, c.restated_by, v.reviewer, v.label, v.note,
              CASE WHEN v.claim_id IN ({self._HAS_EVIDENCE}) THEN
              (SELECT CASE WHEN count(*) THEN json_group_array(json(ev)) END
               FROM (SELECT json_patch(x.body, json_object('at', x.at)) AS ev
                     FROM events x WHERE {self._LIVE_EVIDENCE} ORDER BY x.id)) END,
              v.at, c.num
            FROM (SELECT * FROM claims c WHERE {where} AND c.num > ? ORDER BY c.num LIMIT ?) c
            JOIN documents d ON d.id = c.doc_id
            LEFT JOIN verdicts v ON v.claim_id = c.id AND {vwhere}
            ORDER BY c.num, v.reviewer
        """
        # The filter runs once, in the subquery: a batch is whole claims with all their rows.
        last = 0
        while True:
            rows = self._db.execute(sql, [*params, last, batch, *vparams]).fetchall()
            if not rows:
                return
            last = rows[-1][-1]
            yield [row[:-1] for row in rows]

    def documents(self, ids: Iterable[str], with_text: bool) -> dict[str, dict[str, Any]]:
        """Document metadata (and text) for export, keyed by id."""
        ids = list(ids)
        if not ids:
            return {}
        text = "text" if with_text else "NULL AS text"
        cur = self._db.execute(
            f"SELECT id, title, source_path, url, outlet, published, language, meta, "
            f"ingested_at, {text} FROM documents WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        )
        names = [d[0] for d in cur.description]
        out = {}
        for row in cur:
            doc = dict(zip(names, row, strict=True))
            doc["meta"] = json.loads(doc["meta"])
            out[doc["id"]] = doc
        return out

    def live_evidence_ids(self, claim_id: str, reviewer: str) -> list[int]:
        """Ids of a reviewer's evidence on a claim that no undo took back, by the SQL
        the exports use (a property test holds it equal to ``undo.undone``)."""
        rows = self._db.all(
            f"SELECT x.id FROM events x, (SELECT ? AS claim_id, ? AS reviewer) v "
            f"WHERE {self._LIVE_EVIDENCE} ORDER BY x.id",
            [claim_id, reviewer],
        )
        return [r[0] for r in rows]
