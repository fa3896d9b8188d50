"""Big corpora: extraction in one process against a local Dask cluster, and the bulk load.

The corpus is built from the 141 article bodies of ../shared/data/news-pages (each copy
gets its own first line and its paragraphs rotated, so every copy is a new document),
written as .txt files. In one run, on the same files:

1. one process: the very function the Dask workers run (``extract_partition``) called
   partition after partition in this process, with the pipeline loaded once;
2. ``workbench extract`` on a local cluster of --workers processes (one thread each);
3. ``workbench load`` of those shards into a new database: the bulk insert alone
   (claims/s), then clustering and matching of the new claims.

Prints wall-clock and CPU figures, the throughput ratio, the memory of each worker, the
load rate, and what N workers would do against the single SQLite writer.

    .venv/bin/python benches/bench_scale.py [--articles 10000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

import psutil

from workbench.config import Settings
from workbench.semantic import default_encoder
from workbench.services.ingest import IngestReport, link_new_claims
from workbench.services.scale import dask_client, load_shards, partitions, run_extract
from workbench.services.shards import ExtractOptions, Pipeline, extract_partition
from workbench.store import Store

NEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-pages" / "ground-truth.json"


def build(folder: Path, articles: int) -> int:
    """Write ``articles`` varied copies of the news bodies; returns their bytes."""
    bodies = [v["articleBody"] for v in json.loads(NEWS.read_text(encoding="utf-8")).values()]
    folder.mkdir(parents=True)
    size = 0
    for i in range(articles):
        paras = [p for p in bodies[i % len(bodies)].split("\n\n") if p.strip()]
        turn = (i // len(bodies)) % max(1, len(paras))
        text = f"Dispatch {i} from the news desk\n\n" + "\n\n".join(paras[turn:] + paras[:turn])
        (folder / f"{i:06}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


#: Claims per copied shard: a partition of 32 news articles holds about this many.
SHARD_CLAIMS = 1000


def peak_rss() -> int:
    """This process's peak resident memory in bytes (VmHWM: ``ru_maxrss`` would count
    the parent a worker was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def worker_stats(client: object) -> dict[str, tuple[float, int]]:
    """(CPU seconds, peak RSS bytes) of each worker process."""

    def stats() -> tuple[float, int]:
        cpu = psutil.Process().cpu_times()
        return cpu.user + cpu.system, peak_rss()

    return client.run(stats)  # type: ignore[attr-defined, no-any-return]


def replicate(shards: Path, out: Path, claims: int) -> int:
    """Copies of the extracted shards, each document and claim under a new id, until
    about ``claims`` claims: a load-sized folder of real rows without extracting it all."""
    import hashlib

    from workbench.services.shards import (
        FURNITURE,
        SUMMARY,
        Summary,
        read_manifest,
        read_shard,
        write_manifest,
        write_table,
    )  # fmt: skip
    from workbench.store.codec import CLAIM_NAMES, DOCUMENT_NAMES

    def new(value: str, k: int) -> str:
        return hashlib.sha256(f"{value}/{k}".encode()).hexdigest()

    names = read_manifest(shards)["shards"]
    out.mkdir()
    made: list[str] = []
    total, k = 0, 0
    doc_at, claim_at = CLAIM_NAMES.index("doc_id"), CLAIM_NAMES.index("id")
    docs: list[tuple[object, ...]] = []
    rows: list[list[object]] = []
    vectors: list[tuple[str, bytes]] = []
    model = None

    def flush() -> None:
        # Shards of about SHARD_CLAIMS claims, as a partition of news articles makes.
        target = out / new(str(len(made)), -1)[:32]
        target.mkdir()
        write_table([*DOCUMENT_NAMES, FURNITURE], docs, target / "documents.parquet")
        write_table(CLAIM_NAMES, rows, target / "claims.parquet")
        write_table(("claim_id", "vec"), vectors, target / "vectors.parquet")
        summary = Summary(target.name, len(docs), len(docs), len(rows), model=model)
        (target / SUMMARY).write_text(json.dumps(summary.to_json()), encoding="utf-8")
        made.append(target.name)
        docs.clear(), rows.clear(), vectors.clear()

    originals = [read_shard(shards, name) for name in names]
    if not any(shard.claims for shard, _, _ in originals):
        raise SystemExit(f"{shards}: no claims to copy")
    while total < claims:
        for shard, summary, furniture in originals:
            model = summary.model
            docs += [(new(d[0], k), *d[1:], furniture[d[0]]) for d in shard.documents]
            for c in shard.claims:
                row = list(c)
                row[doc_at], row[claim_at] = new(row[doc_at], k), new(row[claim_at], k)
                rows.append(row)
            vectors += [(new(c, k), v) for c, v in shard.vectors]
            total += len(shard.claims)
            if len(rows) >= SHARD_CLAIMS:
                flush()
        k += 1
    if rows:
        flush()
    write_manifest(out, {"format": 1, "shards": made})
    return total


