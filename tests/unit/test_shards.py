"""The bulk load of shards (store/shards.py): new documents only, each shard once, and the
full-text indexes as complete as the per-row triggers make them."""

from __future__ import annotations

import numpy as np

from tests.helpers import make_claim, make_document, raw
from workbench.store import ClaimFilter, Store
from workbench.store.codec import claim_values, document_values
from workbench.store.shards import Shard
from workbench.store.vectors import to_blob


def shard(name: str, *texts: str) -> Shard:
    docs = [make_document(t) for t in texts]
    claims = [make_claim(d) for d in docs]
    vectors = [(c.id, to_blob(np.full(4, 0.5))) for c in claims]
    return Shard(name, [document_values(d) for d in docs], [claim_values(c) for c in claims],
                 vectors, "m")  # fmt: skip


def test_each_shard_and_each_document_is_loaded_once():
    store = Store.in_memory()
    one = shard("a", "Officials said 40 people were hurt.", "The budget rose 3 percent in 2023.")
    loaded = store.shards.load([one], model="m")
    assert (len(loaded.documents), loaded.claims, loaded.shards) == (2, 2, 1)
    # The same shard again, and another whose first document is stored already.
    two = shard("b", "The budget rose 3 percent in 2023.", "Exports fell by half in May.")
    again = store.shards.load([one, two], model="m")
    assert (len(again.documents), again.claims, again.unchanged, again.shards) == (1, 1, 1, 1)
    assert store.stats().claims == 3 and store.shards.loaded(["a", "b", "c"]) == {"a", "b"}
    assert len(store.vectors.get("claims", "m", [1, 2, 3], 4)) == 3


def test_full_text_search_finds_loaded_claims_and_later_ones():
    store = Store.in_memory()
    store.shards.load([shard("a", "Exports fell by half in May.")], model=None)
    doc = make_document("Imports of grain doubled in June.")
    store.claims.add_document(doc, [make_claim(doc)])  # through the triggers, restored
    for word in ("exports", "grain"):
        assert len(store.pages.page(ClaimFilter(query=word))) == 1
    triggers = (
        raw(store)
        .execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'"
        )
        .fetchone()[0]
    )
    assert triggers == 7
    stems = "SELECT count(*) FROM claims_match WHERE claims_match MATCH 'export OR grain'"
    assert raw(store).execute(stems).fetchone()[0] == 2
