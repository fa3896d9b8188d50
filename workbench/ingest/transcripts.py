"""Transcripts: debates, interviews, hearings, press conferences, as turns of speakers.

Two forms are read:

- "NAME: text" lines (``.transcript``, or any file with ``--format transcript``): a
  line that starts with a name of one to five words and a colon opens a turn; the
  lines after it, up to the next such line, belong to it. The text is kept as written.
- the CLEF CheckThat! TSV (``line, speaker, text[, label]``, no header): a row's
  speaker says its text; consecutive rows of one speaker make one turn, written
  out as "SPEAKER: text" paragraphs.

Each turn is a ``Turn`` in ``Document.meta["turns"]``; the extraction gives every
claim inside it the turn's speaker (cue ``transcript``). Moderators are found by
name (MODERATOR, QUESTION, Q, HOST, INTERVIEWER...), by ``--moderator NAME``, or,
when no name was given, by how they speak: short turns (three sentences or fewer
on average) of which a fifth or more ask a question, over five turns or more.
Their turns, and stage directions (SYSTEM, AUDIENCE, "(APPLAUSE)"), hold no claims.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.ingest.readers import SkipFile, clean
from workbench.models import Turn, TurnRole

#: Speaker names that say the speaker asks the questions.
MODERATOR_NAMES = re.compile(
    r"^(moderator|question|questioner|q|host|co-host|interviewer|anchor|chair|chairman|"
    r"chairwoman|chairperson|presenter|reporter|journalist)s?\b", re.IGNORECASE,
)  # fmt: skip
#: Speaker names that are no one's words: stage directions and the crowd.
OTHER_NAMES = re.compile(
    r"^(system|sysytem|audience|audience members?|crowd|unidentified|unknown|"
    r"crosstalk|applause|laughter|narrator|caption)\b", re.IGNORECASE,
)  # fmt: skip
_TURN = re.compile(r"^[ \t]*((?:[A-Z][\w.'’()-]*|[Qq])(?:[ \t]+[\w.'’()-]+){0,4}):[ \t]+(?=\S)")
_STAGE = re.compile(r"^\s*[(\[][^)\]]*[)\]]\s*$")
_TRAILING_CAPS = re.compile(r"\b([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)$")
_SENTENCE_END = re.compile(r"[.!?](?:[\"”’)]*)(?:\s|$)")


@dataclass
class _Turn:
    speaker: str
    start: int
    end: int
    text: str = ""
    lines: list[int] = field(default_factory=list)


def speaker_name(raw: str) -> str:
    """The name as a turn shows it: without "(APPLAUSE)" or "(D-VT)" and without a title
    after a comma ("SEN. BERNIE SANDERS (D-VT), PRESIDENTIAL CANDIDATE")."""
    name = " ".join(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", raw).split())
    trailing = _TRAILING_CAPS.search(name)
    if len(name) > 40 and trailing and not name.isupper():
        # A row whose speaker cell took in the words before it: "... back. MADDOW".
        name = trailing.group(1)
    name = name.split(",")[0].strip()
    return name or " ".join(raw.split())


def roles(turns: Iterable[tuple[str, str]], moderators: Iterable[str] = ()
          ) -> dict[str, TurnRole]:  # fmt: skip
    """Each speaker's role, from (speaker, text) turns in order."""
    named = {m.casefold() for m in moderators}
    by_speaker: dict[str, list[str]] = {}
    for speaker, text in turns:
        by_speaker.setdefault(speaker, []).append(text)
    out: dict[str, TurnRole] = {}
    for speaker, texts in by_speaker.items():
        if OTHER_NAMES.match(speaker) or all(_STAGE.match(t) for t in texts):
            out[speaker] = "other"
        elif (speaker.casefold() in named or MODERATOR_NAMES.match(speaker)
              or (not named and len(by_speaker) > 1 and _asks(texts))):  # fmt: skip
            out[speaker] = "moderator"
        else:
            out[speaker] = "speaker"
    return out


def _asks(texts: list[str]) -> bool:
    """Speaks like a moderator: five turns or more, short, a fifth asking a question.

    On the 19 CLEF 2019 transcripts this finds every moderator (and the host who
    introduces a speech) and no candidate: candidates ask as often, at greater length."""
    if len(texts) < 5:
        return False
    sentences = statistics.fmean(max(1, len(_SENTENCE_END.findall(t + " "))) for t in texts)
    questions = sum("?" in t for t in texts) / len(texts)
    return sentences <= 3 and questions >= 0.2


def _meta(turns: list[_Turn], moderators: Iterable[str]) -> dict[str, object]:
    role = roles(((t.speaker, t.text) for t in turns), moderators)
    return {
        "format": "transcript",
        "turns": [
            Turn(start=t.start, end=t.end, speaker=t.speaker, role=role[t.speaker]).model_dump()
            for t in turns
        ],
        "speakers": sorted({t.speaker for t in turns if role[t.speaker] == "speaker"}),
        "moderators": sorted({t.speaker for t in turns if role[t.speaker] == "moderator"}),
    }


def parse_turns(text: str, moderators: Iterable[str] = ()) -> tuple[str, dict[str, object]]:
    """A "NAME: text" transcript: (its cleaned text, meta with its turns). Lines before
    the first turn (a heading, a date) belong to no one. Raises SkipFile when no line
    opens a turn."""
    text = clean(text)
    turns: list[_Turn] = []
    pos = opening = 0
    for line in text.split("\n"):
        match = _TURN.match(line)
        if match and not turns:
            opening = pos
        if match:
            turns.append(_Turn(speaker_name(match.group(1)), pos + match.end(), pos + len(line)))
        elif turns and line.strip():
            turns[-1].end = pos + len(line)
        pos += len(line) + 1
    if not turns:
        raise SkipFile('not a transcript: no line starts with "NAME: "')
    for turn in turns:
        turn.text = text[turn.start : turn.end]
    meta = _meta(turns, moderators)
    heading = text[:opening].strip().split("\n")[0].strip()
    if heading:
        meta["title"] = heading  # a line before the first turn names the event
    return text, meta


def parse_tsv(rows: list[tuple[int, list[str]]], moderators: Iterable[str] = ()
              ) -> tuple[str, dict[str, object]]:  # fmt: skip
    """The CLEF TSV's rows, as (file line, [line number, speaker, text, label?]): (the
    text written out as "SPEAKER: text" paragraphs, meta with turns and each row's
    span under ``meta["lines"]`` as [row's line number, start, end])."""
    parts: list[str] = []
    turns: list[_Turn] = []
    spans: list[list[int]] = []
    size = 0
    for _, cells in rows:
        # Cleaned cell by cell (so the offsets hold): no control characters, NFC.
        speaker, sentence = speaker_name(clean(cells[1])), " ".join(clean(cells[2]).split())
        if not sentence:
            continue
        if turns and turns[-1].speaker == speaker:
            parts.append(" ")
            size += 1
        else:
            head = ("\n\n" if parts else "") + speaker + ": "
            parts.append(head)
            size += len(head)
            turns.append(_Turn(speaker, size, size))
        spans.append([int(cells[0]), size, size + len(sentence)])
        parts.append(sentence)
        size += len(sentence)
        turns[-1].end = size
        turns[-1].text += sentence + " "
    if not turns:
        raise SkipFile("no rows with text")
    text = "".join(parts)
    meta = _meta(turns, moderators)
    meta["lines"] = spans
    return text, meta
