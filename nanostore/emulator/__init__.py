"""A loopback Telegram Bot API for tests and the sandbox: a real HTTP server with per-chat
state, Telegram's error texts, fault injection and people who talk to the bot."""

from nanostore.emulator.checkout import Payment, PaymentDeclined, PaymentNotAnswered
from nanostore.emulator.core import Timing
from nanostore.emulator.emulator import Emulator
from nanostore.emulator.faults import FaultRule, Faults
from nanostore.emulator.finders import ButtonNotFound, NothingToPay
from nanostore.emulator.people import Alert, InvoiceAlreadyPaid, Person
from nanostore.emulator.screen import Screen
from nanostore.emulator.settle import SettleTimeout

__all__ = [
    "Alert", "ButtonNotFound", "Emulator", "FaultRule", "Faults", "InvoiceAlreadyPaid",
    "NothingToPay", "Payment", "PaymentDeclined", "PaymentNotAnswered", "Person", "Screen",
    "SettleTimeout", "Timing",
]
