"""What an action receives: one small object instead of aiogram-dialog's varying signatures.

    @registry.action("cart.add")
    async def add(ctx: ActionContext) -> Transition | None:
        await cart.add(ctx.user.id, ctx.dialog_data["product_id"], ctx.args.get("quantity", 1))
        return None        # None: run the YAML transition; a Transition overrides it

Fields:
- event: the CallbackQuery or Message that triggered it (the manager's event for hooks)
- manager: the aiogram-dialog DialogManager
- widget_id: the id of the button, select or input
- item: the selected item id, typed (select, radio, multiselect); None otherwise
- value: text_input -> the typed value; message_input -> the file id (or the text);
         counter -> the number; on_start -> start data; on_close/on_process_result -> result
- args: the `args:` mapping from YAML
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram.types import Message, User
from aiogram_dialog import DialogManager
from markupsafe import Markup

if TYPE_CHECKING:
    from nanostore.ui.runtime import Runtime


@dataclass
class ActionContext:
    event: Any
    manager: DialogManager
    runtime: Runtime = field(repr=False)
    widget_id: str | None = None
    item: Any = None
    value: Any = None
    args: dict[str, Any] = field(default_factory=dict)

    @property
    def dialog_data(self) -> dict:
        return self.manager.dialog_data

    @property
    def start_data(self) -> Any:
        return self.manager.start_data

    @property
    def middleware_data(self) -> dict:
        return self.manager.middleware_data

    @property
    def user(self) -> User:
        """The person whose update runs the action. Every update that reaches an action (a tap, a
        message, a dialog start) has a sender; one without would be a wiring bug, said clearly."""
        user: User | None = self.manager.middleware_data.get("event_from_user")
        if user is None:
            raise RuntimeError(f"action {self.widget_id!r} ran on an update without a sender "
                               "(no event_from_user in the middleware data)")
        return user

    @property
    def message(self) -> Message | None:
        return self.event if isinstance(self.event, Message) else None

    @property
    def sent(self) -> Message:
        """The message the person sent, for actions of inputs that take one (message_input)."""
        if not isinstance(self.event, Message):
            raise RuntimeError(f"action {self.widget_id!r} expects a message, got "
                               f"{type(self.event).__name__}")
        return self.event

    @property
    def locale(self) -> str:
        return self.runtime.language(self.manager)

    def t(self, key: str, **params: Any) -> Markup:
        return self.runtime.translator.translate(self.locale, key, **params)
