"""The pydantic models that every step of the flow passes to the next.

Validation happens here, at the boundary: a file read, a row imported or a
setting loaded becomes one of these models or fails with a message that
names the field.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EventKind = Literal["verdict", "note", "edit", "evidence", "reject", "undo", "redo", "final"]
#: Event kinds that a reviewer's undo can take back.
UNDOABLE_KINDS: frozenset[str] = frozenset(
    {"verdict", "note", "edit", "evidence", "reject", "final"}
)

#: How a claim's speaker was found: named in the sentence, a pronoun ("he said") or a
#: description ("the spokesman said") resolved to a person named in the article, or
#: the speaker of a quotation the claim continues.
SpeakerHow = Literal["explicit", "pronoun", "description", "quotation", "transcript"]
#: What was done to the sentence to make the stand-alone text: nothing ("verbatim",
#: outer quotation marks aside), the attribution frame cut off, a pronoun replaced by
#: its speaker, one statement of a split sentence; "fragment-kept-sentence" when
#: cutting the frame left a fragment, so the sentence was kept.
NormalizedStep = Literal[
    "verbatim", "frame-removed", "pronoun-resolved", "split", "fragment-kept-sentence"
]

_LABEL_RE = re.compile(r"^[a-z][a-z0-9-]*$")


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """Timestamps are stored as ISO 8601 UTC text, so they sort as strings."""
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def document_id(text: str) -> str:
    """The same cleaned text is the same document, whatever file it came from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def claim_id(doc_id: str, start: int, end: int) -> str:
    """Stable across re-ingests: a claim is its document plus its span."""
    return hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:24]


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a web address evidence can point to (None when it is one)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
        return f"{url!r} is not a web address (http:// or https://, then a host)"
    return None


class Label(BaseModel):
    """One step of the verdict scale: the key a reviewer presses and what it means."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    """The single key that records this verdict in the TUI."""
    label: str
    """The label stored in the database and in exports (lower-case, hyphenated)."""
    rating: int | None = None
    """ClaimReview ratingValue, 5 = truest; None for labels that are not a rating."""
    description: str = ""
    """Shown in the TUI help and footer."""

    @field_validator("key")
    @classmethod
    def _one_key(cls, v: str) -> str:
        if len(v) != 1 or not v.isprintable() or v.isspace():
            raise ValueError(f"key {v!r} must be a single printable character")
        return v

    @field_validator("label")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _LABEL_RE.match(v):
            raise ValueError(f"label {v!r} must be lower-case letters, digits and hyphens")
        return v

    @field_validator("rating")
    @classmethod
    def _rating_range(cls, v: int | None) -> int | None:
        if v is not None and not 1 <= v <= 5:
            raise ValueError(f"rating {v} must be between 1 and 5")
        return v


class Entity(BaseModel):
    """A named entity inside a claim, with offsets into the document text."""

    model_config = ConfigDict(extra="forbid")

    text: str
    label: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


TurnRole = Literal["speaker", "moderator", "other"]


class Turn(BaseModel):
    """One turn of a transcript: the offsets of what ``speaker`` said (without the
    "NAME:" before it). A moderator's turns and stage directions ("other") hold no
    claims; every claim inside a speaker's turn is that speaker's."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    speaker: str = Field(min_length=1)
    role: TurnRole = "speaker"


class Document(BaseModel):
    """One ingested article. ``text`` is the cleaned text every offset points into."""

    model_config = ConfigDict(extra="forbid")

    id: str
    source_path: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)
    ingested_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _id_matches_text(self) -> Document:
        if not self.text.strip():
            raise ValueError("document text is empty")
        if self.id != document_id(self.text):
            raise ValueError("document id is not the sha256 of its text")
        return self

    @classmethod
    def from_text(cls, text: str, **fields: Any) -> Document:
        return cls(id=document_id(text), text=text, **fields)

    @property
    def turns(self) -> list[Turn]:
        """A transcript's turns, in order (kept in ``meta["turns"]``); [] for an article."""
        return [Turn.model_validate(t) for t in self.meta.get("turns", [])]


