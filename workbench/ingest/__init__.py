"""Reading article files into Documents."""

from workbench.ingest.readers import (
    SUFFIXES,
    SkipFile,
    clean,
    decode,
    iter_files,
    read_document,
)

__all__ = [
    "SUFFIXES",
    "SkipFile",
    "clean",
    "decode",
    "iter_files",
    "read_document",
]
