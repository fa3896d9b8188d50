"""How far reviewers agree: ``workbench agree``, the agreement screen and the summary
line of ``workbench stats`` all read one ``AgreementReport``.

Items are the claims with current verdicts by two or more reviewers. Alpha nominal
takes every label of the scale; alpha ordinal and the linear-weighted kappa take the
truth scale (the labels with a rating, truest first) and treat the other labels
(unverifiable, opinion, not check-worthy) as missing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from workbench.config import Settings
from workbench.export.records import resolve
from workbench.review import statistics as st
from workbench.store import Final, Store, TeamVerdict


@dataclass(frozen=True)
class Pair:
    reviewers: tuple[str, str]
    n: int
    """Claims both reviewed."""
    agreement: float | None
    kappa: float | None
    """Cohen's kappa over every label."""
    n_scale: int
    """Claims both put on the truth scale."""
    kappa_linear: float | None
    """Cohen's kappa, linear-weighted, over the truth scale."""
    confusion: dict[str, dict[str, int]]


@dataclass(frozen=True)
class ReviewerStats:
    reviewer: str
    verdicts: int
    median_seconds: float | None
    share_not_check_worthy: float | None
    share_opinion: float | None
    agreement_with_final: float | None
    """Share of this reviewer's verdicts on team claims that equal the final verdict."""
    n_final: int


@dataclass
class AgreementReport:
    n_items: int = 0
    n_verdicts: int = 0
    alpha_nominal: float | None = None
    alpha_ordinal: float | None = None
    agreement: float | None = None
    pairs: list[Pair] = field(default_factory=list)
    labels: dict[str, tuple[int, float | None]] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    reviewers: list[ReviewerStats] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "alpha_nominal": self.alpha_nominal,
            "alpha_ordinal": self.alpha_ordinal,
            "n_items": self.n_items,
            "n_verdicts": self.n_verdicts,
            "agreement": self.agreement,
            "pairs": [
                {"reviewers": list(p.reviewers), "n": p.n, "kappa": p.kappa,
                 "agreement": p.agreement, "n_scale": p.n_scale,
                 "kappa_linear": p.kappa_linear, "confusion": p.confusion}
                for p in self.pairs
            ],
            "labels": {k: {"n": n, "agreement": a} for k, (n, a) in self.labels.items()},
            "documents": self.documents,
            "reviewers": [r.__dict__ for r in self.reviewers],
        }  # fmt: skip

    def summary(self) -> str:
        """One line, for `workbench stats` and the review header."""
        if not self.n_items:
            return "no claim has two reviewers yet"
        return (f"{self.n_items} claims with 2+ reviewers · alpha nominal "
                f"{fmt(self.alpha_nominal)} · ordinal {fmt(self.alpha_ordinal)} · "
                f"raw agreement {pct(self.agreement)}")  # fmt: skip


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def compute(verdicts: list[TeamVerdict], settings: Settings,
            finals: dict[str, Final] | None = None,
            times: dict[str, list[str]] | None = None,
            given: dict[str, dict[str, int]] | None = None) -> AgreementReport:  # fmt: skip
    """The report from the team's verdicts (``Assignments.team_verdicts``); ``finals``,
    ``times`` (verdict times per reviewer) and ``given`` (each reviewer's current
    verdicts per label) feed the reviewer statistics."""
    labels = [s.label for s in settings.scale]
    labels += sorted({v.label for v in verdicts} - set(labels))
    # Truest first, so that the linear weights follow the scale.
    truth = [s.label for s in sorted(settings.scale, key=lambda s: -(s.rating or 0)) if s.rating]
    items: dict[str, dict[str, str]] = defaultdict(dict)
    doc_of: dict[str, str] = {}
    for v in verdicts:
        items[v.claim_id][v.reviewer] = v.label
        doc_of[v.claim_id] = v.doc_id
    reviewers = sorted({v.reviewer for v in verdicts})
    claims = list(items)
    report = AgreementReport(n_items=len(claims), n_verdicts=len(verdicts))
    if not claims:
        report.reviewers = _reviewer_stats(items, reviewers, settings, finals, times, given)
        return report
    report.alpha_nominal = st.alpha(
        [[_index(labels, items[c].get(r)) for c in claims] for r in reviewers], "nominal"
    )
    report.alpha_ordinal = st.alpha(
        [[_rank(truth, items[c].get(r)) for c in claims] for r in reviewers], "ordinal"
    )
    report.agreement = st.pair_agreement([list(items[c].values()) for c in claims])
    for a, b in combinations(reviewers, 2):
        both = [c for c in claims if a in items[c] and b in items[c]]
        if not both:
            continue
        la, lb = [items[c][a] for c in both], [items[c][b] for c in both]
        scale = [(x, y) for x, y in zip(la, lb, strict=True) if x in truth and y in truth]
        report.pairs.append(Pair(
            (a, b), len(both), st.raw_agreement(la, lb), st.kappa(la, lb, labels),
            len(scale),
            st.kappa([x for x, _ in scale], [y for _, y in scale], truth, weighted=True),
            st.confusion(la, lb),
        ))  # fmt: skip
    per_label = st.label_agreement([list(items[c].values()) for c in claims])
    report.labels = {k: per_label[k] for k in labels if k in per_label}
    for doc in dict.fromkeys(doc_of[c] for c in claims):
        mine = [c for c in claims if doc_of[c] == doc]
        report.documents[doc] = {
            "n_items": len(mine),
            "agreement": st.pair_agreement([list(items[c].values()) for c in mine]),
            "alpha_nominal": st.alpha(
                [[_index(labels, items[c].get(r)) for c in mine] for r in reviewers], "nominal"),
        }  # fmt: skip
    report.reviewers = _reviewer_stats(items, reviewers, settings, finals, times, given)
    return report


