"""Find line breaks that Jinja's whitespace control removes between two lines of text.

    glued_lines(source, *, trim_blocks=True, lstrip_blocks=True, parsed=False) -> list[GluedLine]
`source` is one template: a `.j2` file or an inline/locale string. Each GluedLine says that
the visible text of source line `line` can run straight into the text of `next_line` in the
rendered message, and points at what removes the line break: `marker_line`/`column` (1-based,
in characters, relative to `source`: the caller adds where an inline string starts) is the `-`
of `{%-`, `-%}`, `{{-`, `-}}`, `{#-`, `-#}`, or the `%}` of a block tag that ends a line of text
(trim_blocks drops the newline after it). One finding per marker, for the nearest two lines;
`message` reads "line 12 runs into line 13: the '-' in '{%- endif %}' removes the line break".

What is not reported, because authors rely on it:
- a line break that survives on every path between two pieces of text;
- whitespace control or trim_blocks that only removes indentation or the break of a line of
  only tags and comments (a line with just `{% if x %}` disappears), when texts stay apart;
- a line that starts with `{%-`/`{{-` and has text of its own (or ends with `-%}`/`-}}` after
  text): the author joined the two lines on purpose.

It runs Jinja's own lexer with these settings, so it sees exactly which newlines are dropped,
then follows `if`/`elif`/`else` branches (one branch never runs into another) and the passes of
`for` loops. Macro bodies and `{% set %}` blocks are checked on their own, as their output does
not appear where they are written. A source Jinja cannot parse gives no findings: the syntax
check reports it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import cache

from jinja2 import Environment, TemplateSyntaxError
from jinja2.lexer import newline_re

OPENING_TAGS = {"if": "endif", "for": "endfor", "macro": "endmacro", "call": "endcall", "set": "endset"}
BRANCH_TAGS = {"elif", "else"}
# Output of these is not written where the tags are: it is checked as a text of its own.
DETACHED_BLOCKS = {"macro", "call", "set"}
BEGIN_TOKENS = {"block_begin", "variable_begin", "comment_begin", "raw_begin", "raw_end"}
END_TOKENS = {"block_end", "variable_end", "comment_end", "raw_begin", "raw_end"}
VISIBLE_OR_BREAK = re.compile(r"\n|\S+")
SHOWN_TAG_LENGTH = 48  # a long tag is cut in messages


@dataclass(frozen=True)
class GluedLine:
    line: int
    next_line: int
    marker_line: int
    column: int
    message: str


@dataclass(frozen=True)
class Marker:
    """What removes one line break: a '-' sign, or trim_blocks after a block tag."""
    line: int
    column: int
    tag: str
    by_trim: bool = False
    on_purpose: bool = False  # a '-' that joins a line of text to its neighbour deliberately


@dataclass(frozen=True)
class Text:
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Break:
    removed_by: Marker | None = None


@dataclass
class Block:
    keyword: str
    branches: list[list] = field(default_factory=lambda: [[]])
    has_else: bool = False


@dataclass(frozen=True)
class Pending:
    """The last text written on one path, and the line breaks removed after it."""
    line: int | None = None
    removed: tuple[Marker, ...] = ()


FRESH = Pending()


def glued_lines(source: str, *, trim_blocks: bool = True, lstrip_blocks: bool = True,
                parsed: bool = False) -> list[GluedLine]:  # parsed: the caller parsed it already
    env = _environment(trim_blocks, lstrip_blocks)
    try:
        if not parsed:
            env.parse(source)
        events = _Scanner(_normalized(source)).events(env)
    except TemplateSyntaxError:
        return []
    findings: dict[Marker, GluedLine] = {}
    _run(_nest(events), {FRESH}, findings)
    return sorted(findings.values(), key=lambda g: (g.marker_line, g.column))


@cache
def _environment(trim_blocks: bool, lstrip_blocks: bool) -> Environment:
    return Environment(trim_blocks=trim_blocks, lstrip_blocks=lstrip_blocks)  # noqa: S701 - lexing only


def _normalized(source: str) -> str:
    # The lexer works on this text (one trailing newline dropped); offsets must match it.
    lines = newline_re.split(source)[::2]
    return "\n".join(lines[:-1] if lines[-1] == "" else lines)


class _Scanner:
    """Lines up the lexer's tokens with the source, and turns them into events in order."""

    def __init__(self, source: str):
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def events(self, env: Environment) -> list:
        events: list = []
        tag: list = []  # (kind, start, end) of the tokens of the tag being read
        position = 0
        for _, kind, value in env.lexer.tokeniter(self.source, None):
            start = self.source.find(value, position)
            skipped = self.source[position:start]
            if kind in BEGIN_TOKENS and "\n" in skipped:
                events.append(Break(self._left_marker(start)))
            position = start + len(value)
            if kind == "data":
                events.extend(self._data(start, value))
                continue
            tag.append((kind, start, position))
            if kind in END_TOKENS:
                events.extend(self._tag(tag))
                tag = []
        return self._mark_joins_on_purpose(events)

    def _data(self, start: int, value: str) -> list:
        events: list = []
        for match in VISIBLE_OR_BREAK.finditer(value):
            line = self.line_of(start + match.start())
            events.append(Break() if match.group() == "\n" else Text(line, line))
        return events

    def _tag(self, tokens: list) -> list:
        kind, start, _ = tokens[0]
        _, _, end = tokens[-1]
        closing = self.source[start:end].rstrip()
        tag_end = start + len(closing)
        events: list = []
        if kind == "variable_begin":
            events.append(Text(self.line_of(start), self.line_of(tag_end - 1)))
        elif kind == "block_begin":
            keyword = self._keyword(tokens)
            if keyword:
                events.append(keyword)
        if "\n" in self.source[tag_end:end]:
            events.append(Break(self._right_marker(start, tag_end)))
        return events

    def _keyword(self, tokens: list) -> str | None:
        words = [self.source[s:e] for kind, s, e in tokens if kind in ("name", "operator")]
        if not words or (words[0] == "set" and "=" in words):  # `{% set x = 1 %}` has no body
            return None
        return words[0]

    def _left_marker(self, start: int) -> Marker:
        line = self.line_of(start)
        return Marker(line, start - self.line_starts[line - 1] + 3, self._shown(start))

    def _right_marker(self, start: int, tag_end: int) -> Marker:
        by_trim = self.source[tag_end - 3] != "-"
        column_at = tag_end - 2 if by_trim else tag_end - 3
        line = self.line_of(column_at)
        return Marker(line, column_at - self.line_starts[line - 1] + 1, self._shown(start),
                      by_trim=by_trim)

    def _shown(self, start: int) -> str:
        end = re.compile(r"[-+]?[%}#]}").search(self.source, start + 2)
        tag = self.source[start:end.end() if end else start + SHOWN_TAG_LENGTH]
        tag = " ".join(tag.split())
        return tag if len(tag) <= SHOWN_TAG_LENGTH else tag[:SHOWN_TAG_LENGTH - 1] + "…"

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def _mark_joins_on_purpose(self, events: list) -> list:
        text_lines = {line for e in events if isinstance(e, Text)
                      for line in range(e.first_line, e.last_line + 1)}
        return [Break(replace(e.removed_by, on_purpose=True))
                if isinstance(e, Break) and e.removed_by and self._joins(e.removed_by, text_lines)
                else e for e in events]

    def _joins(self, marker: Marker, text_lines: set[int]) -> bool:
        """A '-' at the edge of a line that has text of its own joins that line on purpose."""
        if marker.by_trim or marker.line not in text_lines:
            return False
        line_start = self.line_starts[marker.line - 1]
        line_end = self.source.find("\n", line_start)
        line = self.source[line_start:line_end if line_end >= 0 else len(self.source)]
        column = marker.column - 1
        if line[column - 2:column] in ("{%", "{{", "{#"):  # a '-' on the left of its tag
            return not line[:column - 2].strip()
        closing = re.compile(r"-[%}#]}").match(line, column)
        return closing is not None and not line[closing.end():].strip()


