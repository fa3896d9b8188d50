"""The records every export format is built from, streamed from the Store.

A record is one claim with its document, its current verdicts (with notes and
evidence) and its whole event history, as plain JSON-ready values. Event ids
are database-local, so an undo or redo names its target by position in the
claim's history (``target_seq``): that keeps an export identical after an
import into another database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from workbench.store import ClaimFilter, Store, VerdictFilter
from workbench.store.undo import undone
from workbench.terminal import count


class RawJSON(str):
    """JSON text copied into the output as it is, not decoded and encoded again."""


@dataclass(frozen=True)
class ExportOptions:
    """Filters shared by every format."""

    reviewer: str | None = None
    """Only this reviewer's verdicts (and, with ``reviewed_only``, their claims)."""
    labels: tuple[str, ...] = ()
    """Only claims with a verdict carrying one of these labels."""
    reviewed_only: bool = False
    doc_id: str | None = None
    since: str | None = None
    """Only verdicts given at or after this ISO date or time."""
    until: str | None = None
    """Only verdicts given before this ISO date or time."""
    min_score: float | None = None
    final: bool = False
    """One verdict per claim: the agreed one, the adjudicator's, or a strict majority."""
    adjudicator: str | None = None

    @property
    def needs_verdicts(self) -> bool:
        """Claims left with no verdict after the verdict filters are not exported."""
        return bool(self.reviewed_only or self.labels or self.since or self.until)

    @property
    def verdict_filter(self) -> VerdictFilter:
        return VerdictFilter(self.reviewer, self.labels, self.since, self.until)

    def claim_filter(self) -> ClaimFilter:
        dated = bool(self.since or self.until)
        return ClaimFilter(
            status="reviewed" if (self.reviewed_only or self.final) and not dated else "all",
            reviewer=self.reviewer,
            labels=self.labels,
            doc_id=self.doc_id,
            min_score=self.min_score,
            verdict_since=self.since,
            verdict_until=self.until,
        )


@dataclass
class ExportReport:
    """What an export wrote and what it left out, for the command's summary."""

    written: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)

    def summary(self, noun: str = "record") -> str:
        text = count(self.written, noun)
        if self.left_out:
            text += "; left out: " + ", ".join(f"{n} {why}" for why, n in self.left_out.items())
        if self.warnings:
            text += "; warnings: " + ", ".join(f"{n} × {w}" for w, n in self.warnings.items())
        return text


def resolve(verdicts: list[dict[str, Any]], adjudicator: str | None,
            ruling: dict[str, Any] | None = None) -> dict[str, Any] | None:  # fmt: skip
    """The final verdict of a claim, or None when its reviewers leave it unresolved.

    A ``final`` event (``ruling``: label, by, at) settles it first; then agreement, the
    ``adjudicator`` setting's verdict, a strict majority."""
    reviewers = sorted(v["reviewer"] for v in verdicts)
    if ruling is not None:
        return {"label": ruling["label"], "reviewers": reviewers, "how": "final",
                "by": ruling["by"], "at": ruling["at"]}  # fmt: skip
    if not verdicts:
        return None
    labels = Counter(v["label"] for v in verdicts)
    if len(labels) == 1:
        return {"label": verdicts[0]["label"], "reviewers": reviewers, "how": "agreed"}
    if adjudicator:
        ruling = next((v for v in verdicts if v["reviewer"] == adjudicator), None)
        if ruling is not None:
            return {"label": ruling["label"], "reviewers": reviewers, "how": "adjudicated"}
    (top, n), (_, second) = labels.most_common(2)
    if n > second and n * 2 > len(verdicts):
        return {"label": top, "reviewers": reviewers, "how": "majority"}
    return None


def _record(claim: dict[str, Any], document: dict[str, Any], options: ExportOptions
            ) -> dict[str, Any]:  # fmt: skip
    events = claim.pop("events")
    seq_of = {e["id"]: i for i, e in enumerate(events)}
    taken_back = undone((e["id"], e["kind"], e["body"]) for e in events)
    evidence: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        if e["kind"] == "evidence" and e["id"] not in taken_back:
            evidence.setdefault(e["reviewer"], []).append({**e["body"], "at": e["at"]})
    history = []
    for e in events:
        if isinstance(e["body"], str):
            body: Any = RawJSON(e["body"])
        else:
            body = dict(e["body"])
            for key in ("target", "undid"):
                if key in body:
                    body[f"{key}_seq"] = seq_of.get(body.pop(key))
        # An event's position in the list is its seq, which target_seq refers to.
        history.append({"reviewer": e["reviewer"], "kind": e["kind"],
                        "label": e["label"], "body": body, "at": e["at"]})  # fmt: skip
    verdicts = []
    wanted = options.verdict_filter
    for v in claim.pop("verdicts"):
        if not wanted.accepts(v["reviewer"], v["label"], v["at"]):
            continue
        verdicts.append({"reviewer": v["reviewer"], "label": v["label"], "note": v["note"],
                         "evidence": evidence.get(v["reviewer"], []), "at": v["at"]})  # fmt: skip
    record = {
        "id": claim["id"],
        "doc_id": claim["doc_id"],
        "seq": claim["seq"],
        "text": claim["text"],
        "normalized": claim["normalized"],
        "normalized_how": claim["normalized_how"],
        "start": claim["start"],
        "end": claim["end"],
        "sentence_start": claim["sentence_start"],
        "sentence_end": claim["sentence_end"],
        "paragraph_start": claim["paragraph_start"],
        "paragraph_end": claim["paragraph_end"],
        "speaker": claim["speaker"],
        "cue": claim["cue"],
        "speaker_how": claim["speaker_how"],
        "speaker_mention": claim["speaker_mention"],
        "speaker_canonical": claim["speaker_canonical"],
        "is_quote": claim["is_quote"],
        "quote_start": claim["quote_start"],
        "quote_end": claim["quote_end"],
        "score": claim["score"],
        "reasons": claim["reasons"],
        "entities": claim["entities"],
        "restated_by": claim.get("restated_by"),
        "cluster_id": claim["cluster_id"],
        "extractor": claim["extractor"],
        "created_at": claim["created_at"],
        "document": document,
        "verdicts": verdicts,
        "events": history,
    }
    if options.final:
        record["final"] = resolve(verdicts, options.adjudicator, claim.get("ruling"))
    return record


