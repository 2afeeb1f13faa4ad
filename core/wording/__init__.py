"""Every sentence users read, by area: logging replies, parse errors, rule findings, settings."""
