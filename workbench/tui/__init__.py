"""The Textual face of workbench. The core never imports this package."""
