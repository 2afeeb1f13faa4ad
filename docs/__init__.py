"""Lifter documentation, and the script that writes its exercise list from the catalogue."""