def records(
    store: Store,
    options: ExportOptions = ExportOptions(),
    report: ExportReport | None = None,
    progress: Callable[[int], None] | None = None,
    raw: bool = False,
) -> Iterator[dict[str, Any]]:
    """One record per claim in document order, streamed batch by batch.

    A document's text is carried once, by the first record of that document; the
    others have ``document.text`` null. With ``final``, claims whose reviewers leave
    them unresolved are left out and counted in ``report``. With ``raw``, stored JSON
    (reasons, entities, most event bodies) comes as ``RawJSON`` text for a writer that
    copies it.
    """
    report = report if report is not None else ExportReport()
    with_text: set[str] = set()
    for batch in store.exports.batches(options.claim_filter(), decode=not raw):
        if raw:
            for claim in batch:
                claim["reasons"] = RawJSON(claim["reasons"])
                claim["entities"] = RawJSON(claim["entities"])
        doc_ids = {c["doc_id"] for c in batch}
        new = doc_ids - with_text
        documents = store.exports.documents(doc_ids - new, with_text=False)
        documents.update(store.exports.documents(new, with_text=True))
        for claim in batch:
            doc = documents[claim["doc_id"]]
            if doc["text"] is not None:
                with_text.add(doc["id"])
                documents[doc["id"]] = {**doc, "text": None}
            record = _record(claim, doc, options)
            if options.final and record["final"] is None and record["verdicts"]:
                report.left_out["unresolved disagreements"] += 1
                continue
            if options.needs_verdicts and not record["verdicts"]:
                continue
            yield record
        if progress:
            progress(len(batch))


FLAT_COLUMNS = (
    "claim_id", "doc_id", "document_title", "document_source_path", "document_url",
    "document_outlet", "document_published", "seq", "text", "normalized", "start", "end",
    "speaker", "cue", "is_quote", "score", "reasons", "entities", "cluster_id",
    "restated_by", "reviewer", "label", "note", "evidence", "verdict_at", "final_how",
)  # fmt: skip


#: Where the reviewer is in a flat row (None when the claim has no verdict).
_REVIEWER = FLAT_COLUMNS.index("reviewer")


class ClaimTally:
    """Counts the claims in a stream of flat rows, whose rows of one claim are adjacent."""

    def __init__(self) -> None:
        self.count = 0
        self._last: str | None = None

    def see(self, claim_id: str) -> None:
        if claim_id != self._last:
            self.count += 1
            self._last = claim_id


def flat_rows(
    store: Store, options: ExportOptions, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[Any, ...]]:
    """The flat rows straight from SQLite (what ``flatten`` gives, without ``--final``),
    as tuples in FLAT_COLUMNS order without the last column (``final_how``), with
    ``is_quote`` as 0/1: the writers convert whole columns, not every row."""
    for batch in store.exports.flat_rows(options.claim_filter(), options.verdict_filter):
        tally = ClaimTally()
        for row in batch:
            tally.see(row[0])
            if options.needs_verdicts and row[_REVIEWER] is None:
                continue
            yield row
        if progress:
            progress(tally.count)


def flatten(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The flat rows of a record: one per verdict (or the final verdict, or one empty)."""
    import json

    doc = record["document"]
    base = {
        "claim_id": record["id"],
        "doc_id": record["doc_id"],
        "document_title": doc["title"],
        "document_source_path": doc["source_path"],
        "document_url": doc["url"],
        "document_outlet": doc["outlet"],
        "document_published": doc["published"],
        "seq": record["seq"],
        "text": record["text"],
        "normalized": record["normalized"],
        "start": record["start"],
        "end": record["end"],
        "speaker": record["speaker"],
        "cue": record["cue"],
        "is_quote": record["is_quote"],
        "score": record["score"],
        "reasons": "; ".join(record["reasons"]),
        "entities": json.dumps(record["entities"], ensure_ascii=False),
        "cluster_id": record["cluster_id"],
        "restated_by": record.get("restated_by"),
    }
    empty = {"reviewer": None, "label": None, "note": None, "evidence": None,
             "verdict_at": None, "final_how": None}  # fmt: skip
    if "final" in record:
        final = record["final"]
        if final is None:
            yield {**base, **empty}
            return
        yield {**base, **empty, "reviewer": ",".join(final["reviewers"]), "label": final["label"],
               "final_how": final["how"]}  # fmt: skip
        return
    if not record["verdicts"]:
        yield {**base, **empty}
        return
    for v in record["verdicts"]:
        # Every item whole (URL, quote, when), as the compact JSON SQLite builds for the
        # same column; a URL alone lost the quote that said what the source shows.
        evidence = (json.dumps(v["evidence"], ensure_ascii=False, separators=(",", ":"))
                    if v["evidence"] else None)  # fmt: skip
        yield {**base, **empty, "reviewer": v["reviewer"], "label": v["label"], "note": v["note"],
               "evidence": evidence, "verdict_at": v["at"]}  # fmt: skip
