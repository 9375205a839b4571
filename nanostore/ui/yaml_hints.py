"""Say when a YAML syntax error is most likely an indentation mistake.

PyYAML reports where parsing gave up ("mapping values are not allowed in this context",
"did not find expected key"), which is often a line after the real mistake and never says
"indentation". An editor who indented one line by 3 spaces, or with a tab, deserves to hear it:

    with_indentation_hint(text, 5, "did not find expected key")
    -> "did not find expected key (likely the indentation: line 5 has 3 spaces where every
        other line has an even number)"
"""

from __future__ import annotations

from dataclasses import dataclass

# Messages of PyYAML and libyaml that a wrongly indented line produces.
INDENTATION_SYMPTOMS = (
    "mapping values are not allowed", "could not find expected ':'", "did not find expected key",
    "expected <block end>", "did not find expected '-' indicator", "cannot start any token",
    "tab character", "while parsing a block", "did not find expected node content",
)
LOOK_BACK = 3  # the error is often reported a line or two after the misindented one


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    indent: int
    tab: bool  # a tab in the leading whitespace
    dash: bool  # a list item: its content starts two columns further
    continued: bool  # inside a flow collection or block scalar: free indentation


def with_indentation_hint(text: str, line: int, message: str) -> str:
    hint = indentation_hint(text, line, message)
    return f"{message} ({hint})" if hint else message


def indentation_hint(text: str, line: int, message: str) -> str | None:
    if not any(symptom in message for symptom in INDENTATION_SYMPTOMS):
        return None
    lines = content_lines(text)
    suspects = [entry for entry in lines if entry.number <= line][-(LOOK_BACK + 1):]
    for entry in reversed(suspects):
        if entry.tab:
            return f"likely the indentation: line {entry.number} indents with a tab; YAML needs spaces"
    for entry in reversed(suspects):
        found = _odd_one_out(lines, entry)
        if found:
            return f"likely the indentation: line {entry.number} {found}"
    return None


def _odd_one_out(lines: list[Line], suspect: Line) -> str | None:
    if suspect.continued:
        return None
    before = [entry for entry in lines if entry.number < suspect.number and not entry.continued]
    if suspect.indent % 2 and _mostly_even(lines, suspect):
        return f"has {suspect.indent} spaces where every other line has an even number"
    levels = _open_levels(before)
    below_open = bool(before) and suspect.indent < before[-1].indent + (2 if before[-1].dash else 0)
    if below_open and suspect.indent not in levels:
        return (f"has {suspect.indent} spaces, matching no level open there: "
                f"{_listed(sorted(levels))}")
    return None


def _mostly_even(lines: list[Line], suspect: Line) -> bool:
    others = [entry.indent for entry in lines if entry is not suspect and not entry.continued]
    return bool(others) and all(indent % 2 == 0 for indent in others)


def _open_levels(before: list[Line]) -> set[int]:
    """The indentations a next line may have: those of the lines it could be a sibling of."""
    stack: list[int] = []
    for entry in before:
        while stack and stack[-1] > entry.indent:
            stack.pop()
        if not stack or stack[-1] < entry.indent:
            stack.append(entry.indent)
        if entry.dash:
            stack.append(entry.indent + 2)
    return set(stack) | {0}


def content_lines(text: str) -> list[Line]:
    """Non-blank, non-comment lines, marking those whose indentation YAML does not read."""
    found: list[Line] = []
    depth = 0  # open { and [ of flow collections
    block_scalar_indent: int | None = None  # the key line's indent while inside `|` or `>`
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        leading = raw[: len(raw) - len(stripped)]
        indent = len(leading)
        if block_scalar_indent is not None and indent <= block_scalar_indent:
            block_scalar_indent = None
        continued = depth > 0 or block_scalar_indent is not None
        found.append(Line(number, indent, "\t" in leading, stripped.startswith("- "), continued))
        if block_scalar_indent is None:
            depth = max(0, depth + _bracket_balance(stripped))
            if depth == 0 and _opens_block_scalar(stripped):
                block_scalar_indent = indent
    return found


def _bracket_balance(line: str) -> int:
    balance, quote = 0, None
    for char in line:
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "{[":
            balance += 1
        elif char in "}]":
            balance -= 1
    return balance


def _opens_block_scalar(line: str) -> bool:
    value = line.split("#", 1)[0].rstrip()
    return value.endswith(("|", ">", "|-", ">-", "|+", ">+")) and (":" in value or value.startswith("- "))


def _listed(levels: list[int]) -> str:
    words = [str(level) for level in levels]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
