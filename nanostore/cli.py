"""The `nanostore` command.

Heavy imports live inside the commands: `nanostore check` must start in a blink."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from nanostore.config import ConfigError
from nanostore.shop_folder import SHOP_ENV, ShopFolderError

EXIT_CONFIG = 2
EXIT_SCREENS = 3


def _run(args: argparse.Namespace) -> int:
    import asyncio  # not at the top: `nanostore check` has no use for it

    from nanostore.bot.runner import run_bot

    return asyncio.run(run_bot())


def _check(args: argparse.Namespace) -> int:
    # Checked against nanostore/catalogue.json: importing the feature modules would load aiogram
    # and Tortoise, most of the time a check took, for nothing but the names they register.
    from nanostore.config import load_settings
    from nanostore.shop_catalogue import check_shop_screens
    from nanostore.shop_overrides import drift

    settings = load_settings()
    only = _files_to_check(args.paths)
    if isinstance(only, str):
        return _print_refusal(only)
    problems = check_shop_screens(settings.screen_folders, settings.locale_folders,
                                  settings.default_locale, media_dir=settings.media_folders,
                                  only=only)
    for line in problems + [str(warning) for warning in drift(settings.shop)]:
        print(line)
    if not problems:
        print("screens and locales are clean")
    return 1 if problems else 0


def _files_to_check(paths: list[str]) -> list[Path] | str | None:  # or a refusal: which is missing
    if not paths:
        return None
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        return f"{missing[0]}: no such file or folder"
    return [Path(path).resolve() for path in paths]


def _init(args: argparse.Namespace) -> int:
    from nanostore.shop_init import init_shop

    print("\n".join(init_shop(args.folder)))
    return 0


def _eject(args: argparse.Namespace) -> int:
    from nanostore.config import load_settings
    from nanostore.shop_overrides import EjectError, builtin_diff, builtin_files, eject

    shop = load_settings().shop
    try:
        if args.list:
            print("\n".join(builtin_files()))
        elif args.diff:
            print(builtin_diff(shop, args.path), end="")
        elif not args.path:
            return _print_refusal(EjectError("give the built-in file to copy, e.g. "
                                             "`nanostore eject screens/menu.yaml` (--list shows all)"))
        else:
            print(f"copied to {eject(shop, args.path, force=args.force)}; edit it there")
    except EjectError as error:
        return _print_refusal(error)
    return 0


def _catalogue(args: argparse.Namespace) -> int:
    from nanostore.shop_catalogue import CATALOGUE_FILE, fresh_catalogue_json, shop_catalogue
    from nanostore.ui.catalogue_pages import catalogue_markdown, catalogue_text

    if args.write:
        CATALOGUE_FILE.write_text(fresh_catalogue_json(), encoding="utf-8")
        print(f"wrote {CATALOGUE_FILE}; regenerate docs/catalogue.md (--markdown) and "
              "docs/screens.schema.json (nanostore schema) too")
        return 0
    catalogue = shop_catalogue()
    if args.json:
        print(catalogue.to_json(), end="")
    elif args.markdown:
        print(catalogue_markdown(catalogue, "nanostore catalogue --markdown > docs/catalogue.md"), end="")
    else:
        print(catalogue_text(catalogue), end="")
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json

    from nanostore.shop_catalogue import shop_json_schema

    print(json.dumps(shop_json_schema(), indent=2, ensure_ascii=False, sort_keys=True))
    return 0


def _db_migrate(args: argparse.Namespace) -> int:
    import asyncio

    from nanostore.config import load_settings
    from nanostore.db.connection import close_database, open_database

    async def migrate() -> None:
        await open_database(load_settings().database_url)
        await close_database()

    asyncio.run(migrate())
    print("database is up to date")
    return 0


def _db_makemigrations(args: argparse.Namespace) -> int:
    import asyncio

    from nanostore.db.schema_changes import write_migrations

    written = asyncio.run(write_migrations(args.name))
    print("\n".join(written) if written else "no model changes")
    return 0


def _print_refusal(error: Exception | str) -> int:
    print(f"nanostore: {error}", file=sys.stderr)
    return 1


def _backup(args: argparse.Namespace) -> int:
    from nanostore.config import load_settings
    from nanostore.ops import OpsError, commands

    try:
        print("\n".join(commands.backup(load_settings().database_url, args.output, args.keep)))
    except OpsError as error:
        return _print_refusal(error)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from nanostore.config import load_settings
    from nanostore.ops import OpsError, commands

    try:
        print("\n".join(commands.restore(load_settings().database_url, args.backup, args.yes)))
    except OpsError as error:
        return _print_refusal(error)
    return 0


def _db_copy(args: argparse.Namespace) -> int:
    from nanostore.ops import OpsError, commands

    try:
        lines, counts_match = commands.copy(args.source, args.target, args.force, args.batch_size)
    except OpsError as error:
        return _print_refusal(error)
    print("\n".join(lines))
    return 0 if counts_match else 1


def _sandbox(args: argparse.Namespace) -> int:
    from nanostore.sandbox.command import run_sandbox

    return run_sandbox(args.port, open_browser=not args.no_browser_open)


def _preview(args: argparse.Namespace) -> int:
    from nanostore.config import load_settings
    from nanostore.sandbox.preview import write_preview
    from nanostore.ui import ScreenErrors

    settings = load_settings()
    try:
        print(write_preview(args.output, settings.screen_folders, settings.locale_folders,
                            settings.default_locale))
    except ScreenErrors as errors:
        print("\n".join(str(problem) for problem in errors.problems), file=sys.stderr)
        return EXIT_SCREENS
    return 0


def _demo(args: argparse.Namespace) -> int:
    import asyncio

    from nanostore.config import load_settings
    from nanostore.db.connection import close_database, open_database
    from nanostore.sandbox.demo import load_demo

    async def load() -> list[str]:
        await open_database(load_settings().database_url)
        try:
            return (await load_demo()).lines()
        finally:
            await close_database()

    print("\n".join(asyncio.run(load())))
    print("category banners: upload them in Admin Panel → Catalog (the sandbox draws its own)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nanostore", description="A Telegram shop for digital goods.")
    parser.add_argument("--shop", metavar="DIR", help="the shop folder (default: NANOSTORE_SHOP, "
                        "else the current directory)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str,
            on: argparse._SubParsersAction = commands) -> argparse.ArgumentParser:
        sub = on.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    init = add("init", _init, "Create a shop folder to start from: settings, content, media, data.")
    init.add_argument("folder", type=Path, metavar="DIR", help="the new folder (must be new or empty)")
    eject = add("eject", _eject, "Copy a built-in screen, template or messages file into the shop "
                "folder to edit it there.")
    eject.add_argument("path", nargs="?", metavar="PATH",
                       help="e.g. screens/menu.yaml or locales/en/menu/main.j2")
    eject.add_argument("--list", action="store_true", help="list every built-in file")
    eject.add_argument("--diff", action="store_true",
                       help="show how the shop's copy differs from today's built-in file")
    eject.add_argument("--force", action="store_true", help="replace the shop's existing copy")
    add("run", _run, "Start the bot (polling, or webhook when WEBHOOK_URL is set).")
    check = add("check", _check, "Validate the shop's screens and locales; print one line per problem.")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="check just these files or folders (and what refers to them)")
    catalogue = add("catalogue", _catalogue, "List the getters (with their fields), actions, "
                    "conditions, input types and filters that screens may use.")
    output = catalogue.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    output.add_argument("--markdown", action="store_true", help="print it as a Markdown page")
    output.add_argument("--write", action="store_true", help="regenerate nanostore/catalogue.json "
                        "from the code (for developers, after adding or changing a name)")
    add("schema", _schema, "Print the JSON Schema of the screen format (for editor autocompletion).")
    sandbox = add("sandbox", _sandbox, "Try the shop without a Telegram token: a chat page in the "
                  "browser, a demo catalog, live reload of screens/ and locales/.")
    sandbox.add_argument("--port", type=int, default=8765, help="page port on 127.0.0.1 (default 8765)")
    sandbox.add_argument("--no-browser-open", action="store_true", help="only print the address")
    preview = add("preview", _preview, "Write one HTML page with every window and the transitions graph.")
    preview.add_argument("--output", type=Path, default=Path("docs/preview.html"), metavar="PATH",
                         help="where to write the page (default docs/preview.html)")
    add("demo", _demo, "Load the demo catalog into DATABASE_URL (running it again adds nothing).")
    backup = add("backup", _backup, "Copy the SQLite database while the bot runs (PostgreSQL: pg_dump).")
    backup.add_argument("--output", type=Path, metavar="PATH",
                        help="a file, or a directory for a timestamped file (default: backups/ next to "
                             "the database); with PostgreSQL, run pg_dump into it")
    backup.add_argument("--keep", type=int, default=7, metavar="N",
                        help="timestamped backups to keep in the directory (0 = all; default 7)")
    restore = add("restore", _restore,
                  "Replace the SQLite database with a backup, keeping the current one aside.")
    restore.add_argument("backup", type=Path, metavar="PATH", help="a file made by `nanostore backup`")
    restore.add_argument("--yes", action="store_true", help="replace the existing database")
    db = commands.add_parser("db", help="Database commands.", description="Database commands.")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    add("migrate", _db_migrate, "Apply pending schema migrations (also done by `run`).", db_commands)
    make = add("makemigrations", _db_makemigrations,
               "Write a migration for model changes (for developers).", db_commands)
    make.add_argument("--name", help="suffix of the migration file name")
    copy = add("copy", _db_copy, "Copy a whole shop into another database, e.g. SQLite to PostgreSQL.",
               db_commands)
    copy.add_argument("--from", dest="source", required=True, metavar="URL", help="the database to read")
    copy.add_argument("--to", dest="target", required=True, metavar="URL",
                      help="the database to fill (migrated first; must be empty)")
    copy.add_argument("--force", action="store_true", help="empty a target that already holds data")
    copy.add_argument("--batch-size", type=int, default=500, metavar="N",
                      help="rows per insert (default 500)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.shop:
        # One choice for the whole process and the processes it starts: settings read it here.
        os.environ[SHOP_ENV] = str(Path(args.shop).expanduser().resolve())
    try:
        return args.handler(args)
    except ConfigError as error:
        for line in error.lines:
            print(f"nanostore: {line}", file=sys.stderr)
        return EXIT_CONFIG
    except ShopFolderError as error:
        print(f"nanostore: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