def _index(labels: list[str], label: str | None) -> float | None:
    return None if label is None else float(labels.index(label))


def _rank(truth: list[str], label: str | None) -> float | None:
    """The position on the truth scale (0 = truest); other labels are missing."""
    return float(truth.index(label)) if label in truth else None


def _reviewer_stats(items: dict[str, dict[str, str]], reviewers: list[str],
                    settings: Settings, finals: dict[str, Final] | None,
                    times: dict[str, list[str]] | None,
                    given: dict[str, dict[str, int]] | None) -> list[ReviewerStats]:  # fmt: skip
    finals = finals or {}
    final_of: dict[str, str] = {}
    for claim, by in items.items():
        ruling = finals.get(claim)
        resolved = resolve(
            [{"reviewer": r, "label": lab} for r, lab in by.items()], settings.adjudicator,
            {"label": ruling.label, "by": ruling.adjudicator, "at": ruling.at} if ruling else None,
        )  # fmt: skip
        if resolved is not None:
            final_of[claim] = resolved["label"]
    out = []
    for r in sorted(set(reviewers) | set(given or {})):
        counts = (given or {}).get(r, {})
        total = sum(counts.values())
        judged = [c for c in final_of if r in items[c]]
        agree = sum(items[c][r] == final_of[c] for c in judged)
        out.append(ReviewerStats(
            reviewer=r, verdicts=total,
            median_seconds=st.median_seconds((times or {}).get(r, [])),
            share_not_check_worthy=counts.get("not-check-worthy", 0) / total if total else None,
            share_opinion=counts.get("opinion", 0) / total if total else None,
            agreement_with_final=agree / len(judged) if judged else None,
            n_final=len(judged),
        ))  # fmt: skip
    return out


def report(store: Store, settings: Settings, reviewers: tuple[str, ...] = (),
           doc_id: str | None = None, since: str | None = None) -> AgreementReport:  # fmt: skip
    """The agreement report of the database, narrowed to some reviewers, one document or
    verdicts given since a date."""
    verdicts = store.team.team_verdicts(reviewers, doc_id, since)
    names = reviewers or tuple(store.stats().reviewers)
    given = {r: store.stats(r).per_label for r in names}
    finals = store.team.finals(sorted({v.claim_id for v in verdicts}))
    return compute(verdicts, settings, finals, store.team.verdict_times(), given)


def lines(report: AgreementReport, titles: dict[str, str] | None = None) -> list[str]:
    """The report as text: what `workbench agree` prints and the agreement screen shows
    (names and titles as they are; the faces show them literally)."""
    out = [
        f"claims with 2+ reviewers  {report.n_items} ({report.n_verdicts} verdicts)",
        f"alpha nominal   {fmt(report.alpha_nominal)}   every label",
        f"alpha ordinal   {fmt(report.alpha_ordinal)}   truth scale; other labels missing",
        f"raw agreement   {pct(report.agreement)}   of reviewer pairs on a claim",
    ]
    if report.pairs:
        out += ["", f"{'pair':<24} {'n':>4} {'agree':>6} {'kappa':>7} {'scale':>6} "
                    f"{'linear':>7}"]  # fmt: skip
        for p in report.pairs:
            name = " · ".join(p.reviewers)
            out.append(f"{name:<24} {p.n:>4} {pct(p.agreement):>6} {fmt(p.kappa):>7} "
                       f"{p.n_scale:>6} {fmt(p.kappa_linear):>7}")  # fmt: skip
        for p in report.pairs:
            out += ["", f"confusion: {p.reviewers[0]} (rows) × {p.reviewers[1]} (columns)"]
            cols = sorted({b for row in p.confusion.values() for b in row})
            out.append(" " * 18 + "".join(f"{c[:16]:>17}" for c in cols))
            for a, row in sorted(p.confusion.items()):
                out.append(f"  {a[:16]:<16}" + "".join(f"{row.get(c, 0):>17}" for c in cols))
    if report.labels:
        out += ["", f"{'label':<18} {'verdicts':>8} {'agreement':>10}"]
        for label, (n, share) in report.labels.items():
            out.append(f"{label:<18} {n:>8} {pct(share):>10}")
    if report.documents:
        out += ["", f"{'document':<36} {'claims':>6} {'agree':>6} {'alpha':>7}"]
        for doc, d in report.documents.items():
            title = (titles or {}).get(doc) or doc[:12]
            title = title if len(title) <= 36 else title[:35] + "…"
            out.append(f"{title:<36} {d['n_items']:>6} {pct(d['agreement']):>6} "
                       f"{fmt(d['alpha_nominal']):>7}")  # fmt: skip
    if report.reviewers:
        out += ["", f"{'reviewer':<14} {'verdicts':>8} {'median s':>9} {'x':>5} {'o':>5} "
                    f"{'= final':>8}"]  # fmt: skip
        for r in report.reviewers:
            secs = "n/a" if r.median_seconds is None else f"{r.median_seconds:.0f}"
            out.append(f"{r.reviewer[:14]:<14} {r.verdicts:>8} {secs:>9} "
                       f"{pct(r.share_not_check_worthy):>5} {pct(r.share_opinion):>5} "
                       f"{pct(r.agreement_with_final):>8}")  # fmt: skip
    return out
