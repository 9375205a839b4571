"""The `nanostore` command."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable

from nanostore.config import ConfigError

EXIT_CONFIG = 2
EXIT_SCREENS = 3


def _run(args: argparse.Namespace) -> int:
    from nanostore.bot.runner import run_bot

    return asyncio.run(run_bot())


def _check(args: argparse.Namespace) -> int:
    from nanostore.bot.screens import check_shop_screens
    from nanostore.config import load_settings

    settings = load_settings()
    problems = check_shop_screens(settings.screens_dir, settings.locales_dir, settings.default_locale)
    for line in problems:
        print(line)
    if not problems:
        print("screens and locales are clean")
    return 1 if problems else 0


def _schema(args: argparse.Namespace) -> int:
    import json

    from nanostore.ui.schema_export import screen_json_schema

    print(json.dumps(screen_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _db_migrate(args: argparse.Namespace) -> int:
    from nanostore.config import load_settings
    from nanostore.db.connection import close_database, open_database

    async def migrate() -> None:
        await open_database(load_settings().database_url)
        await close_database()

    asyncio.run(migrate())
    print("database is up to date")
    return 0


def _db_makemigrations(args: argparse.Namespace) -> int:
    from nanostore.db.schema_changes import write_migrations

    written = asyncio.run(write_migrations(args.name))
    print("\n".join(written) if written else "no model changes")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nanostore", description="A Telegram shop for digital goods.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int], help_text: str,
            on: argparse._SubParsersAction = commands) -> argparse.ArgumentParser:
        sub = on.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    add("run", _run, "Start the bot (polling, or webhook when WEBHOOK_URL is set).")
    add("check", _check, "Validate every screen and locale; print one line per problem.")
    add("schema", _schema, "Print the JSON Schema of the screen format (for editor autocompletion).")
    db = commands.add_parser("db", help="Database commands.", description="Database commands.")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    add("migrate", _db_migrate, "Apply pending schema migrations (also done by `run`).", db_commands)
    make = add("makemigrations", _db_makemigrations,
               "Write a migration for model changes (for developers).", db_commands)
    make.add_argument("--name", help="suffix of the migration file name")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ConfigError as error:
        for line in error.lines:
            print(f"nanostore: {line}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
