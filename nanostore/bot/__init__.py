# Imported with the bot package so every process that talks to Telegram (polling, webhook,
# sandbox, benchmarks) keeps aiogram's response classes cached: see response_types.py.
from nanostore.bot import response_types as _response_types  # noqa: F401
