"""Mock interview views (being built)."""
