"""Team review without a UI: agreement figures (against the krippendorff package and
kappas computed by hand), assignments, adjudication and what it does to the exports."""

from __future__ import annotations

import io
import json
import math

import krippendorff
import numpy as np
import pytest

from tests.helpers import make_claim, make_document
from workbench.config import load_settings
from workbench.export import ExportOptions, export
from workbench.review import adjudication
from workbench.review.agreement import compute, report
from workbench.review.assign import assign, plan
from workbench.review.statistics import kappa, label_agreement, median_seconds
from workbench.store import ClaimFilter, Store

SETTINGS = load_settings(reviewer="ann")
LABELS = [s.label for s in SETTINGS.scale]
TRUTH = ["true", "mostly-true", "misleading", "mostly-false", "false"]

# claim -> {reviewer: label}; the last claim has one reviewer and is no item.
TABLE = [
    {"ann": "true", "bob": "true"},
    {"ann": "false", "bob": "mostly-false"},
    {"ann": "misleading", "bob": "false"},
    {"ann": "opinion", "bob": "true"},
    {"ann": "true", "bob": "true", "cy": "mostly-true"},
    {"ann": "false", "bob": "false"},
    {"cy": "false"},
]


def team_store(table=TABLE, store: Store | None = None) -> tuple[Store, list[str]]:
    store = store or Store.in_memory()
    text = " ".join(f"Sentence number {i} states a fact." for i in range(len(table)))
    doc = make_document(text, title="Team article")
    claims = []
    for i in range(len(table)):
        sentence = f"Sentence number {i} states a fact."
        start = text.index(sentence)
        claims.append(make_claim(doc, start, start + len(sentence), seq=i))
    store.claims.add_document(doc, claims)
    for claim, row in zip(claims, table, strict=True):
        for reviewer, label in row.items():
            store.reviews.set_verdict(claim.id, reviewer, label)
    return store, [c.id for c in claims]


def test_alphas_are_the_krippendorff_package_on_the_same_matrix():
    store, _ = team_store()
    got = report(store, SETTINGS).as_json()
    items = TABLE[:-1]
    reviewers = ["ann", "bob", "cy"]
    nominal = [[LABELS.index(row[r]) if r in row else np.nan for row in items] for r in reviewers]
    ordinal = [[TRUTH.index(row[r]) if row.get(r) in TRUTH else np.nan for row in items]
               for r in reviewers]  # fmt: skip
    assert got["n_items"] == 6
    assert got["alpha_nominal"] == pytest.approx(
        krippendorff.alpha(reliability_data=nominal, level_of_measurement="nominal"), abs=1e-12
    )
    assert got["alpha_ordinal"] == pytest.approx(
        krippendorff.alpha(reliability_data=ordinal, level_of_measurement="ordinal"), abs=1e-12
    )


def test_kappas_equal_hand_computed_values():
    store, _ = team_store()
    pairs = {tuple(p["reviewers"]): p for p in report(store, SETTINGS).as_json()["pairs"]}
    ann_bob = pairs[("ann", "bob")]
    # 3 of 6 agree; chance: true 2/6·3/6 + false 2/6·2/6 = 10/36 -> (1/2 - 5/18)/(13/18).
    assert ann_bob["n"] == 6 and ann_bob["agreement"] == 0.5
    assert ann_bob["kappa"] == pytest.approx(4 / 13)
    # Linear weights over the truth scale, opinion left out (5 claims): observed 4.25/5,
    # expected 12.75/25 -> 0.34 / 0.49.
    assert ann_bob["n_scale"] == 5
    assert ann_bob["kappa_linear"] == pytest.approx(34 / 49)
    assert ann_bob["confusion"]["false"] == {"mostly-false": 1, "false": 1}
    # One shared claim, true against mostly-true: no agreement, none expected by chance.
    assert pairs[("ann", "cy")]["kappa"] == 0.0 and pairs[("ann", "cy")]["agreement"] == 0.0


def test_statistics_on_small_cases():
    assert kappa(["a", "b"], ["a", "b"], ["a", "b"]) == 1.0
    assert kappa(["a", "b"], ["b", "a"], ["a", "b"]) == -1.0
    assert kappa(["a", "a"], ["a", "a"], ["a"]) is None
    # Two reviewers: specific agreement 2a / (2a + b + c).
    assert label_agreement([["x", "x"], ["x", "y"]])["x"] == (3, pytest.approx(2 / 3))
    times = ["2026-01-05T09:00:00+00:00", "2026-01-05T09:00:30+00:00",
             "2026-01-05T09:01:40+00:00", "2026-01-05T11:00:00+00:00"]  # fmt: skip
    assert median_seconds(times) == 50.0  # 30 and 70; the two-hour break left out


def test_empty_team_has_no_figures():
    report_ = compute([], SETTINGS)
    assert report_.n_items == 0 and report_.alpha_nominal is None
    assert "no claim has two reviewers" in report_.summary()


def test_reviewer_statistics():
    store, ids = team_store()
    store.reviews.set_final(ids[2], "dee", "false", taken_from="bob")
    stats = {r.reviewer: r for r in report(store, SETTINGS).reviewers}
    # Final verdicts: agreed on 0, 4 (majority true), 5; 2 by the final event (false).
    assert stats["bob"].agreement_with_final == 1.0 and stats["bob"].n_final == 4
    assert stats["ann"].agreement_with_final == pytest.approx(3 / 4)
    assert stats["ann"].share_opinion == pytest.approx(1 / 6)
    assert stats["ann"].verdicts == 6


