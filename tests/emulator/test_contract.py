"""Contract: every emulated method, called through aiogram's Bot, returns the aiogram type
it promises, with no fields aiogram does not know (a misspelt field would hide as 'extra')."""

from __future__ import annotations

import pytest
from aiogram import types
from aiogram.types import BufferedInputFile, InputMediaDocument, InputMediaPhoto, LabeledPrice

from nanostore.emulator.checkout import record_charge
from nanostore.emulator.methods import METHODS
from nanostore.emulator.state import InvoiceRecord

KEYBOARD = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}


def assert_known_fields(value, path="result"):
    if isinstance(value, types.TelegramObject):
        assert not value.model_extra, f"{path}: unknown fields {sorted(value.model_extra)}"
        for name in type(value).model_fields:
            assert_known_fields(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            assert_known_fields(item, f"{path}[{index}]")


def upload(name="f.jpg"):
    return BufferedInputFile(b"bytes of " + name.encode(), name)


async def exercise_every_method(bot, emulator):
    """Calls each method once; returns {method name: aiogram result}."""
    ann = emulator.person(1, "Ann", username="ann")
    emulator.channel(-1001, "news", "News")
    r = {}
    r["getMe"] = await bot.get_me()
    r["sendMessage"] = text = await bot.send_message(ann.id, "<b>hi</b>", reply_markup=KEYBOARD)
    r["sendPhoto"] = photo = await bot.send_photo(ann.id, upload(), caption="<i>c</i>")
    r["sendDocument"] = await bot.send_document(ann.id, upload("a.pdf"))
    r["sendVideo"] = await bot.send_video(ann.id, upload("v.mp4"))
    r["sendVoice"] = await bot.send_voice(ann.id, upload("v.ogg"))
    r["sendAnimation"] = await bot.send_animation(ann.id, upload("g.mp4"))
    r["sendMediaGroup"] = await bot.send_media_group(ann.id, [
        InputMediaPhoto(media=upload("1.jpg"), caption="one"), InputMediaPhoto(media=photo.photo[-1].file_id)])
    r["copyMessage"] = await bot.copy_message(ann.id, ann.id, text.message_id)
    r["forwardMessage"] = await bot.forward_message(ann.id, ann.id, photo.message_id)
    r["editMessageText"] = await bot.edit_message_text("new", chat_id=ann.id, message_id=text.message_id, reply_markup=KEYBOARD)
    r["editMessageReplyMarkup"] = await bot.edit_message_reply_markup(chat_id=ann.id, message_id=text.message_id)
    r["editMessageCaption"] = await bot.edit_message_caption(chat_id=ann.id, message_id=photo.message_id, caption="c2")
    r["editMessageMedia"] = await bot.edit_message_media(InputMediaDocument(media=upload("d.txt")), chat_id=ann.id, message_id=photo.message_id)
    r["deleteMessage"] = await bot.delete_message(ann.id, text.message_id)
    r["deleteMessages"] = await bot.delete_messages(ann.id, [photo.message_id])
    r["sendChatAction"] = await bot.send_chat_action(ann.id, "typing")
    r["getChat"] = await bot.get_chat(ann.id)
    r["getChatMember"] = await bot.get_chat_member(-1001, ann.id)
    r["setMyCommands"] = await bot.set_my_commands([types.BotCommand(command="start", description="Start")])
    r["getMyCommands"] = await bot.get_my_commands()
    r["deleteMyCommands"] = await bot.delete_my_commands()
    r["setChatMenuButton"] = await bot.set_chat_menu_button(menu_button=types.MenuButtonCommands())
    r["getChatMenuButton"] = await bot.get_chat_menu_button()
    r["getFile"] = await bot.get_file(r["sendDocument"].document.file_id)
    r["sendInvoice"] = await bot.send_invoice(ann.id, "Item", "desc", "p", "XTR", [LabeledPrice(label="x", amount=5)])
    r["createInvoiceLink"] = await bot.create_invoice_link("Item", "desc", "p", "XTR", [LabeledPrice(label="x", amount=5)])
    paid = record_charge(emulator.core, ann.user, InvoiceRecord("Item", "desc", "p", "XTR", 5))
    r["refundStarPayment"] = await bot.refund_star_payment(ann.id, paid.charge_id)
    r["getStarTransactions"] = await bot.get_star_transactions()
    sub = record_charge(emulator.core, ann.user, InvoiceRecord("Sub", "d", "s", "XTR", 5,
                                                               subscription_period=2592000))
    r["editUserStarSubscription"] = await bot.edit_user_star_subscription(ann.id, sub.charge_id, True)
    r["createChatInviteLink"] = await bot.create_chat_invite_link(-1001, name="n", member_limit=1)
    r["banChatMember"] = await bot.ban_chat_member(-1001, ann.id)
    r["unbanChatMember"] = await bot.unban_chat_member(-1001, ann.id, only_if_banned=True)
    r["setWebhook"] = await bot.set_webhook("https://example.com/hook", secret_token="abc")
    r["getWebhookInfo"] = await bot.get_webhook_info()
    r["deleteWebhook"] = await bot.delete_webhook()
    r["getUpdates"] = await bot.get_updates(timeout=0)
    return r


EXPECTED_TYPES = {
    "getMe": types.User, "sendMessage": types.Message, "sendPhoto": types.Message,
    "sendDocument": types.Message, "sendVideo": types.Message, "sendVoice": types.Message,
    "sendAnimation": types.Message, "copyMessage": types.MessageId,
    "forwardMessage": types.Message, "editMessageText": types.Message,
    "editMessageReplyMarkup": types.Message, "editMessageCaption": types.Message,
    "editMessageMedia": types.Message, "getChat": types.ChatFullInfo,
    "getChatMember": types.ChatMemberLeft, "getChatMenuButton": types.MenuButtonCommands,
    "getFile": types.File, "sendInvoice": types.Message, "getWebhookInfo": types.WebhookInfo,
    "getStarTransactions": types.StarTransactions, "createChatInviteLink": types.ChatInviteLink,
}


async def test_every_method_returns_its_aiogram_type(bot, emulator):
    results = await exercise_every_method(bot, emulator)
    for method, expected in EXPECTED_TYPES.items():
        assert isinstance(results[method], expected), method
    for method, result in results.items():
        assert_known_fields(result, method)
    assert results["sendMessage"].entities[0].type == "bold"
    assert results["sendPhoto"].photo and results["sendVoice"].voice
    assert [m.media_group_id for m in results["sendMediaGroup"]].count(None) == 0
    assert results["editMessageMedia"].document.file_name == "d.txt"
    assert results["getFile"].file_path.startswith("documents/")
    assert results["sendInvoice"].invoice.currency == "XTR"
    assert results["createInvoiceLink"].startswith("https://t.me/$")
    charge, refund = results["getStarTransactions"].transactions
    assert isinstance(charge.source, types.TransactionPartnerUser) and charge.receiver is None
    assert isinstance(refund.receiver, types.TransactionPartnerUser) and refund.source is None
    assert charge.id == refund.id and charge.source.invoice_payload == "p"
    assert [c.command for c in results["getMyCommands"]] == ["start"]
    assert results["getWebhookInfo"].url == "https://example.com/hook"
    assert emulator.server.crashes == 0


def test_contract_covers_every_emulated_method():
    covered = set(EXPECTED_TYPES) | {
        "sendMediaGroup", "deleteMessage", "deleteMessages", "sendChatAction", "setMyCommands",
        "getMyCommands", "deleteMyCommands", "setChatMenuButton", "createInvoiceLink",
        "setWebhook", "deleteWebhook", "getUpdates", "refundStarPayment",
        "editUserStarSubscription", "banChatMember", "unbanChatMember",
        # covered by their own tests, needing a live query:
        "answerCallbackQuery", "answerPreCheckoutQuery", "approveChatJoinRequest",
        "declineChatJoinRequest",
    }
    assert set(METHODS) - covered == set()
