"""Reading article files into Documents."""

from workbench.ingest.readers import (
    SUFFIXES,
    Paragraph,
    SkipFile,
    clean,
    decode,
    iter_files,
    paragraphs,
    read_document,
)

__all__ = [
    "SUFFIXES",
    "Paragraph",
    "SkipFile",
    "clean",
    "decode",
    "iter_files",
    "paragraphs",
    "read_document",
]
