"""JSON Lines: one object per claim. pandas and `datasets` read it as is, and
`workbench import` reads it back into another database."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from workbench.export.records import ExportOptions, RawJSON
from workbench.models import Claim, Document, Entity, VerdictEvent, claim_id
from workbench.store import Store, StoreError, event_identity
from workbench.terminal import count

_encoder = json.JSONEncoder(ensure_ascii=False, check_circular=False)


# Markers carry a random token, so no text a user typed can be mistaken for one.
_TOKEN = secrets.token_hex(8)


def _mark(value: Any, raws: list[str]) -> Any:
    if isinstance(value, RawJSON):
        raws.append(value)
        return f"\x00{_TOKEN}{len(raws) - 1}\x00"
    return value


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One line per record. ``RawJSON`` values (stored JSON, already valid) are spliced
    in as they are: decoding and re-encoding them was most of an export's time. The
    store writes JSON with the same separators and ``ensure_ascii=False`` as this
    encoder, so the output is the same either way (a test compares)."""
    count = 0
    for row in rows:
        raws: list[str] = []
        for key in ("reasons", "entities"):
            row[key] = _mark(row[key], raws)
        for event in row["events"]:
            event["body"] = _mark(event["body"], raws)
        line = _encoder.encode(row)
        for i, raw in enumerate(raws):
            line = line.replace(f'"\\u0000{_TOKEN}{i}\\u0000"', raw, 1)
        out.write(line)
        out.write("\n")
        count += 1
    return count


def write_jsonl_from_store(
    store: Store,
    options: ExportOptions,
    out: IO[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """The JSONL export with SQLite building each claim's JSON (not for ``--final``).

    The same objects as ``write_jsonl(records(...))``; a test compares them. The
    document goes last, with its text on the document's first claim only."""
    with_text: set[str] = set()
    doc_json: dict[str, str] = {}
    count = 0
    for batch in store.exports.json_rows(options.claim_filter(), options.verdict_filter):
        wanted = {doc_id for doc_id, _, _ in batch} - doc_json.keys()
        new = wanted - with_text
        fetched = store.exports.documents(wanted - new, with_text=False)
        fetched.update(store.exports.documents(new, with_text=True))
        for doc_id, has_verdicts, claim_json in batch:
            if options.needs_verdicts and not has_verdicts:
                continue
            if doc_id not in doc_json:
                doc = fetched[doc_id]
                first = _encoder.encode(doc)
                with_text.add(doc_id)
                doc_json = {doc_id: _encoder.encode({**doc, "text": None})}
                document = first
            else:
                document = doc_json[doc_id]
            out.write(claim_json[:-1])
            out.write(',"document":')
            out.write(document)
            out.write("}\n")
            count += 1
        if progress:
            progress(len(batch))
    return count


@dataclass
class ImportReport:
    documents: int = 0
    claims: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"{count(self.documents, 'document')}, {count(self.claims, 'claim')}, "
                f"{count(self.events, 'event')} added")  # fmt: skip
        if self.problems:
            text += f"; {count(len(self.problems), 'line')} skipped"
        return text


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, record or what is wrong with the line). Decoded line by line, so
    one line that is not UTF-8 or not JSON (or nested past what the parser takes) is
    reported and the next is read."""
    with path.open("rb") as handle:
        for number, data in enumerate(handle, 1):
            try:
                line = data.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield number, f"not UTF-8 (byte {exc.start})"
                continue
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, f"not JSON ({exc.msg})"
                continue
            except (ValueError, RecursionError) as exc:  # 5,000-digit numbers, deep nesting
                yield number, f"not JSON a reader can take ({type(exc).__name__})"
                continue
            yield number, value if isinstance(value, dict) else "not a JSON object"


#: What a bad record can raise while it is checked and stored; each becomes one
#: ``FILE:LINE: problem`` and the import goes on with the next line.
_BAD_RECORD = (KeyError, TypeError, ValueError, AttributeError, OverflowError,
               RecursionError, StoreError, sqlite3.Error)  # fmt: skip


def import_jsonl(store: Store, path: Path, labels: Collection[str] | None = None) -> ImportReport:
    """Read a workbench JSONL export into ``store``.

    Documents and claims that are already there are kept as they are; of each
    claim's events only the missing ones are added (an undo keeps pointing at the
    event it undid). Every record is checked before anything of it is written: its
    types and ranges, its offsets and verbatim text against the document's text, and
    verdict labels against ``labels`` (the scale). A bad line is reported as
    ``FILE:LINE: problem`` and the others go on.
    """
    report = ImportReport()
    for number, value in _lines(path):
        if isinstance(value, str):
            report.problems.append(f"{path}:{number}: {value}")
            continue
        try:
            _import_record(store, value, report, labels)
        except (*_BAD_RECORD, ValidationError) as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if isinstance(exc, KeyError):
                message = f"missing field {exc}"
            elif isinstance(exc, ValidationError):
                error = exc.errors()[0]
                where = ".".join(str(part) for part in error["loc"])
                message = f"{where + ': ' if where else ''}{error['msg']}"
            report.problems.append(f"{path}:{number}: {message}")
    return report


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a JSON object, not {type(value).__name__}")
    return value


def _check_text(claim: Claim, text: str, document_id: str) -> None:
    """The claim's offsets and verbatim span agree with the document they point into."""
    if claim.doc_id != document_id:
        raise ValueError("doc_id is not the document's id")
    if claim.id != claim_id(claim.doc_id, claim.start, claim.end):
        raise ValueError("claim id is not the hash of its document and span")
    if claim.paragraph_end > len(text):
        raise ValueError(f"offsets run past the document's {len(text)} characters")
    if text[claim.start : claim.end] != claim.text:
        raise ValueError("text is not the document's text at start-end")
    if any(e.end > len(text) or e.start >= e.end for e in claim.entities):
        raise ValueError("an entity's offsets are outside the document")


