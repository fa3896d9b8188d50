"""The review session: what a reviewer sees and changes, with no user interface in it."""
