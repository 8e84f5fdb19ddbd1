"""Custom parts of the NLU pipeline (config.yml)."""
