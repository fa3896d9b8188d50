"""Issue 5: clusters across outlets, the memory of checked claims, matches, and the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.fixtures.pairs import DIFFERENT, SAME
from tests.helpers import import_reviews, make_claim, make_document, raw
from workbench.cli import cli
from workbench.config import DEFAULT_SCALE
from workbench.ingest.checked import import_checked, rating_for, read_checked
from workbench.match import Matcher, cluster
from workbench.store import ClaimFilter, Store


@pytest.fixture(scope="module")
def seeds(seed_db):
    store = Store.open(seed_db)
    rows = (
        raw(store)
        .execute(
            "SELECT c.normalized, c.cluster_id, substr(d.source_path, -24, 3) FROM claims c "
            "JOIN documents d ON d.id = c.doc_id"
        )
        .fetchall()
    )
    return rows


def cluster_of(rows, fragment, doc):
    found = [r[1] for r in rows if fragment.casefold() in r[0].casefold() and r[2] == doc]
    assert found, (fragment, doc)
    return found[0]


# -- the labelled seed pairs (tests/fixtures/pairs.py) ------------------------------------

#: Must-join pairs the shipped rule does not join yet: their cosine is under
#: cluster_cosine (0.81, just above the hardest must-not pair) and their words differ
#: (paraphrased translations), or their speakers are named in words that share nothing
#: ("Moscow" / "The Kremlin"; "Kremlin spokesman" / "Dmitri Peskov").
MISSED = {5, 6, 7, 8, 10, 11}


@pytest.mark.parametrize("index", range(len(SAME)))
def test_reports_of_the_same_statement_share_a_cluster(seeds, index, request):
    if index in MISSED:
        request.applymarker(pytest.mark.xfail(strict=True, reason="see MISSED"))
    a, b = SAME[index]
    first, second = cluster_of(seeds, *a), cluster_of(seeds, *b)
    assert first is not None and first == second


def test_the_encroach_and_undermine_translations_join(seeds):
    # The pair issue 12 names: one Peskov sentence, translated with other verbs.
    a = ("That is, by providing security guarantees to Ukraine, they encroach", "001")
    b = ("That is, by providing security guarantees to Ukraine, they undermine", "003")
    assert cluster_of(seeds, *a) is not None and cluster_of(seeds, *a) == cluster_of(seeds, *b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_statements_merely_on_the_same_topic_stay_apart(seeds, a, b):
    first, second = cluster_of(seeds, *a), cluster_of(seeds, *b)
    assert first is None or first != second


def test_cluster_ids_are_the_oldest_claim_and_new_claims_join_old_clusters():
    store = Store.in_memory()
    one = make_document("Peskov said the bridge over the Kerch Strait cost 3.7 billion dollars.")
    two = make_document("Bananas are berries, botanists said in 2019 after a long study.")
    store.claims.add_document(one, [make_claim(one)])
    store.claims.add_document(two, [make_claim(two)])
    assert cluster(store, 0.55).joined == 0
    three = make_document("Peskov said the bridge over the Kerch Strait cost 3.7 billion "
                          "dollars in total.")  # fmt: skip
    store.claims.add_document(three, [make_claim(three)])
    num = raw(store).execute("SELECT max(num) FROM claims").fetchone()[0]
    report = cluster(store, 0.55, [num])
    assert report.joined == 2
    ids = dict(raw(store).execute("SELECT doc_id, cluster_id FROM claims").fetchall())
    first_claim = store.claims.claims_of(one.id)[0].id
    assert ids[one.id] == ids[three.id] == first_claim
    assert ids[two.id] is None
    listed = list(store.clusters.listing())
    assert [(cid, len(members)) for cid, members in listed] == [(first_claim, 2)]


def test_a_bridging_claim_merges_two_clusters_under_the_older_id():
    store = Store.in_memory()
    texts = [
        "The dam on the Dnipro river held 18 cubic kilometres of water before June 2023.",
        "The dam on the Dnipro river held 18 cubic kilometres of water.",
        "Kakhovka reservoir lost most of its water within days, satellite images show.",
        "The Kakhovka reservoir lost most of its water within days, satellite images showed.",
    ]
    for text in texts:
        doc = make_document(text)
        store.claims.add_document(doc, [make_claim(doc)])
    cluster(store, 0.55)
    assert len(list(store.clusters.listing())) == 2
    bridge = make_document(
        "The dam on the Dnipro river held 18 cubic kilometres of water, and "
        "the Kakhovka reservoir lost most of its water within days."
    )
    store.claims.add_document(bridge, [make_claim(bridge)])
    cluster(store, 0.45)
    found = list(store.clusters.listing())
    assert len(found) == 1 and len(found[0][1]) == 5
    oldest = raw(store).execute("SELECT id FROM claims ORDER BY num LIMIT 1").fetchone()[0]
    assert found[0][0] == oldest


# -- importing fact-checks -----------------------------------------------------------------

CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "ClaimReview", "url": "https://check.example/1",
         "claimReviewed": "Cluster munitions are banned by more than 100 countries",
         "author": {"@type": "Organization", "name": "Example Check"},
         "datePublished": "2023-07-10",
         "reviewRating": {"@type": "Rating", "alternateName": "Mostly True"}},
        {"@type": "ClaimReview", "claimReviewed": "Bananas grow on trees",
         "author": [{"name": "Fruit Facts"}],
         "reviewRating": {"alternateName": "Pants on Fire!"}},
        {"@type": "ClaimReview", "claimReviewed": "No rating here"},
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("checks.csv", "claim,verdict,url\n\"Bananas grow on trees\",False,https://f.example\n"
                       ",True,\n"),
        ("checks.tsv", "text\tlabel\tauthor\nBananas grow on trees\tFalse\tFruit Facts\n"
                       "\tTrue\t\n"),
        ("checks.jsonl", '{"claim": "Bananas grow on trees", "rating": "False"}\n{"claim": 3}\n'
                         "not json\n"),
    ],
)  # fmt: skip
def test_import_checked_table_formats(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    items, problems = read_checked(path)
    assert [(i.text, i.label) for i in items] == [("Bananas grow on trees", "False")]
    assert problems and all(p.startswith(f"{path}:") for p in problems)


def test_import_claimreview_json_ld_and_reimport_adds_nothing(tmp_path):
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(CLAIMREVIEW), encoding="utf-8")
    store = Store.in_memory()
    report = import_checked(store, path, DEFAULT_SCALE)
    assert (report.added, report.known, len(report.problems)) == (2, 0, 1)
    assert "ClaimReview 2" in report.problems[0]
    rows = raw(store).execute("SELECT label, rating, author, url FROM checked ORDER BY label")
    assert rows.fetchall() == [
        ("Mostly True", "mostly-true", "Example Check", "https://check.example/1"),
        ("Pants on Fire!", "false", "Fruit Facts", None),
    ]
    again = import_checked(store, path, DEFAULT_SCALE)
    assert (again.added, again.known) == (0, 2)
    assert raw(store).execute("SELECT count(*) FROM memory").fetchone()[0] == 2


def test_ratings_map_onto_the_scale_or_nowhere():
    assert rating_for("Half True", DEFAULT_SCALE) == "misleading"
    assert rating_for("mostly-false", DEFAULT_SCALE) == "mostly-false"
    assert rating_for("Needs more context, said our editor", DEFAULT_SCALE) is None


def test_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("{", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "import-checked", str(bad)])
    assert result.exit_code == 2 and "x.json: not JSON" in result.output


# -- matching, applying and rejecting ------------------------------------------------------


@pytest.fixture
def matched(seed_copy, tmp_path):
    return import_reviews(seed_copy, tmp_path, CLAIMREVIEW)


def test_matches_are_stored_with_verdict_source_and_score(matched):
    store, claim = matched
    [match] = store.matches.matches(claim)
    assert match.label == "Mostly True" and match.rating == "mostly-true"
    assert "Example Check" in match.source and "https://check.example/1" in match.source
    assert 0.5 <= match.score <= 1
    assert store.pages.count(ClaimFilter(previous=True)) >= 1
    assert claim in {r.id for r in store.pages.page(ClaimFilter(previous=True), limit=50)}


def test_applying_rejecting_and_undoing_are_events(matched):
    store, claim = matched
    [match] = store.matches.matches(claim)
    store.reviews.inherit_verdict(claim, "ann", match.rating, match)
    event = store.reviews.history(claim)[-1]
    assert event.kind == "verdict" and event.label == "mostly-true"
    assert event.body["inherited_from"] == match.key and event.body["given"] == "Mostly True"
    store.reviews.undo("ann")
    assert store.reviews.verdicts(claim) == []
    store.reviews.reject_match(claim, "ann", match)
    assert store.matches.matches(claim) == []
    Matcher(store).refresh([claim])  # never suggested again, even when matching anew
    assert store.matches.matches(claim) == []
    assert store.pages.count(ClaimFilter(previous=True)) == 0 or claim not in {
        r.id for r in store.pages.page(ClaimFilter(previous=True), limit=100)}  # fmt: skip
    store.reviews.undo("ann")  # the rejection is taken back: the match is suggested again
    Matcher(store).refresh([claim])
    assert [m.key for m in store.matches.matches(claim)] == [match.key]
    kinds = [e.kind for e in store.reviews.history(claim)]
    assert kinds == ["verdict", "undo", "reject", "undo"]


def test_exports_carry_the_match_events(matched):
    store, claim = matched
    [match] = store.matches.matches(claim)
    store.reviews.inherit_verdict(claim, "ann", match.rating, match)
    store.reviews.reject_match(claim, "bob", match)
    import io

    from workbench.export.records import ExportOptions
    from workbench.export.registry import export

    out = io.StringIO()
    export(store, "jsonl", out, ExportOptions())
    record = next(json.loads(line) for line in out.getvalue().splitlines()
                  if json.loads(line)["id"] == claim)  # fmt: skip
    kinds = [(e["kind"], e["body"].get("inherited_from") or e["body"].get("match"))
             for e in record["events"]]  # fmt: skip
    assert kinds == [("verdict", match.key), ("reject", match.key)]


def test_a_verdict_given_here_joins_the_memory(seed_copy):
    store = Store.open(seed_copy)
    claim = (
        raw(store)
        .execute("SELECT id FROM claims WHERE text LIKE 'Cluster munitions are banned%'")
        .fetchone()[0]
    )
    assert Matcher(store).find("More than 100 countries ban cluster munitions") == []
    store.reviews.set_verdict(claim, "ann", "true")
    [found] = Matcher(store).find("More than 100 countries ban cluster munitions under a "
                                  "UN convention")  # fmt: skip
    assert found.key == f"claim:{claim}" and found.label == "true"
    assert "ann=true" in found.source


def test_match_and_clusters_commands(matched, seed_copy):
    store, _ = matched
    store.close()
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["--db", str(seed_copy), "match", "More than 100 countries have banned cluster munitions"],
    )
    assert result.exit_code == 0, result.output
    assert "Mostly True (mostly-true)" in result.output and "Example Check" in result.output
    result = runner.invoke(
        cli,
        [
            "--db",
            str(seed_copy),
            "match",
            "--format",
            "json",
            "Bananas grow on trees, fruit experts say",
        ],
    )
    assert json.loads(result.output)[0]["rating"] == "false"
    result = runner.invoke(cli, ["--db", str(seed_copy), "match", "zebra quantum teacup"])
    assert result.exit_code == 1
    result = runner.invoke(cli, ["--db", str(seed_copy), "clusters"])
    assert result.exit_code == 0 and "indivisibility" in result.output
    result = runner.invoke(cli, ["--db", str(seed_copy), "clusters", "--format", "json"])
    listed = json.loads(result.output)
    assert all(len(c["members"]) >= 2 for c in listed) and len(listed) >= 3


def test_a_reviewed_cluster_mate_is_a_previous_verdict(seed_copy):
    store = Store.open(seed_copy)
    rows = (
        raw(store)
        .execute("SELECT id, cluster_id FROM claims WHERE cluster_id IS NOT NULL ORDER BY num")
        .fetchall()
    )
    first, cid = rows[0]
    mate = next(i for i, c in rows[1:] if c == cid)
    assert store.matches.previous(mate) == []
    store.reviews.set_verdict(first, "bob", "false")
    [prev] = store.matches.previous(mate)
    assert prev.key == f"claim:{first}" and prev.rating == "false" and prev.score == 1.0
    assert mate in {r.id for r in store.pages.page(ClaimFilter(previous=True), limit=100)}
    store.reviews.reject_match(mate, "ann", prev)  # "not the same claim", even in one cluster
    assert store.matches.previous(mate) == []


def test_a_claim_reviewed_later_becomes_a_match_of_claims_already_stored():
    store = Store.in_memory()
    texts = [
        "Cluster munitions are banned by more than 100 countries under a 2008 convention.",
        "More than 100 countries have banned cluster munitions under the 2008 convention.",
        "Bananas are berries, botanists said in 2019 after a long study of fruit.",
    ]
    ids = []
    for text in texts:
        doc = make_document(text)
        claim = make_claim(doc)
        store.claims.add_document(doc, [claim])
        ids.append(claim.id)
    assert store.matches.matches(ids[1]) == []
    store.reviews.set_verdict(ids[0], "ann", "true")
    assert Matcher(store).link(ids[0]) == 1
    [match] = store.matches.matches(ids[1])
    assert match.key == f"claim:{ids[0]}" and match.rating == "true"
    assert store.matches.matches(ids[2]) == []


def test_clusters_rebuild_clusters_every_claim_again(seed_copy):
    before = json.loads(
        CliRunner().invoke(cli, ["--db", str(seed_copy), "clusters", "--format", "json"]).stdout
    )
    result = CliRunner().invoke(
        cli,
        ["--db", str(seed_copy), "clusters", "--rebuild", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert " claims in " in result.stderr
    assert json.loads(result.stdout) == before  # same threshold, same clusters
