"""Run as its own OS process by test_checkout: places one order per given buyer, all at once,
on the database at argv[1]; prints how many it placed."""

import asyncio
import sys

from tortoise import Tortoise

from nanostore.db.connection import tortoise_config
from nanostore.services import checkout
from nanostore.services.errors import OutOfStock


async def main(database_url: str, buyers: list[int]) -> int:
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        async def buy(buyer: int) -> bool:
            try:
                await checkout.place_order(buyer, f"process-{buyer}")
                return True
            except OutOfStock:
                return False

        return sum(await asyncio.gather(*(buy(buyer) for buyer in buyers)))
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    print(asyncio.run(main(sys.argv[1], [int(arg) for arg in sys.argv[2:]])))
