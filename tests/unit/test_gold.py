"""The gold file of speakers, its halves, how claims are judged against it, the
stand-alone checks, and `workbench evaluate attribution`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.datafiles import DataError
from workbench.extract.gold import (
    GoldRow,
    Outcome,
    article_key,
    half_of,
    judge,
    read_gold,
    speaker_matches,
)
from workbench.extract.wellformed import fragment, problems
from workbench.models import Document
from workbench.store import Store

GOLD = Path(__file__).parent.parent / "fixtures" / "attribution" / "news_gold.tsv"

ARTICLE = (
    "Kremlin spokesman Dmitry Peskov said the talks had failed in 2022.\n\n"
    "The bridge cost 40 million euros to build in 2019.\n\n"
    "“Nothing will change,” the spokesman said."
)


def write_gold(path: Path, rows: list[str]) -> Path:
    path.write_text("file\tanchor\tspeakers\tkind\tnote\n" + "".join(r + "\n" for r in rows))
    return path


def test_the_shipped_gold_file_reads_and_splits_into_two_halves_of_articles():
    rows = read_gold(GOLD)
    assert len(rows) == 220
    halves = half_of(rows)
    assert len(halves) == 34
    assert sorted(halves.values()).count("tuning") == 17
    # Fixed by file-name order, not by anything the tool does.
    first = sorted(halves)[0]
    assert halves[first] == "tuning" and halves[sorted(halves)[1]] == "reporting"


def test_a_gold_file_without_its_columns_is_refused(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("file\tanchor\nx\ty\n")
    with pytest.raises(DataError, match="speakers"):
        read_gold(bad)


def test_article_keys_ignore_folders_and_suffixes():
    assert article_key("html/abc.html.gz") == article_key("/tmp/x/abc.txt") == "abc"


@pytest.mark.parametrize(
    ("speaker", "ok"),
    [
        ("South Dakota Gov. Kristi Noem", True),
        ("Noem", True),
        ("Noem's spokesman", False),  # someone else: the last word differs
        ("the researchers'", False),
        ("Kristi", False),
    ],
)
def test_a_speaker_matches_a_gold_name_it_holds_and_ends_with(speaker, ok):
    assert speaker_matches(speaker, ("Kristi Noem", "Noem")) is ok


def test_judging_claims_against_gold_rows(extractor):
    document = Document.from_text(ARTICLE)
    claims = extractor.extract(document).claims

    def outcome(anchor, speakers):
        return judge(GoldRow("k.txt", anchor, speakers), document.text, claims).outcome

    assert outcome("the talks had failed", ("Dmitry Peskov",)) is Outcome.RIGHT
    assert outcome("Nothing will change", ("Dmitry Peskov", "Peskov")) is Outcome.RIGHT
    assert outcome("The bridge cost", ()) is Outcome.RIGHTLY_NONE
    assert outcome("the talks had failed", ("Vladimir Putin",)) is Outcome.WRONG_PERSON
    assert outcome("the talks had failed", ()) is Outcome.WRONG_PERSON
    assert outcome("The bridge cost", ("Ann Lee",)) is Outcome.NO_SPEAKER
    assert outcome("not in the article", ()) is Outcome.NOT_FOUND


def test_fragments_and_added_words_are_problems(nlp):
    assert fragment(list(nlp("and the bridge cost 40 million euros."))) == "opens with 'and'"
    assert fragment(list(nlp("Heavy weapons, tanks, aircraft to Ukraine."))) is not None
    assert fragment(list(nlp("While prices rose, wages fell by 2 percent."))) is None
    sentence = nlp("Paul Grant said he voted against the budget.")
    assert problems(nlp("Paul Grant voted against the budget."), sentence) == []
    assert problems(nlp("Grant voted against the new budget."), sentence) == [
        "words not in the document: new"
    ]
    # A sentence that opens with "And" is no worse for keeping it.
    same = nlp("And the bridge cost 40 million euros.")
    assert problems(same, same) == []


def test_the_stand_alone_text_keeps_the_sentence_when_the_cut_leaves_a_fragment(extractor):
    # The quotation before "Truss said" has no verb: cut from its frame it is no statement.
    claim = extractor.extract(
        Document.from_text("“Heavy weapons, tanks, aircraft for Ukraine,” Truss said on Monday.")
    ).claims[0]
    assert claim.speaker == "Truss"
    assert claim.normalized_how == ["fragment-kept-sentence"]
    assert claim.normalized == claim.text


def test_what_was_done_for_the_stand_alone_text_is_stored(extractor):
    claims = extractor.extract(
        Document.from_text(
            "Senator Paul Grant said he voted against the 2019 budget.\n\n"
            "Germany raised its tariffs by 5 percent in March, and France cut its taxes by 2 "
            "percent in April.\n\nThe bridge cost 40 million euros to build in 2019."
        )
    ).claims
    assert [c.normalized_how for c in claims] == [
        ["frame-removed", "pronoun-resolved"],
        ["split"],
        ["split"],
        ["verbatim"],
    ]


def test_new_fields_survive_the_database(tmp_path, extractor):
    store = Store.open(tmp_path / "wb.db")
    document = Document.from_text(ARTICLE)
    claims = extractor.extract(document).claims
    store.claims.add_document(document, claims)
    back = store.claims.claims_of(document.id)
    assert [(c.speaker_how, c.speaker_mention, c.speaker_canonical, c.normalized_how)
            for c in back] == [
        (c.speaker_how, c.speaker_mention, c.speaker_canonical, c.normalized_how) for c in claims
    ]  # fmt: skip
    assert back[-1].speaker_mention == "the spokesman"


def test_evaluate_attribution_on_a_folder_and_on_a_database(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "peskov.txt").write_text(ARTICLE, encoding="utf-8")
    gold = write_gold(
        tmp_path / "gold.tsv",
        [
            "peskov.html.gz\tthe talks had failed\tDmitry Peskov|Peskov\treported\t",
            "peskov.html.gz\tThe bridge cost 40 million\t-\tnumber\t",
            "peskov.html.gz\tNothing will change\tVladimir Putin\tquote\ta wrong gold",
        ],
    )
    runner = CliRunner()
    out = runner.invoke(cli, ["evaluate", "attribution", str(gold), str(folder), "--misses"])
    assert out.exit_code == 0, out.output
    assert "speaker right or rightly none 66.7%, wrong person 33.3%" in out.output
    assert "wrong person: 'Nothing will change'" in out.output
    db = tmp_path / "wb.db"
    assert runner.invoke(cli, ["--db", str(db), "ingest", str(folder)]).exit_code == 0
    out = runner.invoke(
        cli, ["evaluate", "attribution", str(gold), "--db", str(db), "--format", "json"]
    )
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert result["all"]["gold"] == 3 and result["all"]["speaker_right"] == 2
    assert result["all"]["wrong_person"] == 1
    assert result["articles"]["peskov"]["half"] == "tuning"
    assert result["misses"][0]["speaker_canonical"] == "Dmitry Peskov"
