"""Telegram edge of ToFailure: python-telegram-bot handlers, terminal chat and the CLI."""
