"""PostgreSQL backups are pg_dump's job: build its command from DATABASE_URL, or run it.

The password never goes on the command line (visible to every user in `ps`): it is passed
in PGPASSWORD, and printed guidance asks the operator to set it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from nanostore.ops import OpsError


def split_password(database_url: str) -> tuple[str, str | None]:
    """The URL pg_dump understands (no password, no Tortoise-only query options) and the password."""
    parts = urlsplit(database_url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address goes back in brackets
        host = f"[{host}]"
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    password = unquote(parts.password) if parts.password else None
    return urlunsplit(("postgresql", netloc, parts.path, "", "")), password


def pg_dump_command(database_url: str, output: Path) -> list[str]:
    url, _ = split_password(database_url)
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={output}", f"--dbname={url}"]


def pg_dump_guidance(database_url: str, output: Path) -> str:
    command = shlex.join(pg_dump_command(database_url, output))
    _, password = split_password(database_url)
    if password:
        command = f"PGPASSWORD='<the password in DATABASE_URL>' {command}"
    return ("DATABASE_URL is PostgreSQL: back it up with pg_dump (consistent while the bot runs), e.g.\n"
            f"  {command}\n"
            "or run `nanostore backup --output FILE` where pg_dump is installed to have it run for you.")


def run_pg_dump(database_url: str, output: Path) -> Path:
    if shutil.which("pg_dump") is None:
        raise OpsError("pg_dump is not installed (apt install postgresql-client); "
                       "run `nanostore backup` without --output to see the command")
    if output.exists():
        raise OpsError(f"{output} already exists; choose a new file name")
    output.parent.mkdir(parents=True, exist_ok=True)
    _, password = split_password(database_url)
    environment = dict(os.environ, **({"PGPASSWORD": password} if password else {}))
    result = subprocess.run(pg_dump_command(database_url, output), env=environment,
                            capture_output=True, text=True)
    if result.returncode != 0:
        output.unlink(missing_ok=True)
        reason = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise OpsError(f"pg_dump failed: {reason}")
    return output
