"""The shell examples of a markdown page, as the doc-example runner runs them.

A fenced block tagged ```sh, ```bash or ```shell is a script; one tagged ```console is a
transcript: each line starting with "$ " is a command (a trailing backslash continues it on the
next line) and the lines up to the next "$ " are what it prints. A ```text (or untagged) block
right after a script, with only blank lines between, is what the script prints. Other blocks
(JSON, YAML, synopses) are not run.

Markers are HTML comments on the lines just before a block (blank lines may separate them):

    <!-- doc-test: skip REASON -->   not run here (a Slurm cluster, the GUI); REASON is printed
    <!-- doc-test: setup -->         run, not an example: prepares files for the ones after it
    <!-- doc-test: exit N -->        the block (a transcript: its last command) must exit N
    <!-- doc-test: background -->    a transcript of one long-running command (serve): started,
                                     compared once its expected output has appeared, and stopped
                                     (SIGTERM) when the page's examples are done
    <!-- doc-test: timeout S -->     seconds the block may take (default 120)

A comment that starts "<!-- doc-test: setup" and does not end on its line is a hidden setup
script: the lines up to "-->" run at that point, unseen by a reader.
"""
import dataclasses
import re

SCRIPT_TAGS = {"sh", "bash", "shell"}
TRANSCRIPT_TAG = "console"
OUTPUT_TAGS = {"", "text"}
DEFAULT_TIMEOUT_S = 120  # a doc example is small; a hung one must not eat the CI budget

MARKER = re.compile(r"^\s*<!--\s*doc-test:\s*(.*?)\s*-->\s*$")
HIDDEN_SETUP_OPEN = re.compile(r"^\s*<!--\s*doc-test:\s*setup\s*$")
FENCE = re.compile(r"^ {0,3}(```+)\s*([A-Za-z0-9_+-]*)\s*$")
# What would be a marker or a shell block but is not read as one: refused, never ignored.
LOOKS_LIKE_MARKER = re.compile(r"^\s*<!--\s*doc[-_ ]?test", re.IGNORECASE)
INDENTED_SHELL_FENCE = re.compile(r"^\s{4,}```+\s*(sh|bash|shell|console)\s*$")


class MarkdownError(Exception):
    """A page the runner cannot read as intended: names the file and line."""


@dataclasses.dataclass
class Command:
    line: int  # 1-based line of its first line in the page
    text: str  # the shell text, continuation lines joined by newlines
    expected: list | None = None  # the lines it should print; None: not compared
    output_lines: tuple | None = None  # [start, end) 0-based lines holding `expected`


@dataclasses.dataclass
class Example:
    path: str  # the page, relative to the source tree
    line: int  # 1-based line of the opening fence (or of the hidden setup's comment)
    kind: str  # "script" or "transcript"
    commands: list
    skip: str | None = None
    setup: bool = False
    hidden: bool = False
    exit_code: int = 0
    background: bool = False
    timeout_s: float = DEFAULT_TIMEOUT_S

    @property
    def name(self):
        lines = [x for c in self.commands for x in c.text.splitlines()]
        first = next((x for x in lines if x.strip() and not x.lstrip().startswith("#")), "")
        first = first.rstrip("\\").strip()
        if len(first) > 72:
            first = first[:71] + "…"
        return f"{self.path}:{self.line}  {first}"


def _parse_markers(texts, path, line):
    markers = {}
    for text in texts:
        word, _, rest = text.partition(" ")
        rest = rest.strip()
        if word == "skip":
            if not rest:
                raise MarkdownError(f"{path}:{line}: 'doc-test: skip' needs a reason")
            markers["skip"] = rest
        elif word in ("setup", "background") and not rest:
            markers[word] = True
        elif word in ("exit", "timeout") and re.fullmatch(r"\d+(\.\d+)?", rest):
            markers[word] = float(rest) if word == "timeout" else int(float(rest))
        else:
            raise MarkdownError(f"{path}:{line}: unknown doc-test marker '{text}' (expected skip "
                                "REASON, setup, exit N, background or timeout S)")
    return markers


