"""Semantic matching: sentence vectors from a small local model (issue 12)."""

from workbench.semantic.encoder import (
    DIMENSION,
    ChecksumError,
    Encoder,
    EncoderError,
    default_encoder,
)

__all__ = ["DIMENSION", "ChecksumError", "Encoder", "EncoderError", "default_encoder"]
