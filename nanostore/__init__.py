"""NanoStore: a Telegram shop for digital goods built as a declarative dialog graph."""

__version__ = "0.1.0"
