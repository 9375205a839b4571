"""getStarTransactions: the bot's Stars ledger, as the Bot API documents it and the real server
answers (telegram-bot-api asks TDLib for the bot's transactions in ascending order, passes
`offset` as a count to skip, and clamps offset >= 0 and limit to 1..100 instead of refusing).
Charges come in with `source`, refunds go out with `receiver` and keep the charge's id;
amounts are never negative."""

from __future__ import annotations

from aiogram import types

from nanostore.emulator.checkout import record_charge
from nanostore.emulator.state import InvoiceRecord
from tests.emulator.raw_api import call


def stars_invoice(payload: str, amount: int = 5, currency: str = "XTR") -> InvoiceRecord:
    return InvoiceRecord(title="Item", description="d", payload=payload, currency=currency,
                         total_amount=amount)


def charge(emulator, person, payload: str, amount: int = 5, currency: str = "XTR"):
    return record_charge(emulator.core, person.user, stars_invoice(payload, amount, currency))


async def ledger(emulator, **params) -> list[dict]:
    status, body = await call(emulator, "getStarTransactions", json=params)
    assert status == 200 and body["ok"], body
    return body["result"]["transactions"]


async def test_a_charge_is_a_line_from_its_payer(emulator):
    ann = emulator.person(1, "Ann", username="ann")
    paid = charge(emulator, ann, "order:7", amount=30)
    [line] = await ledger(emulator)
    assert line == {"id": paid.charge_id, "amount": 30, "date": line["date"],
                    "source": {"type": "user", "transaction_type": "invoice_payment",
                               "user": ann.user.to_api(), "invoice_payload": "order:7"}}
    assert isinstance(line["date"], int) and line["date"] > 0


async def test_a_refund_goes_out_to_the_payer_under_the_charges_id(emulator, bot):
    ann = emulator.person(1, "Ann")
    paid = charge(emulator, ann, "order:7", amount=30)
    await bot.refund_star_payment(ann.id, paid.charge_id)
    incoming, outgoing = (await bot.get_star_transactions()).transactions
    assert incoming.id == outgoing.id == paid.charge_id
    assert (incoming.amount, outgoing.amount) == (30, 30)  # the direction is source/receiver
    assert outgoing.source is None and isinstance(outgoing.receiver, types.TransactionPartnerUser)
    assert outgoing.receiver.user.id == ann.id


async def test_lines_are_in_chronological_order_and_offset_skips(emulator, bot):
    ann, bob = emulator.person(1, "Ann"), emulator.person(2, "Bob")
    ids = [charge(emulator, person, f"order:{n}").charge_id
           for n, person in enumerate([ann, bob, ann, bob, ann])]
    everything = (await bot.get_star_transactions()).transactions
    assert [line.id for line in everything] == ids
    page = (await bot.get_star_transactions(offset=1, limit=2)).transactions
    assert [line.id for line in page] == ids[1:3]
    assert (await bot.get_star_transactions(offset=5)).transactions == []


async def test_limit_defaults_to_and_is_clamped_at_a_hundred(emulator):
    ann = emulator.person(1, "Ann")
    for number in range(130):
        charge(emulator, ann, f"order:{number}")
    assert len(await ledger(emulator)) == 100
    assert len(await ledger(emulator, limit=500)) == 100
    assert len(await ledger(emulator, limit=0)) == 1
    assert len(await ledger(emulator, offset=-3, limit=2)) == 2
    last = await ledger(emulator, offset=100)
    assert [line["source"]["invoice_payload"] for line in last][-1] == "order:129"
    assert len(last) == 30


async def test_only_stars_charges_are_in_the_stars_ledger(emulator):
    ann = emulator.person(1, "Ann")
    charge(emulator, ann, "eur-order", currency="EUR")
    assert await ledger(emulator) == []


async def test_a_paid_invoice_whose_update_is_lost_is_still_in_the_ledger(emulator, bare_bot):
    ann = emulator.person(1, "Ann")
    await ann.command("buy")
    payment = await ann.pay_invoice(deliver=False)
    assert bare_bot.dispatcher.paid_charges == []  # the bot never heard of it
    assert [line["id"] for line in await ledger(emulator)] == [payment.charge_id]
