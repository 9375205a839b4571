import asyncio

import pytest

from nanostore.db.models import LedgerEntry, User
from nanostore.services import settings, stars_topup
from nanostore.services.errors import AmountOutOfRange, StarsUnavailable


@pytest.fixture
async def stars_shop(db):
    await settings.update("topup_stars_enabled", True)
    await settings.update("stars_per_unit", 50)  # 50 Stars per 100 minor units
    await User.create(id=1, first_name="Ann")


async def test_invoice_prices_the_amount_in_stars(stars_shop):
    invoice = await stars_topup.invoice(1000)
    assert (invoice.payload, invoice.amount, invoice.currency) == ("topup:1000", 500, "XTR")


async def test_topups_in_stars_are_off_unless_enabled(db):
    with pytest.raises(StarsUnavailable):
        await stars_topup.invoice(1000)


async def test_amount_outside_the_limits_is_refused(stars_shop):
    with pytest.raises(AmountOutOfRange):
        await stars_topup.invoice(10)


async def test_pre_checkout_refuses_a_changed_price(stars_shop):
    assert await stars_topup.validate_pre_checkout("topup:1000", 500, "XTR") is None
    await settings.update("stars_per_unit", 60)
    assert await stars_topup.validate_pre_checkout("topup:1000", 500, "XTR") == "payment_mismatch"
    assert await stars_topup.validate_pre_checkout("topup:abc", 500, "XTR") == "payment_mismatch"


async def test_a_charge_credits_the_wallet_once_even_when_replayed(stars_shop):
    results = await asyncio.gather(*(stars_topup.apply_payment("charge-1", "topup:1000", 1, 500)
                                     for _ in range(10)))
    assert sum(result is not None for result in results) == 1
    user = await User.get(id=1)
    ledger = sum(await LedgerEntry.filter(user_id=1).values_list("amount", flat=True))
    assert user.balance == 1000 == ledger
