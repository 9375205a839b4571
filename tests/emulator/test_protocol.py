"""The wire protocol: bodies in three encodings, envelopes, auth and unknown methods."""

from __future__ import annotations

import aiohttp

from tests.emulator.raw_api import call


async def test_json_body(emulator):
    emulator.person(1, "Ann")
    status, body = await call(emulator, "sendMessage", json={"chat_id": 1, "text": "hi"})
    assert status == 200 and body["ok"] is True
    assert body["result"]["text"] == "hi" and body["result"]["chat"]["id"] == 1


async def test_urlencoded_body_with_json_encoded_markup(emulator):
    emulator.person(1, "Ann")
    markup = '{"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}'
    status, body = await call(emulator, "sendMessage",
                              data={"chat_id": "1", "text": "hi", "reply_markup": markup})
    assert status == 200
    assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Go"


async def test_multipart_upload_gets_a_downloadable_file_id(emulator):
    emulator.person(1, "Ann")
    form = aiohttp.FormData()
    form.add_field("chat_id", "1")
    form.add_field("document", b"report body", filename="report.txt")
    status, body = await call(emulator, "sendDocument", data=form)
    assert status == 200
    file_id = body["result"]["document"]["file_id"]
    _, info = await call(emulator, "getFile", json={"file_id": file_id})
    url = f"{emulator.base_url}/file/bot{emulator.token}/{info['result']['file_path']}"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert await response.read() == b"report body"


async def test_unknown_token_is_unauthorized(emulator):
    status, body = await call(emulator, "getMe", token="123:wrong")
    assert status == 401
    assert body == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_unknown_method_is_not_found(emulator):
    status, body = await call(emulator, "sendTelepathy", json={})
    assert status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_method_names_are_case_insensitive(emulator):
    status, body = await call(emulator, "GETME", json={})
    assert status == 200 and body["result"]["is_bot"] is True


async def test_missing_parameter_is_a_bad_request(emulator):
    status, body = await call(emulator, "getFile", json={})
    assert status == 400 and body["description"] == "Bad Request: file_id is required"


async def test_unknown_chat(emulator):
    status, body = await call(emulator, "sendMessage", json={"chat_id": 42, "text": "hi"})
    assert (status, body["description"]) == (400, "Bad Request: chat not found")


async def test_calls_are_recorded(emulator):
    emulator.person(1, "Ann")
    await call(emulator, "sendMessage", json={"chat_id": 1, "text": "hi"})
    await call(emulator, "sendMessage", json={"chat_id": 1, "text": ""})
    calls = emulator.calls_of("sendMessage")
    assert [c.ok for c in calls] == [True, False]
    assert calls[1].error == "Bad Request: message text is empty"
