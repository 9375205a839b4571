"""Admin alerts carry their actions: a proof or top-up arrives with its screenshot and Approve /
Reject, a ticket with Reply, an empty delivery pool with Deliver by hand, each with Open. The
first decision edits every admin's copy; stale and forged taps change nothing. /admin opens the
panel for admins only."""

import copy
from contextlib import asynccontextmanager

from nanostore.bot.alert_buttons import AlertTap
from nanostore.db.models import AdminAlert, AuditEntry, Order, OrderLine, PaymentProof, User
from nanostore.db.models.enums import DeliveryType, OrderStatus, PaymentStatus, ReviewStatus
from nanostore.services import delivery_pool, orders, payment_methods, payments, tickets, wallet
from tests.e2e.shop import ADMIN_ID, running_shop
from tests.fixtures.admin import ANN, customer, shown
from tests.fixtures.orders import placed_order

ALEX = 9001
PROOF_BUTTONS = [["✅ Approve", "❌ Reject"], ["🔎 Open"]]


def alert_about(person, words: str):
    """The person's latest message containing `words` (an alert, as edited since)."""
    return next(m for m in reversed(person.messages) if words in (m.text or m.caption or ""))


def read(message) -> str:
    return message.text if message.text is not None else message.caption or ""


def buttons(message) -> list[list[str]]:
    markup = message.reply_markup or {}
    return [[button["text"] for button in row] for row in markup.get("inline_keyboard", [])]


async def proof_with_a_key(shop) -> tuple[Order, PaymentProof]:
    """An order for an auto-delivered key with one key in the pool, and its payment proof."""
    method = await payment_methods.create("Bank", "🏦", "IBAN XX")
    order = await placed_order(token="p1", delivery_type=DeliveryType.AUTO)
    line = await OrderLine.get(order_id=order.id)
    await delivery_pool.add_items_from_text(line.product_id, "KEY-123")
    await Order.filter(id=order.id).update(payment_method_id=method.id)
    screenshot = shop.emulator.upload(b"\x89PNG proof", "photo")
    return order, await payments.submit_proof(order.id, ANN, screenshot)


@asynccontextmanager
async def two_admins(db, emulator):
    async with running_shop(emulator, db, ADMIN_IDS=f"{ADMIN_ID},{ALEX}") as shop:
        boss, alex = shop.admin, shop.person(ALEX, "Alex", username="alex")
        for admin in (boss, alex):
            await admin.command("start")
        yield shop, boss, alex


async def test_a_proof_arrives_with_its_screenshot_and_is_approved_in_two_taps(shop):
    ann = await customer(shop)
    admin = shop.admin
    await admin.command("start")
    order, proof = await proof_with_a_key(shop)
    await shop.flush()
    alert = alert_about(admin, "Payment proof")
    assert alert.media_kind == "photo"
    assert read(alert) == f"🧾 Payment proof #{proof.id}\n📦 Order #{order.id} · 👤 {ANN}\n💰 $15.00"
    assert buttons(alert) == PROOF_BUTTONS
    await admin.tap("✅ Approve", message=alert)
    assert buttons(alert_about(admin, "Payment proof")) == [["✅ Yes, payment received", "✖️ Cancel"]]
    confirming = copy.deepcopy(alert)
    answer = await admin.tap("✅ Yes, payment received", message=alert)
    assert answer.text == "✅ Approved: the order is paid and the customer is told."
    await shop.flush()
    assert any("KEY-123" in (m.text or "") for m in ann.messages)  # the delivery
    assert (await Order.get(id=order.id)).status == OrderStatus.DELIVERED
    edited = alert_about(admin, "Payment proof")
    assert read(edited) == (f"🧾 Payment proof #{proof.id}\n📦 Order #{order.id} · 👤 {ANN}\n"
                            "💰 $15.00\n\n✅ Approved by @boss")
    assert buttons(edited) == []
    late = await admin.tap("✅ Yes, payment received", message=confirming)  # the double tap
    assert late.text == "This was already decided."
    assert await AuditEntry.filter(action="proof.approve").count() == 1
    assert len([m for m in ann.messages if "KEY-123" in (m.text or "")]) == 1


