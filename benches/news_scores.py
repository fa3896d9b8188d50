"""How many of the claims a fact-checker marks in unseen news stay visible.

Reads the hand-written gold of ``tests/fixtures/attribution/news_gold.tsv`` (one row
per claim a fact-checker would mark: file, anchor, speakers, kind, note), extracts
each article body of ``../shared/data/news-pages/ground-truth.json`` with the
Extractor, finds the claim whose span contains the anchor, and reports the share of
gold claims scoring at least ``hide_below`` (default 0.3), overall and per kind, and
the gold claims hidden with their scores. Every gold row should be visible.

    .venv/bin/python benches/news_scores.py [--data ../shared/data/news-pages] [--encoder]

``--encoder`` scores with the sentence vectors as well (the packaged model's linear
head); without it, the rules and the bag-of-words classifier as without an encoder.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

from workbench.extract import Extractor, load_pipeline
from workbench.models import Claim, Document

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "attribution" / "news_gold.tsv"


def _find(claims: list[Claim], body: str, anchor: str) -> Claim | None:
    # The claim whose span holds the anchor; failing that, the one that overlaps it most
    # (a claim split in two at a coordination holds only part of the anchor).
    at = body.find(anchor)
    if at < 0:
        return None
    end = at + len(anchor)
    best, overlap = None, 0
    for claim in claims:
        shared = min(end, claim.end) - max(at, claim.start)
        if shared > overlap:
            best, overlap = claim, shared
    return best


def _auc(positive: list[float], negative: list[float]) -> float:
    """The chance that a marked claim outscores an unmarked one (ties count half)."""
    if not positive or not negative:
        return 0.0
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return round(wins / (len(positive) * len(negative)), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/news-pages")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--hide-below", type=float, default=0.3)
    parser.add_argument("--encoder", action="store_true", help="score with sentence vectors")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()

    bodies = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    with args.gold.open(encoding="utf-8", newline="") as f:
        gold = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    encoder = None
    if args.encoder:
        from workbench.semantic import default_encoder

        encoder = default_encoder()
    extractor = Extractor(load_pipeline(), encoder=encoder)
    keys = sorted({row["file"].removesuffix(".html.gz") for row in gold})
    docs = [Document.from_text(bodies[k]["articleBody"], source_path=k) for k in keys]
    claims = {e.document.source_path: (e.document.text, e.claims) for e in extractor.run(docs)}

    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    hidden, missing, scores = [], [], []
    marked: set[tuple[str, int]] = set()
    for row in gold:
        body, found = claims[row["file"].removesuffix(".html.gz")]
        claim = _find(found, body, row["anchor"])
        if claim is None:
            missing.append(row["anchor"])
            continue
        scores.append(claim.score)
        marked.add((row["file"], claim.start))
        shown = claim.score >= args.hide_below
        by_kind[row["kind"]][0] += shown
        by_kind[row["kind"]][1] += 1
        if not shown:
            hidden.append((claim.score, row["kind"], claim.text))
    shown = sum(v[0] for v in by_kind.values())
    total = len(gold)
    result = {
        "gold": total,
        "found": total - len(missing),
        "visible": shown,
        "share_visible": round(shown / total, 3),
        "by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_kind.items())},
        "mean_score": round(sum(scores) / len(scores), 3) if scores else 0.0,
    }
    # The other claims of the same articles: not marked, though not all unworthy (the
    # gold marks 6-8 per article), so the AUC below is a relative figure, for comparing
    # two scorers on the same claims.
    rest = [
        c.score
        for k, (_, found) in claims.items()
        for c in found
        if (f"{k}.html.gz", c.start) not in marked
    ]
    result["other_claims"] = len(rest)
    result["others_visible"] = round(sum(s >= args.hide_below for s in rest) / max(1, len(rest)), 3)
    result["auc_marked_vs_other"] = _auc(scores, rest)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:14} {value}")
    for score, kind, text in sorted(hidden):
        print(f"  hidden {score:.2f} {kind:8} {text[:110]}")
    for anchor in missing:
        print(f"  no claim holds {anchor!r}")


if __name__ == "__main__":
    main()
