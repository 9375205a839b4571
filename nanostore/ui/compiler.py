"""Build fresh aiogram-dialog Dialogs from a validated ScreenBundle.

Call `build_dialogs` once per Dispatcher: a Dialog is a Router and attaches to one. The
StatesGroup classes are shared between builds (see states.py).
"""

from __future__ import annotations

from aiogram.fsm.state import StatesGroup
from aiogram_dialog import Dialog, LaunchMode, Window
from aiogram_dialog.widgets.input import BaseInput
from aiogram_dialog.widgets.kbd import Keyboard
from aiogram_dialog.widgets.link_preview import LinkPreview, LinkPreviewBase
from aiogram_dialog.widgets.media import Media
from aiogram_dialog.widgets.text import Text

from nanostore.ui.access import AccessMap, require
from nanostore.ui.bundle import ScreenBundle
from nanostore.ui.getters import compile_getter
from nanostore.ui.handlers import run_hook
from nanostore.ui.inputs import compile_input
from nanostore.ui.keyboard_rows import RowsWithButtons
from nanostore.ui.notice import ActionErrorHook, show_error_as_notice
from nanostore.ui.registry import Registry
from nanostore.ui.runtime import Runtime
from nanostore.ui.schema import DialogSpec, WindowSpec
from nanostore.ui.schema_widgets import PagedSpec
from nanostore.ui.states import state_of, states_group
from nanostore.ui.texts import ScreenMedia, WindowText, condition
from nanostore.ui.walk import widgets
from nanostore.ui.widgets import WidgetCompiler

LAUNCH_MODES = {"root": LaunchMode.ROOT, "standard": LaunchMode.STANDARD,
                "exclusive": LaunchMode.EXCLUSIVE, "single_top": LaunchMode.SINGLE_TOP}


def build_dialogs(bundle: ScreenBundle, registry: Registry | None = None, *,
                  on_action_error: ActionErrorHook = show_error_as_notice) -> list[Dialog]:
    runtime = Runtime(bundle.texts, bundle.translator, registry or bundle.registry, on_action_error,
                      media_dirs=getattr(bundle, "media_dirs", ()),
                      access=AccessMap.of(bundle.dialogs))
    groups = {name: states_group(name, list(spec.windows)) for name, spec in bundle.dialogs.items()}
    return [build_dialog(spec, groups[name], runtime) for name, spec in bundle.dialogs.items()]


def build_dialog(spec: DialogSpec, group: type[StatesGroup], runtime: Runtime) -> Dialog:
    windows = [build_window(window, state_of(group, name), group, runtime,
                            runtime.access.windows.get((spec.dialog, name), ()))
               for name, window in spec.windows.items()]

    needs = (spec.access,) if spec.access else ()

    async def on_start(start_data, manager):
        if needs:  # a dialog started from code (a command, an alert's button) is checked too
            require(needs, runtime.registry, manager.middleware_data)
        await run_hook(spec.on_start, runtime, manager.event, manager, start_data)

    async def on_close(result, manager):
        await run_hook(spec.on_close, runtime, manager.event, manager, result, apply_transition=False)

    async def on_process_result(start_data, result, manager):
        await run_hook(spec.on_process_result, runtime, manager.event, manager, result)

    return Dialog(*windows, launch_mode=LAUNCH_MODES[spec.launch_mode],
                  getter=compile_getter(spec.getter, runtime.registry, []),
                  on_start=on_start if spec.on_start or needs else None,
                  on_close=on_close if spec.on_close else None,
                  on_process_result=on_process_result if spec.on_process_result else None)


def build_window(spec: WindowSpec, state, group: type[StatesGroup], runtime: Runtime,
                 needs: tuple[str, ...] = ()) -> Window:
    parts: list[Text | Media | Keyboard | BaseInput | LinkPreviewBase] = [
        WindowText(spec.text, runtime, plain=spec.parse_mode != "HTML")]
    if spec.media is not None:
        parts.append(ScreenMedia(spec.media, runtime, condition(spec.media.when, runtime)))
    parts.extend(WidgetCompiler(runtime, group).compile_all(spec.keyboard))
    parts.extend(compile_input(entry, runtime) for entry in spec.inputs)
    if spec.disable_web_page_preview:
        parts.append(LinkPreview(is_disabled=True))
    paged_ids = [w.spec.id for w in widgets(spec, ()) if isinstance(w.spec, PagedSpec)]
    getter = compile_getter(spec.getter, runtime.registry, paged_ids, needs)
    return Window(*parts, state=state, getter=getter,
                  parse_mode=spec.parse_mode, preview_data=spec.preview_data or None,
                  markup_factory=RowsWithButtons())