def _nest(events: list) -> list:
    """Events into a tree of blocks, each with its branches (`if`/`elif`/`else`, `for`/`else`)."""
    root: list = []
    open_blocks: list[Block] = []
    current = root
    for event in events:
        if not isinstance(event, str):
            current.append(event)
        elif event in OPENING_TAGS:
            block = Block(event)
            current.append(block)
            open_blocks.append(block)
            current = block.branches[0]
        elif event in BRANCH_TAGS and open_blocks:
            block = open_blocks[-1]
            block.has_else = block.has_else or event == "else"
            block.branches.append([])
            current = block.branches[-1]
        elif event in OPENING_TAGS.values() and open_blocks:
            open_blocks.pop()
            current = open_blocks[-1].branches[-1] if open_blocks else root
    return root


def _run(items: list, paths: set[Pending], findings: dict[Marker, GluedLine]) -> set[Pending]:
    for item in items:
        if isinstance(item, Break):
            paths = _break(item, paths)
        elif isinstance(item, Text):
            for path in paths:
                _report_glue(path, item, findings)
            paths = {Pending(item.last_line)}
        else:
            paths = _block(item, paths, findings)
    return paths


def _break(item: Break, paths: set[Pending]) -> set[Pending]:
    if item.removed_by is None:
        return {FRESH}
    return {replace(path, removed=path.removed + (item.removed_by,)) if path.line else path
            for path in paths}


def _block(block: Block, paths: set[Pending], findings: dict) -> set[Pending]:
    if block.keyword in DETACHED_BLOCKS:
        for branch in block.branches:
            _run(branch, {FRESH}, findings)
        return paths
    if block.keyword == "for":
        body, rest = block.branches[0], block.branches[1:]
        once = _run(body, paths, findings)
        again = _run(body, paths | once, findings)  # the end of one pass meets the next pass
        finished = once | again
    else:
        body, rest = [], block.branches
        finished = set()
    for branch in rest:
        finished |= _run(branch, paths, findings)
    return finished if block.has_else else finished | paths


def _report_glue(path: Pending, text: Text, findings: dict) -> None:
    culprits = [marker for marker in path.removed if not marker.on_purpose]
    if path.line is None or not culprits:
        return
    # A '-' the author wrote explains the glue better than trim_blocks doing its usual job.
    marker = next((m for m in culprits if not m.by_trim), culprits[0])
    found = GluedLine(path.line, text.first_line, marker.line, marker.column,
                      _message(path.line, text.first_line, marker))
    known = findings.get(marker)
    if known is None or _closeness(found) < _closeness(known):
        findings[marker] = found  # one finding a marker: the two lines nearest each other


def _closeness(glued: GluedLine) -> tuple[bool, int]:
    return glued.next_line <= glued.line, glued.next_line - glued.line


def _message(line: int, next_line: int, marker: Marker) -> str:
    runs = (f"line {line} runs into line {next_line}" if next_line > line else
            f"line {line} runs into line {next_line} on the loop's next pass")
    if marker.by_trim:
        kept = re.sub(r"\s*([%#]})$", r" +\1", marker.tag)
        return (f"{runs}: trim_blocks removes the line break after '{marker.tag}' on line "
                f"{marker.line}; write '{kept}' to keep it")
    return f"{runs}: the '-' in '{marker.tag}' removes the line break"
