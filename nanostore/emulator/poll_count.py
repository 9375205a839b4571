"""How many getUpdates long polls are open at once, for tests that want exactly one poller.

Two bots polling one token show up as `most_open` 2 and `terminated` above 0: on Telegram the
older poll ends with "409 Conflict: terminated by other getUpdates request".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PollCount:
    open: int = 0  # getUpdates requests waiting right now
    most_open: int = 0  # the most ever waiting at the same moment
    terminated: int = 0  # polls ended with 409 because a newer one came in
    started: int = 0  # every getUpdates request received

    def opened(self) -> None:
        self.started += 1
        self.open += 1
        self.most_open = max(self.most_open, self.open)

    def closed(self) -> None:
        self.open -= 1
