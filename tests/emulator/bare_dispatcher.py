"""The tiny bot the emulator's end-to-end tests talk to: just enough aiogram to exercise
messages, callbacks, edits, uploads and a Stars payment."""

from __future__ import annotations

from aiogram import Bot, Dispatcher, F
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import (CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup,
                           LabeledPrice, Message, PreCheckoutQuery)

MENU = InlineKeyboardMarkup(inline_keyboard=[
    [InlineKeyboardButton(text="Catalog", callback_data="catalog")],
    [InlineKeyboardButton(text="Alert me", callback_data="alert")],
])


def build_bare_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()
    dispatcher.paid_charges = []  # what the bot delivered, for assertions

    @dispatcher.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        referral = f" (ref {command.args})" if command.args else ""
        await message.answer(f"<b>Welcome</b>{referral}", reply_markup=MENU)

    @dispatcher.callback_query(F.data == "catalog")
    async def catalog(query: CallbackQuery) -> None:
        await query.message.edit_text("Catalog: <i>one item</i>", reply_markup=MENU)
        await query.answer()

    @dispatcher.callback_query(F.data == "alert")
    async def alert(query: CallbackQuery) -> None:
        await query.answer("Heads up", show_alert=True)

    @dispatcher.message(Command("buy"))
    async def buy(message: Message) -> None:
        await message.answer_invoice(title="Item", description="A digital item",
                                     payload="order-1", currency="XTR",
                                     prices=[LabeledPrice(label="Item", amount=5)])

    @dispatcher.pre_checkout_query()
    async def pre_checkout(query: PreCheckoutQuery) -> None:
        await query.answer(ok=True)

    @dispatcher.message(F.successful_payment)
    async def paid(message: Message) -> None:
        dispatcher.paid_charges.append(message.successful_payment.telegram_payment_charge_id)
        await message.answer("Thanks, delivered")

    @dispatcher.message(F.photo)
    async def photo(message: Message, bot: Bot) -> None:
        file = await bot.get_file(message.photo[-1].file_id)
        content = await bot.download_file(file.file_path)
        await message.answer_photo(message.photo[-1].file_id,
                                   caption=f"Got {len(content.read())} bytes")

    @dispatcher.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text)

    return dispatcher
