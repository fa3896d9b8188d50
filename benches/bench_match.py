"""Matching and clustering speed: queries against memories of 10k and 1M checked claims,
and clustering 100k claims.

The text is real where it can be: the memories hold the 10,375 verified claims of CLEF
CheckThat! 2020 Task 2, and the rest are sentences drawn word by word from the word
frequencies of those claims and of ClaimBuster's sentences (so that posting lists
are as long as in real text); the queries are the 197 dev tweets and 300 ClaimBuster
sentences. The 100k claims to cluster are ClaimBuster and CheckThat! sentences, each
with up to three reworded copies (words dropped, swapped, numbers changed), so there
is something to find. Reads ``../shared/data`` (not copied into the repository).

    .venv/bin/python benches/bench_match.py [--sizes 10000 1000000] [--cluster 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from workbench.match import Matcher, cluster
from workbench.match import retrieval_metrics as metrics
from workbench.match.evaluation import read_pool, read_qrels, read_queries
from workbench.models import Claim, Document, claim_id, document_id, utcnow
from workbench.store import CheckedRow, Store


def readonly(store: Store) -> sqlite3.Connection:
    """A connection of the benchmark's own, to measure what clustering wrote."""
    return sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)


DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TASK2 = DATA / "clef2020-task2-claim-retrieval"


def sentences() -> list[str]:
    claimbuster = [x["text"] for x in json.loads((DATA / "claimbuster/train.json").read_text())]
    tweets = [t for _, t in read_queries(TASK2 / "train/tweets.queries.tsv")]
    pool = [c for _, c, _ in read_pool(TASK2 / "verified_claims.docs.tsv")]
    return claimbuster + tweets + pool


def memory(path: Path, size: int, rng: random.Random) -> Store:
    """A store whose memory holds the CheckThat! pool and synthetic claims up to ``size``."""
    store = Store.open(path)
    store.tune_for_bulk_load()
    pool = read_pool(TASK2 / "verified_claims.docs.tsv")
    words = [w for s in sentences() for w in s.split()]
    now = utcnow().isoformat()

    def rows():
        yield from pool
        for i in range(size - len(pool)):
            yield f"s{i}", " ".join(rng.choices(words, k=rng.randint(8, 25))), ""

    batch: list[tuple[str, str, str]] = []
    for key, text, title in rows():
        batch.append((key, text, title))
        if len(batch) == 20_000:
            _flush(store, batch, now)
    _flush(store, batch, now)
    return store


def _flush(store: Store, batch: list[tuple[str, str, str]], now: str) -> None:
    # The pool's titles go into the memory first (an import keeps none); the fact-checks
    # then only add their verdicts.
    store.memory.add([(f"checked:{k}", t, title) for k, t, title in batch])
    store.memory.add_checked(
        [CheckedRow(k, t, "False", "false", None, None, None, "bench", now) for k, t, _ in batch]
    )
    batch.clear()


def bench_queries(store: Store, queries: list[tuple[str, str]]) -> dict[str, float]:
    matcher = Matcher(store, threshold=0.0)
    matcher.find(queries[0][1])  # warm the caches of the first query only
    times, runs = [], {}
    for qid, text in queries:
        start = time.perf_counter()
        found = matcher.find(text, 5)
        times.append((time.perf_counter() - start) * 1000)
        runs[qid] = [m.key.split(":", 1)[1] for m in found]
    times.sort()
    gold = read_qrels(TASK2 / "dev/tweet-vclaim-pairs.qrels")
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95)],
        "max_ms": times[-1],
        "qps": len(times) / (sum(times) / 1000),
        "map_at_5": metrics({q: r for q, r in runs.items() if q in gold}, gold).map_at_5,
    }


