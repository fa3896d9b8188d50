"""ClaimReview (schema.org JSON-LD), as fact-checkers publish verdicts for search engines.

One ClaimReview per claim, never one per reviewer: the claim's final verdict (a
``final`` event, agreement, the adjudicator's verdict or a strict majority, as
``export --final``); claims left unresolved are counted, not published. Labels
without a rating (unverifiable, opinion, not check-worthy) are not published.
Every record is validated against Google's required and recommended
fields before it is written; what fails is left out and counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from workbench.config import Settings
from workbench.export.records import ExportReport

#: Google's guidance: keep claimReviewed short; longer is allowed but flagged.
CLAIM_REVIEWED_RECOMMENDED = 75
CLAIM_REVIEWED_MAX = 500


#: Settings still at values that only stand in for the publisher's own.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")


def placeholders(settings: Settings) -> list[str]:
    """The publishing settings that are still placeholders, each with what to set."""
    out = []
    if settings.organization == Settings.model_fields["organization"].default:
        out.append(f"organization is the default {settings.organization!r}")
    if any(host in settings.claimreview_url for host in PLACEHOLDER_HOSTS):
        out.append(f"claimreview_url is a placeholder ({settings.claimreview_url})")
    if settings.organization_url is None:
        out.append("organization_url is not set")
    elif any(host in settings.organization_url for host in PLACEHOLDER_HOSTS):
        out.append(f"organization_url is a placeholder ({settings.organization_url})")
    return out


def _appearance(doc: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if doc.get("url"):
        work["url"] = doc["url"]
    if doc.get("title"):
        work["headline"] = doc["title"]
    if doc.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": doc["outlet"]}
    return work


def claim_review(record: dict[str, Any], label: str, rating: int, at: str,
                 settings: Settings) -> dict[str, Any]:  # fmt: skip
    doc = record["document"]
    item: dict[str, Any] = {"@type": "Claim", "appearance": _appearance(doc)}
    if record["speaker"]:
        item["author"] = {"@type": "Thing", "name": record["speaker"]}
    if doc.get("published"):
        item["datePublished"] = doc["published"]
    author: dict[str, Any] = {"@type": "Organization", "name": settings.organization}
    if settings.organization_url:
        author["url"] = settings.organization_url
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.claimreview_url.format(claim_id=record["id"], doc_id=record["doc_id"]),
        "claimReviewed": record["normalized"],
        "datePublished": at[:10],
        "author": author,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": label,
        },
        "itemReviewed": item,
    }


def validate(review: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(errors, warnings) against Google's ClaimReview guidelines."""
    errors: list[str] = []
    warnings: list[str] = []
    claim = review.get("claimReviewed") or ""
    if not claim.strip():
        errors.append("claimReviewed is empty")
    elif len(claim) > CLAIM_REVIEWED_MAX:
        errors.append(f"claimReviewed is over {CLAIM_REVIEWED_MAX} characters")
    elif len(claim) > CLAIM_REVIEWED_RECOMMENDED:
        warnings.append(f"claimReviewed is over {CLAIM_REVIEWED_RECOMMENDED} characters")
    rating = review.get("reviewRating") or {}
    if not rating.get("alternateName"):
        errors.append("reviewRating.alternateName is missing")
    value = rating.get("ratingValue")
    if not isinstance(value, int) or not rating.get("worstRating", 1) <= value <= rating.get(
        "bestRating", 5
    ):
        errors.append("reviewRating.ratingValue is outside worstRating..bestRating")
    if not str(review.get("url", "")).startswith(("http://", "https://")):
        errors.append("url is not an absolute http(s) URL")
    if not (review.get("author") or {}).get("name"):
        warnings.append("author.name is missing")
    item = review.get("itemReviewed") or {}
    if "author" not in item:
        warnings.append("itemReviewed.author is missing (no speaker)")
    if "datePublished" not in item:
        warnings.append("itemReviewed.datePublished is missing")
    if not (item.get("appearance") or {}).get("url"):
        warnings.append("itemReviewed.appearance.url is missing")
    return errors, warnings


def reviews(records: Iterable[dict[str, Any]], settings: Settings, report: ExportReport
            ) -> Iterator[dict[str, Any]]:  # fmt: skip
    ratings = {step.label: step.rating for step in settings.scale}
    for record in records:
        if "final" in record:
            final = record["final"]
            at = final.get("at") or max(v["at"] for v in record["verdicts"]) if final else ""
            verdicts = [{"label": final["label"], "at": at}] if final else []
        else:
            verdicts = record["verdicts"]
        for verdict in verdicts:
            rating = ratings.get(verdict["label"])
            if rating is None:
                report.left_out[f"'{verdict['label']}' (no rating)"] += 1
                continue
            review = claim_review(record, verdict["label"], rating, verdict["at"], settings)
            errors, warnings = validate(review)
            if errors:
                report.left_out[f"invalid ({errors[0]})"] += 1
                continue
            for warning in warnings:
                report.warnings[warning] += 1
            yield review


def write_claimreview(records: Iterable[dict[str, Any]], out: IO[str], settings: Settings,
                      report: ExportReport) -> int:  # fmt: skip
    """A JSON array of ClaimReview objects."""
    count = 0
    out.write("[")
    for review in reviews(records, settings, report):
        out.write(",\n" if count else "\n")
        out.write(json.dumps(review, ensure_ascii=False, indent=None))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
