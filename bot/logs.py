"""Logging setup: the bot token is redacted from every record, httpx stays at WARNING."""

from __future__ import annotations

import logging

REDACTED = "[REDACTED]"


class RedactSecrets(logging.Filter):
    """Replace each secret in the rendered message (httpx and PTB put the token in URLs)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if any(s in message for s in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            if any(s in text for s in self._secrets):
                for secret in self._secrets:
                    text = text.replace(secret, REDACTED)
                record.exc_info, record.exc_text = None, text
        return True


# PTB logs a traceback when its start-up call (getMe) fails, then raises: the entry point
# (bot/run.py) says what went wrong in one line instead.
PTB_STARTUP = "Network Retry Loop (Bootstrap Initialize Application)"


def not_startup_traceback(record: logging.LogRecord) -> bool:
    return not (record.name == "telegram.ext" and record.getMessage().startswith(PTB_STARTUP))


def configure_logging(level: str, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(not_startup_traceback)
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO, and the Bot API URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
