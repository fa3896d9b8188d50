"""Build a workbench database with N synthetic claims, fast, through the Store's bulk path.

    .venv/bin/python benches/make_db.py --claims 1000000 --out /tmp/wb-1m.db

Ten claims per document; by default a tenth of the claims get a verdict from
"ann" and a twentieth one from "bob" (some of them disagreeing), so that every
filter has work to do; `--reviewed 1` reviews every claim. The same --seed gives the same database.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from workbench.models import Claim, Document, VerdictEvent, claim_id, document_id, utcnow
from workbench.store import Store

WORDS = (
    "minister said ceasefire guarantees security sanctions troops border agreement treaty "
    "parliament election budget inflation percent million billion tanker missile drone "
    "Kremlin Kyiv Brussels Washington NATO Moscow summit talks ports grain exports tariffs "
    "reported confirmed denied announced accused warned promised estimated officials spokesman"
).split()
SPEAKERS = [None, None, None, "Dmitry Peskov", "Maria Zakharova", "Sergey Lavrov",
            "Jens Stoltenberg", "Liz Truss", "the Kremlin", "the foreign ministry"]  # fmt: skip
LABELS = ["true", "mostly-true", "misleading", "mostly-false", "false", "unverifiable"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    words.insert(rng.randint(0, len(words)), str(rng.randint(2, 9000)))
    return " ".join(words).capitalize() + "."


def build(claims: int, out: Path, seed: int = 1, per_doc: int = 10, reviewed: float = 0.1
          ) -> dict[str, float]:  # fmt: skip
    rng = random.Random(seed)
    if out.exists():
        out.unlink()
    store = Store.open(out)
    store.tune_for_bulk_load()  # a throwaway file: speed over durability
    now = utcnow()
    started = time.perf_counter()
    ids: list[str] = []

    def documents():
        made = 0
        n = 0
        while made < claims:
            sentences = [sentence(rng) for _ in range(min(per_doc, claims - made))]
            text = f"Synthetic report {n}\n\n" + "\n\n".join(sentences)
            doc_id = document_id(text)
            doc = Document.model_construct(
                id=doc_id, source_path=f"synthetic/{n}.txt", url=None,
                title=f"Synthetic report {n}", outlet="Bench Wire", published=None,
                language="en", text=text, meta={},
                ingested_at=now,
            )  # fmt: skip
            pos = text.index("\n\n") + 2
            rows = []
            for i, sent in enumerate(sentences):
                start, end = pos, pos + len(sent)
                cid = claim_id(doc_id, start, end)
                ids.append(cid)
                rows.append(
                    Claim.model_construct(
                        id=cid, doc_id=doc_id, seq=i, start=start, end=end,
                        sentence_start=start, sentence_end=end, paragraph_start=start,
                        paragraph_end=end, text=sent, normalized=sent,
                        speaker=rng.choice(SPEAKERS), cue="said", is_quote=False,
                        score=round(rng.random(), 3), reasons=["+ synthetic"], entities=[],
                        cluster_id=None, extractor="bench", created_at=now,
                    )
                )  # fmt: skip
                pos = end + 2
            made += len(sentences)
            n += 1
            yield doc, rows

    store.claims.bulk_add(documents(), batch=2000)
    loaded = time.perf_counter() - started

    def events():
        for cid in ids:
            r = rng.random()
            if r < reviewed:
                yield VerdictEvent(claim_id=cid, reviewer="ann", kind="verdict",
                                   label=rng.choice(LABELS), at=now)  # fmt: skip
            if r < reviewed / 2:
                yield VerdictEvent(claim_id=cid, reviewer="bob", kind="verdict",
                                   label=rng.choice(LABELS), at=now)  # fmt: skip

    started = time.perf_counter()
    store.reviews.append_events(events(), batch=20_000)
    reviewed = time.perf_counter() - started
    store.checkpoint()
    store.close()
    return {"claims_s": loaded, "verdicts_s": reviewed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reviewed",
        type=float,
        default=0.1,
        help="share of claims with a verdict by ann (half as many by bob)",
    )
    args = parser.parse_args()
    times = build(args.claims, args.out, args.seed, reviewed=args.reviewed)
    size = args.out.stat().st_size / 1e6
    print(f"{args.claims} claims in {times['claims_s']:.1f} s, verdicts in "
          f"{times['verdicts_s']:.1f} s; {args.out} is {size:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
