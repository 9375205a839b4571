"""Typed settings read from the environment and `.env`, checked once at start."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from nanostore.shop_folder import SHOP_ENV, ShopFolder, ShopFolderError, open_shop_folder

# The source checkout (tests and benchmarks read files next to the code; the shop never does).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_API_URL = "https://api.telegram.org"

# Short hints printed next to a bad or missing variable, so nobody has to read a traceback.
HINTS = {
    "BOT_TOKEN": "create a bot with @BotFather in Telegram and put its token in BOT_TOKEN "
    "(or try the shop without one: `nanostore sandbox`)",
    "ADMIN_IDS": "comma-separated numeric Telegram user ids, e.g. ADMIN_IDS=12345,67890 "
    "(@userinfobot tells you yours)",
    "DATABASE_URL": "e.g. sqlite://data/nanostore.db (inside the shop folder) or "
    "postgres://user:pass@host:5432/db",
    "TELEGRAM_API_URL": "leave unset for Telegram itself, or e.g. http://127.0.0.1:8081",
    "LOG_CHANNEL_ID": "a numeric chat id such as -1001234567890",
    "PROOFS_CHANNEL_ID": "a numeric chat id such as -1001234567890",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "BACKUP_INTERVAL_HOURS": "hours between backups sent to the admins, e.g. 24; 0 turns them off",
    "PAYMENT_PROVIDER_TOKEN": "the provider token from @BotFather → your bot → Payments "
    "(e.g. 284685063:TEST:...); leave unset to take no card payments",
    "CRYPTO_PAY_TOKEN": "the API token of your app in @CryptoBot → Crypto Pay → My Apps "
    "(e.g. 12345:AA...); leave unset to take no crypto payments",
    "CRYPTO_PAY_API_URL": "https://pay.crypt.bot (the default), or https://testnet-pay.crypt.bot "
    "for @CryptoTestnetBot",
    "CRYPTO_PAY_WEBHOOK_PATH": "the path Crypto Pay posts payments to, e.g. /crypto-pay",
}


class Settings(BaseSettings):
    # Empty values count as unset, so a copied .env.example with blanks loads as the defaults.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      env_ignore_empty=True)

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default=frozenset(), alias="ADMIN_IDS")
    shop_dir: Path = Field(default_factory=Path.cwd, alias=SHOP_ENV)
    # Unset: data/nanostore.db in the shop folder; a relative SQLite path is inside it too.
    database_url: str = Field(default="sqlite://data/nanostore.db", alias="DATABASE_URL")
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
    # Telegram Payments provider token (@BotFather → Payments) for card invoices: a secret, so
    # it lives here and never in the database or a screen; the admin only switches cards on.
    payment_provider_token: SecretStr | None = Field(default=None, alias="PAYMENT_PROVIDER_TOKEN")
    # Crypto Pay (Crypto Bot) app token: a secret like the provider token; the admin switches
    # crypto on and picks the assets in the bot. Its webhook is served on the webhook server
    # (WEBHOOK_HOST:WEBHOOK_PORT) at CRYPTO_PAY_WEBHOOK_PATH, in polling mode too.
    crypto_pay_token: SecretStr | None = Field(default=None, alias="CRYPTO_PAY_TOKEN")
    crypto_pay_api_url: str = Field(default="https://pay.crypt.bot", alias="CRYPTO_PAY_API_URL")
    crypto_pay_webhook_path: str = Field(default="/crypto-pay", pattern=r"^/[A-Za-z0-9/_.-]*$",
                                         alias="CRYPTO_PAY_WEBHOOK_PATH")
    # The shop's own content folders, when not screens/, locales/, media/ in the shop folder.
    screens_dir: Path | None = Field(default=None, alias="SCREENS_DIR")
    locales_dir: Path | None = Field(default=None, alias="LOCALES_DIR")
    media_dir: Path | None = Field(default=None, alias="MEDIA_DIR")

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

    @model_validator(mode="after")
    def _inside_the_shop_folder(self) -> Settings:
        self.shop_dir = self.shop_dir.expanduser().resolve()
        for name in ("screens_dir", "locales_dir", "media_dir"):
            folder = getattr(self, name)
            if folder is not None and not folder.is_absolute():
                setattr(self, name, self.shop_dir / folder)
        self.database_url = sqlite_inside(self.database_url, self.shop_dir)
        return self

    @property
    def shop(self) -> ShopFolder:
        return ShopFolder(self.shop_dir)

    @property
    def screen_folders(self) -> tuple[Path, ...]:
        """Highest first: the shop's own screens, then the built-in ones."""
        return self.shop.stack("screens", self.screens_dir)

    @property
    def locale_folders(self) -> tuple[Path, ...]:
        return self.shop.stack("locales", self.locales_dir)

    @property
    def media_folders(self) -> tuple[Path, ...]:
        return self.shop.stack("media", self.media_dir)

    def require_bot_token(self) -> str:
        """The token, for commands that talk to Telegram; others (db, check) run without one."""
        if self.bot_token is None:
            raise ConfigError([f"BOT_TOKEN is not set; {HINTS['BOT_TOKEN']}"])
        return self.bot_token.get_secret_value()

    def provider_token(self) -> str | None:
        """The card provider token for sendInvoice; None when cards cannot be offered."""
        if self.payment_provider_token is None:
            return None
        return self.payment_provider_token.get_secret_value() or None

    def crypto_token(self) -> str | None:
        """The Crypto Pay app token; None when crypto cannot be offered."""
        if self.crypto_pay_token is None:
            return None
        return self.crypto_pay_token.get_secret_value() or None

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


def sqlite_inside(url: str, folder: Path) -> str:
    """`sqlite://data/x.db` means the shop folder's data/x.db, whatever the working directory."""
    if not url.startswith("sqlite://"):
        return url
    path = url.removeprefix("sqlite://")
    if path in ("", ":memory:") or path.startswith("file:") or Path(path).is_absolute():
        return url
    return f"sqlite://{folder / path}"


def load_settings(**overrides: Any) -> Settings:
    """Settings of the shop folder (--shop, NANOSTORE_SHOP or the working directory), read from
    the environment and the folder's `.env`; `overrides` win over both (tests, the sandbox)."""
    try:
        shop = open_shop_folder(overrides.get(SHOP_ENV))
    except ShopFolderError as error:
        raise ConfigError([str(error)]) from None
    try:
        # By environment name (BOT_TOKEN=...), as pydantic validates them.
        values: dict[str, Any] = {SHOP_ENV: shop.root, **overrides}
        return Settings(_env_file=shop.env_file, **values)
    except ValidationError as error:
        raise ConfigError(describe_errors(error)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
