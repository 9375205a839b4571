import pytest

from nanostore.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in ("BOT_TOKEN", "ADMIN_IDS", "DATABASE_URL", "LOG_LEVEL", "LOG_CHANNEL_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_admin_ids_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", "12, 34,56")
    assert load_settings().admin_ids == {12, 34, 56}


def test_missing_token_says_how_to_get_one():
    settings = load_settings()
    with pytest.raises(ConfigError) as caught:
        settings.require_bot_token()
    assert caught.value.lines == [
        "BOT_TOKEN is not set; create a bot with @BotFather in Telegram and put its token in "
        "BOT_TOKEN (or try the shop without one: `nanostore sandbox`)"
    ]


@pytest.mark.parametrize(("name", "value", "start"), [
    ("ADMIN_IDS", "12,abc", "ADMIN_IDS is invalid"),
    ("BOT_TOKEN", "not-a-token", "BOT_TOKEN is invalid: does not look like a bot token"),
    ("LOG_LEVEL", "LOUD", "LOG_LEVEL is invalid: unknown log level"),
    ("LOG_CHANNEL_ID", "@channel", "LOG_CHANNEL_ID is invalid"),
])
def test_invalid_values_give_one_line_naming_the_variable(monkeypatch, name, value, start):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert len(caught.value.lines) == 1
    assert caught.value.lines[0].startswith(start)


def test_dotenv_file_is_read(tmp_path):
    (tmp_path / ".env").write_text("BOT_TOKEN=42:secret\nADMIN_IDS=7\n")
    settings = load_settings()
    assert settings.require_bot_token() == "42:secret"
    assert settings.admin_ids == {7}


def test_a_copied_env_example_loads_with_its_blanks_as_defaults(tmp_path):
    from nanostore.config import PROJECT_ROOT

    (tmp_path / ".env").write_text((PROJECT_ROOT / "nanostore" / "content" / "shop_template" / "env.example").read_text())
    settings = load_settings()
    assert settings.bot_token is None and settings.log_channel_id is None
    assert settings.default_locale == "en"
