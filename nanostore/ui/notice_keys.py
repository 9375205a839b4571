"""Locale keys of the notes shown above a window (notice.py shows them; the checker makes sure
every locale has them). Here, not in notice.py, so the checker imports no aiogram."""

INVALID_INPUT_KEY = "common.invalid_input"
WRONG_CONTENT_KEY = "common.wrong_content_type"
