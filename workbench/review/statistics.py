"""Agreement statistics on plain values: Krippendorff's alpha (by the ``krippendorff``
package), Cohen's kappa (unweighted and linear-weighted), raw agreement, confusion
matrices, per-label agreement, and the median time between verdicts.

Missing values are None. A statistic that is undefined on its data (no pairs, or
every value the same so that chance agreement is total) is None, never a made-up 1.0.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

#: A gap between two verdicts longer than this is a break, not time spent on a claim.
MAX_GAP_SECONDS = 600.0


def alpha(matrix: Sequence[Sequence[float | None]],
          level: Literal["nominal", "ordinal"]) -> float | None:  # fmt: skip
    """Krippendorff's alpha of a reliability matrix (one row per reviewer, one column per
    item; None where a reviewer gave no value), or None when it is undefined."""
    import krippendorff
    import numpy as np

    data = np.array([[math.nan if v is None else v for v in row] for row in matrix], dtype=float)
    if data.size == 0:
        return None
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = set(data[:, pairable][~np.isnan(data[:, pairable])].tolist())
    if len(values) < 2:
        return None  # no pairs, or one value only: expected disagreement is zero
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def kappa(a: Sequence[str], b: Sequence[str], categories: Sequence[str],
          weighted: bool = False) -> float | None:  # fmt: skip
    """Cohen's kappa of two reviewers' labels on the same items (``a[i]``, ``b[i]``).

    ``weighted``: linear weights over ``categories`` in order (1 - |i-j|/(k-1)), for an
    ordinal scale."""
    n = len(a)
    if n == 0 or n != len(b):
        return None
    index = {c: i for i, c in enumerate(categories)}
    k = len(categories)

    def weight(x: str, y: str) -> float:
        if not weighted:
            return 1.0 if x == y else 0.0
        return 1.0 - abs(index[x] - index[y]) / (k - 1) if k > 1 else 1.0

    observed = sum(weight(x, y) for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(weight(x, y) * ca[x] * cb[y] for x in ca for y in cb) / (n * n)
    if math.isclose(expected, 1.0):
        return None
    return (observed - expected) / (1.0 - expected)


def raw_agreement(a: Sequence[str], b: Sequence[str]) -> float | None:
    if not a:
        return None
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def confusion(a: Sequence[str], b: Sequence[str]) -> dict[str, dict[str, int]]:
    """Counts of (first reviewer's label -> second reviewer's label)."""
    out: dict[str, dict[str, int]] = {}
    for x, y in zip(a, b, strict=True):
        row = out.setdefault(x, {})
        row[y] = row.get(y, 0) + 1
    return out


def label_agreement(items: Sequence[Sequence[str]]) -> dict[str, tuple[int, float | None]]:
    """Per label: (how many verdicts gave it, the share of its pairings with another
    reviewer's verdict on the same claim that gave it too). With two reviewers that is
    the specific agreement 2a / (2a + b + c)."""
    given: Counter[str] = Counter()
    paired: Counter[str] = Counter()
    matched: Counter[str] = Counter()
    for labels in items:
        counts = Counter(labels)
        for label, n in counts.items():
            given[label] += n
            paired[label] += n * (len(labels) - 1)
            matched[label] += n * (n - 1)
    return {
        label: (given[label], matched[label] / paired[label] if paired[label] else None)
        for label in given
    }


def pair_agreement(items: Sequence[Sequence[str]]) -> float | None:
    """The share of reviewer pairs on the same claim that gave the same label."""
    pairs = agree = 0
    for labels in items:
        counts = Counter(labels)
        m = len(labels)
        pairs += m * (m - 1) // 2
        agree += sum(n * (n - 1) // 2 for n in counts.values())
    return agree / pairs if pairs else None


def median_seconds(times: Sequence[str]) -> float | None:
    """Median seconds between one verdict and the next (ISO times, oldest first), breaks
    longer than MAX_GAP_SECONDS left out: the time a reviewer spends per verdict."""
    stamps = [datetime.fromisoformat(t) for t in times]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(stamps)]
    gaps = [g for g in gaps if 0 <= g <= MAX_GAP_SECONDS]
    return float(statistics.median(gaps)) if gaps else None
