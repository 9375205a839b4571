"""Run a YAML handler: a registry action name, or a chain `set`, `pop`, `action`, transition.

Values in `set`, `start.data` and `done.result` may say `$item` (the selected item id),
`$value` or `$text` (what the person typed or sent). An action that raises an error with a
`.code` is shown to the person by the runtime's action-error hook and the window stays.
"""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from nanostore.ui.context import ActionContext
from nanostore.ui.runtime import Runtime
from nanostore.ui.schema_parts import DoneSpec, HandlerChain, StartSpec
from nanostore.ui.transitions import Back, Done, Next, StartDialog, Stay, SwitchTo, Transition

PLACEHOLDERS = ("$item", "$value", "$text")


def as_chain(handler: str | HandlerChain) -> HandlerChain:
    return HandlerChain(action=handler) if isinstance(handler, str) else handler


def resolve(value: Any, ctx: ActionContext) -> Any:
    if value == "$item":
        return ctx.item
    if value in ("$value", "$text"):
        return ctx.value
    if isinstance(value, dict):
        return {key: resolve(inner, ctx) for key, inner in value.items()}
    if isinstance(value, list):
        return [resolve(inner, ctx) for inner in value]
    return value


def chain_transition(chain: HandlerChain, ctx: ActionContext) -> Transition | None:
    if chain.switch_to is not None:
        return SwitchTo(chain.switch_to)
    if chain.start is not None:
        start = chain.start if isinstance(chain.start, StartSpec) else StartSpec(dialog=chain.start)
        return StartDialog(start.dialog, resolve(start.data, ctx), start.mode)
    if chain.back:
        return Back()
    if chain.next:
        return Next()
    if chain.done is not None:
        result = chain.done.result if isinstance(chain.done, DoneSpec) else None
        return Done(resolve(result, ctx))
    return None


def apply_data_steps(chain: HandlerChain, ctx: ActionContext) -> None:
    data = ctx.manager.dialog_data
    for key, value in (chain.set or {}).items():
        data[key] = resolve(value, ctx)
    for key in [chain.pop] if isinstance(chain.pop, str) else (chain.pop or []):
        data.pop(key, None)


class HandlerRunner:
    def __init__(self, handler: str | HandlerChain, runtime: Runtime, widget_id: str | None):
        self.chain = as_chain(handler)
        self.runtime = runtime
        self.widget_id = widget_id
        self.action = runtime.registry.get("action", self.chain.action) if self.chain.action else None

    def context(self, event: Any, manager: DialogManager, *, item: Any = None,
                value: Any = None) -> ActionContext:
        return ActionContext(event, manager, self.runtime, self.widget_id, item, value,
                             dict(self.chain.args or {}))

    async def run(self, event: Any, manager: DialogManager, *, item: Any = None,
                  value: Any = None) -> None:
        ctx = self.context(event, manager, item=item, value=value)
        apply_data_steps(self.chain, ctx)
        override = None
        if self.action is not None:
            try:
                override = await self.action(ctx)
            except Exception as error:
                if await self.runtime.on_action_error(ctx, error):
                    return
                raise
        transition = override if isinstance(override, Transition) else chain_transition(self.chain, ctx)
        if transition is not None and not isinstance(transition, Stay):
            await transition.apply(manager)


async def run_hook(name: str | None, runtime: Runtime, event: Any, manager: DialogManager,
                   value: Any, *, apply_transition: bool = True) -> None:
    """Dialog lifecycle hooks (`on_start`, `on_close`, `on_process_result`) are actions too."""
    if name is None:
        return
    ctx = ActionContext(event, manager, runtime, None, None, value, {})
    try:
        outcome = await runtime.registry.get("action", name)(ctx)
    except Exception as error:
        if await runtime.on_action_error(ctx, error):
            return
        raise
    if apply_transition and isinstance(outcome, Transition):
        await outcome.apply(manager)
