"""The sandbox: the whole shop on the loopback Bot API emulator with a chat page in the browser,
live reloading of screens and locales, a static preview of every window, and a demo catalog."""