def test_assignments_with_overlap_give_the_expected_queues():
    ids = [f"c{i}" for i in range(10)]
    queues = plan(ids, ["ann", "bob", "cy"], 0.2, {})
    doubled = [c for c, who in queues.items() if len(who) == 2]
    assert len(doubled) == 2
    load = {r: sum(r in [n for n, _ in who] for who in queues.values())
            for r in ("ann", "bob", "cy")}  # fmt: skip
    assert sorted(load.values()) == [4, 4, 4]  # 12 assignments, within one of each other
    assert plan(list(reversed(ids)), ["ann", "bob", "cy"], 0.2, {}).keys() == queues.keys()
    assert {c for c, w in plan(list(reversed(ids)), ["ann", "bob", "cy"], 0.2, {}).items()
            if len(w) == 2} == set(doubled)  # fmt: skip


def test_assign_keeps_reviewed_claims_and_is_rerunnable():
    store, ids = team_store([{}, {}, {}, {}, {"cy": "true"}, {}])
    first = assign(store, ["ann", "bob", "cy"], 0.5)
    assert first.claims == 6 and first.doubled == 3
    assert "cy" in store.team.current([ids[4]])[ids[4]]
    again = assign(store, ["ann", "bob", "cy"], 0.5)
    assert again.queues == first.queues
    # cy leaves the team: the claim cy reviewed stays cy's.
    after = assign(store, ["ann", "bob"], 0.5)
    assert "cy" in store.team.current([ids[4]])[ids[4]] and after.kept == 1
    assert store.team.progress("cy").reviewed == 1
    mine = store.pages.count(ClaimFilter(assigned_to="ann"))
    assert mine == store.team.progress("ann").assigned > 0


def test_a_final_event_settles_exports_and_undoes():
    store, ids = team_store()
    settings = load_settings(reviewer="dee", adjudicator=None)
    assert [c.claim_id for c in adjudication.conflicts(store)] == [ids[1], ids[2], ids[3], ids[4]]
    adjudication.take(ids[2], "dee", "bob")(store)
    c = adjudication.conflict(store, ids[2])
    assert c.final is not None and (c.final.label, c.final.taken_from) == ("false", "bob")
    adjudication.rule(ids[3], "dee", "mostly-true")(store)

    def final_jsonl() -> dict[str, dict]:
        out = io.StringIO()
        export(store, "jsonl", out, settings, ExportOptions(final=True))
        return {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}

    records = final_jsonl()
    assert records[ids[2]]["final"]["label"] == "false"
    assert records[ids[2]]["final"]["how"] == "final" and records[ids[2]]["final"]["by"] == "dee"
    assert records[ids[3]]["final"]["label"] == "mostly-true"
    assert ids[1] not in records  # false against mostly-false, nobody settled it
    assert any(e["kind"] == "final" for e in records[ids[3]]["events"])
    # Undo takes the ruling back: the claim is unresolved again.
    store.reviews.undo("dee")
    assert ids[3] not in final_jsonl()
    assert store.team.finals([ids[3]]) == {}


def test_claimreview_writes_one_record_per_claim():
    store, ids = team_store()
    settings = load_settings(reviewer="dee")
    out = io.StringIO()
    report_ = export(store, "claimreview", out, settings, ExportOptions())
    reviews = json.loads(out.getvalue())
    urls = [r["url"] for r in reviews]
    assert len(urls) == len(set(urls))
    # Agreed (0, 5), majority (4), and cy's lone verdict (6); 1, 2, 3 are unresolved.
    assert len(reviews) == 4 and report_.left_out["unresolved disagreements"] == 3
    adjudication.rule(ids[1], "dee", "false")(store)
    out = io.StringIO()
    export(store, "claimreview", out, settings, ExportOptions())
    by_url = {r["url"].rsplit("/", 1)[1]: r for r in json.loads(out.getvalue())}
    assert by_url[ids[1]]["reviewRating"]["alternateName"] == "false"


def test_alpha_is_undefined_when_everyone_gives_one_label():
    store, _ = team_store([{"ann": "true", "bob": "true"}, {"ann": "true", "bob": "true"}])
    got = report(store, SETTINGS)
    assert got.alpha_nominal is None and got.agreement == 1.0
    assert not math.isnan(got.agreement)


def test_stats_json_carries_the_agreement_figures(tmp_path):
    from click.testing import CliRunner

    from workbench.cli import cli

    db = tmp_path / "team.db"
    store, _ = team_store(store=Store.open(db))
    expected = report(store, SETTINGS).as_json()
    store.close()
    out = CliRunner().invoke(cli, ["--db", str(db), "stats", "--format", "json"])
    got = json.loads(out.output)["agreement"]
    assert got["alpha_nominal"] == pytest.approx(expected["alpha_nominal"])
    assert got["n_items"] == 6 and got["agreement"] == pytest.approx(expected["agreement"])
    # One reviewer's own figures: nobody to agree with.
    mine = CliRunner().invoke(cli, ["--db", str(db), "--reviewer", "ann", "stats", "--mine",
                                    "--format", "json"])  # fmt: skip
    assert json.loads(mine.output)["agreement"] is None