async def test_cancel_puts_the_decision_buttons_back(shop):
    await customer(shop)
    admin = shop.admin
    await admin.command("start")
    await proof_with_a_key(shop)
    await shop.flush()
    alert = alert_about(admin, "Payment proof")
    await admin.tap("✅ Approve", message=alert)
    await admin.tap("✖️ Cancel", message=alert)
    assert buttons(alert_about(admin, "Payment proof")) == PROOF_BUTTONS
    assert await PaymentProof.filter(status=ReviewStatus.PENDING).count() == 1


async def test_the_first_admin_decides_and_the_others_read_who(db, emulator):
    async with two_admins(db, emulator) as (shop, boss, alex):
        await customer(shop)
        order, proof = await proof_with_a_key(shop)
        await shop.flush()
        assert buttons(alert_about(boss, "Payment proof")) == PROOF_BUTTONS
        # boss's alert, buttons and all, before anyone decides
        stale = copy.deepcopy(alert_about(boss, "Payment proof"))
        await alex.tap("✅ Approve", message=alert_about(alex, "Payment proof"))
        await alex.tap("✅ Yes, payment received", message=alert_about(alex, "Payment proof"))
        await shop.flush()
        for admin in (boss, alex):
            edited = alert_about(admin, "Payment proof")
            assert read(edited).endswith("💰 $15.00\n\n✅ Approved by @alex")
            assert buttons(edited) == []
        late = await boss.tap("✅ Approve", message=stale)
        assert late.text == "This was already decided."
        assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID
        assert await AuditEntry.filter(action="proof.approve").count() == 1


async def test_reject_asks_for_the_reason_and_the_customer_reads_it(db, emulator):
    async with two_admins(db, emulator) as (shop, boss, alex):
        ann = await customer(shop)
        order, proof = await proof_with_a_key(shop)
        await shop.flush()
        await boss.tap("❌ Reject", message=alert_about(boss, "Payment proof"))
        assert shown(boss).text == (f"❌ Why is the proof for order #{order.id} rejected? Type a short"
                                    " note: the customer reads it and can send a new screenshot.")
        assert shown(boss).buttons == [["✖️ Cancel"]]
        await boss.send("The amount is wrong")
        assert "❌ Rejected: the customer is told why." in shown(boss).text
        await shop.flush()
        told = [m.text for m in ann.messages if "The amount is wrong" in (m.text or "")]
        assert len(told) == 1 and f"#{order.id}" in told[0]
        for admin in (boss, alex):
            edited = alert_about(admin, "Payment proof")
            assert read(edited).endswith("\n\n❌ Rejected by @boss: The amount is wrong")
            assert buttons(edited) == []
        saved = await PaymentProof.get(id=proof.id)
        assert (saved.status, saved.admin_note) == (ReviewStatus.REJECTED, "The amount is wrong")


async def test_a_topup_is_approved_from_its_alert_and_credited_once(shop):
    ann = await customer(shop)
    admin = shop.admin
    await admin.command("start")
    method = await payment_methods.create("Card", "💳")
    topup = await wallet.request_topup(ANN, 1000, method.id, shop.emulator.upload(b"\x89PNG", "photo"))
    await shop.flush()
    alert = alert_about(admin, "top-up request")
    assert alert.media_kind == "photo"
    assert read(alert) == (f"💳 New top-up request #{topup.id}\n👤 User: {ANN}\n"
                           "💰 Amount: $10.00\n🏦 Method: Card")
    assert buttons(alert) == PROOF_BUTTONS
    await admin.tap("✅ Approve", message=alert)
    confirming = copy.deepcopy(alert)
    await admin.tap("✅ Yes, money received", message=alert)
    await admin.tap("✅ Yes, money received", message=confirming)
    await shop.flush()
    assert (await User.get(id=ANN)).balance == 1000
    assert read(alert_about(admin, "top-up request")).endswith("\n\n✅ Approved by @boss")
    assert any("has been credited" in (m.text or "") for m in ann.messages)


async def test_admin_opens_the_panel_and_a_customer_cannot_tell_it_exists(shop):
    admin = shop.admin
    await admin.command("admin")
    assert admin.screen.text.startswith("🛠 Admin panel\n\n📊 Dashboard\n")
    assert "📸 Proofs (0)" in admin.screen.labels
    ann = await customer(shop)
    await ann.command("foo")  # what the bot answers to any command it does not know
    unknown = (len(ann.messages), ann.screen.text, ann.screen.buttons)
    await ann.command("admin")
    assert (len(ann.messages) - 1, ann.screen.text, ann.screen.buttons) == unknown
    assert "🔧 Admin Panel" not in ann.screen.labels and "Admin" not in ann.screen.text


