#!/usr/bin/env python3
"""Mutation testing: the measure of the test suite (docs/testing.md).

Applies each small deliberate bug of scripts/mutants/mutants.json, one at a time, to a copy of the
package, rebuilds it, runs the tests and records whether the suite noticed:

    killed (tests)    a test failed: the suite guards this line
    killed (build)    the mutant does not compile (a bad mutant: fix its replacement)
    killed (crash)    the test process died (a trap or signal) on the mutant
    killed (timeout)  the tests ran longer than MUTANTS_TEST_TIMEOUT seconds
    survived          every test passed with the bug in place: a missing test

Run from the package root (or `make mutants`):

    python3 scripts/mutants/run.py                 # every mutant
    MUTANTS=genesis-not-first,bootstrap-half-rows python3 scripts/mutants/run.py

Environment:
    MUTANTS                 comma-separated ids to run, in that order (default: all, in list order)
    MUTANTS_FULL=1          ignore the mutants' `filter`s: run the whole suite for each mutant
    MUTANTS_NO_CONFIRM=1    do not re-run the whole suite for a mutant that survived its filter
    MUTANTS_SKIP_BASELINE=1 skip the run of the tests on the unmutated copy
    MUTANTS_TEST_TIMEOUT    seconds per test run (default 900)
    SWIFT                   the swift driver (default: swift)
    BUILD_FLAGS             extra `swift build` flags (`make mutants` passes the Makefile's)

The copy lives in .build-mutants/tree (its own .build, so the working tree's build is never
touched); it is synchronised once per run (files whose size or time changed are copied, files
gone from the working tree are deleted) and rebuilt incrementally. Results are also written to
.build-mutants/results.json. Exit status: 0 when every mutant was killed, 1 when any survived,
2 when the mutant list is invalid (a snippet not found exactly once) or the unmutated copy
fails to build or to pass its tests.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
LIST = os.path.join(ROOT, "scripts", "mutants", "mutants.json")
SCRATCH = os.path.join(ROOT, ".build-mutants")
TREE = os.path.join(SCRATCH, "tree")
SWIFT = os.environ.get("SWIFT", "swift")
# The Makefile's BUILD_FLAGS (`make mutants` passes them), so a mutant builds as `make test` does.
BUILD_FLAGS = os.environ.get("BUILD_FLAGS", "").split()
TIMEOUT = int(os.environ.get("MUTANTS_TEST_TIMEOUT", "900"))
FIELDS = {"id", "file", "original", "replacement", "description"}
OPTIONAL = {"filter"}


def fail(message, code=2):
    sys.stderr.write(f"mutants: {message}\n")
    sys.exit(code)


def load_mutants():
    try:
        with open(LIST, encoding="utf-8") as handle:
            mutants = json.load(handle)
    except (OSError, ValueError) as error:
        fail(f"{LIST}: {error}")
    if not isinstance(mutants, list):
        fail(f"{LIST}: expected a JSON array of mutants")
    seen = set()
    for number, mutant in enumerate(mutants, start=1):
        where = f"{LIST}: mutant {number} ({mutant.get('id', 'no id')})"
        if not isinstance(mutant, dict):
            fail(f"{where}: not an object")
        missing = FIELDS - mutant.keys()
        unknown = mutant.keys() - FIELDS - OPTIONAL
        if missing or unknown:
            fail(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", mutant["id"]):
            fail(f"{where}: an id is lower-case letters, digits and '-'")
        if mutant["id"] in seen:
            fail(f"{where}: duplicate id")
        seen.add(mutant["id"])
        if mutant["original"] == mutant["replacement"]:
            fail(f"{where}: the replacement equals the original")
        check_snippet(mutant, os.path.join(ROOT, mutant["file"]), where)
    return mutants


def check_snippet(mutant, path, where):
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        fail(f"{where}: {error}")
    count = text.count(mutant["original"])
    if count != 1:
        fail(f"{where}: the original snippet occurs {count} times in {mutant['file']} (must be exactly once):\n"
             f"    {mutant['original']!r}")
    return text


def synchronise():
    """Copies the working tree into TREE like `rsync -a --delete --exclude '.build*'`."""
    skip_top = (".build", ".git", ".swiftpm")
    wanted = set()
    copied = 0
    for folder, dirs, files in os.walk(ROOT):
        rel_folder = os.path.relpath(folder, ROOT)
        if rel_folder == ".":
            dirs[:] = [d for d in dirs if not d.startswith(skip_top)]
            files = [f for f in files if not f.startswith(skip_top)]
        for name in dirs:
            wanted.add(os.path.normpath(os.path.join(rel_folder, name)))
            os.makedirs(os.path.join(TREE, rel_folder, name), exist_ok=True)
        for name in files:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            wanted.add(rel)
            source, target = os.path.join(ROOT, rel), os.path.join(TREE, rel)
            s = os.stat(source)
            try:
                t = os.stat(target)
                if t.st_size == s.st_size and int(t.st_mtime) == int(s.st_mtime):
                    continue
            except FileNotFoundError:
                pass
            shutil.copy2(source, target)
            copied += 1
    removed = 0
    for folder, dirs, files in os.walk(TREE, topdown=True):
        rel_folder = os.path.relpath(folder, TREE)
        if rel_folder == ".":
            dirs[:] = [d for d in dirs if not d.startswith(skip_top)]
            files = [f for f in files if not f.startswith(skip_top)]
        for name in list(dirs):
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if rel not in wanted:
                shutil.rmtree(os.path.join(TREE, rel))
                dirs.remove(name)
                removed += 1
        for name in files:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if rel not in wanted:
                os.remove(os.path.join(TREE, rel))
                removed += 1
    return copied, removed


def run(command, timeout=None):
    """Runs command in TREE; returns (exit status or 'timeout', seconds, output)."""
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=TREE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=timeout, text=True, errors="replace", start_new_session=True)
        return done.returncode, time.monotonic() - start, done.stdout
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout or ""
        if isinstance(output, bytes):
            output = output.decode("utf-8", "replace")
        return "timeout", time.monotonic() - start, output


def build():
    """What `make build-tests` builds: the test binary and the two programs the tests run."""
    seconds, output = 0.0, ""
    for product in ("AttestPackageTests", "attest", "attest-stress"):
        status, took, printed = run([SWIFT, "build", *BUILD_FLAGS, "--product", product])
        seconds, output = seconds + took, output + printed
        if status != 0:
            return status, seconds, output
    return 0, seconds, output


def test(filter_pattern):
    command = [SWIFT, "test", "--skip-build"]
    if filter_pattern:
        command += ["--filter", filter_pattern]
    return run(command, timeout=TIMEOUT)


FAILED_TEST = [
    re.compile(r'✘ Test (?!run with )(.+?) (?:recorded an issue|failed after)'),  # Swift Testing
    re.compile(r"Test Case '(.+?)' failed"),  # XCTest
]


def failed_tests(output):
    names = []
    for line in output.splitlines():
        for pattern in FAILED_TEST:
            match = pattern.search(line)
            if match and match.group(1) not in names:
                names.append(match.group(1))
    return names


def judge(status, output):
    """(outcome, detail) of a test run that did not pass."""
    if status == "timeout":
        return "killed (timeout)", f"no result after {TIMEOUT} s"
    names = failed_tests(output)
    if names:
        return "killed (tests)", "; ".join(names[:3]) + (f" (+{len(names) - 3} more)" if len(names) > 3 else "")
    crash = re.search(r"(signal code \d+|Fatal error: [^\n]*|unexpected signal[^\n]*)", output)
    if crash:
        return "killed (crash)", crash.group(1)[:120]
    return "killed (tests)", f"swift test exited {status}"


def last_lines(output, count=25):
    return "\n".join(output.rstrip().splitlines()[-count:])


def mutate(mutant):
    path = os.path.join(TREE, mutant["file"])
    text = check_snippet(mutant, path, f"mutant {mutant['id']} in the copy")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(mutant["original"], mutant["replacement"], 1))
    return path, text


def main():
    mutants = load_mutants()
    chosen = os.environ.get("MUTANTS", "").strip()
    if chosen:
        ids = [i.strip() for i in chosen.split(",") if i.strip()]
        known = {m["id"] for m in mutants}
        unknown = [i for i in ids if i not in known]
        if unknown:
            fail(f"MUTANTS names unknown mutants: {', '.join(unknown)}")
        by_id = {m["id"]: m for m in mutants}
        mutants = [by_id[i] for i in dict.fromkeys(ids)]  # in the order given
    full = os.environ.get("MUTANTS_FULL") == "1"
    confirm = os.environ.get("MUTANTS_NO_CONFIRM") != "1"
    os.makedirs(TREE, exist_ok=True)
    # Tests read the shared RFC 9162 vectors from ../shared beside the checkout: the copy sees
    # the same folder through a link beside it.
    shared = os.path.join(os.path.dirname(ROOT), "shared")
    link = os.path.join(SCRATCH, "shared")
    if os.path.isdir(shared) and not os.path.lexists(link):
        os.symlink(shared, link)
    # A termination restores the mutated file (the `finally` below) before exiting.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    copied, removed = synchronise()
    print(f"mutants: {len(mutants)} to run; copy in {os.path.relpath(TREE, ROOT)} ({copied} files copied, {removed} removed)",
          flush=True)

    status, seconds, output = build()
    if status != 0:
        fail(f"the unmutated copy does not build:\n{last_lines(output)}")
    print(f"mutants: unmutated copy built in {seconds:.0f} s", flush=True)
    if os.environ.get("MUTANTS_SKIP_BASELINE") != "1":
        filters = {None if full else m.get("filter") for m in mutants}
        pattern = None if None in filters else "|".join(sorted(f"(?:{f})" for f in filters))
        status, seconds, output = test(pattern)
        if status != 0:
            fail(f"the unmutated copy fails its tests ({judge(status, output)[1]}); fix the suite first:\n{last_lines(output)}")
        print(f"mutants: unmutated copy passes {'the whole suite' if pattern is None else 'the filtered tests'} "
              f"({seconds:.0f} s)", flush=True)

    results = []
    for number, mutant in enumerate(mutants, start=1):
        path, original_text = mutate(mutant)
        pattern = None if full else mutant.get("filter")
        began = time.monotonic()
        try:
            status, build_seconds, output = build()
            if status != 0:
                errors = [line for line in output.splitlines() if ": error:" in line]
                outcome, detail = "killed (build)", (errors[0] if errors else last_lines(output, 1))[-160:]
            else:
                status, _, output = test(pattern)
                if status == 0 and pattern and confirm:
                    print(f"  {mutant['id']}: survived its filter '{pattern}'; confirming with the whole suite", flush=True)
                    status, _, output = test(None)
                    pattern = None
                if status == 0 and "Test run with 0 tests" in output and not re.search(r"Executed [1-9]", output):
                    fail(f"mutant {mutant['id']}: no test matched the filter '{pattern}'; fix the filter")
                if status == 0:
                    outcome, detail = "survived", "every test passed" + (f" (filter '{pattern}')" if pattern else "")
                else:
                    outcome, detail = judge(status, output)
        finally:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(original_text)
        seconds = time.monotonic() - began
        results.append({"id": mutant["id"], "file": mutant["file"], "outcome": outcome, "detail": detail,
                        "filter": pattern, "seconds": round(seconds, 1), "description": mutant["description"]})
        print(f"[{number}/{len(mutants)}] {mutant['id']}: {outcome} in {seconds:.0f} s: {detail}", flush=True)

    with open(os.path.join(SCRATCH, "results.json"), "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)
        handle.write("\n")

    width = max([len(r["id"]) for r in results] + [2])
    print()
    print(f"{'id':<{width}}  {'result':<16}  {'s':>5}  killing test / reason")
    print(f"{'-' * width}  {'-' * 16}  {'-' * 5}  {'-' * 40}")
    for r in results:
        print(f"{r['id']:<{width}}  {r['outcome']:<16}  {r['seconds']:>5.0f}  {r['detail']}")
    survivors = [r for r in results if r["outcome"] == "survived"]
    killed = len(results) - len(survivors)
    print()
    print(f"mutants: {killed} of {len(results)} killed, {len(survivors)} survived; "
          f"{time.monotonic() - started:.0f} s in all")
    for r in survivors:
        print(f"  SURVIVED {r['id']} ({r['file']}): {r['description']}")
    if survivors:
        print("A survivor is a missing test: write the test that kills it (docs/testing.md); never delete the mutant.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
