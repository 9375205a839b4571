import pytest

from nanostore.services import settings as shop_settings
from nanostore.services.errors import InvalidInput


async def test_fresh_shop_has_working_defaults(db):
    settings = await shop_settings.load()
    assert settings.bot_name == "NanoStore" and settings.min_order == 0


@pytest.mark.parametrize(("key", "value"), [
    ("bot_name", "Key Shop"), ("currency", "€"), ("global_image_file_id", "AgAD-photo"),
    ("global_image_file_id", None), ("maintenance", True), ("min_order", 1500),
    ("topup_presets", [100, 200]), ("proofs_channel_id", -100123),
])
async def test_every_kind_of_value_survives_a_round_trip(db, key, value):
    await shop_settings.update(key, value)
    shop_settings.forget_cached()  # read back from the database, not the cache
    assert getattr(await shop_settings.load(), key) == value


@pytest.mark.parametrize(("key", "value"), [
    ("min_order", -1), ("topup_bonus_percent", 101), ("bot_name", ""), ("no_such_key", 1),
    ("min_order", "ten"),
])
async def test_invalid_values_are_refused_and_nothing_is_stored(db, key, value):
    with pytest.raises(InvalidInput) as caught:
        await shop_settings.update(key, value)
    assert caught.value.params["field"] == key
    shop_settings.forget_cached()
    assert await shop_settings.load() == shop_settings.ShopSettings()
