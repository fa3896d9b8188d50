"""Putting sentence vectors in the store: for rows just added, and for every row that
lacks one of the current model (a database from before vectors, an edited claim, a
change of model). The encoder is passed in (``workbench.services.vectors`` makes it),
so this package never loads a model itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from workbench.store import Space, Store
from workbench.store.vectors import SentenceEncoder

#: Texts encoded and written per transaction: large enough for the encoder's length-
#: sorted batches, small enough that a reviewer's write never waits long behind one.
BATCH = 256

EncodeProgress = Callable[[int, int], None]
"""Called as (rows encoded, rows to encode)."""


def encode_rows(store: Store, encoder: SentenceEncoder, space: Space,
                rows: Sequence[tuple[int, str]], progress: EncodeProgress | None = None
                ) -> int:  # fmt: skip
    """Encode (num, text) rows of ``space`` and store their vectors; returns how many."""
    done = 0
    for start in range(0, len(rows), BATCH):
        part = rows[start : start + BATCH]
        matrix = encoder.encode([text for _, text in part])
        store.vectors.put(space, encoder.model_id, [num for num, _ in part], matrix)
        done += len(part)
        if progress is not None:
            progress(done, len(rows))
    return done


def backfill(store: Store, encoder: SentenceEncoder, space: Space,
             progress: EncodeProgress | None = None) -> int:  # fmt: skip
    """Encode every row of ``space`` with no vector of the encoder's model."""
    return encode_rows(store, encoder, space, store.vectors.missing(space, encoder.model_id),
                       progress)  # fmt: skip
