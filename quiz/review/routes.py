"""Review queue and dashboard views (being built)."""
