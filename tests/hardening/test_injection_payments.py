"""Injection through what admins type about money: payment-method names, emoji and details (shown
to customers at checkout and top-up), proof and top-up rejection notes, balance adjustment
reasons, the user search, texts delivered by hand, and coupon codes. Each is typed into the
admin screens and checked where the admin and the customer see it."""

from __future__ import annotations

from nanostore.db.models import Coupon, PaymentMethod
from tests.fixtures.admin import open_section, shown, tap_containing
from tests.fixtures.catalog import a_product
from tests.fixtures.checkout import checkout_with
from tests.fixtures.injection import (
    PAYLOAD,
    SHORT,
    assert_labelled,
    assert_nothing_broke,
    assert_on_screen,
    assert_received,
)
from tests.fixtures.orders import paid_order, requested_topup
from tests.fixtures.people import customer, open_dialog

DETAILS = f"IBAN {PAYLOAD}"


async def add_method_through_the_screens(shop):
    admin = await open_section(shop, "💳 Payment methods")
    await admin.tap("➕ Add method")
    await admin.send(PAYLOAD)
    await admin.send(SHORT)
    await admin.send(DETAILS)
    method = await PaymentMethod.get()
    assert (method.name, method.emoji) == (PAYLOAD, SHORT)
    assert_on_screen(admin, PAYLOAD)
    assert_on_screen(admin, DETAILS)
    return admin, method


async def test_payment_method_fields_at_checkout_and_top_up(shop, errors_logged):
    admin, method = await add_method_through_the_screens(shop)
    await admin.tap("✏️ Details")
    await admin.send(f"New {DETAILS}")
    assert_on_screen(admin, f"New {DETAILS}")
    await admin.tap("⬅️ Back")
    assert_labelled(admin, PAYLOAD)

    ann = await customer(shop)
    await checkout_with(shop, ann, (await a_product(price=1000), 1))
    await ann.tap("✅ Confirm order")
    assert_labelled(ann, f"{SHORT} {PAYLOAD}")
    await tap_containing(ann, PAYLOAD)
    assert_on_screen(ann, PAYLOAD)
    assert_on_screen(ann, f"New {DETAILS}")
    await ann.send_photo()

    await open_dialog(shop, ann, "wallet")
    await ann.tap("➕ Top up")
    await ann.tap("$10.00")
    assert_labelled(ann, PAYLOAD)
    await tap_containing(ann, PAYLOAD)
    assert_on_screen(ann, f"New {DETAILS}")
    await ann.send_photo()
    await shop.flush()
    assert_received(admin, PAYLOAD)  # the admins' "new top-up" notice names the method
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_rejection_notes_reach_the_customer_as_text(shop, errors_logged):
    from tests.fixtures.orders import proof_for_new_order

    ann = await customer(shop)
    order, _ = await proof_for_new_order(shop)
    await requested_topup(shop, 2500)
    admin = await open_section(shop, "📸 Proofs")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("❌ Reject")
    await admin.send(f"Proof {PAYLOAD}")
    assert_on_screen(admin, f"Proof {PAYLOAD}")
    admin = await open_section(shop, "💰 Top-ups")
    await tap_containing(admin, "$25.00")
    await admin.tap("❌ Reject")
    await admin.send(f"Top-up {PAYLOAD}")
    assert_on_screen(admin, f"Top-up {PAYLOAD}")
    await shop.flush()
    assert_received(ann, f"Proof {PAYLOAD}")
    assert_received(ann, f"Top-up {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_balance_reasons_and_user_search(shop, errors_logged):
    ann = await customer(shop)
    admin = await open_section(shop, "👥 Users")
    await admin.tap("🔎 Search")
    await admin.send(PAYLOAD)
    assert_on_screen(admin, PAYLOAD)  # "Nobody matches «…»"
    await admin.tap("⬅️ Back")
    await tap_containing(admin, "Ann")
    await admin.tap("💰 Adjust balance")
    await admin.send("+1.00")
    await admin.send(f"Reason {PAYLOAD}")
    assert "it is now $1.00" in shown(admin).text
    assert_on_screen(admin, f"Reason {PAYLOAD}")  # the profile's ledger lists the note
    await shop.flush()
    assert_received(ann, f"Reason {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_texts_delivered_by_hand(shop, errors_logged):
    ann = await customer(shop)
    order = await paid_order(token="m")
    admin = await open_section(shop, "🛒 Orders")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("📤 Deliver by hand")
    await admin.send(f"KEY {PAYLOAD}")
    assert "Sent to the customer" in shown(admin).text
    await shop.flush()
    assert_received(ann, f"KEY {PAYLOAD}")
    await open_dialog(shop, ann, "orders", {"order_id": order.id})
    assert_on_screen(ann, f"KEY {PAYLOAD}")
    assert_nothing_broke(shop, errors_logged, admin, ann)


async def test_coupon_codes_an_admin_types(shop, errors_logged):
    admin = await open_section(shop, "🎟 Coupons")
    await admin.tap("➕ New coupon")
    await admin.send(PAYLOAD)
    assert "can't be used" in shown(admin).text  # codes are letters, digits, - and _
    await admin.send(SHORT)
    assert "can't be used" in shown(admin).text
    assert not await Coupon.exists()
    await admin.send("SPRING25")
    assert "step 2 of 4" in shown(admin).text  # the wizard goes on with a good code
    assert_nothing_broke(shop, errors_logged, admin)
