#!/usr/bin/env python3
"""Runs the shell examples of README.md and docs/*.md as a user would, and compares what they
print with what the page shows (doc_blocks.py says which blocks run and the markers; doc_output.py
the comparison rule and its masks).

Each page's examples run in order, in one scratch directory laid out like a clone of the
repository after a build: resources/presets, resources/traces and tests/data copied (examples may
write beside them), build/release/resilience-lab and bin/resilience-lab the binary under test,
bin/ first on PATH. Port 8080 on 127.0.0.1 in a page stands for a free port picked per page (the
output shows 8080 again). HOME is the scratch directory (no ~/.curlrc or other settings of the
user's apply; GNU parallel's citation notice is acknowledged there). Processes an example leaves
behind (a `serve &`) are stopped (SIGTERM to its process group) when it ends.

    run_doc_examples.py --binary build/release/resilience-lab [--source DIR] [--update]
                        [--filter TEXT] [--list] [--keep] [PAGE.md …]

Exit 0 when every example passes, 1 when one fails, 2 for a page it cannot read or bad usage.
--update rewrites the documented outputs from what the examples print now (the examples still
have to exit as marked), so re-pinning the pages after an engine change is one command.
"""
import argparse
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import doc_blocks  # noqa: E402
import doc_output  # noqa: E402

# What a clone holds that the pages name, copied into each page's scratch directory.
CLONE_PARTS = ["resources/presets", "resources/traces", "tests/data"]
DOC_PORT = "8080"  # the port the pages use for serve; replaced by a free one
DOC_HOSTS = ["127.0.0.1", "localhost"]
BACKGROUND_READY_S = 20  # how long a background example has to print its expected output
STOP_GRACE_S = 10  # after SIGTERM, before SIGKILL


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


