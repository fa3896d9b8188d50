"""Exports: one module per format, one registry of formats."""

from workbench.export.records import (
    FLAT_COLUMNS,
    ExportOptions,
    ExportReport,
    flatten,
    records,
    resolve,
)
from workbench.export.registry import FORMATS, Exporter, export

__all__ = [
    "FLAT_COLUMNS",
    "FORMATS",
    "ExportOptions",
    "ExportReport",
    "Exporter",
    "export",
    "flatten",
    "records",
    "resolve",
]