def load_rate(shards: Path, root: Path, claims: int, vectors: bool) -> float:
    """Claims/s of the bulk insert (shards to committed rows, without clustering)."""
    copies = replicate(shards, root / "copies", claims)
    store = Store.open(root / "copies.db")
    wall, cpu = time.perf_counter(), time.process_time()
    loaded = load_shards(root / "copies", store, encoder=default_encoder() if vectors else None)
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"load: {loaded.claims_added} claims ({copies} in copies of the shards) in "
        f"{load_wall:.2f} s wall ({loaded.claims_added / load_wall:,.0f} claims/s), "
        f"{load_cpu:.2f} s CPU ({loaded.claims_added / load_cpu:,.0f} claims/s of CPU)"
    )
    return loaded.claims_added / load_wall


def cluster_time(shards: Path, root: Path, settings: Settings, vectors: bool) -> None:
    """The load of the real shards, then clustering and matching, as `workbench load`."""
    encoder = default_encoder() if vectors else None
    store = Store.open(root / "load.db")
    wall = time.perf_counter()
    loaded = load_shards(shards, store, encoder=encoder)
    middle = time.perf_counter()
    link_new_claims(store, [d.id for d in store.claims.documents()], IngestReport(),
                    settings.cluster_threshold, settings.match_threshold, encoder,
                    settings.cluster_cosine)  # fmt: skip
    print(
        f"load of the shards: {loaded.claims_added} claims in {middle - wall:.2f} s, then "
        f"clustering and matching them {time.perf_counter() - middle:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--load-claims", type=int, default=100_000,
                        help="load copies of the shards up to this many claims")  # fmt: skip
    parser.add_argument("--no-vectors", action="store_true",
                        help="without the sentence encoder (rules and classifier)")  # fmt: skip
    args = parser.parse_args()
    settings = Settings()
    encoder = "" if args.no_vectors else settings.encoder
    options = ExtractOptions(Pipeline(settings.model, settings.classifier, settings.batch_size,
                                      encoder, not args.no_vectors))  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        root = Path(tmp)
        size = build(root / "corpus", args.articles)
        print(f"corpus: {args.articles} articles, {size / 1e6:.1f} MB, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip

        # 1. One process, the workers' function, the pipeline loaded once (not timed).
        _, parts = partitions([root / "corpus"])
        extract_partition(parts[0][:1], str(root / "warm"), options)
        wall, cpu = time.perf_counter(), time.process_time()
        claims = sum(extract_partition(p, str(root / "one"), options)[0]["claims"] for p in parts)
        one_wall, one_cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"1 process:         {one_wall:7.1f} s wall, {one_cpu:7.1f} s CPU, "
            f"{args.articles / one_wall:.1f} articles/s, {claims} claims, "
            f"peak RSS {peak_rss() / 2**20:.0f} MB"
        )
        # One process is not one core: its encoder thread runs beside spaCy on the other
        # core. Pinned to one core (the threads it starts inherit the mask), it gives the
        # rate per core that N workers on N cores are to be compared with.
        cores = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(cores)})
        try:
            wall = time.perf_counter()
            for p in parts:
                extract_partition(p, str(root / "pinned"), options)
            pinned_wall = time.perf_counter() - wall
        finally:
            os.sched_setaffinity(0, cores)
        print(f"1 process, 1 core: {pinned_wall:7.1f} s wall, "
              f"{args.articles / pinned_wall:.1f} articles/s")  # fmt: skip

        # 2. The local Dask cluster: started and its pipelines loaded before the clock.
        with dask_client(None, args.workers) as client:
            address = client.scheduler.address
            client.run(extract_partition, parts[0][:1], str(root / "warm"), options)
            before = worker_stats(client)
            wall = time.perf_counter()
            report = run_extract([root / "corpus"], root / "shards", options, scheduler=address)
            dask_wall = time.perf_counter() - wall
            after = worker_stats(client)
        dask_cpu = sum(after[w][0] - before[w][0] for w in after if w in before)
        rss = [after[w][1] / 2**20 for w in after]
        print(f"Dask, {args.workers} workers:  {dask_wall:7.1f} s wall, {dask_cpu:7.1f} s CPU in "
              f"workers, {args.articles / dask_wall:.1f} articles/s, "
              f"{sum(s.claims for s in report.summaries)} claims")  # fmt: skip
        print(f"  peak RSS per worker: {', '.join(f'{r:.0f} MB' for r in rss)}")
        print(f"  throughput ratio (wall) {one_wall / dask_wall:.2f}x one process, "
              f"{pinned_wall / dask_wall:.2f}x one process on one core; CPU per article, "
              f"Dask / one process: {dask_cpu / one_cpu:.2f}")  # fmt: skip

        # 3. The load.
        cluster_time(root / "shards", root, settings, bool(encoder))
        load = load_rate(root / "shards", root, args.load_claims, bool(encoder))

        per_worker = claims / one_cpu  # claims per CPU second of one worker
        print(f"per worker: {per_worker:.1f} claims/s ({args.articles / one_cpu:.2f} articles/s "
              f"of CPU); load: {load:,.0f} claims/s")  # fmt: skip
        for n in (2, 8, 32, 128, 512):
            rate = n * per_worker
            print(f"  {n:4} workers: {rate:9,.0f} claims/s extracted; loading them takes "
                  f"{rate / load:.1%} of the time extracting them does")  # fmt: skip
        print(
            f"the single SQLite writer is the limit from about {load / per_worker:,.0f} "
            "workers (loading as fast as they extract)"
        )


if __name__ == "__main__":
    main()
