"""Comparing what an example printed with what its page shows, and re-recording it.

The rule, line by line, after both sides are masked:
- `[..]` in a documented line matches any text within that line;
- a documented line that is exactly `...` matches any number of lines (none included);
- numbers that depend on the machine, not on the model, are masked on both sides (MASKS below:
  wall-clock times, dates and times of day), so the page may show the numbers one run
  printed and still match every other run;
- trailing spaces and trailing blank lines do not count.
Everything else — every simulated number — must be equal: runs are reproducible from their seed.

`rerecord` gives the lines `--update` writes: what the tool printed now, except that a documented
line still matching keeps its text (its masks and wildcards, and the numbers of the run that was
recorded), and a line that changed keeps the page's masked numbers (its wall time), so
re-recording after an engine change touches only the lines that changed, and only their model's
numbers.
"""
import difflib
import re

WILDCARD = "[..]"
ANY_LINES = "..."

# (what, pattern, replacement): each pattern's match is replaced on both sides before comparing.
MASKS = [
    ("wall time of a run", re.compile(r"(events in )\d+(\.\d+)? (ms|s)\b"), r"\1<wall time>"),
    ("wall time in JSON", re.compile(r'("wall_ms": )[0-9.e+-]+'), r"\1<wall time>"),
    ("ETA and elapsed time", re.compile(r"\b(ETA|elapsed) \d+(:\d\d)+"), r"\1 <time>"),
    ("ISO-8601 date and time", re.compile(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"), "<date-time>"),
    ("HTTP date", re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} "
                             r"\d\d:\d\d:\d\d GMT"), "<http-date>"),
    ("seconds served", re.compile(r'("uptime_s": )[0-9.e+-]+'), r"\1<uptime>"),
]


def mask(line):
    for _, pattern, replacement in MASKS:
        line = pattern.sub(replacement, line)
    return line.rstrip()


def _trim(lines):
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _line_matches(expected, actual):
    expected, actual = mask(expected), mask(actual)
    if WILDCARD not in expected:
        return expected == actual
    pattern = ".*".join(re.escape(part) for part in expected.split(WILDCARD))
    return re.fullmatch(pattern, actual) is not None


def matches(expected, actual):
    """Whether `actual` (lines printed) matches `expected` (lines documented) by the rule above."""
    expected, actual = _trim(expected), _trim(actual)
    # memo[i][j]: expected[i:] matches actual[j:]
    memo = {}

    def go(i, j):
        key = (i, j)
        if key not in memo:
            if i == len(expected):
                memo[key] = j == len(actual)
            elif expected[i].strip() == ANY_LINES:
                memo[key] = any(go(i + 1, k) for k in range(j, len(actual) + 1))
            else:
                memo[key] = j < len(actual) and _line_matches(expected[i], actual[j]) and \
                    go(i + 1, j + 1)
        return memo[key]

    return go(0, 0)


def diff(expected, actual, where):
    """A unified diff of the masked sides, for a failure's report."""
    return "\n".join(difflib.unified_diff([mask(x) for x in _trim(expected)],
                                          [mask(x) for x in _trim(actual)],
                                          fromfile=f"documented ({where}, masked)",
                                          tofile="printed now (masked)", lineterm=""))


def _keep_masked(old, new):
    """`new`, with the machine's numbers (what MASKS match) as `old` shows them, so that a
    re-recorded line does not churn its wall time."""
    for _, pattern, _ in MASKS:
        olds = list(pattern.finditer(old))
        news = list(pattern.finditer(new))
        if olds and len(olds) == len(news):
            for o, n in reversed(list(zip(olds, news))):
                new = new[:n.start()] + o.group(0) + new[n.end():]
    return new


def _merge(expected, actual):
    """`actual`, with each documented line that still matches its counterpart kept."""
    out = []
    opcodes = difflib.SequenceMatcher(a=[mask(x) for x in expected],
                                      b=[mask(x) for x in actual], autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out.extend(expected[i1:i2])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            out.extend(e if _line_matches(e, a) else _keep_masked(e, a)
                       for e, a in zip(expected[i1:i2], actual[j1:j2]))
        else:
            out.extend(actual[j1:j2])
    return out


def rerecord(expected, actual):
    """The documented lines `--update` writes for an example that printed `actual`."""
    expected, actual = _trim(expected), _trim(actual)
    if matches(expected, actual):
        return expected
    gaps = [i for i, line in enumerate(expected) if line.strip() == ANY_LINES]
    if len(gaps) == 1:  # keep the elision: the head and the tail re-recorded around it
        head, tail = expected[:gaps[0]], expected[gaps[0] + 1:]
        if len(head) + len(tail) <= len(actual):
            tail_actual = actual[len(actual) - len(tail):] if tail else []
            return _merge(head, actual[:len(head)]) + [expected[gaps[0]]] + \
                _merge(tail, tail_actual)
    return _merge([line for line in expected if line.strip() != ANY_LINES], actual)
