"""The weekly summary of rules.md §5: its data (model) and how it is built from a window (build)."""
