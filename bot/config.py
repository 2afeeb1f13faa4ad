"""Settings from the environment or .env (pydantic-settings); the token is a SecretStr."""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.charts import default_workers

DEFAULT_DATABASE_URL = "sqlite:///data/tofailure.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    telegram_bot_token: SecretStr = SecretStr("")
    telegram_base_url: str | None = None
    telegram_base_file_url: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    # PostgreSQL connections an instance keeps open (opened at start; half as many again, at
    # least 2, for a moment): as many as the chats a burst serves at once, and instances x 1.5
    # x this under the server's max_connections.
    tofailure_db_pool_size: int = Field(default=20, ge=1, le=1000)
    tofailure_tick_seconds: float = Field(default=60, gt=0)
    tofailure_rate_limit: float = Field(default=30, ge=0)
    tofailure_redis_url: str | None = None
    tofailure_webhook_url: str | None = None
    tofailure_webhook_listen: str = "0.0.0.0"
    tofailure_webhook_port: int = 8443
    tofailure_webhook_secret: SecretStr | None = None
    # Sent to Telegram with setWebhook: requests it may have open at once (1-100).
    tofailure_webhook_max_connections: int = Field(default=40, ge=1, le=100)
    # How long a chat's update waits for a lower update_id that may still be on its way to
    # another instance (only when the update just below it is not stored yet).
    tofailure_webhook_order_wait_ms: int = Field(default=300, ge=0, le=10_000)
    tofailure_inbox_keep_hours: float = Field(default=48, gt=0)
    tofailure_deliveries_keep_days: float = Field(default=35, ge=14)
    tofailure_polling: bool = True
    # Processes drawing charts (0: in a thread of the bot's own process).
    tofailure_chart_workers: int = Field(default_factory=default_workers, ge=0, le=64)
    tofailure_log_level: str = "INFO"
    tofailure_terminal_user_id: int = 1

    @field_validator(
        "telegram_base_url",
        "telegram_base_file_url",
        "tofailure_webhook_url",
        "tofailure_redis_url",
    )
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("tofailure_chart_workers", mode="before")
    @classmethod
    def _blank_is_default(cls, value: object) -> object:
        return default_workers() if isinstance(value, str) and not value.strip() else value

    @property
    def token(self) -> str:
        return self.telegram_bot_token.get_secret_value().strip()


def invalid_settings(exc: ValidationError) -> str:
    """Which settings are wrong, never their values (pydantic's message would echo a secret)."""
    fields = ", ".join(str(e["loc"][0]).upper() for e in exc.errors() if e["loc"])
    return f"Invalid setting(s): {fields}. See .env.example for the accepted values."


DATABASE_URL_EXAMPLE = "Example: sqlite:///data/tofailure.db"
