"""Pages of the awards app (issue 5)."""