def reworded(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        choice = rng.random()
        if choice < 0.4 and len(words) > 6:
            del words[i]
        elif choice < 0.7 and i + 1 < len(words):
            words[i], words[i + 1] = words[i + 1], words[i]
        elif words[i].isdigit():
            words[i] = str(int(words[i]) + rng.randint(1, 9))
        else:
            words.insert(i, rng.choice(["also", "reportedly", "now", "still", "again"]))
    return " ".join(words)


def documents(texts: list[str]) -> Iterator[tuple[Document, list[Claim]]]:
    """Ten claims a document, each its own paragraph, as stored claims (no extraction)."""
    now = utcnow()
    for d in range(0, len(texts), 10):
        part = texts[d : d + 10]
        body = "\n\n".join(part)
        doc_id = document_id(f"bench {d}\n\n{body}")
        doc = Document.model_construct(
            id=doc_id, source_path=f"bench/{d}.txt", url=None, title=f"bench {d}", outlet=None,
            published=None, language="en", text=body, meta={}, ingested_at=now,
        )  # fmt: skip
        claims, pos = [], 0
        for i, sent in enumerate(part):
            start, end = pos, pos + len(sent)
            claims.append(Claim.model_construct(
                id=claim_id(doc_id, start, end), doc_id=doc_id, seq=i, start=start, end=end,
                sentence_start=start, sentence_end=end, paragraph_start=start,
                paragraph_end=end, text=sent, normalized=sent, speaker=None, cue=None,
                is_quote=False, quote_start=None, quote_end=None, score=0.5, reasons=[],
                entities=[], cluster_id=None, extractor="bench", created_at=now,
            ))  # fmt: skip
            pos = end + 2
        yield doc, claims


def bench_cluster(path: Path, size: int, rng: random.Random) -> dict[str, float]:
    store = Store.open(path)
    store.tune_for_bulk_load()
    base = [s for s in sentences() if len(s.split()) >= 6]
    rng.shuffle(base)
    texts: list[tuple[int, str]] = []
    for origin, text in enumerate(base):
        texts.append((origin, text))
        texts += [(origin, reworded(text, rng)) for _ in range(rng.choice([0, 0, 1, 2, 3]))]
        if len(texts) >= size:
            break
    # Past the real sentences: sentences drawn from their word frequencies, unlike any other.
    words = [w for t in base for w in t.split()]
    while len(texts) < size:
        texts.append((-len(texts), " ".join(rng.choices(words, k=rng.randint(8, 25)))))
    texts = texts[:size]
    store.claims.bulk_add(documents([t for _, t in texts]), batch=2000)
    start = time.perf_counter()
    report = cluster(store, 0.55, processes=2)
    seconds = time.perf_counter() - start
    # Of the pairs a cluster makes, how many come from one original sentence?
    origin = {num: texts[num - 1][0] for num in range(1, len(texts) + 1)}
    members: dict[str, list[int]] = {}
    for num, cid in readonly(store).execute("SELECT num, cluster_id FROM claims WHERE cluster_id "
                                       "IS NOT NULL"):  # fmt: skip
        members.setdefault(cid, []).append(num)
    same = pairs = 0
    for nums in members.values():
        for i, a in enumerate(nums):
            for b in nums[i + 1 :]:
                pairs += 1
                same += origin[a] == origin[b]
    copies = sum(1 for i in range(1, len(texts)) if texts[i][0] == texts[i - 1][0])
    cluster_of = dict(readonly(store).execute("SELECT num, cluster_id FROM claims"))
    first: dict[int, int] = {}
    found = 0
    for num in range(1, len(texts) + 1):
        o = origin[num]
        if o in first:
            found += cluster_of[num] is not None and cluster_of[num] == cluster_of[first[o]]
        else:
            first[o] = num
    store.close()
    return {"claims": len(texts), "seconds": seconds, "clusters": report.clusters,
            "in_clusters": report.joined, "pair_precision": same / pairs if pairs else 1.0,
            "copies": copies, "copy_recall": found / copies if copies else 1.0}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 1_000_000])
    parser.add_argument("--cluster", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    claimbuster = json.loads((DATA / "claimbuster/train.json").read_text())
    queries = read_queries(TASK2 / "dev/tweets.queries.tsv")
    queries += [(f"cb{i}", x["text"]) for i, x in enumerate(rng.sample(claimbuster, 300))]
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        for size in args.sizes:
            start = time.perf_counter()
            store = memory(Path(tmp) / f"memory-{size}.db", size, rng)
            built = time.perf_counter() - start
            r = bench_queries(store, queries)
            store.close()
            print(f"memory of {size:>9,} claims (built in {built:.0f} s): {len(queries)} queries, "
                  f"median {r['median_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
                  f"max {r['max_ms']:.1f} ms, {r['qps']:.0f} queries/s; "
                  f"dev MAP@5 in this haystack {r['map_at_5']:.3f}", flush=True)  # fmt: skip
        if args.cluster:
            r = bench_cluster(Path(tmp) / "cluster.db", args.cluster, rng)
            print(f"clustering {r['claims']:,} claims: {r['seconds']:.1f} s; "
                  f"{r['in_clusters']:,} claims in {r['clusters']:,} clusters "
                  f"({r['copies']:,} reworded copies made, {r['copy_recall']:.3f} of them found "
                  f"with their original); {r['pair_precision']:.3f} of clustered pairs share "
                  "an original",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
