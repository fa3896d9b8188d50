"""Small builders for test data."""

from __future__ import annotations

from workbench.models import Claim, Document, claim_id


def make_document(
    text: str = "Officials said 40 people were hurt in Paris on Monday.", **kw
) -> Document:
    return Document.from_text(text, source_path=kw.pop("source_path", "test.txt"), **kw)


def make_claim(doc: Document, start: int = 0, end: int | None = None, **kw) -> Claim:
    end = len(doc.text) if end is None else end
    fields = dict(
        id=claim_id(doc.id, start, end), doc_id=doc.id, seq=kw.pop("seq", 0), start=start,
        end=end, sentence_start=start, sentence_end=end, paragraph_start=0,
        paragraph_end=len(doc.text), text=doc.text[start:end], normalized=doc.text[start:end],
        score=kw.pop("score", 0.5), extractor="test",
    )  # fmt: skip
    fields.update(kw)
    return Claim(**fields)


def import_reviews(db, folder, reviews) -> tuple[object, str]:
    """Import ClaimReviews into the seed database ``db``, match every claim against them,
    and return (open store, id of the seed claim "Cluster munitions are banned ...")."""
    import json

    from workbench.config import DEFAULT_SCALE
    from workbench.ingest.checked import import_checked
    from workbench.match import Matcher
    from workbench.semantic import default_encoder
    from workbench.store import Store

    path = folder / "reviews.json"
    path.write_text(json.dumps(reviews), encoding="utf-8")
    store = Store.open(db)
    import_checked(store, path, DEFAULT_SCALE)
    Matcher(store, encoder=default_encoder()).refresh()
    claim = (
        raw(store)
        .execute("SELECT id FROM claims WHERE text LIKE 'Cluster munitions are banned%'")
        .fetchone()[0]
    )
    return store, claim


def raw(store):
    """The store's sqlite3 connection, for tests that look at tables directly (the
    code under test never does: only workbench/store speaks SQL)."""
    return store._db.conn  # noqa: SLF001


def raw_db(store):
    """The store's sqlite_utils Database, for tests that inspect the schema."""
    return store._db.db  # noqa: SLF001
