#!/usr/bin/env python3
"""The doc-example runner on pages written to pass and to fail, with a stand-in program: a
drifted output fails naming the page's line, the command and both outputs, and --update re-records
it keeping masked numbers and wildcards; a wrong exit code, a script failing midway, an untagged
transcript, a misplaced marker each fail as they should; skipped and setup blocks are reported;
a background example's process is stopped; port 8080 in a page is a free port."""
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import textwrap
import unittest

RUNNER = pathlib.Path(__file__).resolve().parent / "run_doc_examples.py"
FENCE = "```"


class RunnerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="doc-runner-test-")
        self.root = pathlib.Path(self.dir.name)
        self.binary = self.root / "fake-resilience-lab"
        # Stands in for the program: prints its arguments and a wall time that varies.
        self.binary.write_text("#!/bin/sh\necho \"fake $*\"\n"
                               "echo \"25924 events in $(date +%N | cut -c1-2).1 ms\"\n")
        self.binary.chmod(0o755)

    def tearDown(self):
        self.dir.cleanup()

    def page(self, text, name="page.md"):
        path = self.root / name
        path.write_text(textwrap.dedent(text).replace("~~~", FENCE))
        return path

    def run_pages(self, *extra):
        return subprocess.run([sys.executable, str(RUNNER), "--binary", str(self.binary),
                               "--source", str(self.root), *extra, "page.md"],
                              capture_output=True, text=True, timeout=60)

    def test_matching_output_passes_with_the_wall_time_masked(self):
        self.page("""\
            ~~~console
            $ resilience-lab run x.json
            fake run x.json
            25924 events in 3.9 ms
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("1 passed, 0 failed", r.stdout)

    def test_drifted_output_fails_naming_the_place_and_update_rerecords_it(self):
        path = self.page("""\
            Intro.

            ~~~console
            $ resilience-lab run [..]
            fake run x.json
            25925 events in 3.9 ms
            ~~~
            ~~~console
            $ resilience-lab run x.json
            fake run x.json
            [..] events in 7.0 ms
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("FAIL  page.md:3", r.stdout)
        self.assertIn("at page.md:4: $ resilience-lab run [..]", r.stdout)
        self.assertIn("-25925 events in <wall time>", r.stdout)
        self.assertIn("+25924 events in <wall time>", r.stdout)
        self.assertIn("documented (page.md:5, masked)", r.stdout)
        self.assertIn("1 passed, 1 failed", r.stdout)

        r = self.run_pages("--update")
        self.assertEqual(r.returncode, 0, r.stdout)
        text = path.read_text()
        # The changed line is re-recorded with the program's numbers but the page's wall time;
        # the line that still matched keeps its text, the wildcard line its wildcard.
        self.assertIn("fake run [..]\n25924 events in 3.9 ms\n", text)
        self.assertIn("fake run x.json\n[..] events in 7.0 ms\n", text)
        self.assertTrue(text.startswith("Intro.\n"))
        r = self.run_pages()
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_exit_code_marker(self):
        self.page("""\
            <!-- doc-test: exit 3 -->
            ~~~console
            $ sh -c 'echo refused; exit 3'
            refused
            ~~~

            <!-- doc-test: exit 2 -->
            ~~~sh
            true
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("1 passed, 1 failed", r.stdout)
        self.assertIn("exit code: expected 2, got 0", r.stdout)

    def test_script_stops_at_its_first_failing_command_and_names_it(self):
        self.page("""\
            ~~~sh
            echo one
            ls no-such-file
            echo never
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("exit code: expected 0, got 2 (at page.md:3: `ls no-such-file`)", r.stdout)
        self.assertNotIn("| never", r.stdout)

    def test_output_block_after_a_script(self):
        self.page("""\
            ~~~sh
            resilience-lab a
            resilience-lab b | head -1
            ~~~

            ~~~text
            fake a
            ...
            fake b
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_untagged_transcript_and_stray_marker_are_refused(self):
        self.page("""\
            ~~~
            $ resilience-lab run x.json
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("page.md:1: this block is a transcript", r.stdout)
        self.page("""\
            <!-- doc-test: skip -->
            ~~~sh
            true
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("'doc-test: skip' needs a reason", r.stdout)
        self.page("""\
            <!-- doc-test: setup -->
            Some prose.
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("page.md:1: a doc-test marker must come just before a fenced block",
                      r.stdout)
        self.page("""\
            <!-- doctest: skip misspelt -->
            ~~~sh
            true
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("page.md:1: not a doc-test marker", r.stdout)
        self.page("""\
            - a list item:

                  ~~~sh
                  true
                  ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 2, r.stdout)
        self.assertIn("page.md:3: a shell block indented as code is not run", r.stdout)

    def test_skip_setup_hidden_setup_and_clone_layout(self):
        (self.root / "resources" / "presets").mkdir(parents=True)
        (self.root / "resources" / "presets" / "p.json").write_text("{}\n")
        self.page("""\
            <!-- doc-test: skip needs a cluster -->
            ~~~sh
            exit 1
            ~~~
            <!-- doc-test: setup
            echo hidden > made-by-hidden-setup
            -->
            <!-- doc-test: setup -->
            ~~~sh
            cat made-by-hidden-setup > made-by-setup
            ~~~
            ~~~console
            $ cat made-by-setup resources/presets/p.json && build/release/resilience-lab x
            hidden
            {}
            fake x
            [..]
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertIn("skip  page.md:2", r.stdout)
        self.assertIn("(needs a cluster)", r.stdout)
        self.assertIn("1 passed, 0 failed, 1 skipped, 2 setup", r.stdout)

    def test_background_example_is_stopped_and_the_port_is_free(self):
        pid_file = self.root / "background.pid"
        self.page(f"""\
            <!-- doc-test: background -->
            ~~~console
            $ sh -c 'echo $$ > {pid_file}; echo listening on 127.0.0.1:8080; exec sleep 300'
            listening on 127.0.0.1:8080
            ~~~
            ~~~sh
            kill -0 "$(cat {pid_file})"
            port=$(echo 127.0.0.1:8080 | cut -d: -f2)
            test "$port" != $((8000 + 80))
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 0, r.stdout)
        pid = int(pid_file.read_text())
        with self.assertRaises(ProcessLookupError):
            os.kill(pid, 0)

    def test_timeout_marker_stops_a_hung_example(self):
        self.page("""\
            <!-- doc-test: timeout 1 -->
            ~~~sh
            sleep 30
            ~~~
            """)
        r = self.run_pages()
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("did not finish within 1 s", r.stdout)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    unittest.main(verbosity=2)
