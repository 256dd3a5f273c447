#!/usr/bin/env python3
"""Reads the JUnit XML `resilience-lab check --junit` wrote with junitparser (the parser GitLab-
and Jenkins-style tooling uses) and prints one line per test case: its name and its result
(passed, failure, skipped), so the C++ test can compare them."""
import sys

from junitparser import Failure, JUnitXml, Skipped

xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    print(f"suite\t{suite.name}\t{suite.tests}\t{suite.failures}\t{suite.skipped}")
    for case in suite:
        kinds = [type(r).__name__.lower() for r in case.result]
        result = "failure" if any(isinstance(r, Failure) for r in case.result) else \
                 "skipped" if any(isinstance(r, Skipped) for r in case.result) else "passed"
        print(f"case\t{case.name}\t{result}\t{case.classname}")