class Claim(BaseModel):
    """A check-worthy statement: a verbatim span of a document and its stand-alone form."""

    model_config = ConfigDict(extra="forbid")

    id: str
    doc_id: str
    # Bounded by SQLite's INTEGER: a larger number would fail at the insert, not here.
    seq: int = Field(ge=0, le=2**63 - 1, description="position of the claim in its document")
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(gt=0)
    paragraph_start: int = Field(ge=0)
    paragraph_end: int = Field(gt=0)
    text: str
    normalized: str
    normalized_how: list[NormalizedStep] = Field(
        default_factory=list, description="what was done to the sentence for `normalized`"
    )
    speaker: str | None = None
    cue: str | None = None
    speaker_how: SpeakerHow | None = None
    speaker_mention: str | None = Field(
        default=None,
        description="the words that named the speaker when resolved: he, the spokesman",
    )
    speaker_canonical: str | None = Field(
        default=None, description="the speaker's fullest name in the document"
    )
    is_quote: bool = False
    quote_start: int | None = Field(default=None, ge=0, description="where the quoted words start")
    quote_end: int | None = Field(default=None, gt=0, description="where the quoted words end")
    score: float = Field(ge=0.0, le=1.0)
    reasons: list[str] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    restated_by: str | None = Field(
        default=None,
        description="for a headline the body restates: the body claim it is reviewed through",
    )
    cluster_id: str | None = None
    extractor: str
    created_at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _spans_nest(self) -> Claim:
        if not self.start < self.end:
            raise ValueError(f"claim span {self.start}-{self.end} is empty")
        if not (self.paragraph_start <= self.sentence_start <= self.start):
            raise ValueError("claim must start inside its sentence and paragraph")
        if not (self.end <= self.sentence_end <= self.paragraph_end):
            raise ValueError("claim must end inside its sentence and paragraph")
        if len(self.text) != self.end - self.start:
            raise ValueError("claim text length does not match its span")
        if (self.quote_start is None) != (self.quote_end is None):
            raise ValueError("a quote span needs both quote_start and quote_end")
        if self.quote_start is not None and not (
            self.start <= self.quote_start < self.quote_end <= self.end  # type: ignore[operator]
        ):
            raise ValueError("the quote span must lie inside the claim")
        return self


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VerdictBody(_Body):
    """A verdict; when taken over from a match, where it came from."""

    inherited_from: str | None = None
    """The memory key of the match (``checked:<id>`` or ``claim:<id>``)."""
    text: str | None = None
    """The matched statement, as it read when the verdict was applied."""
    score: float | None = None
    given: str | None = None
    """The verdict as the match's source gave it."""
    judged: str | None = None
    """What the match's verdict judged: "statement", or "attribution" (that someone said
    it); see ``workbench.match.suggest.judged``."""


class NoteBody(_Body):
    text: str


class EditBody(_Body):
    normalized: str
    """The new stand-alone text."""
    previous: str | None = None
    """The stand-alone text before the first edit (what an undo of every edit restores)."""


class EvidenceBody(_Body):
    url: str
    quote: str = ""


class RejectBody(_Body):
    match: str
    """The memory key a reviewer said is not the same claim."""
    text: str | None = None


class FinalBody(_Body):
    """An adjudicator's final verdict on a claim whose reviewers disagreed."""

    taken_from: str | None = None
    """The reviewer whose verdict was taken; None when the adjudicator gave another."""
    verdicts: dict[str, str] = Field(default_factory=dict)
    """Every reviewer's verdict when the ruling was made (reviewer -> label), so the
    history says what was settled even after reviewers change their minds."""


class UndoBody(_Body):
    target: int
    """The event taken back."""
    kind: str | None = None
    label: str | None = None


class RedoBody(_Body):
    target: int
    """The undo cancelled."""
    undid: int | None = None
    """The event that undo had taken back, which is in effect again."""


#: One body model per event kind: what ``VerdictEvent.body`` must hold.
EVENT_BODIES: dict[str, type[_Body]] = {
    "verdict": VerdictBody, "note": NoteBody, "edit": EditBody, "evidence": EvidenceBody,
    "reject": RejectBody, "undo": UndoBody, "redo": RedoBody, "final": FinalBody,
}  # fmt: skip


class VerdictEvent(BaseModel):
    """One line of the append-only review log."""

    model_config = ConfigDict(extra="forbid")

    id: int | None = None
    claim_id: str
    reviewer: str = Field(min_length=1)
    kind: EventKind
    label: str | None = None
    body: dict[str, Any] = Field(default_factory=dict)
    at: datetime = Field(default_factory=utcnow)

    @model_validator(mode="after")
    def _label_only_on_verdicts(self) -> VerdictEvent:
        if self.kind in ("verdict", "final") and not self.label:
            raise ValueError(f"a {self.kind} event needs a label")
        if self.kind == "reject" and "match" not in self.body:
            raise ValueError("a reject event names the match it rejects in body.match")
        if self.kind in ("undo", "redo") and "target" not in self.body:
            raise ValueError(f"an {self.kind} event names its target event in body.target")
        # The body is stored as it was given (its JSON is part of the exports); its
        # model checks every field of it.
        EVENT_BODIES[self.kind].model_validate(self.body)
        return self

    @property
    def parsed(self) -> _Body:
        """The body as its kind's model (``EVENT_BODIES``)."""
        return EVENT_BODIES[self.kind].model_validate(self.body)


class Verdict(BaseModel):
    """The current verdict of one reviewer on one claim (derived from the events)."""

    claim_id: str
    reviewer: str
    label: str
    note: str | None = None
    event_id: int
    at: datetime
