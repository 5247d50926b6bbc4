"""Page rows of the awards app (see permission_rows.py)."""

TABLE: dict = {}