async def test_a_customer_forging_an_alert_button_is_refused_and_nothing_changes(shop):
    ann = await customer(shop)
    order, proof = await proof_with_a_key(shop)
    for action in ("confirm", "approve", "reject", "open"):
        forged = AlertTap(action=action, subject="proof", item_id=proof.id).pack()
        answer = await ann._callback(ann.screen.message, forged)
        assert answer.text == "You can't do that.", action
    assert (await PaymentProof.get(id=proof.id)).status == ReviewStatus.PENDING
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.AWAITING_REVIEW
    assert not any("Admin" in (m.text or "") for m in ann.messages)


async def test_open_shows_the_panel_item_and_a_deleted_one_answers_briefly(shop):
    await customer(shop)
    admin = shop.admin
    await admin.command("start")
    order, proof = await proof_with_a_key(shop)
    await shop.flush()
    alert = alert_about(admin, "Payment proof")
    await admin.tap("🔎 Open", message=alert)
    assert buttons(alert) == PROOF_BUTTONS  # the alert keeps its actions
    assert shown(admin).media_kind == "photo"
    assert f"Proof for order #{order.id}" in shown(admin).text and "@ann" in shown(admin).text
    await admin.tap("⬅️ Back")
    assert "1 waiting for review" in shown(admin).text
    await PaymentProof.filter(id=proof.id).delete()
    answer = await admin.tap("🔎 Open", message=alert)
    assert answer.text == "That no longer exists."


async def test_a_ticket_is_answered_through_reply(shop):
    ann = await customer(shop)
    admin = shop.admin
    await admin.command("start")
    ticket = await tickets.open_ticket(ANN, "Key does not work", "The key <XYZ> is rejected")
    await shop.flush()
    alert = alert_about(admin, "New ticket")
    assert read(alert) == (f"🎫 New ticket #{ticket.id} from {ANN}\nKey does not work\n\n"
                           "The key <XYZ> is rejected")
    assert buttons(alert) == [["✍️ Reply"], ["🔎 Open"]]
    await admin.tap("✍️ Reply", message=alert)
    assert shown(admin).text == (f"✍️ Type your answer to ticket #{ticket.id}."
                                 " The customer gets it right away.")
    await admin.send("Here is a new key")
    assert "✅ Answer sent." in shown(admin).text
    await shop.flush()
    assert any("Here is a new key" in (m.text or "") for m in ann.messages)
    edited = alert_about(admin, "New ticket")
    assert read(edited).endswith("The key <XYZ> is rejected\n\n✍️ Answered by @boss")
    assert buttons(edited) == []


async def test_an_empty_pool_is_delivered_by_hand_from_the_alert(shop):
    ann = await customer(shop)
    admin = shop.admin
    await admin.command("start")
    order = await placed_order(token="e1", delivery_type=DeliveryType.AUTO)
    await orders.mark_paid(order.id, via="proof")  # no keys in the pool
    await shop.flush()
    alert = alert_about(admin, "Out of items to deliver")
    assert buttons(alert) == [["📤 Deliver by hand"], ["🔎 Open"]]
    stale = copy.deepcopy(alert)
    await admin.tap("📤 Deliver by hand", message=alert)
    assert shown(admin).text.startswith(f"📤 Send the key or text for order #{order.id}")
    await admin.send("HAND-KEY-9")
    assert "📤 Sent to the customer." in shown(admin).text
    await shop.flush()
    assert any("HAND-KEY-9" in (m.text or "") for m in ann.messages)
    assert (await Order.get(id=order.id)).status == OrderStatus.DELIVERED
    edited = alert_about(admin, "Out of items to deliver")
    assert read(edited).endswith("\n\n📤 Delivered by @boss") and buttons(edited) == []
    late = await admin.tap("📤 Deliver by hand", message=stale)
    assert late.text == "📤 This order no longer waits for delivery."
    assert await AdminAlert.filter(closed_at=None).count() == 0
