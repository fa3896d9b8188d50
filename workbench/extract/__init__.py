"""Claim extraction: furniture rules, spaCy components, attribution and scoring."""

from workbench.extract.pipeline import (
    Extraction,
    Extractor,
    ModelNotFound,
    extractor_name,
    load_pipeline,
)

__all__ = ["Extraction", "Extractor", "ModelNotFound", "extractor_name", "load_pipeline"]
