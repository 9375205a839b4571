"""Wallet rules: the top-up bonus."""

from __future__ import annotations


def topup_bonus(amount: int, percent: int) -> int:
    """The bonus credited with a top-up, rounded down: the shop never gives away a fraction of
    a minor unit. The same figure is shown before approval and credited on approval."""
    return amount * percent // 100
