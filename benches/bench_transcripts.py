"""Transcripts: how many check-worthy CLEF rows end up inside a claim, and how many a
moderator said (their turns hold no claims).

Reads every ``*.tsv`` of the CLEF 2019 CheckThat! training transcripts as
``workbench ingest`` would (turns, moderators found by how they speak), extracts
them, and counts the rows labelled 1 whose span overlaps a claim.

    .venv/bin/python benches/bench_transcripts.py [--data DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from workbench.extract import Extractor, load_pipeline
from workbench.ingest.sources import read_source
from workbench.models import Document

DATA = Path(__file__).resolve().parents[2] / "shared/data/clef2019-task1-debates/training"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    files = sorted(args.data.glob("*.tsv"))
    docs = [d for f in files for d in read_source(f) if isinstance(d, Document)]
    labels = {
        f.stem: {int(row.split("\t")[0]): row.rstrip("\n").split("\t")[-1] == "1"
                 for row in f.read_text(encoding="utf-8").splitlines() if row.strip()}
        for f in files
    }  # fmt: skip
    extractor = Extractor(load_pipeline())
    start = time.perf_counter()
    rows = claims = positive = covered = moderated = 0
    for doc, extraction in zip(docs, extractor.run(docs), strict=True):
        spans = [(c.start, c.end) for c in extraction.claims]
        claims += len(spans)
        for line, begin, end in doc.meta["lines"]:
            rows += 1
            if not labels[str(doc.title)].get(line):
                continue
            positive += 1
            turn = next(t for t in doc.turns if t.start <= begin < t.end)
            moderated += turn.role != "speaker"
            covered += any(a < end and begin < b for a, b in spans)
    print(f"{len(docs)} transcripts, {rows} rows, {claims} claims; {positive} check-worthy rows: "
          f"{covered} inside a claim ({covered / positive:.1%}), {moderated} in turns of "
          f"moderators or stage directions ({time.perf_counter() - start:.0f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
