"""Text and message inputs: typed values, rejections, wrong content, lifecycle hooks."""

from __future__ import annotations

from aiogram.types import Document, PhotoSize, Sticker


async def open_form(shop):
    await shop.start()
    return await shop.tap("Cart|Корзина")


async def test_start_data_and_on_start_hook(shop):
    message = await open_form(shop)
    assert message.text == "From menu. How old are you?"
    assert shop.store.events == ["started:{'source': 'menu'}"]


async def test_text_input_valid_and_invalid(shop):
    await open_form(shop)
    rejected = await shop.send("old")
    assert rejected.text == "That does not look right: try again.\n\nFrom menu. How old are you?"
    assert (await shop.send("1234")).text.startswith("That does not look right")  # max_length 3
    assert (await shop.send("42")).text == "Age 42. Amount?"


async def test_custom_error_text_and_money_type(shop):
    await open_form(shop)
    await shop.send("42")
    assert (await shop.send("12.345")).text == "Amounts look like 12.50\n\nAge 42. Amount?"
    assert (await shop.send("12.5")).text == "Amount 1250. Nickname?"


async def test_action_error_from_input_is_localized(shop):
    shop.person.locale = "ru"
    await open_form(shop)
    await shop.send("42")
    assert (await shop.send("5000")).text.startswith("Осталось только 1000.\n\n")


async def test_action_may_stay(shop):
    await open_form(shop)
    await shop.send("42")
    assert (await shop.send("0")).text == "Age 42. Amount?"


async def test_on_error_handler(shop):
    await open_form(shop)
    await shop.send("42")
    await shop.send("1")
    rejected = await shop.send("much-too-long")
    assert rejected.text == "Nickname 'much-too-long' is too long\n\nAmount 100. Nickname?"


async def fill_until_upload(shop):
    await open_form(shop)
    for text in ("42", "1", "ann"):
        await shop.send(text)
    return shop.last()


async def test_message_input_wrong_type(shop):
    assert (await fill_until_upload(shop)).text == "ann, send a photo or a document."
    sticker = Sticker(file_id="S", file_unique_id="s", type="regular", width=1, height=1,
                      is_animated=False, is_video=False)
    assert (await shop.send_message(sticker=sticker)).text.startswith("Please send photo, document.")
    assert (await shop.send("hello")).text.startswith("Please send photo, document.")


async def test_message_input_photo_closes_with_file_id(shop):
    await fill_until_upload(shop)
    photo = [PhotoSize(file_id="small", file_unique_id="1", width=1, height=1),
             PhotoSize(file_id="big", file_unique_id="2", width=9, height=9)]
    menu = await shop.send_message(photo=photo)
    assert menu.text.endswith("Result: {&#39;file&#39;: &#39;big&#39;}")
    assert shop.store.events[-1] == "closed:{'file': 'big'}"


async def test_message_input_document(shop):
    await fill_until_upload(shop)
    menu = await shop.send_message(document=Document(file_id="DOC", file_unique_id="d"))
    assert menu.text.endswith("&#39;DOC&#39;}")
