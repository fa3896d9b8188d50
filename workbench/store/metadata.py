"""Datasette metadata: readable titles and descriptions for the workbench tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TABLES: dict[str, dict[str, Any]] = {
    "documents": {
        "title": "Documents",
        "description": "Ingested articles. The id is the SHA-256 of the cleaned text.",
        "columns": {
            "id": "SHA-256 of the cleaned text: the same article twice is one document",
            "source_path": "The file it was read from",
            "text": "The cleaned text every claim offset points into",
            "meta": "JSON: encoding and front-matter fields",
            "ingested_at": "When it was first ingested (UTC)",
        },
        "sort_desc": "ingested_at",
    },
    "claims": {
        "title": "Claims",
        "description": "Check-worthy statements found in the documents.",
        "columns": {
            "num": "Row number; document order",
            "id": "Stable hash of the document id and the span",
            "start": "Character offset of the verbatim span in documents.text",
            "end": "End offset of the span",
            "text": "The verbatim span",
            "normalized": "The stand-alone claim to check (reviewers may edit it)",
            "speaker": "Who the text says made the claim; empty for the outlet's own assertions",
            "cue": "The words that attribute it (said, according to)",
            "speaker_how": "explicit, pronoun, description or quotation (a run-on quotation)",
            "speaker_mention": "The words that named the speaker when resolved (he, the spokesman)",
            "speaker_canonical": "The speaker's fullest name in the document",
            "normalized_how": "JSON: what was done to the sentence for `normalized`",
            "score": "Check-worthiness, 0 to 1",
            "reasons": "JSON: why it scored as it did",
            "entities": "JSON: named entities with offsets",
            "cluster_id": "Claims stating the same thing share a cluster",
        },
        "fts_table": "claims_fts",
        "fts_pk": "num",
        "searchmode": "raw",
    },
    "events": {
        "title": "Review log",
        "description": "Every verdict, note, edit, piece of evidence, undo and redo. "
        "Append-only: nothing is ever changed or deleted.",
        "columns": {
            "kind": "verdict, note, edit, evidence, undo or redo",
            "label": "The verdict label, for verdict events",
            "body": "JSON: note text, edited text, evidence, or the event undone",
            "at": "When (UTC)",
        },
        "sort_desc": "id",
    },
    "verdicts": {
        "title": "Current verdicts",
        "description": "The verdict in effect per claim and reviewer, derived from the log.",
        "columns": {"event_id": "The event that set it", "note": "The reviewer's latest note"},
    },
}


def datasette_metadata(db_path: str) -> dict[str, Any]:
    return {
        "title": "workbench",
        "description": "Claims found in news articles and the verdicts of their reviewers.",
        "databases": {Path(db_path).stem: {"tables": TABLES}},
    }
