"""Insights: what a log says over weeks (summaries, records, trends, charts); stats join here."""
