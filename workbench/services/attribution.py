"""`workbench evaluate attribution`: a gold file of speakers against the claims of
ingested documents, or of files extracted on the spot (nothing is stored then)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from workbench.extract.gold import Figures, GoldRow, RowResult, half_of, judge
from workbench.extract.pipeline import Extractor
from workbench.extract.wellformed import problems
from workbench.ingest.readers import SkipFile, iter_files, read_document
from workbench.models import Claim
from workbench.store import Store

#: A document's file name (as ingested), its text and its claims.
Source = tuple[str, str, list[Claim]]


@dataclass
class AttributionReport:
    articles: dict[str, Figures] = field(default_factory=dict)
    halves: dict[str, str] = field(default_factory=dict)
    #: Gold articles found in no document.
    missing: list[str] = field(default_factory=list)

    def total(self, half: str | None = None) -> Figures:
        rows = [r for key, f in self.articles.items() if half in (None, self.halves[key])
                for r in f.rows]  # fmt: skip
        return Figures(rows)

    def misses(self) -> Iterator[RowResult]:
        for figures in self.articles.values():
            for r in figures.rows:
                if r.outcome not in {"right", "rightly none"} or r.standalone:
                    yield r

    def as_dict(self) -> dict[str, Any]:
        return {
            "all": self.total().as_dict(),
            "halves": {h: self.total(h).as_dict() for h in sorted(set(self.halves.values()))},
            "articles": {
                k: {"half": self.halves[k], **f.as_dict()} for k, f in self.articles.items()
            },
            "missing_articles": self.missing,
            "misses": [_miss(r) for r in self.misses()],
        }


def _miss(r: RowResult) -> dict[str, Any]:
    c = r.claim
    return {
        "file": r.row.file, "anchor": r.row.anchor, "gold": list(r.row.speakers),
        "outcome": str(r.outcome), "speaker": c.speaker if c else None,
        "speaker_canonical": c.speaker_canonical if c else None,
        "cue": c.cue if c else None, "normalized": c.normalized if c else None,
        "standalone": list(r.standalone),
    }  # fmt: skip


def from_store(store: Store) -> Iterator[Source]:
    for summary in store.claims.documents():
        document = store.claims.get_document(summary.id)
        yield summary.source_path or "", document.text, store.claims.claims_of(summary.id)


def from_files(paths: Iterable[Path], extractor: Extractor) -> Iterator[Source]:
    documents = []
    for path, problem in iter_files(paths):
        if problem:
            continue
        try:
            documents.append(read_document(path))
        except SkipFile:
            continue
    for extraction in extractor.run(documents):
        doc = extraction.document
        yield doc.source_path or "", doc.text, extraction.claims


def evaluate(gold: list[GoldRow], sources: Iterable[Source], nlp: Language,
             half: str | None = None) -> AttributionReport:  # fmt: skip
    """Judge every gold row (of ``half`` only, when given) against the claims."""
    from workbench.extract.gold import article_key

    report = AttributionReport(halves=half_of(gold))
    wanted = {r.article for r in gold if half in (None, report.halves[r.article])}
    by_key = {article_key(name): (text, claims) for name, text, claims in sources
              if article_key(name) in wanted}  # fmt: skip
    for row in gold:
        if row.article not in wanted:
            continue
        if row.article not in by_key:
            if row.article not in report.missing:
                report.missing.append(row.article)
            continue
        text, claims = by_key[row.article]
        result = judge(row, text, claims)
        if result.claim is not None:
            c = result.claim
            sentence = text[c.sentence_start : c.sentence_end]
            named = " ".join(n for n in (c.speaker, c.speaker_canonical) if n)
            result.standalone = tuple(problems(nlp(c.normalized), nlp(sentence), named))
        report.articles.setdefault(row.article, Figures()).rows.append(result)
    return report
