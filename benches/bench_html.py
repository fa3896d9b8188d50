"""Body extraction from web pages: the workbench's HTML reader against plain trafilatura.

Scored as the article-extraction benchmark (scrapinghub/article-extraction-benchmark)
scores it: the text is lower-cased and split into words on whitespace and
punctuation, the words are cut into shingles of 4 consecutive words, and each
page's precision and recall compare the shingle multisets of the extracted text
and the ground truth's ``articleBody``; precision and recall are averaged over the
pages and F1 is computed from the two averages. A page with no text extracted
scores 0 on both (the ground truth is never empty).

    .venv/bin/python benches/bench_html.py [--data ../shared/data/news-pages] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from workbench.ingest.html import read_html
from workbench.ingest.readers import SkipFile

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-pages"
_WORD = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return Counter(tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1)))


def precision_recall(predicted: str, truth: str) -> tuple[float, float]:
    got, want = shingles(predicted), shingles(truth)
    if not got and not want:
        return 1.0, 1.0
    if not got or not want:
        return 0.0, 0.0
    common = sum((got & want).values())
    return common / sum(got.values()), common / sum(want.values())


def workbench_reader(html: bytes) -> str:
    try:
        return str(read_html(html)["text"])
    except SkipFile:
        return ""


def plain_trafilatura(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def score(name: str, extract: Callable[[bytes], str], pages: list[tuple[bytes, str]]) -> None:
    precisions, recalls = [], []
    start = time.perf_counter()
    for html, truth in pages:
        p, r = precision_recall(extract(html), truth)
        precisions.append(p)
        recalls.append(r)
    seconds = time.perf_counter() - start
    p, r = statistics.fmean(precisions), statistics.fmean(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{name:<22} precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  "
          f"({len(pages)} pages, {seconds:.1f} s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[: args.limit]
    pages = [
        (gzip.decompress((args.data / "html" / f"{key}.html.gz").read_bytes()),
         truth[key]["articleBody"])
        for key in keys
    ]  # fmt: skip
    plain_trafilatura(pages[0][0])  # load trafilatura's models before timing either
    score("workbench reader", workbench_reader, pages)
    score("trafilatura.extract", plain_trafilatura, pages)


if __name__ == "__main__":
    main()