def _transcript_commands(body, first_line, path):
    """Splits a console block's lines (0-based `first_line` of body[0]) into commands."""
    commands = []
    i = 0
    while i < len(body):
        if not body[i].startswith("$ "):  # only the first line can be anything else
            raise MarkdownError(f"{path}:{first_line + i + 1}: a console block starts with a "
                                "'$ ' command")
        start = i
        parts = [body[i][2:]]
        while parts[-1].endswith("\\") and i + 1 < len(body):
            i += 1
            parts.append(body[i])
        i += 1
        out_start = i
        while i < len(body) and not body[i].startswith("$ "):
            i += 1
        commands.append(Command(line=first_line + start + 1, text="\n".join(parts),
                                expected=body[out_start:i],
                                output_lines=(first_line + out_start, first_line + i)))
    return commands


def parse(path, text):
    """The examples of one page, in order. Raises MarkdownError for a page it cannot read."""
    lines = text.split("\n")
    examples = []
    pending = []  # markers waiting for their block: (text, line)
    i = 0
    while i < len(lines):
        line = lines[i]
        if HIDDEN_SETUP_OPEN.match(line):
            end = i + 1
            while end < len(lines) and lines[end].strip() != "-->":
                end += 1
            if end == len(lines):
                raise MarkdownError(f"{path}:{i + 1}: a hidden setup comment without its '-->'")
            examples.append(Example(path=path, line=i + 1, kind="script", setup=True, hidden=True,
                                    commands=[Command(line=i + 2,
                                                      text="\n".join(lines[i + 1:end]))]))
            i = end + 1
            continue
        marker = MARKER.match(line)
        if marker:
            pending.append((marker.group(1), i + 1))
            i += 1
            continue
        if LOOKS_LIKE_MARKER.match(line):
            raise MarkdownError(f"{path}:{i + 1}: not a doc-test marker as the runner reads them "
                                "('<!-- doc-test: WORD … -->' on one line, or a hidden setup)")
        if INDENTED_SHELL_FENCE.match(line):
            raise MarkdownError(f"{path}:{i + 1}: a shell block indented as code is not run: "
                                "start its fence at the line's beginning")
        fence = FENCE.match(line)
        if not fence:
            if line.strip() and pending:
                raise MarkdownError(f"{path}:{pending[0][1]}: a doc-test marker must come just "
                                    "before a fenced block")
            i += 1
            continue
        ticks, tag = fence.group(1), fence.group(2).lower()
        end = i + 1
        while end < len(lines) and lines[end].strip() != ticks:
            end += 1
        if end == len(lines):
            raise MarkdownError(f"{path}:{i + 1}: a fenced block that is never closed")
        body = lines[i + 1:end]
        markers = _parse_markers([t for t, _ in pending], path, pending[0][1] if pending else i)
        if pending and tag not in SCRIPT_TAGS and tag != TRANSCRIPT_TAG:
            raise MarkdownError(f"{path}:{pending[0][1]}: a doc-test marker before a block "
                                f"tagged '{tag or 'nothing'}', which is not run")
        pending = []
        if tag in OUTPUT_TAGS and body and body[0].startswith("$ "):
            raise MarkdownError(f"{path}:{i + 1}: this block is a transcript ('$ ' prompts): "
                                "tag it ```console so that it is run")
        if tag in SCRIPT_TAGS or tag == TRANSCRIPT_TAG:
            example = Example(path=path, line=i + 1,
                              kind="transcript" if tag == TRANSCRIPT_TAG else "script",
                              commands=[], skip=markers.get("skip"),
                              setup=markers.get("setup", False),
                              exit_code=markers.get("exit", 0),
                              background=markers.get("background", False),
                              timeout_s=markers.get("timeout", DEFAULT_TIMEOUT_S))
            if example.kind == "transcript":
                example.commands = _transcript_commands(body, i + 1, path)
            else:
                example.commands = [Command(line=i + 2, text="\n".join(body))]
                _attach_output_block(example.commands[0], lines, end + 1)
            if example.background and (example.kind != "transcript" or
                                        len(example.commands) != 1):
                raise MarkdownError(f"{path}:{i + 1}: 'background' is for a console block of "
                                    "one command")
            examples.append(example)
        i = end + 1
    if pending:
        raise MarkdownError(f"{path}:{pending[0][1]}: a doc-test marker at the end of the page")
    return examples


def _attach_output_block(command, lines, start):
    """A ```text or untagged block right after a script is what the script prints."""
    j = start
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j == len(lines):
        return
    fence = FENCE.match(lines[j])
    if not fence or fence.group(2).lower() not in OUTPUT_TAGS:
        return
    end = j + 1
    while end < len(lines) and lines[end].strip() != fence.group(1):
        end += 1
    command.expected = lines[j + 1:end]
    command.output_lines = (j + 1, end)
