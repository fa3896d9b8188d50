"""One reviewer's session: the claim list's source, what to read, and every change.

Nothing here knows a user interface. Reads and writes are jobs, ``job(store)``,
that a face runs on a connection of its own (the TUI in its database threads,
``workbench/tui/db.py``) and whose plain results it shows. A write job never
raises: its ``Outcome`` carries the error, so the face can say which change of
which claim was not saved.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workbench.config import Settings
from workbench.match.suggest import Offer, judged, offer
from workbench.models import Claim, Document, Verdict, VerdictEvent
from workbench.review.context import Span, layout, neighbours
from workbench.review.source import ClaimSource
from workbench.store import ClaimFilter, ClaimRow, Match, QueueProgress, Store


@dataclass
class Detail:
    """Everything the claim pane shows about one claim."""

    claim: Claim
    document: Document
    verdicts: list[Verdict]
    history: list[VerdictEvent]
    before: str = ""
    """The paragraph before the claim's, for more context."""
    after: str = ""
    """The paragraph after the claim's."""
    extra: dict[str, Any] = field(default_factory=dict)
    """``cluster``: the cluster's other members; ``matches``: what was checked before;
    ``offers``: how each match may be applied (``workbench.match.suggest.Offer``);
    ``headlines``: the headline claims this claim restates (reviewed through it);
    ``restated_by``: for such a headline, the body claim that restates it."""
    hidden: int = 0
    """Others' verdicts kept back by blind review until the reviewer gives theirs."""

    def offer(self) -> Offer | None:
        """How the first previous verdict may be applied (None when there is none)."""
        offers: list[Offer] = self.extra.get("offers") or []
        return offers[0] if offers else None


@dataclass(frozen=True)
class TeamState:
    """What the session needs to know about the team when it starts."""

    assignments: bool
    """The database has assignments (so blind review is on unless set off)."""
    queue: QueueProgress
    """This reviewer's queue."""


@dataclass
class DocumentView:
    """A whole document with its claims (as list rows, with review state) and paragraphs."""

    document: Document
    rows: list[ClaimRow]
    claims: list[Claim]
    current: str | None
    paragraphs: list[Span]
    """The document as paragraphs: the claims' stored ones and the text between them."""


@dataclass
class Outcome:
    """What became of a write: committed (``event``, None when there was nothing to undo
    or redo) or not (``error``)."""

    action: str
    claim_id: str | None
    label: str | None = None
    """The verdict, for a verdict."""
    event: VerdictEvent | None = None
    row: ClaimRow | None = None
    """The claim's list row after the change."""
    reviewed: int | None = None
    """How many claims the reviewer has reviewed now."""
    queue: QueueProgress | None = None
    """The reviewer's queue after the change (None when they have none)."""
    elapsed_ms: float = 0.0
    """From the request (the key press) to the committed transaction."""
    error: str | None = None


@dataclass
class Write:
    """A change to make in the writer's transaction; calling it with a store makes it."""

    action: str
    claim_id: str | None
    change: Callable[[Store], VerdictEvent | None]
    reviewer: str
    label: str | None = None
    started: float = field(default_factory=time.perf_counter)

    def __call__(self, store: Store) -> Outcome:
        outcome = Outcome(self.action, self.claim_id, self.label)
        try:
            outcome.event = self.change(store)
            if outcome.event is not None:
                outcome.claim_id = outcome.event.claim_id
            if outcome.claim_id is not None:
                outcome.row = store.pages.claim_row(outcome.claim_id, self.reviewer)
            outcome.reviewed = store.reviews.reviewed_count(self.reviewer)
            queue = store.team.progress(self.reviewer)
            outcome.queue = queue if queue.assigned else None
        except Exception as exc:  # the outcome carries it to the reviewer: never swallowed
            outcome.error = f"{type(exc).__name__}: {exc}"
        outcome.elapsed_ms = (time.perf_counter() - self.started) * 1000
        return outcome


