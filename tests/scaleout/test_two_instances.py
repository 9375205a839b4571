"""Two bot processes behind one webhook URL pool, sharing PostgreSQL and Redis: a person's
dialog continues wherever their next update lands."""

from __future__ import annotations

from tests.scaleout.instances import bot_instances


async def test_a_dialog_started_on_one_instance_continues_on_the_other(pooled_emulator, scaleout_urls, tmp_path):
    database_url, redis_url = scaleout_urls
    async with bot_instances(pooled_emulator, tmp_path, 2, database_url=database_url, redis_url=redis_url):
        ann = pooled_emulator.person(1001, "Ann")
        await ann.command("start")
        splash = ann.screen.message
        await ann.tap("🛍 Open the shop")
        assert "Choose a section" in ann.screen.text
        assert ann.screen.message.message_id == splash.message_id  # edited by the other instance
        instances = {url for _, url in pooled_emulator.webhook.delivered_to}
        assert len(instances) == 2
