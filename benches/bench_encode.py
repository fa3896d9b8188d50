"""Sentence-encoder speed: loading the packaged model, throughput on ClaimBuster sentences
at a few batch sizes, and the latency of encoding one query at a time.

Reads ``../shared/data/claimbuster/train.json`` (not copied into the repository); the
sentences are a fixed random sample, so runs compare. Prints the figures; no assertions.

    .venv/bin/python benches/bench_encode.py [--sentences 2000] [--queries 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

from workbench.semantic import Encoder

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def claimbuster() -> list[str]:
    rows = json.loads((DATA / "claimbuster" / "train.json").read_text())
    return [row["text"] for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[16, 32, 64])
    args = parser.parse_args()

    texts = claimbuster()
    rng = random.Random(12)
    sample = rng.sample(texts, args.sentences)
    queries = rng.sample(texts, args.queries)

    # Other processes on the same cores change every figure below: say how busy it was.
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    encoder = Encoder()
    start = time.perf_counter()
    encoder.encode(["warm-up"])  # checks both sha256, builds the ONNX session
    load = time.perf_counter() - start
    print(f"model: {encoder.model_id}, {encoder.threads} intra-op threads")
    print(f"first encode (hash check + session): {load:.2f} s")

    words = [len(text.split()) for text in sample]
    print(
        f"{len(sample)} ClaimBuster sentences, words per sentence: "
        f"mean {statistics.mean(words):.1f}, max {max(words)}"
    )
    for size in args.batch_sizes:
        batched = Encoder(batch_size=size)
        batched.encode(["warm-up"])
        start = time.perf_counter()
        batched.encode(sample)
        elapsed = time.perf_counter() - start
        print(f"batch {size:3d}: {len(sample) / elapsed:7.1f} sentences/s ({elapsed:.2f} s)")

    times = []
    for query in queries:
        start = time.perf_counter()
        encoder.encode([query])
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    print(
        f"one query at a time ({len(times)} queries): "
        f"median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
