"""Transcripts: each sentence is its turn's speaker's (cue `transcript`), a moderator's
turns hold no claims, bad TSV rows are FILE:LINE (issue 14, item 3)."""

import pytest

from workbench.extract.turns import TurnIndex, turn_paragraphs
from workbench.ingest.readers import SkipFile
from workbench.ingest.sources import read_source
from workbench.ingest.transcripts import parse_turns, roles, speaker_name
from workbench.models import Document, Turn
from workbench.services.ingest import ingest_paths
from workbench.store import Store

HEARING = """Senate budget hearing, 12 March 2024

CHAIR: Minister, the deficit rose last year. Why did it rise?
MINISTER OKAFOR: The deficit rose to 4.2 percent of GDP in 2023 because energy subsidies
cost the treasury 11 billion euros.

Unemployment fell to 5.1 percent in the same year.
SENATOR DIAZ: Inflation reached 9 percent in 2022, the highest rate in three decades.
(APPLAUSE)
"""


def test_name_colon_lines_open_turns_and_keep_the_text_as_written():
    text, meta = parse_turns(HEARING)
    assert text == HEARING.strip("\n")
    turns = [Turn.model_validate(t) for t in meta["turns"]]
    assert [(t.speaker, t.role) for t in turns] == [
        ("CHAIR", "moderator"), ("MINISTER OKAFOR", "speaker"), ("SENATOR DIAZ", "speaker"),
    ]  # fmt: skip
    okafor = text[turns[1].start : turns[1].end]
    assert okafor.startswith("The deficit rose") and okafor.endswith("in the same year.")
    assert meta["title"] == "Senate budget hearing, 12 March 2024"
    assert meta["moderators"] == ["CHAIR"]


def test_a_file_without_turns_is_not_a_transcript():
    with pytest.raises(SkipFile, match="not a transcript"):
        parse_turns("Just an article. It has no speakers at all, only sentences.")


def test_speaker_names_lose_stage_directions_and_titles():
    assert speaker_name("(APPLAUSE) CLINTON") == "CLINTON"
    assert (
        speaker_name("SEN. BERNIE SANDERS (D-VT), PRESIDENTIAL CANDIDATE") == "SEN. BERNIE SANDERS"
    )


def test_roles_by_name_by_option_and_by_how_they_speak():
    holt = ("HOLT", "Good evening. What is your plan?")
    smith = ("SMITH", "Taxes fell. Jobs rose. Wages rose. Prices fell. Exports grew.")
    turns = [holt, smith] * 6 + [("SYSTEM", "(CROSSTALK)")]
    assert roles(turns) == {"HOLT": "moderator", "SMITH": "speaker", "SYSTEM": "other"}
    # Named moderators replace the guess: HOLT is then a speaker like any other.
    assert roles(turns, ["smith"])["SMITH"] == "moderator"
    assert roles(turns, ["smith"])["HOLT"] == "speaker"


def test_turn_paragraphs_leave_out_the_names():
    text, meta = parse_turns(HEARING)
    doc = Document.from_text(text, meta=meta)
    paras = turn_paragraphs(text, doc.turns)
    assert all(":" not in text[p.start : p.start + 20].split(" ")[0] for p, _ in paras)
    index = TurnIndex(doc.turns)
    assert index.at(text.index("Inflation")).speaker == "SENATOR DIAZ"
    assert index.at(0) is None  # the heading is no one's


def test_every_claim_is_its_turns_speaker_and_the_moderator_has_none(tmp_path, extractor):
    (tmp_path / "hearing.transcript").write_text(HEARING, encoding="utf-8")
    store = Store.in_memory()
    report = ingest_paths([tmp_path], store, extractor)
    assert report.documents_added == 1 and not report.skipped
    doc = store.claims.documents()[0]
    assert doc.title == "Senate budget hearing, 12 March 2024"
    claims = store.claims.claims_of(doc.id)
    by_text = {c.text: c for c in claims}
    assert not any("deficit rose last year" in t for t in by_text)  # the chair's
    deficit = next(c for t, c in by_text.items() if t.startswith("The deficit rose to 4.2"))
    assert (deficit.speaker, deficit.cue) == ("MINISTER OKAFOR", "transcript")
    assert "+ attributed to MINISTER OKAFOR (transcript)" in deficit.reasons
    jobs = next(c for t, c in by_text.items() if t.startswith("Unemployment fell"))
    assert jobs.speaker == "MINISTER OKAFOR"  # the turn goes on after a blank line
    inflation = next(c for t, c in by_text.items() if t.startswith("Inflation reached"))
    assert inflation.speaker == "SENATOR DIAZ"
    assert not any(c.text.startswith(("CHAIR", "MINISTER", "SENATOR")) for c in claims)


