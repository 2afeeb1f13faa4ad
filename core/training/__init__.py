"""The training definitions of rules.md §1, once, for the rules engine, summaries and stats."""