def stop_group(process):
    """SIGTERM to the example's process group (what it left running), then SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            continue
        # The shell is gone; its children may not be: give them the grace time too.
        deadline = time.monotonic() + STOP_GRACE_S
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


class Page:
    """One page's scratch directory, port and environment."""

    def __init__(self, source, binary, path):
        self.path = path
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix="doc-test-"))
        for part in CLONE_PARTS:
            if (source / part).exists():
                shutil.copytree(source / part, self.scratch / part, symlinks=True)
        for link in ["bin/resilience-lab", "build/release/resilience-lab"]:
            (self.scratch / link).parent.mkdir(parents=True, exist_ok=True)
            (self.scratch / link).symlink_to(binary)
        (self.scratch / ".parallel").mkdir()
        (self.scratch / ".parallel" / "will-cite").touch()
        self.port = free_port()
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "CURL_HOME", "QT_QPA_PLATFORM")}
        env.update(PATH=f"{self.scratch / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}",
                   HOME=str(self.scratch), CURL_HOME=str(self.scratch), LC_ALL="C.UTF-8",
                   TZ="UTC")
        self.env = env
        self.background = []  # (example, process) stopped at the end

    def to_local(self, text):
        for host in DOC_HOSTS:
            text = text.replace(f"{host}:{DOC_PORT}", f"{host}:{self.port}")
        return text

    def to_doc(self, text):
        for host in DOC_HOSTS:
            text = text.replace(f"{host}:{self.port}", f"{host}:{DOC_PORT}")
        return text.replace(str(self.scratch) + "/", "").replace(str(self.scratch), ".")

    def start(self, script, out=subprocess.PIPE):
        return subprocess.Popen(["bash", "-c", script], cwd=self.scratch, env=self.env,
                                stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def close(self, keep):
        for _, process in self.background:
            stop_group(process)
        if not keep:
            shutil.rmtree(self.scratch, ignore_errors=True)


class Result:
    def __init__(self, example):
        self.example = example
        self.problems = []  # (command, text)
        self.updates = []  # (output_lines, new lines)
        self.seconds = 0.0


def run_command(page, example, command, expected_exit, result):
    if example.kind == "script":
        # The script stops at its first failing command, which the report names.
        err_file = page.scratch.parent / (page.scratch.name + ".err")
        script = (f"trap 'echo \"$BASH_COMMAND\" > {err_file}' ERR\nset -e\n" +
                  page.to_local(command.text))
    else:
        err_file, script = None, page.to_local(command.text)
    # Into a file, not a pipe: a process the example leaves running (`serve &`) keeps its
    # standard output open, and the example is over when its shell is.
    with tempfile.TemporaryFile() as out:
        process = page.start(script, out)
        try:
            code = process.wait(timeout=example.timeout_s)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            stop_group(process)
        out.seek(0)
        printed = page.to_doc(out.read().decode("utf-8", "replace")).split("\n")
    failed_at = ""
    if err_file and err_file.exists():
        failed_at = page.to_doc(err_file.read_text().strip())
        err_file.unlink()
    if code is None:
        result.problems.append((command, f"did not finish within {example.timeout_s:g} s"))
    elif code != expected_exit:
        where = ""
        if failed_at and code:
            where = f" (at {example.path}:{failing_line(command, failed_at)}: `{failed_at}`)"
        result.problems.append((command, f"exit code: expected {expected_exit}, got {code}{where}"
                                         + _tail(printed)))
    check_output(page, example, command, printed, result)


def failing_line(command, failed_at):
    """The page's line where the script's failing command starts (bash names it joined)."""
    lines = command.text.split("\n")
    wanted = " ".join(failed_at.split())
    for i in range(len(lines)):
        joined = " ".join(" ".join(x.rstrip("\\") for x in lines[i:]).split())
        if joined.startswith(wanted[:60]):
            return command.line + i
    return command.line


def _tail(printed, n=15):
    lines = [line for line in printed if line.strip()][-n:]
    return "".join("\n    | " + line for line in lines) if lines else ""


def check_output(page, example, command, printed, result):
    if command.expected is None or example.setup:
        return
    expected = page.to_doc(page.to_local("\n".join(command.expected))).split("\n")
    if doc_output.matches(expected, printed):
        return
    result.updates.append((command.output_lines, doc_output.rerecord(command.expected, printed)))
    where = f"{example.path}:{command.output_lines[0] + 1}"
    result.problems.append((command, "output differs:\n" + doc_output.diff(expected, printed,
                                                                           where)))


def run_background(page, example, result):
    """Starts the example's command and compares its output once the expected lines are in."""
    command = example.commands[0]
    process = page.start(page.to_local(command.text))
    os.set_blocking(process.stdout.fileno(), False)
    expected = page.to_doc(page.to_local("\n".join(command.expected or []))).split("\n")
    buffer = b""
    deadline = time.monotonic() + BACKGROUND_READY_S
    while time.monotonic() < deadline:
        chunk = process.stdout.read()
        if chunk:
            buffer += chunk
        printed = page.to_doc(buffer.decode("utf-8", "replace")).split("\n")
        if doc_output.matches(expected, printed) or process.poll() is not None:
            break
        time.sleep(0.05)
    if process.poll() is not None:
        buffer += process.stdout.read() or b""
        printed = page.to_doc(buffer.decode("utf-8", "replace")).split("\n")
        result.problems.append((command, f"ended at once with exit code {process.returncode}"
                                         + _tail(printed)))
    page.background.append((example, process))
    check_output(page, example, command, printed, result)


def run_example(page, example):
    result = Result(example)
    started = time.monotonic()
    if example.background:
        run_background(page, example, result)
    else:
        for k, command in enumerate(example.commands):
            last = k == len(example.commands) - 1
            run_command(page, example, command, example.exit_code if last else 0, result)
    result.seconds = time.monotonic() - started
    return result


def apply_updates(path, updates):
    lines = path.read_text().split("\n")
    for (start, end), new in sorted(updates, key=lambda u: u[0][0], reverse=True):
        lines[start:end] = new
    path.write_text("\n".join(lines))


def run_page(source, binary, rel, args):
    try:
        examples = doc_blocks.parse(rel, (source / rel).read_text())
    except doc_blocks.MarkdownError as error:
        print(f"ERROR {error}")
        return None
    if not examples:
        print(f"== {rel}: no shell examples", flush=True)
        return {"passed": 0, "failed": 0, "skipped": 0, "setup": 0}
    if args.list:
        for example in examples:
            state = f"skip ({example.skip})" if example.skip else \
                "setup" if example.setup else "example"
            print(f"{example.name}  [{state}]")
        return {"passed": 0, "failed": 0, "skipped": 0, "setup": 0}
    page = Page(source, binary, rel)
    print(f"== {rel} (scratch {page.scratch})", flush=True)
    counts = {"passed": 0, "failed": 0, "skipped": 0, "setup": 0}
    updates = []
    started = time.monotonic()
    try:
        for example in examples:
            haystack = example.name + "\n" + "\n".join(c.text for c in example.commands)
            if args.filter and args.filter not in haystack and not example.setup:
                continue
            if example.skip:
                counts["skipped"] += 1
                print(f"  skip  {example.name}\n        ({example.skip})", flush=True)
                continue
            result = run_example(page, example)
            updates.extend(result.updates)
            # With --update a differing output is re-recorded, not a failure.
            ok = not result.problems or (args.update and all(
                problem.startswith("output differs") for _, problem in result.problems))
            counts["failed" if not ok else "setup" if example.setup else "passed"] += 1
            status = "ok  " if ok else "FAIL"
            print(f"  {status}  {'(setup) ' if example.setup else ''}{example.name}"
                  f"  [{result.seconds:.1f} s]", flush=True)
            if not ok:
                for command, problem in result.problems:
                    what = "the script" if example.kind == "script" else \
                        "$ " + command.text.splitlines()[0]
                    print(f"        at {example.path}:{command.line}: {what}")
                    print("        " + problem.replace("\n", "\n        "))
            elif result.problems:
                print(f"        re-recorded at {example.path}:{command_lines(result)}")
    finally:
        page.close(args.keep)
    if args.update and updates:
        apply_updates(source / rel, updates)
    print(f"   {rel}: {counts['passed']} passed, {counts['failed']} failed, "
          f"{counts['skipped']} skipped, {counts['setup']} setup "
          f"[{time.monotonic() - started:.1f} s]", flush=True)
    return counts


def command_lines(result):
    return ", ".join(str(start + 1) for (start, _), _ in result.updates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, type=pathlib.Path)
    parser.add_argument("--source", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parents[2])
    parser.add_argument("--update", action="store_true",
                        help="rewrite documented outputs from what the examples print now")
    parser.add_argument("--filter", help="run only the examples whose FILE:LINE or commands "
                                         "contain this (and the page's setup blocks)")
    parser.add_argument("--list", action="store_true", help="list the examples, run nothing")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directories")
    parser.add_argument("pages", nargs="*", help="pages relative to --source "
                                                 "(default README.md and docs/*.md)")
    args = parser.parse_args()
    source = args.source.resolve()
    binary = args.binary.resolve()
    if not os.access(binary, os.X_OK):
        parser.error(f"{binary}: not an executable")
    pages = args.pages or ["README.md"] + sorted(
        str(p.relative_to(source)) for p in (source / "docs").glob("*.md"))
    totals = {"passed": 0, "failed": 0, "skipped": 0, "setup": 0}
    unreadable = False
    for rel in pages:
        counts = run_page(source, binary, rel, args)
        if counts is None:
            unreadable = True
            continue
        for key in totals:
            totals[key] += counts[key]
    print(f"doc examples: {totals['passed']} passed, {totals['failed']} failed, "
          f"{totals['skipped']} skipped ({totals['setup']} setup blocks)")
    return 2 if unreadable else 1 if totals["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
