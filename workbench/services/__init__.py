"""Services: the steps the CLI and the TUI run, composed from ingest, extract, match,
export and the store. Nothing here imports Textual or click."""
