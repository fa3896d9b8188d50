"""The data layer: schema migrations and the Store, the only code that speaks SQL."""

from workbench.store.store import (
    SORTS,
    STATUSES,
    ClaimFilter,
    ClaimRow,
    Match,
    Sort,
    Stats,
    Store,
    StoreError,
    event_identity,
    fts_query,
)

__all__ = [
    "SORTS",
    "STATUSES",
    "ClaimFilter",
    "ClaimRow",
    "Match",
    "Sort",
    "Stats",
    "Store",
    "StoreError",
    "event_identity",
    "fts_query",
]
