"""A cache on disk of what the checker derives from unchanged text: YAML trees with positions,
Jinja syntax facts and compiled Jinja code. An editor runs `nanostore check` again and again
after small edits; most files have not changed since the last run.

Entries are keyed by a hash of everything their value depends on (the text, the file label
shown in positions, the Jinja options), inside a folder named after the versions of Python,
PyYAML, Jinja2, nanostore and the engine modules that produce them, so an upgrade never reads
an entry made by another version. Each kind of entry lives in one pack file (one read per run
instead of hundreds), checksummed and replaced atomically; a damaged pack is ignored and
rewritten. Nothing here can change a result: a miss only costs the work the cache saves.

    NANOSTORE_CACHE_DIR   where (default $XDG_CACHE_HOME/nanostore or ~/.cache/nanostore)
    NANOSTORE_NO_CACHE=1  neither read nor write
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FORMAT = b"NSC1"
DIGEST_BYTES = 32
# Modules whose code decides what an entry holds: editing one must not read older entries.
ENGINE_MODULES = ("check_cache.py", "loader.py", "jinja.py", "check_jinja.py", "check_whitespace.py",
                  "source.py", "preview_cache.py", "check_preview.py", "render_origin.py",
                  "rendering.py", "i18n.py",
                  "schema.py", "schema_base.py", "schema_parts.py", "schema_widgets.py")
MAX_ENTRIES = 20_000  # per pack: a few shops' worth of texts; least recently used go first
REFRESH_AFTER = 86_400  # seconds: how stale a hit's "last used" may get before it is rewritten


def key_of(*parts: str | bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))  # so ("ab", "c") != ("a", "bc")
        digest.update(data)
    return digest.hexdigest()


class Pack:
    """One kind of entry in one file: {key: (last used, value)}, value any marshal-able data."""

    def __init__(self, path: Path | None):
        self.path = path
        self._entries: dict[str, tuple[int, Any]] | None = None  # read on first use
        self._dirty = False
        self._now = int(time.time())
        # Values decoded from this pack's entries (e.g. unpickled), for a process that asks
        # again (the sandbox reloading); they go with the pack when it is forgotten.
        self.decoded: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        entries = self._loaded()
        entry = entries.get(key)
        if entry is None:
            return None
        if self._now - entry[0] > REFRESH_AFTER:
            entries[key] = (self._now, entry[1])
            self._dirty = True
        return entry[1]

    def put(self, key: str, value: Any) -> None:
        if self.path is None:
            return
        self._loaded()[key] = (self._now, value)
        self._dirty = True

    def forget(self, key: str) -> None:
        """An entry that turned out unusable: it is not written back."""
        if self._loaded().pop(key, None) is not None:
            self._dirty = True

    def save(self) -> None:
        if not self._dirty or self.path is None:
            return
        entries = {**_read_pack(self.path), **self._loaded()}  # keep what other runs added meanwhile
        if len(entries) > MAX_ENTRIES:
            newest = sorted(entries.items(), key=lambda item: item[1][0], reverse=True)
            entries = dict(newest[:MAX_ENTRIES])
        try:
            _write_atomically(self.path, _encode(entries))
        except (OSError, ValueError):
            return  # a read-only or full disk: the next run simply misses
        self._dirty = False

    def _loaded(self) -> dict[str, tuple[int, Any]]:
        if self._entries is None:
            self._entries = _read_pack(self.path) if self.path is not None else {}
            if self.path is not None and self.path.exists() and not self._entries:
                self._dirty = True  # an empty or damaged pack is rewritten even with no new entry
        return self._entries


def _encode(entries: dict) -> bytes:
    payload = marshal.dumps(entries)
    return FORMAT + hashlib.blake2b(payload, digest_size=DIGEST_BYTES).digest() + payload


def _read_pack(path: Path) -> dict[str, tuple[int, Any]]:
    """The pack's entries, or none when it is missing, truncated, damaged or foreign."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    header = len(FORMAT) + DIGEST_BYTES
    payload = data[header:]
    if (not data.startswith(FORMAT)
            or hashlib.blake2b(payload, digest_size=DIGEST_BYTES).digest() != data[len(FORMAT):header]):
        return {}
    try:
        entries = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)  # readers see the old pack or the new one, never half
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cache_root() -> Path | None:
    """The cache folder from the environment, or None when caching is off."""
    return _root_for(*_settings())


def _settings() -> tuple[str | None, ...]:
    return tuple(os.environ.get(name) for name in ("NANOSTORE_NO_CACHE", "NANOSTORE_CACHE_DIR",
                                                   "XDG_CACHE_HOME"))


def _root_for(no_cache: str | None, configured: str | None, xdg_cache: str | None) -> Path | None:
    if no_cache not in (None, "", "0"):
        return None
    if configured:
        return Path(configured)
    return Path(xdg_cache or Path.home() / ".cache") / "nanostore"


_versions: str | None = None


def versions() -> str:
    """Everything an entry's meaning depends on besides its key."""
    global _versions
    if _versions is None:
        import jinja2
        import yaml

        import nanostore

        engine = Path(__file__).parent
        sources = [(engine / name).read_bytes() for name in ENGINE_MODULES]
        _versions = key_of(sys.version, sys.implementation.cache_tag or "", yaml.__version__,
                           jinja2.__version__, nanostore.__version__, *sources)[:16]
    return _versions


_packs: dict[Path | None, Pack] = {}
_by_settings: dict[tuple, Pack] = {}  # (kind, settings) -> pack: asked for thousands of times a check


def pack(kind: str) -> Pack:
    """The process-wide pack of one kind (`yaml`, `jinja-facts`, `jinja-code`) under the current
    settings; a pack that never stores anything when caching is off."""
    settings = (kind, *_settings())
    found = _by_settings.get(settings)
    if found is None:
        root = _root_for(*settings[1:])
        path = root / f"check-{versions()}" / f"{kind}.pack" if root is not None else None
        found = _by_settings[settings] = _packs.setdefault(path, Pack(path))
    return found


def pack_for(owner: Any, kind: str) -> Pack:
    """pack(kind) as it was when `owner` (a Jinja environment) first asked: an environment is
    asked thousands of times a check, and reading the settings each time showed in profiles."""
    field = f"_nanostore_pack_{kind}"
    found = owner.__dict__.get(field)
    if found is None:
        found = owner.__dict__[field] = pack(kind)
    return found


def start_afresh() -> None:
    """Forget the packs read so far, as a new process would (tests; nothing is saved)."""
    _packs.clear()
    _by_settings.clear()


@atexit.register
def save_all() -> None:
    """Written once at exit (and by tests and benchmarks when they want it now)."""
    for found in list(_packs.values()):
        found.save()
