"""Typed settings read from the environment and `.env`, checked once at start."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from nanostore.content import BUILTIN_CONTENT
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite://{PROJECT_ROOT / 'data' / 'nanostore.db'}"
TELEGRAM_API_URL = "https://api.telegram.org"

# Short hints printed next to a bad or missing variable, so nobody has to read a traceback.
HINTS = {
    "BOT_TOKEN": "create a bot with @BotFather in Telegram and put its token in BOT_TOKEN "
    "(or try the shop without one: `nanostore sandbox`)",
    "ADMIN_IDS": "comma-separated numeric Telegram user ids, e.g. ADMIN_IDS=12345,67890 "
    "(@userinfobot tells you yours)",
    "DATABASE_URL": "e.g. sqlite://data/nanostore.db or postgres://user:pass@host:5432/db",
    "TELEGRAM_API_URL": "leave unset for Telegram itself, or e.g. http://127.0.0.1:8081",
    "LOG_CHANNEL_ID": "a numeric chat id such as -1001234567890",
    "PROOFS_CHANNEL_ID": "a numeric chat id such as -1001234567890",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "BACKUP_INTERVAL_HOURS": "hours between backups sent to the admins, e.g. 24; 0 turns them off",
}


class Settings(BaseSettings):
    # Empty values count as unset, so a copied .env.example with blanks loads as the defaults.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      env_ignore_empty=True)

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default=frozenset(), alias="ADMIN_IDS")
    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    telegram_api_url: str = Field(default=TELEGRAM_API_URL, alias="TELEGRAM_API_URL")
    redis_url: str | None = Field(default=None, alias="REDIS_URL")
    log_channel_id: int | None = Field(default=None, alias="LOG_CHANNEL_ID")
    proofs_channel_id: int | None = Field(default=None, alias="PROOFS_CHANNEL_ID")
    default_locale: str = Field(default="en", alias="DEFAULT_LOCALE")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")
    webhook_host: str = Field(default="0.0.0.0", alias="WEBHOOK_HOST")
    webhook_port: int = Field(default=8080, alias="WEBHOOK_PORT")
    backup_interval_hours: int = Field(default=0, ge=0, alias="BACKUP_INTERVAL_HOURS")
    screens_dir: Path = Field(default=BUILTIN_CONTENT / "screens", alias="SCREENS_DIR")
    locales_dir: Path = Field(default=BUILTIN_CONTENT / "locales", alias="LOCALES_DIR")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(" ", "").split(",") if part)
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        token = value.get_secret_value()
        head, _, tail = token.partition(":")
        if not head.isdigit() or not tail:
            raise ValueError("does not look like a bot token (expected 123456:ABC...)")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        value = value.upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("unknown log level")
        return value

    def require_bot_token(self) -> str:
        """The token, for commands that talk to Telegram; others (db, check) run without one."""
        if self.bot_token is None:
            raise ConfigError([f"BOT_TOKEN is not set; {HINTS['BOT_TOKEN']}"])
        return self.bot_token.get_secret_value()

    @property
    def api_is_local(self) -> bool:
        return self.telegram_api_url.rstrip("/") != TELEGRAM_API_URL


class ConfigError(Exception):
    """A configuration problem explained in readable lines, one per variable."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def describe_errors(error: ValidationError) -> list[str]:
    lines = []
    for problem in error.errors():
        variable = str(problem["loc"][0]) if problem["loc"] else "settings"
        variable = variable.upper()
        if problem["type"] == "missing":
            message = f"{variable} is not set"
        else:
            reason = problem["msg"].removeprefix("Value error, ")
            message = f"{variable} is invalid: {reason}"
        hint = HINTS.get(variable)
        lines.append(f"{message}; {hint}" if hint else message)
    return lines


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError(describe_errors(error)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
