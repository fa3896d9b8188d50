"""Exports: one module per format, one registry of formats."""

from workbench.export.registry import FORMATS, Exporter, ExportOptions, export_records, records

__all__ = ["FORMATS", "ExportOptions", "Exporter", "export_records", "records"]
