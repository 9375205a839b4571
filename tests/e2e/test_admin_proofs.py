"""Payment proofs as an admin reviews them: the queue with its count and screenshot, approve
once (double tap, stale message), reject with a note (a photo is not a note), history, and the
approved proof posted to the proofs channel named by PROOFS_CHANNEL_ID."""

from nanostore.db.models import AuditEntry, Order, PaymentProof
from nanostore.db.models.enums import PaymentStatus, ReviewStatus
from tests.e2e.shop import running_shop
from tests.fixtures.admin import customer, labels, open_section, shown, snapshot, tap_containing
from tests.fixtures.orders import proof_for_new_order


async def test_approve_once_even_on_double_taps_and_stale_messages(shop):
    ann = await customer(shop)
    order, proof = await proof_for_new_order(shop)
    admin = await open_section(shop, "📸 Proofs (1)")
    assert "1 waiting for review" in shown(admin).text
    await tap_containing(admin, f"#{order.id}")
    assert shown(admin).media_kind == "photo"
    assert f"Proof for order #{order.id}" in shown(admin).text and "@ann" in shown(admin).text
    assert "🏦 Bank" in shown(admin).text and "$15.00" in shown(admin).text
    await admin.tap("✅ Approve")
    confirming = snapshot(admin)
    await admin.tap("✅ Yes, payment received")
    assert "Approved" in shown(admin).text
    assert "✅ Approve" not in labels(admin)
    await admin.tap("✅ Yes, payment received", message=confirming)  # the double tap
    assert "already decided" in shown(admin).text
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.PAID
    assert await AuditEntry.filter(action="proof.approve").count() == 1
    await shop.flush()
    approvals = [m for m in ann.messages if "Payment for order" in (m.text or "")]
    assert len(approvals) == 1 and f"#{order.id}" in approvals[0].text


async def test_reject_with_a_note_and_find_it_in_the_history(shop):
    ann = await customer(shop)
    order, proof = await proof_for_new_order(shop)
    admin = await open_section(shop, "📸 Proofs (1)")
    await tap_containing(admin, f"#{order.id}")
    await admin.tap("✅ Approve")
    stale = snapshot(admin)  # the confirmation, left unanswered
    await admin.tap("✖️ Cancel")
    await admin.tap("❌ Reject")
    await admin.send_photo()
    assert "type the note as text" in shown(admin).text
    assert (await PaymentProof.get(id=proof.id)).status == ReviewStatus.PENDING
    await admin.send("The amount is wrong")
    assert "Rejected" in shown(admin).text and "The amount is wrong" in shown(admin).text
    # An old message with the decision buttons: the proof stays rejected.
    await admin.tap("✅ Yes, payment received", message=stale)
    assert "already decided" in shown(admin).text
    saved = await PaymentProof.get(id=proof.id)
    assert (saved.status, saved.admin_note) == (ReviewStatus.REJECTED, "The amount is wrong")
    assert (await Order.get(id=order.id)).payment_status == PaymentStatus.UNPAID
    await admin.tap("⬅️ Back")
    assert "0 waiting for review" in shown(admin).text
    await admin.tap("🗂 History")
    assert "Decided proofs</b>: 1" in shown(admin).message.text or "Decided proofs: 1" in shown(admin).text
    await tap_containing(admin, f"#{order.id}")
    assert "Rejected" in shown(admin).text
    await shop.flush()
    assert any("The amount is wrong" in (m.text or "") for m in ann.messages)


async def test_approved_proof_goes_to_the_env_proofs_channel(db, emulator):
    channel = emulator.channel(-100777, "proofs", "Proofs")
    async with running_shop(emulator, db, PROOFS_CHANNEL_ID="-100777") as shop:
        await customer(shop)
        order, proof = await proof_for_new_order(shop)
        admin = await open_section(shop, "📸 Proofs")
        await tap_containing(admin, f"#{order.id}")
        await admin.tap("✅ Approve")
        await admin.tap("✅ Yes, payment received")
        await shop.flush()
    posts = channel.posts
    assert len(posts) == 1 and posts[0].media_kind == "photo"
    assert f"Order #{order.id}" in posts[0].caption
