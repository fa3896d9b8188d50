"""Fact-checks from elsewhere: CSV/TSV/JSONL by common column names and ClaimReview
JSON-LD, their ratings mapped to the scale, into the store's memory."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.datafiles import DataError, read_text
from workbench.models import Label, iso, utcnow
from workbench.store import CheckedRow, Store

#: Ratings fact-checkers publish, to this project's default scale.
RATINGS = {
    "true": "true", "correct": "true", "accurate": "true", "mostly true": "mostly-true",
    "mostly correct": "mostly-true", "half true": "misleading", "half-true": "misleading",
    "mixture": "misleading", "mixed": "misleading", "misleading": "misleading",
    "missing context": "misleading", "out of context": "misleading",
    "miscaptioned": "misleading", "misattributed": "misleading", "partly false": "misleading",
    "mostly false": "mostly-false", "false": "false", "pants on fire": "false",
    "pants on fire!": "false", "fake": "false", "incorrect": "false", "wrong": "false",
    "fabricated": "false", "unproven": "unverifiable", "unverified": "unverifiable",
    "unverifiable": "unverifiable", "research in progress": "unverifiable",
    "opinion": "opinion", "satire": "not-check-worthy",
}  # fmt: skip


def rating_for(label: str, scale: Sequence[Label]) -> str | None:
    """The scale label a published rating means, or None when it means none of them."""
    names = {s.label for s in scale}
    plain = " ".join(label.lower().replace("_", " ").split())
    if plain.replace(" ", "-") in names:
        return plain.replace(" ", "-")
    mapped = RATINGS.get(plain)
    return mapped if mapped in names else None


@dataclass
class CheckedClaim:
    text: str
    label: str
    url: str | None = None
    author: str | None = None
    reviewed_at: str | None = None


@dataclass
class ImportReport:
    added: int = 0
    known: int = 0
    problems: list[str] = field(default_factory=list)


_TEXT = ("claim", "text", "claim_text", "claimreviewed", "vclaim", "statement")
_LABEL = ("verdict", "label", "rating", "textualrating", "alternatename", "truth_rating")
_URL = ("url", "review_url", "link")
_AUTHOR = ("author", "publisher", "fact_checker", "factchecker", "organization")
_DATE = ("date", "reviewed_at", "datepublished", "review_date")


def _pick(row: dict[str, Any], names: Sequence[str]) -> str | None:
    low = {k.lower().strip(): v for k, v in row.items() if isinstance(k, str)}
    for name in names:
        value = low.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return None


def _claimreviews(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _claimreviews(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _claimreviews(data["@graph"])
        kind = data.get("@type")
        if (
            kind == "ClaimReview"
            or (isinstance(kind, list) and "ClaimReview" in kind)
            or "claimReviewed" in data
        ):
            yield data


def _from_claimreview(item: dict[str, Any]) -> CheckedClaim | str:
    """The fact-check a ClaimReview holds, or what is wrong with it: a publisher's
    malformed item (a rating that is a string, an author that is a number) is one
    problem, not the end of the file."""
    rating = item.get("reviewRating") or {}
    if isinstance(rating, list):
        rating = rating[0] if rating else {}
    author = item.get("author") or {}
    if isinstance(author, list):
        author = author[0] if author else {}
    if not isinstance(rating, dict):
        return f"reviewRating is a {type(rating).__name__}, not an object"
    label = rating.get("alternateName") or rating.get("name")
    if not item.get("claimReviewed") or not label:
        return "no claimReviewed or reviewRating"
    if not all(isinstance(v, str | int | float) for v in (item["claimReviewed"], label)):
        return "claimReviewed and the rating's name must be text"
    url, published = item.get("url"), item.get("datePublished")
    name = author.get("name") if isinstance(author, dict) else author
    return CheckedClaim(
        text=str(item["claimReviewed"]), label=str(label),
        url=url if isinstance(url, str) else None,
        author=str(name) if isinstance(name, str | int | float) else None,
        reviewed_at=published if isinstance(published, str) else None,
    )  # fmt: skip


def _csv_rows(path: Path, raw: str, delimiter: str) -> tuple[list[tuple[str, Any]], list[str]]:
    """(FILE:LINE, row) for each record, LINE the physical line it starts on: a quoted
    field keeps its newlines. A line the csv module refuses is one problem."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(raw, newline=""), delimiter=delimiter)
    fields = [f.lower() for f in reader.fieldnames or []]
    if not any(f in fields for f in _TEXT) or not any(f in fields for f in _LABEL):
        raise DataError(
            f"{path}: needs a claim column ({', '.join(_TEXT)}) and a verdict "
            f"column ({', '.join(_LABEL)}); header is {reader.fieldnames}"
        )
    rows: list[tuple[str, Any]] = []
    problems: list[str] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{path}:{reader.line_num}: not CSV ({exc})")
            continue
        values = [v for v in row.values() if isinstance(v, str)]
        first = reader.line_num - sum(v.count("\n") for v in values)
        rows.append((f"{path}:{first}", row))
    return rows, problems


