"""Operating a shop: backups, restores and moving between databases.

Every refusal or failure an operator can fix is an `OpsError` whose message is one line;
the command prints it and exits non-zero instead of showing a traceback.
"""


class OpsError(Exception):
    """Something the operator can fix, said in one line."""
