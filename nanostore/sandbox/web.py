"""The sandbox's web server (aiohttp): the chat page, its JSON API and the files the bot sent.

The page polls GET /api/chat/<persona> for the chat (edits show up as changed messages) and
GET /api/status for live-reload problems and the screens version answering; actions are POSTs
that return once the bot answered.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from nanostore.emulator.files import find_by_path
from nanostore.sandbox import person_actions
from nanostore.sandbox.chat_view import chat_messages
from nanostore.sandbox.personas import PERSONAS
from nanostore.sandbox.session import Sandbox

STATIC_DIR = Path(__file__).parent / "static"
SANDBOX_KEY = web.AppKey("sandbox", Sandbox)
MAX_UPLOAD = 20 * 1024 * 1024
# Only what the page itself serves may run: a bot message can never bring a script along.
PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}  # never SVG: it can script


def build_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(client_max_size=MAX_UPLOAD, middlewares=[refusals_as_json])
    app[SANDBOX_KEY] = sandbox
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC_DIR)
    app.router.add_get("/api/personas", personas)
    app.router.add_get("/api/status", status)
    app.router.add_get("/api/chat/{persona}", chat)
    app.router.add_post("/api/chat/{persona}/send", send)
    app.router.add_post("/api/chat/{persona}/tap", tap)
    app.router.add_post("/api/chat/{persona}/pay", pay)
    app.router.add_post("/api/chat/{persona}/upload", upload)
    app.router.add_get("/api/file/{path:.+}", file)
    return app


@web.middleware
async def refusals_as_json(request: web.Request, handler):
    try:
        return await handler(request)
    except (person_actions.ActionRefused, AssertionError) as refusal:
        # AssertionError: the people API's ButtonNotFound, PaymentDeclined, InvoiceAlreadyPaid...
        return web.json_response({"ok": False, "error": str(refusal)}, status=409)


def _sandbox(request: web.Request) -> Sandbox:
    return request.app[SANDBOX_KEY]


def _person(request: web.Request):
    key = request.match_info["persona"]
    if key not in PERSONAS:
        raise web.HTTPNotFound(text=f"no persona {key!r}")
    return _sandbox(request).person(key)


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html",
                            headers={"Content-Security-Policy": PAGE_POLICY})


async def personas(request: web.Request) -> web.Response:
    return web.json_response([{"key": p.key, "id": p.user_id, "name": p.first_name, "role": p.role}
                              for p in PERSONAS.values()])


async def status(request: web.Request) -> web.Response:
    sandbox = _sandbox(request)
    watcher, live_bot = sandbox.watcher, sandbox.live_bot
    return web.json_response({"problems": watcher.problems if watcher else [],
                              "reloads": watcher.reloads if watcher else 0,
                              "version": live_bot.version if live_bot else 0})


async def chat(request: web.Request) -> web.Response:
    person = _person(request)
    live_bot = _sandbox(request).live_bot
    versions = live_bot.stamps.by_message if live_bot else None
    return web.json_response({"messages": chat_messages(person.emulator.state, person.id, versions)})


async def _json_body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="the body must be JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="the body must be a JSON object")
    return body


def _int(body: dict, name: str) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise web.HTTPBadRequest(text=f"{name} must be an integer")
    return value


async def send(request: web.Request) -> web.Response:
    body = await _json_body(request)
    await person_actions.send_text(_person(request), str(body.get("text", "")))
    return web.json_response({"ok": True})


async def tap(request: web.Request) -> web.Response:
    body = await _json_body(request)
    await person_actions.press_button(_person(request), _int(body, "message_id"),
                                      _int(body, "row"), _int(body, "column"))
    return web.json_response({"ok": True})


async def pay(request: web.Request) -> web.Response:
    body = await _json_body(request)
    await person_actions.pay(_person(request), _int(body, "message_id"))
    return web.json_response({"ok": True})


async def upload(request: web.Request) -> web.Response:
    form = await request.post()
    sent = form.get("file")
    if not isinstance(sent, web.FileField):
        raise web.HTTPBadRequest(text="attach a file in the 'file' field")
    caption = str(form.get("caption") or "").strip() or None
    await person_actions.upload(_person(request), sent.file.read(), sent.filename,
                                sent.content_type or "", caption)
    return web.json_response({"ok": True})


async def file(request: web.Request) -> web.Response:
    stored = find_by_path(_sandbox(request).emulator.state, request.match_info["path"])
    if stored is None:
        raise web.HTTPNotFound(text="no such file")
    # A download for anything but plain images, so a document is never rendered as a page.
    disposition = "inline" if stored.mime_type in INLINE_TYPES else "attachment"
    name = "".join(c for c in (stored.file_name or "file")
                   if c.isascii() and c.isprintable() and c not in '"\\')
    return web.Response(body=stored.content, content_type=stored.mime_type, headers={
        "Content-Disposition": f'{disposition}; filename="{name}"',
        "Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff"})
