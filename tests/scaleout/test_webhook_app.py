"""The webhook endpoint refuses updates without the secret token and reports health."""

from __future__ import annotations

from aiogram import Bot, Dispatcher
from aiohttp.test_utils import TestClient, TestServer

from nanostore.bot.webhook import HEALTH_PATH, build_webhook_app


async def test_secret_is_checked_and_health_reports_the_database(db):
    dispatcher = Dispatcher()
    handled = []
    dispatcher.message.register(lambda message: handled.append(message.text))
    bot = Bot("42:secret")
    app = build_webhook_app(dispatcher, bot, "/hook", "right-secret")
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "text": "hi",
                                          "chat": {"id": 5, "type": "private"}}}
    async with TestClient(TestServer(app)) as client:
        refused = await client.post("/hook", json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
        accepted = await client.post("/hook", json=update,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": "right-secret"})
        health = await client.get(HEALTH_PATH)
        assert refused.status == 401 and accepted.status == 200
        assert handled == ["hi"]
        assert health.status == 200 and (await health.json())["ok"] is True
    await bot.session.close()
