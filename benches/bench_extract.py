"""Extraction throughput: raw spaCy `nlp.pipe` against the full workbench extraction
(without and with the sentence encoder scoring check-worthiness), and `ingest` with
one process against `--processes N`.

All run in one invocation on the same article text, so the ratios are meaningful on
a shared, noisy machine: by default the 141 news-pages bodies (~0.7 MB, read from
``../shared/data``, not copied), or ``--corpus seeds``: the seed articles repeated
with a varying header (every copy a new document, but its sentences repeat). Prints
the figures; the README records them.

    .venv/bin/python benches/bench_extract.py [--mb 1.0] [--corpus news|seeds]
        [--processes 2] [--no-ingest]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from workbench.corpus import seed_dir
from workbench.extract import COMPONENTS, Extractor, load_pipeline
from workbench.extract.paragraphs import paragraphs
from workbench.ingest import read_document
from workbench.models import Document
from workbench.semantic import default_encoder
from workbench.services.ingest import ingest_paths
from workbench.services.scale import ingest_with_dask
from workbench.services.shards import ExtractOptions, Pipeline
from workbench.store import Store

NEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-pages" / "ground-truth.json"


def corpus(megabytes: float, source: str = "news") -> list[Document]:
    """``megabytes`` of documents: the news-pages bodies, each once (about 0.7 MB, every
    sentence different), or the seed articles repeated with a varying header (their
    sentences repeat, which the encoder's cross-document batches encode once)."""
    if source == "news":
        bodies = [v["articleBody"] for v in json.loads(NEWS.read_text(encoding="utf-8")).values()]
        texts = [b for b in bodies if b and b.strip()]
    else:
        seeds = [read_document(p).text for p in sorted(seed_dir().glob("*.txt"))]
        texts = [f"Copy {i} of a seed article\n\n{seeds[i % len(seeds)]}" for i in range(10_000)]
    docs: list[Document] = []
    size = 0
    for i, text in enumerate(texts):
        if size >= megabytes * 1_000_000:
            break
        docs.append(Document.from_text(text, source_path=f"bench/{i}.txt"))
        size += len(text.encode())
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mb", type=float, default=1.0, help="megabytes of text (news: ~0.7 at most)"
    )
    parser.add_argument("--corpus", choices=["news", "seeds"], default="news")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--processes", type=int, default=2, help="for the ingest comparison")
    parser.add_argument("--no-ingest", action="store_true", help="skip the ingest comparison")
    args = parser.parse_args()

    docs = corpus(args.mb, args.corpus)
    mb = sum(len(d.text.encode()) for d in docs) / 1_000_000
    nlp = load_pipeline()
    extractor = Extractor(nlp, batch_size=args.batch_size)
    texts = [d.text[p.start : p.end] for d in docs for p in paragraphs(d.text)]
    raw = nlp.select_pipes(disable=list(COMPONENTS))

    list(nlp.pipe(texts[:200], batch_size=args.batch_size))  # warm up both paths
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    raw_s, raw_cpu = time.perf_counter() - start, time.process_time() - cpu
    raw.restore()

    start, cpu = time.perf_counter(), time.process_time()
    claims = sum(len(e.claims) for e in extractor.run(docs))
    full_s, full_cpu = time.perf_counter() - start, time.process_time() - cpu

    print(f"text: {mb:.2f} MB, {len(docs)} documents, {len(texts)} paragraphs")
    print(f"raw nlp.pipe (all paragraphs, no workbench component): {mb / raw_s:.3f} MB/s")
    print(f"full extraction ({claims} claims):                      {mb / full_s:.3f} MB/s")
    print(f"ratio full / raw: {raw_s / full_s:.2f}")

    # The same with sentence vectors for check-worthiness (`workbench ingest` default).
    encoder = default_encoder()
    encoder.encode(["Warm up: the model loads once, before the clock starts."])
    with_vectors = Extractor(nlp, batch_size=args.batch_size, encoder=encoder)
    start, cpu = time.perf_counter(), time.process_time()
    claims = sum(len(e.claims) for e in with_vectors.run(docs))
    vec_s, vec_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"full extraction with vectors ({claims} claims):         {mb / vec_s:.3f} MB/s")
    print(f"ratio full with vectors / raw: {raw_s / vec_s:.2f}")
    # CPU seconds (all threads of this process) say what the work costs whatever else
    # runs on the machine; the wall-clock ratios above need a quiet one.
    print(f"CPU s: raw {raw_cpu:.1f}, full {full_cpu:.1f}, with vectors {vec_cpu:.1f}")
    if args.no_ingest:
        return

    # `workbench ingest` end to end (read files, extract, write SQLite), 1 vs N processes.
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        for i, doc in enumerate(docs):
            (folder / f"{i:05}.txt").write_text(doc.text, encoding="utf-8")
        times = {}
        for n in (1, args.processes):
            store = Store.open(Path(tmp) / f"p{n}.db")
            start = time.perf_counter()
            if n == 1:
                report = ingest_paths([folder], store, extractor)
            else:  # the Dask engine of `ingest --processes N`, as extractor is: no encoder
                options = ExtractOptions(Pipeline(encoder="", vectors=False))
                report = ingest_with_dask([folder], store, options, workers=n)
            times[n] = time.perf_counter() - start
            store.close()
            print(f"ingest --processes {n}: {times[n]:.1f} s ({report.claims_added} claims)")
        print(f"speed-up with {args.processes} processes: {times[1] / times[args.processes]:.2f}x")


if __name__ == "__main__":
    main()