def read_checked(path: Path) -> tuple[list[CheckedClaim], list[str]]:
    """Fact-checks from CSV, TSV, JSONL (claim text and verdict columns, by common
    names) or ClaimReview JSON-LD; bad rows become one-line problems naming the file
    and the row, and the rest is read."""
    raw = read_text(path)
    suffix = path.suffix.lower()
    found: list[CheckedClaim] = []
    problems: list[str] = []
    if suffix in (".json", ".jsonld"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
        except (ValueError, RecursionError) as exc:
            raise DataError(f"{path}: not JSON a reader can take ({type(exc).__name__})") from None
        try:
            items = list(_claimreviews(data))
        except RecursionError:
            raise DataError(f"{path}: nested too deeply to read") from None
        for i, item in enumerate(items):
            checked = _from_claimreview(item)
            if isinstance(checked, str):
                problems.append(f"{path}: ClaimReview {i}: {checked}")
            else:
                found.append(checked)
        if not found and not problems:
            raise DataError(f"{path}: no ClaimReview objects")
        return found, problems
    if suffix == ".jsonl":
        rows: list[tuple[str, Any]] = []
        # Split on newlines only: str.splitlines also breaks at U+2028 and form feeds,
        # which JSON strings may hold, and the line numbers drifted.
        for i, line in enumerate(raw.split("\n"), 1):
            if not line.strip():
                continue
            try:
                rows.append((f"{path}:{i}", json.loads(line)))
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{i}: not JSON ({exc.msg})")
            except (ValueError, RecursionError) as exc:
                problems.append(f"{path}:{i}: not JSON a reader can take ({type(exc).__name__})")
    elif suffix in (".csv", ".tsv"):
        rows, problems = _csv_rows(path, raw, "\t" if suffix == ".tsv" else ",")
    else:
        raise DataError(f"{path}: unknown format (use .csv, .tsv, .jsonl or ClaimReview .json)")
    for where, row in rows:
        if not isinstance(row, dict):
            problems.append(f"{where}: not an object")
            continue
        review = _from_claimreview(row) if "claimReviewed" in row else None
        if isinstance(review, CheckedClaim):
            found.append(review)
            continue
        text, label = _pick(row, _TEXT), _pick(row, _LABEL)
        if not text or not label:
            problems.append(f"{where}: {review or 'no claim text or no verdict'}")
            continue
        found.append(CheckedClaim(text, label, _pick(row, _URL), _pick(row, _AUTHOR),
                                  _pick(row, _DATE)))  # fmt: skip
    return found, problems


def import_checked(store: Store, path: Path, scale: Sequence[Label]) -> ImportReport:
    """Add fact-checks from a file to the memory; the same fact-check twice is one."""
    items, problems = read_checked(path)
    report = ImportReport(problems=problems)
    now = iso(utcnow())
    rows = [
        CheckedRow(
            id=hashlib.sha256("\x1f".join([item.text, item.label, item.url or ""]).encode())
            .hexdigest()[:16],
            text=item.text, label=item.label, rating=rating_for(item.label, scale),
            url=item.url, author=item.author, reviewed_at=item.reviewed_at, source=path.name,
            imported_at=now,
        )
        for item in items
    ]  # fmt: skip
    report.added, report.known = store.memory.add_checked(rows)
    return report
