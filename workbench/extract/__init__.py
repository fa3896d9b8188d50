"""Claim extraction: paragraphs, furniture rules, spaCy components, attribution and scoring.

The pipeline's names are loaded on first use, so that importing a light module of
this package (``workbench.extract.paragraphs``, as the TUI does) does not import spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.extract.pipeline import (
        COMPONENTS,
        Extraction,
        Extractor,
        ModelNotFound,
        extractor_name,
        load_pipeline,
    )

__all__ = [
    "COMPONENTS",
    "Extraction",
    "Extractor",
    "ModelNotFound",
    "extractor_name",
    "load_pipeline",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from workbench.extract import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