def test_a_turn_that_reports_someone_else_is_still_the_speakers_claim(tmp_path, extractor):
    text = (
        "SMITH: The governor said that taxes rose by 12 percent in 2023.\n"
        "JONES: That is false, the rise was 3 percent according to the treasury.\n"
    )
    doc = next(iter(read_source(_write(tmp_path, "t.transcript", text))))
    claims = extractor.extract(doc).claims
    first = next(c for c in claims if c.text.startswith("The governor"))
    assert (first.speaker, first.cue) == ("SMITH", "transcript")
    assert first.normalized == first.text  # not cut to "taxes rose...", which SMITH reports


CLEF = "\n".join([
    "1\tHOLT\tGood evening from Hofstra University in Hempstead, New York.\t0",
    "2\tHOLT\tWhat is your plan for jobs?\t0",
    "3\tCLINTON\tWe have created 14 million jobs since the recession ended in 2009.\t1",
    "4\tCLINTON\tThe unemployment rate is now under 5 percent.\t1",
    "5\tSYSTEM\t(APPLAUSE)\t0",
    "not a row",
    "x\tTRUMP\tOur jobs are fleeing the country.\t0",
    "8\tTRUMP\tFord is leaving, and thousands of jobs are going to Mexico.\t1",
    "9\t\tNobody said this.\t0",
]) + "\n"  # fmt: skip


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_clef_tsv_rows_become_turns_and_bad_rows_are_file_line(tmp_path):
    items = list(read_source(_write(tmp_path, "debate.tsv", CLEF), moderators=["HOLT"]))
    problems = [
        (i.where.rsplit("/", 1)[-1], i.reason) for i in items if not isinstance(i, Document)
    ]
    assert problems == [
        ("debate.tsv:6", "1 columns: a transcript row is line, speaker, text[, label]"),
        ("debate.tsv:7", "'x' is not a line number"),
        ("debate.tsv:9", "no speaker"),
    ]
    (doc,) = [i for i in items if isinstance(i, Document)]
    assert doc.title == "debate"
    assert doc.text.startswith("HOLT: Good evening")
    assert "\n\nCLINTON: We have created 14 million jobs" in doc.text
    assert [t.speaker for t in doc.turns] == ["HOLT", "CLINTON", "SYSTEM", "TRUMP"]
    assert [t.role for t in doc.turns] == ["moderator", "speaker", "other", "speaker"]
    line, start, end = doc.meta["lines"][3]
    assert line == 4 and doc.text[start:end] == "The unemployment rate is now under 5 percent."


def test_a_tsv_with_a_text_header_is_a_collection_not_a_transcript(tmp_path):
    path = _write(tmp_path, "arts.tsv", "title\ttext\nBudget\tThe finance ministry said the "
                  "deficit reached 4.2 percent in 2023.\n")  # fmt: skip
    (doc,) = list(read_source(path))
    assert doc.title == "Budget" and doc.meta["format"] == "collection"


def test_the_command_line_reads_any_file_as_a_transcript_with_named_moderators(
    tmp_path, monkeypatch
):
    from click.testing import CliRunner

    from workbench.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "tester")
    _write(tmp_path, "notes.txt", HEARING)
    args = ["--db", "w.db", "ingest", "--format", "transcript", "--moderator", "senator diaz"]
    result = CliRunner().invoke(cli, [*args, "notes.txt"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = Store.open(tmp_path / "w.db")
    doc = store.claims.get_document(store.claims.documents()[0].id)
    assert doc.meta["moderators"] == ["CHAIR", "SENATOR DIAZ"]
    speakers = {c.speaker for c in store.claims.claims_of(doc.id)}
    assert speakers == {"MINISTER OKAFOR"}
