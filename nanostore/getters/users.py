"""Who the person is, as named conditions: `when: {condition: users.is_admin}`.

The identity middleware (bot/middlewares/identity.py) puts `is_admin` and the `shop_user` row
into the middleware data of every update; conditions are synchronous, so they only read it.
"""

from __future__ import annotations

from nanostore.ui import default_registry as registry


def is_admin_person(dialog_manager) -> bool:
    return bool(dialog_manager.middleware_data.get("is_admin", False))


@registry.condition("users.is_admin")
def is_admin(data: dict, dialog_manager) -> bool:
    """Is the person one of the shop's admins (ADMIN_IDS)?"""
    return is_admin_person(dialog_manager)


@registry.condition("users.is_customer")
def is_customer(data: dict, dialog_manager) -> bool:
    """Is the person a customer, not one of the shop's admins?"""
    return not is_admin_person(dialog_manager)
