"""The matching variants tried after the fused ranking (issue 12), each fitted on the
CheckThat! 2020 Task 2 train split and reported once on dev: what the tweet looks like
before encoding (and before the lexical features), which text of a fact-check is
encoded (its claim, its title, both, the larger of two cosines), and more dense
candidates. For each variant: the shipped weights, then the best weights on train
(a grid over cosine, BM25, similarity and coverage in steps of 0.05) and their dev
figure. Variants are chosen on train; dev is printed for the README only.

Candidates and the lexical features come from ``Matcher.candidates`` (the ranking's
own code); only the cosine column and the query text vary. Vectors are cached as .npy
in ``--cache`` (encoding the pool three ways takes minutes).

    .venv/bin/python benches/fit_matching_variants.py --cache /tmp/wb-vectors
"""

from __future__ import annotations

import argparse
import html
import itertools
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's workbench

# The vector cache of the matching fit (this folder is on sys.path when a bench runs
# as a script).
from fit_matching import encode

import workbench.match.matcher as matcher_module
from workbench.match.evaluation import read_pool, read_qrels, read_queries
from workbench.match.fusion import WEIGHTS
from workbench.match.matcher import Matcher
from workbench.semantic import default_encoder
from workbench.store import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "clef2020-task2-claim-retrieval"

_AUTHOR = re.compile(r"(\s+[—–-]\s+[^—–]*?)\s*\(@\w+\)\s+[A-Z][a-z]+ \d{1,2}, \d{4}\s*$")
_LINKS = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|\bt\.co/\S+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_TAG = re.compile(r"[@#](\w+)")


def cleaned(text: str, how: str) -> str:
    """A tweet cleaned: L links, pic.twitter.com links and HTML entities out; A the
    author line ("— Name (@handle) Month D, YYYY") cut to the name; X cut entirely;
    H hashtags and handles split into words."""
    if how == "raw":
        return text
    out = html.unescape(text)
    if "X" in how:
        out = _AUTHOR.sub("", out)
    elif "A" in how:
        out = _AUTHOR.sub(r"\1", out)
    out = _LINKS.sub(" ", out)
    if "H" in how:
        out = _TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)).replace("_", " ") + " ", out)
    return " ".join(out.split())


Query = tuple[np.ndarray, np.ndarray, int]  # features by candidate, relevant?, gold count


def features(matcher: Matcher, pool_vectors: dict[str, np.ndarray], split: str, encoder_text: str,
             lexical_text: str, cache: Path | None) -> dict[str, list[Query]]:  # fmt: skip
    """Per cosine kind, per query: (bm25, similarity, coverage, cosine) of each candidate."""
    asked = read_queries(DATA / split / "tweets.queries.tsv")
    gold = read_qrels(DATA / split / "tweet-vclaim-pairs.qrels")
    vectors = encode([cleaned(t, encoder_text) for _, t in asked], cache)
    out: dict[str, list[Query]] = {k: [] for k in ("claim", "title", "both", "max")}
    for i, (qid, text) in enumerate(asked):
        if not gold.get(qid):
            continue
        found = matcher.candidates(cleaned(text, lexical_text), vector=vectors[i])
        nums = np.array([h.num - 1 for h in found.hits], dtype=int)
        lexical = np.array([(f.bm25, f.alike, f.covered) for f in found.features]).reshape(-1, 3)
        cos = {k: np.maximum(0, v[nums] @ vectors[i]) for k, v in pool_vectors.items()}
        cos["max"] = np.maximum(cos["claim"], cos["title"])
        relevant = np.array([h.key.partition(":")[2] in gold[qid] for h in found.hits], float)
        for kind in out:
            matrix = np.column_stack([cos[kind], lexical]) if len(nums) else np.zeros((0, 4))
            out[kind].append((matrix, relevant, len(gold[qid])))
    return out


def map5(queries: list[Query], weights: np.ndarray) -> np.ndarray:
    """MAP@5 of each column of ``weights`` (cosine, bm25, similarity, coverage)."""
    total = np.zeros(weights.shape[1])
    ranks = np.arange(1, 6)[:, None]
    for matrix, relevant, n_gold in queries:
        if not len(relevant):
            continue
        top = np.argsort(-np.round(matrix @ weights, 4), axis=0, kind="stable")[:5]
        hit = relevant[top]
        total += (hit * np.cumsum(hit, axis=0) / ranks[: len(hit)]).sum(axis=0) / min(n_gold, 5)
    return total / len(queries)


def grid(step: float = 0.05) -> np.ndarray:
    n = round(1 / step)
    rows = [(*c, n - sum(c)) for c in itertools.product(range(n + 1), repeat=3) if sum(c) <= n]
    return np.array(rows, dtype=float).T * step


VARIANTS = [  # (encoder's tweet, lexical tweet, dense candidates)
    ("raw", "raw", 20), ("raw", "raw", 50), ("L", "raw", 20), ("LA", "raw", 20),
    ("LAH", "raw", 20), ("XH", "raw", 20), ("XH", "XH", 20), ("raw", "XH", 20),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    pool = read_pool(DATA / "verified_claims.docs.tsv")
    pool_vectors = {
        "claim": encode([t for _, t, _ in pool], args.cache),
        "title": encode([ti for _, _, ti in pool], args.cache),
        "both": encode([f"{ti}. {t}" for _, t, ti in pool], args.cache),
    }
    store = Store.in_memory()
    store.memory.add((f"checked:{k}", t, ti) for k, t, ti in pool)
    encoder = default_encoder()
    store.vectors.put("memory", encoder.model_id, list(range(1, len(pool) + 1)),
                      pool_vectors["claim"])  # fmt: skip
    matcher = Matcher(store, encoder=encoder)
    shipped = np.array([[WEIGHTS.dense], [WEIGHTS.bm25], [WEIGHTS.alike], [WEIGHTS.covered]])
    weights = grid()
    for encoder_text, lexical_text, dense in VARIANTS:
        matcher_module.DENSE = dense
        train = features(matcher, pool_vectors, "train", encoder_text, lexical_text, args.cache)
        dev = features(matcher, pool_vectors, "dev", encoder_text, lexical_text, args.cache)
        for kind in train:
            on_train = map5(train[kind], weights)
            best = int(np.argmax(on_train))
            chosen = weights[:, best : best + 1]
            print(
                f"encoder tweet {encoder_text:4} lexical {lexical_text:4} dense {dense} "
                f"cosine of {kind:5}: shipped weights train {map5(train[kind], shipped)[0]:.4f} "
                f"dev {map5(dev[kind], shipped)[0]:.4f}; best on train {chosen.ravel().round(2)} "
                f"train {on_train[best]:.4f} dev {map5(dev[kind], chosen)[0]:.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
