"""Choose the clustering's cosine share and threshold on the labelled seed pairs
(``tests/fixtures/pairs.py``): prints each pair's cosine, similarity and whether the
speakers may match, the highest must-not pair of each, then clusters the seeds with the
shipped settings and reports precision and recall on those pairs.

Ingests ``seeds/`` into a throwaway database with the packaged encoder.
``cluster_cosine`` is set just above the highest must-not pair whose speakers may
match. Figures on 14 + 25 pairs are indicative, not a benchmark.

    .venv/bin/python benches/fit_clusters.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.pairs import DIFFERENT, SAME, Ref  # noqa: E402
from workbench.config import Settings  # noqa: E402
from workbench.extract import Extractor, load_pipeline  # noqa: E402
from workbench.match import cluster  # noqa: E402
from workbench.match.clusters import same_speaker  # noqa: E402
from workbench.match.similarity import alike, profile  # noqa: E402
from workbench.semantic import default_encoder  # noqa: E402
from workbench.services.ingest import ingest_paths  # noqa: E402
from workbench.store import Store  # noqa: E402


def find(rows: list[tuple[int, str, str]], ref: Ref) -> int:
    fragment, doc = ref
    found = [num for num, text, d in rows if fragment in text and d == doc]
    assert found, ref
    return found[0]


def main() -> None:
    encoder = default_encoder()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "seeds.db")
        ingest_paths([ROOT / "seeds"], store, lambda: Extractor(load_pipeline("en_core_web_sm",
                     "default")), encoder=encoder)  # fmt: skip
        rows = [(num, text, Path(path or "").name[:3])
                for num, text, path in store.clusters.with_sources()]  # fmt: skip
        vocabulary = store.clusters.vocabulary()
        nums = {ref: find(rows, ref) for pair in SAME + DIFFERENT for ref in pair}
        texts = dict(store.clusters.texts(sorted(set(nums.values()))))
        vectors = store.vectors.get("claims", encoder.model_id, list(texts), encoder.dimension)

        def features(a: Ref, b: Ref) -> tuple[float, float]:
            x, y = nums[a], nums[b]
            similar = alike(profile(vocabulary.stems(texts[x]), vocabulary.idf),
                            profile(vocabulary.stems(texts[y]), vocabulary.idf))  # fmt: skip
            return float(vectors[x] @ vectors[y]), similar

        speakers = dict(store.clusters.speakers(sorted(set(nums.values()))))

        def match(a: Ref, b: Ref) -> bool:
            return same_speaker(speakers[nums[a]], speakers[nums[b]])

        same = [(*features(a, b), match(a, b)) for a, b in SAME]
        different = [(*features(a, b), match(a, b)) for a, b in DIFFERENT]
        print(f"{len(same)} must-join pairs, {len(different)} must-not pairs")
        if "-v" in sys.argv:
            for name, pairs, feats in (("join", SAME, same), ("apart", DIFFERENT, different)):
                for (a, b), (cos, similar, who) in zip(pairs, feats, strict=True):
                    print(
                        f"  {name:5} cos {cos:.3f} similarity {similar:.3f} speakers "
                        f"{'may match' if who else 'differ   '}  {a[0][:30]!r} / {b[0][:30]!r}"
                    )
        words = max(f[1] for f in different)
        print(
            f"similarity: the highest must-not pair {words:.3f}; "
            f"{sum(f[1] >= Settings().cluster_threshold for f in same)} must-join pairs at or "
            f"above cluster_threshold"
        )
        meaning = max(f[0] for f in different if f[2])
        print(
            f"cosine: the highest must-not pair with speakers that may match {meaning:.3f}; "
            f"must-join pairs above it: {sum(f[0] > meaning and f[2] for f in same)}"
        )
        settings = Settings()
        threshold, cosine = settings.cluster_threshold, settings.cluster_cosine
        cluster(store, threshold, encoder=encoder, cosine=cosine)
        ids = dict(store.clusters.cluster_ids(sorted(set(nums.values()))))
        joined = [ids.get(nums[a]) is not None and ids.get(nums[a]) == ids.get(nums[b])
                  for a, b in SAME]  # fmt: skip
        wrong = [ids.get(nums[a]) is not None and ids.get(nums[a]) == ids.get(nums[b])
                 for a, b in DIFFERENT]  # fmt: skip
        tp, fp = sum(joined), sum(wrong)
        print(
            f"shipped: cluster_threshold {threshold}, cluster_cosine {cosine}: "
            f"recall {tp}/{len(SAME)} = {tp / len(SAME):.2f}, "
            f"precision {tp}/{tp + fp} = {tp / max(1, tp + fp):.2f}"
        )
        for (a, b), ok in zip(SAME, joined, strict=True):
            if not ok:
                print(f"  not joined: {a[0]!r} / {b[0]!r}")
        store.close()


if __name__ == "__main__":
    main()