def _import_record(store: Store, record: dict[str, Any], report: ImportReport,
                   labels: Collection[str] | None) -> None:  # fmt: skip
    doc = _object(record["document"], "document")
    document = None
    if doc.get("text") is not None:
        document = Document(
            id=doc["id"], source_path=doc.get("source_path"), url=doc.get("url"),
            title=doc.get("title"), outlet=doc.get("outlet"), published=doc.get("published"),
            language=doc.get("language"), text=doc["text"], meta=doc.get("meta") or {},
            ingested_at=doc["ingested_at"],
        )  # fmt: skip
        text = document.text
    elif not store.claims.has_document(str(record["doc_id"])):
        raise ValueError(
            f"document {str(record['doc_id'])[:12]} has no text here and is not stored"
        )
    else:
        text = store.claims.get_document(record["doc_id"]).text
    events = [_object(e, "an event") for e in record["events"]]
    original = record["normalized"]
    edits = [e for e in events if e["kind"] == "edit"]
    if edits:
        original = _object(edits[0]["body"], "an event body")["previous"]  # before any edit
    claim = Claim(
        id=record["id"], doc_id=record["doc_id"], seq=record["seq"], start=record["start"],
        end=record["end"], sentence_start=record["sentence_start"],
        sentence_end=record["sentence_end"], paragraph_start=record["paragraph_start"],
        paragraph_end=record["paragraph_end"], text=record["text"], normalized=original,
        speaker=record["speaker"], cue=record["cue"], is_quote=record["is_quote"],
        speaker_how=record.get("speaker_how"), speaker_mention=record.get("speaker_mention"),
        speaker_canonical=record.get("speaker_canonical"),
        normalized_how=record.get("normalized_how") or [],
        quote_start=record.get("quote_start"), quote_end=record.get("quote_end"),
        score=record["score"], reasons=record["reasons"],
        entities=[Entity(**_object(e, "an entity")) for e in record["entities"]],
        restated_by=record.get("restated_by"),
        cluster_id=record["cluster_id"], extractor=record["extractor"],
        created_at=record["created_at"],
    )  # fmt: skip
    _check_text(claim, text, document.id if document else str(record["doc_id"]))
    for seq, event in enumerate(events):
        body = dict(_object(event["body"], "an event body"))
        if event["kind"] == "verdict" and labels is not None and event["label"] not in labels:
            raise ValueError(f"verdict label {event['label']!r} is not on the scale")
        for name in ("target", "undid"):
            target = body.pop(f"{name}_seq", None)
            if target is not None and not (isinstance(target, int) and 0 <= target < seq):
                raise ValueError(f"{name}_seq {target!r} is not an earlier event of the claim")
            if target is not None:
                body[name] = target
        VerdictEvent(claim_id=claim.id, reviewer=event["reviewer"], kind=event["kind"],
                     label=event["label"], body=body, at=event["at"])  # fmt: skip
    if document is not None and not store.claims.has_document(document.id):
        report.documents += 1
    report.claims += store.claims.add_missing(document, [claim])
    existing = store.reviews.event_keys(claim.id)
    known = {key: event_id for event_id, key in existing}
    new_ids: dict[int, int] = {}  # seq in the file -> event id in this database
    to_add: list[VerdictEvent] = []
    for seq, event in enumerate(events):
        body = dict(event["body"])
        plain = {k: v for k, v in body.items() if k not in ("target_seq", "undid_seq")}
        key = event_identity(event["reviewer"], event["kind"], event["label"], plain, event["at"])
        if key in known:
            new_ids[seq] = known.pop(key)
            continue
        for name in ("target", "undid"):
            if f"{name}_seq" in body:
                target_seq = body.pop(f"{name}_seq")
                # A target appended in this same call is remapped by append_events.
                body[name] = new_ids.get(target_seq, -(target_seq + 1))
        to_add.append(
            VerdictEvent(id=-(seq + 1), claim_id=claim.id, reviewer=event["reviewer"],
                         kind=event["kind"], label=event["label"], body=body, at=event["at"])
        )  # fmt: skip
    if to_add:
        report.events += store.reviews.append_events(to_add)
