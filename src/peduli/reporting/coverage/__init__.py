"""Coverage figures: the snapshot tables and their refresh, scopes, indicators and trends, the report API."""
