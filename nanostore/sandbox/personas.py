"""The two people the sandbox page can act as. The admin's id goes into ADMIN_IDS."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Persona:
    key: str
    user_id: int
    first_name: str
    username: str
    role: str


CUSTOMER = Persona("customer", 1001, "Ann", "ann", "Customer")
ADMIN = Persona("admin", 9000, "Alex", "shop_admin", "Admin")
PERSONAS = {persona.key: persona for persona in (CUSTOMER, ADMIN)}