class ReviewSession:
    """The reviewer, their claim list, and the jobs that read and change the review."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.reviewer = settings.reviewer
        self.labels: tuple[str, ...] = tuple(step.label for step in settings.scale)
        self.claims = ClaimSource(settings.reviewer, settings.hide_below)
        self.blind = bool(settings.blind)

    # -- the team ----------------------------------------------------------------------

    def team(self, store: Store) -> TeamState:
        """The job that reads whether there are assignments and this reviewer's queue."""
        return TeamState(store.team.exist(), store.team.progress(self.reviewer))

    def start(self, state: TeamState) -> bool:
        """Set the session up for the team: blind review (the setting, else on when there
        are assignments) and the reviewer's queue as the list, when they have one.
        Returns whether the list shows the queue."""
        self.blind = self.settings.blind if self.settings.blind is not None else state.assignments
        self.claims.blind = self.blind
        if state.queue.assigned:
            self.claims.set_filter(replace(self.claims.filter, assigned_to=self.reviewer))
            return True
        return False

    # -- changes ---------------------------------------------------------------------

    def _write(self, action: str, claim_id: str | None,
               change: Callable[[Store], VerdictEvent | None], label: str | None = None,
               ) -> Write:  # fmt: skip
        return Write(action, claim_id, change, self.reviewer, label)

    def verdict(self, claim_id: str, label: str) -> Write:
        me = self.reviewer
        return self._write(
            "verdict", claim_id, lambda store: store.reviews.set_verdict(claim_id, me, label), label
        )

    def note(self, claim_id: str, text: str) -> Write:
        me = self.reviewer
        return self._write(
            "note", claim_id, lambda store: store.reviews.add_note(claim_id, me, text)
        )

    def edit(self, claim_id: str, text: str) -> Write:
        me = self.reviewer
        return self._write(
            "edit", claim_id, lambda store: store.reviews.edit_normalized(claim_id, me, text)
        )

    def evidence(self, claim_id: str, url: str, quote: str) -> Write:
        me = self.reviewer
        return self._write(
            "evidence", claim_id, lambda store: store.reviews.add_evidence(claim_id, me, url, quote)
        )

    def undo(self) -> Write:
        me = self.reviewer
        return self._write("undo", None, lambda store: store.reviews.undo(me))

    def redo(self) -> Write:
        me = self.reviewer
        return self._write("redo", None, lambda store: store.reviews.redo(me))

    def on_scale(self, match: Match) -> bool:
        """Whether a previous verdict maps to a label of this scale (so it can be applied)."""
        return match.rating in self.labels

    def apply_match(self, claim_id: str, match: Match) -> Write:
        """The match's verdict, as this reviewer's (check ``on_scale`` and the detail's
        ``offer`` first); the event records what that verdict judged."""
        me, label, what = self.reviewer, match.rating or "", judged(match.text)
        return self._write("verdict", claim_id,
                           lambda store: store.reviews.inherit_verdict(claim_id, me, label, match,
                                                                       what),
                           label)  # fmt: skip

    def reject_match(self, claim_id: str, match: Match) -> Write:
        me = self.reviewer
        return self._write(
            "not the same claim",
            claim_id,
            lambda store: store.reviews.reject_match(claim_id, me, match),
        )

    # -- reads -----------------------------------------------------------------------

    def detail(self, claim_id: str) -> Callable[[Store], Detail]:
        me, blind = self.reviewer, self.blind

        def job(store: Store) -> Detail:
            claim = store.claims.get_claim(claim_id)
            document = store.claims.get_document(claim.doc_id)
            siblings = store.claims.claims_of(claim.doc_id)
            before, after = neighbours(
                document.text,
                (claim.paragraph_start, claim.paragraph_end),
                ((c.paragraph_start, c.paragraph_end) for c in siblings),
            )
            verdicts = store.reviews.verdicts(claim_id)
            history = store.reviews.history(claim_id)
            hidden = 0
            if blind and not any(v.reviewer == me for v in verdicts):
                # Blind review: nothing of the others until this reviewer has judged.
                hidden = len(verdicts)
                verdicts = []
                history = [e for e in history if e.reviewer == me]
            matches = store.matches.previous(claim_id)
            # Scores from words alone were not calibrated: every such match asks first.
            threshold = self.settings.apply_threshold if self.settings.encoder else 1.01
            return Detail(
                claim,
                document,
                verdicts,
                history,
                hidden=hidden,
                before=before,
                after=after,
                extra={
                    "cluster": store.matches.cluster_members(claim_id),
                    "matches": matches,
                    "offers": [offer(m, claim.normalized, threshold) for m in matches],
                    "headlines": [c for c in siblings if c.restated_by == claim.id],
                    "restated_by": next((c for c in siblings if c.id == claim.restated_by), None),
                },
            )

        return job

    def document(self, doc_id: str, current: str | None) -> Callable[[Store], DocumentView]:
        me, seen = self.reviewer, self.claims.seen

        def job(store: Store) -> DocumentView:
            document = store.claims.get_document(doc_id)
            rows = store.pages.page(ClaimFilter(doc_id=doc_id), "doc", limit=100_000, viewer=me)
            rows = seen(rows)
            claims = store.claims.claims_of(doc_id)
            spans = layout(document.text, ((c.paragraph_start, c.paragraph_end) for c in claims))
            return DocumentView(document, rows, claims, current, spans)

        return job

    @staticmethod
    def documents(store: Store) -> list[tuple[str, str]]:
        """Every document's id and title (or file), for choosing one."""
        return [(d.id, d.title or d.source_path or "") for d in store.claims.documents()]

    # -- work with a connection of its own (run in a thread) ------------------------------

    def link(self, claim_id: str) -> None:
        """A claim just reviewed becomes a previous verdict of the claims that restate it."""
        from workbench.match import Matcher
        from workbench.services.vectors import encoder_for

        store = Store.open(self.settings.db, migrate=False)
        try:
            Matcher(store, self.settings.match_threshold, encoder_for(self.settings)).link(claim_id)
        finally:
            store.close()

    def ingest(self, paths: Sequence[Path], progress: Callable[[int, int, str], None],
               ) -> tuple[str, list[tuple[str, str]]]:  # fmt: skip
        """Ingest files and folders; returns the summary and the files skipped (and why)."""
        from workbench.extract import Extractor, load_pipeline
        from workbench.semantic import default_encoder
        from workbench.services.ingest import ingest_paths
        from workbench.services.vectors import encoder_for

        settings = self.settings
        store = Store.open(settings.db)
        try:
            report = ingest_paths(
                paths,
                store,
                # Scored as `workbench ingest` scores: with sentence vectors.
                lambda: Extractor(
                    load_pipeline(settings.model, settings.classifier),
                    settings.batch_size,
                    encoder=default_encoder(),
                ),
                progress=progress,
                cluster_threshold=settings.cluster_threshold,
                match_threshold=settings.match_threshold,
                encoder=encoder_for(settings),
                cluster_cosine=settings.cluster_cosine,
            )
        finally:
            store.close()
        return report.summary(), list(report.skipped)
