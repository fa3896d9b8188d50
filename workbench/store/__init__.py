"""The data layer: the only code that speaks SQL. A ``Store`` holds one connection
and a repository per concern (see ``workbench.store.store``)."""

from workbench.store.assignments import Final, QueueProgress, TeamVerdict
from workbench.store.claims import DocumentSummary
from workbench.store.clusters import ClusteredClaim
from workbench.store.codec import event_identity
from workbench.store.database import StoreBusy, StoreError
from workbench.store.filters import (
    SORTS,
    STATUSES,
    ClaimFilter,
    Sort,
    Status,
    VerdictFilter,
    fts_query,
)
from workbench.store.matches import ClusterMember, Match, MatchOrigin
from workbench.store.memory import CheckedRow, Hit, Vocabulary
from workbench.store.pages import ClaimRow
from workbench.store.store import Stats, Store
from workbench.store.vectors import Space, VectorIndex
from workbench.store.web_pages import StoredPage

__all__ = [
    "SORTS",
    "STATUSES",
    "CheckedRow",
    "ClaimFilter",
    "ClaimRow",
    "ClusterMember",
    "ClusteredClaim",
    "DocumentSummary",
    "Final",
    "Hit",
    "Match",
    "MatchOrigin",
    "QueueProgress",
    "Sort",
    "Space",
    "Stats",
    "Status",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoredPage",
    "TeamVerdict",
    "VectorIndex",
    "VerdictFilter",
    "Vocabulary",
    "event_identity",
    "fts_query",
]
