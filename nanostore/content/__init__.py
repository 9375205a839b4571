"""The shop's built-in content: screens/, locales/ and media/, shipped as package data.

A shop folder overrides any of these files by relative path (see nanostore.shop_folder).
"""

from pathlib import Path

BUILTIN_CONTENT = Path(__file__).resolve().parent
