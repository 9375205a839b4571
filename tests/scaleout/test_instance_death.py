"""An instance killed in the middle of a customer's update: the update goes to the surviving
instance (Telegram redelivers what a webhook did not answer), and the dead instance's
per-person lock lapses within seconds instead of holding the customer up for a minute.
The scenario is bench/instance_death.py's, which measures the wait over several rounds."""

from __future__ import annotations

import asyncio

from bench.instance_death import BOUND, kill_mid_update
from tests.scaleout.instances import bot_instances

CUSTOMERS = 6


async def test_a_killed_instance_frees_its_customers_within_seconds(pooled_emulator, scaleout_urls, tmp_path):
    emulator = pooled_emulator
    database_url, redis_url = scaleout_urls
    async with bot_instances(emulator, tmp_path, 2, database_url=database_url, redis_url=redis_url) as processes:
        result = await kill_mid_update(emulator, processes, CUSTOMERS)  # fails after BOUND s

        people = [emulator.person(5000 + n) for n in range(CUSTOMERS)]
        assert all("Choose a section" in person.screen.text for person in people)
        assert (result.victim_update, result.survivor) in emulator.webhook.delivered_to  # redelivered
        print(f"\nworst wait {max(result.waits):.2f} s (the victim's {result.waits[0]:.2f} s), "
              f"others {sorted(round(wait, 2) for wait in result.waits[1:])}")
        assert max(result.waits) < BOUND

        # The survivor serves everyone from then on.
        await asyncio.gather(*(person.command("start") for person in people))
        assert all("🛍 Open the shop" in person.screen.labels for person in people)
