"""Speed with sentence vectors (issue 12): ingest with encoding against raw spaCy, query
latency (encoding the query included) in memories of 10k and 1M checked claims, and
clustering 100k claims by vectors.

- Ingest: the news-pages bodies (``bench_extract.corpus``), in one run: raw
  ``nlp.pipe`` over every paragraph, ``ingest`` without vectors, ``ingest`` with them as
  ``workbench ingest`` runs it (claims scored with their vectors, and stored); wall
  clock and CPU time (all threads), each as a share of raw ``nlp.pipe``.
- Queries: the memory of ``bench_match.py`` (the 10,375 CheckThat! fact-checks plus
  sentences drawn from real word frequencies). The fact-checks get their real vectors;
  the drawn sentences (unreadable, so not worth hours of encoding) get a mix of two
  real vectors plus noise, so the vectors spread like real ones. Each query is a dev
  tweet, encoded on the spot: ``Matcher.find`` as ``workbench match`` runs it.
- Clustering: 100k claims in topics (vectors around 2,000 random centres, cosine ~0.5
  within a topic) with reworded copies (cosine ~0.9 to their original): timing only,
  the quality of the rule is measured on real pairs (``fit_clusters.py``).

    .venv/bin/python benches/bench_vectors.py [--mb 0.25] [--sizes 10000 1000000]
        [--cluster 100000] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BENCHES = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCHES.parent), str(BENCHES)]  # this checkout's workbench; bench_*

import bench_match  # noqa: E402
from bench_extract import corpus  # noqa: E402
from fit_matching import encode  # noqa: E402

from workbench.config import Settings  # noqa: E402
from workbench.extract import COMPONENTS, Extractor, load_pipeline  # noqa: E402
from workbench.extract.paragraphs import paragraphs  # noqa: E402
from workbench.match import Matcher, cluster  # noqa: E402
from workbench.match.evaluation import (  # noqa: E402
    read_pool,
    read_qrels,
    read_queries,
    retrieval_metrics,
)
from workbench.semantic import default_encoder  # noqa: E402
from workbench.services.ingest import ingest_paths  # noqa: E402
from workbench.store import Store  # noqa: E402


def unit(m: np.ndarray) -> np.ndarray:
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)


def bench_ingest(mb: float) -> None:
    docs = corpus(mb)
    size = sum(len(d.text.encode()) for d in docs) / 1_000_000
    nlp = load_pipeline()
    encoder = default_encoder()
    encoder.encode(["warm up"])
    texts = [d.text[p.start : p.end] for d in docs for p in paragraphs(d.text)]
    raw = nlp.select_pipes(disable=list(COMPONENTS))
    list(nlp.pipe(texts[:200]))
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    raw_s = time.perf_counter() - start
    raw_cpu = time.process_time() - cpu
    raw.restore()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i, doc in enumerate(docs):
            (folder / f"{i:05}.txt").write_text(doc.text, encoding="utf-8")
        times, cpus = {}, {}
        claims = 0
        for n, (name, enc) in enumerate((("without vectors", None), ("with vectors", encoder))):
            store = Store.open(Path(tmp) / f"ingest{n}.db")
            # As `workbench ingest` runs: the extractor scores with the encoder it stores with.
            extractor = Extractor(nlp, encoder=enc)
            start, cpu = time.perf_counter(), time.process_time()
            report = ingest_paths([folder], store, extractor, encoder=enc)
            times[name] = time.perf_counter() - start
            cpus[name] = time.process_time() - cpu
            claims = report.claims_added
            store.close()
    print(f"ingest: {size:.2f} MB, {len(docs)} documents, {claims} claims")
    print(f"  raw nlp.pipe: {size / raw_s:.3f} MB/s ({raw_s:.1f} s, CPU {raw_cpu:.1f} s)")
    for name, seconds in times.items():
        print(f"  ingest {name}: {seconds:.1f} s, {size / seconds:.3f} MB/s "
              f"({raw_s / seconds:.2f} of raw nlp.pipe; CPU {cpus[name]:.1f} s, "
              f"{raw_cpu / cpus[name]:.2f} of raw)")  # fmt: skip


def bench_queries(size: int, cache: Path | None, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store = bench_match.memory(Path(tmp) / "memory.db", size, rng)
        encoder = default_encoder()
        pool = encode([t for _, t, _ in read_pool(bench_match.TASK2 / "verified_claims.docs.tsv")],
                      cache)  # fmt: skip
        nums = list(range(1, store.memory.count() + 1))
        store.vectors.put("memory", encoder.model_id, nums[: len(pool)], pool)
        gen = np.random.default_rng(1)
        for at in range(len(pool), len(nums), 50_000):
            part = nums[at : at + 50_000]
            mix = (
                pool[gen.integers(0, len(pool), len(part))]
                + pool[gen.integers(0, len(pool), len(part))]
                + gen.normal(0, 0.03, (len(part), 384))
            )
            store.vectors.put("memory", encoder.model_id, part, unit(mix))
        built = time.perf_counter() - start
        queries = read_queries(bench_match.TASK2 / "dev/tweets.queries.tsv")
        start = time.perf_counter()
        matcher = Matcher(store, 0.0, encoder)
        load = time.perf_counter() - start
        matcher.find(queries[0][1])
        times, runs = [], {}
        for qid, text in queries:
            start = time.perf_counter()
            found = matcher.find(text, 5)
            times.append((time.perf_counter() - start) * 1000)
            runs[qid] = [m.key.split(":", 1)[1] for m in found]
        times.sort()
        gold = read_qrels(bench_match.TASK2 / "dev/tweet-vclaim-pairs.qrels")
        print(f"queries, memory of {store.memory.count():,} (built in {built:.0f} s, vectors "
              f"loaded in {load:.1f} s): median {statistics.median(times):.1f} ms, p95 "
              f"{times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms; dev MAP@5 "
              f"{retrieval_metrics(runs, gold).map_at_5:.3f}")  # fmt: skip
        start = time.perf_counter()
        vectors = encoder.encode([t for _, t in queries[:50]])
        each = (time.perf_counter() - start) * 1000 / 50
        search = []
        for v in vectors:
            start = time.perf_counter()
            matcher.vectors.search(v, 20)  # type: ignore[union-attr]
            search.append((time.perf_counter() - start) * 1000)
        print(
            f"  of which: encoding ~{each:.1f} ms a query (batched), vector search median "
            f"{statistics.median(search):.1f} ms"
        )
        store.close()


def bench_cluster(size: int) -> None:
    gen = np.random.default_rng(2)
    centres = unit(gen.normal(size=(2000, 384)))
    vectors, originals = [], 0
    while len(vectors) < size:
        v = unit(centres[gen.integers(2000)][None] + gen.normal(0, 1 / np.sqrt(384), (1, 384)))
        vectors.append(v[0])
        originals += 1
        for _ in range(int(gen.choice([0, 0, 1, 2, 3]))):
            vectors.append(unit(v + gen.normal(0, 0.3 / np.sqrt(384), (1, 384)))[0])
    matrix = np.stack(vectors[:size])
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        rng = random.Random(3)
        store = Store.open(Path(tmp) / "cluster.db")
        store.tune_for_bulk_load()
        words = [w for s in bench_match.sentences()[:20000] for w in s.split()]
        texts = [" ".join(rng.choices(words, k=rng.randint(8, 25))) for _ in range(size)]
        store.claims.bulk_add(bench_match.documents(texts), batch=2000)
        encoder = default_encoder()
        store.vectors.put("claims", encoder.model_id, list(range(1, size + 1)), matrix)
        start, cpu = time.perf_counter(), time.process_time()
        report = cluster(store, settings.cluster_threshold, encoder=encoder,
                         cosine=settings.cluster_cosine)  # fmt: skip
        seconds = time.perf_counter() - start
        print(
            f"clustering {size:,} claims by vectors: {seconds:.1f} s (CPU "
            f"{time.process_time() - cpu:.1f} s), {report.joined:,} in "
            f"{report.clusters:,} clusters ({size - originals:,} copies made)"
        )
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=0.25)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 1_000_000])
    parser.add_argument("--cluster", type=int, default=100_000)
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if args.mb:
        bench_ingest(args.mb)
    for size in args.sizes:
        bench_queries(size, args.cache, random.Random(1))
    if args.cluster:
        bench_cluster(args.cluster)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
