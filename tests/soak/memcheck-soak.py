#!/usr/bin/env python3
"""The soak under valgrind's memcheck, twice: for N and for 2N requests.

  memcheck-soak.py --valgrind PATH [--suppressions FILE]... [--requests N] -- SOAK [ARGS...]

SOAK is run with its ARGS and `--requests N`. Each run must have no invalid access and no
definite leak (--error-exitcode). A GObject that is never released is no "definite" leak to
memcheck (the pointer to it points inside its block, and GLib may still reach it), so the two
runs are also compared: what is left "possibly lost" or "still reachable" at exit must not grow
with the number of requests by more than 4 KiB. Allocations made once, when the soak first
meets a kind of fault or GLib first starts a worker thread, grow it by about 2 KiB somewhere in
the first 25 requests (the same after 25 as after 50), hence N = 25 by default; a leak of 164
bytes or more a request passes 4 KiB over the 25 more requests, and a SoupSession leaked per
request (2.5 KB possibly lost and 2.8 KB reachable) passes it many times over.
"""
import argparse
import os
import re
import subprocess
import sys

SLACK_BYTES = 4096
RATIO = 2


def left_at_exit(log):
    """The bytes memcheck found possibly lost and still reachable, from its summary."""
    found = {}
    for kind in ("possibly lost", "still reachable"):
        m = re.search(kind + r": ([\d,]+) bytes", log)
        found[kind] = int(m.group(1).replace(",", "")) if m else 0
    return found


def run(a, requests):
    env = dict(os.environ, G_SLICE="always-malloc")
    command = [a.valgrind, "--tool=memcheck", "--leak-check=full",
               "--errors-for-leak-kinds=definite", "--error-exitcode=1"]
    command += [f"--suppressions={s}" for s in a.suppressions]
    command += a.soak + ["--requests", str(requests)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    log = proc.stdout + proc.stderr
    summary = [line for line in log.splitlines()
               if re.search(r"(lost|reachable|suppressed):|ERROR SUMMARY", line)]
    print(f"--- {requests} requests, exit {proc.returncode}")
    print("\n".join(summary))
    if proc.returncode != 0:
        print(log[-20000:])
    return proc.returncode, left_at_exit(log)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--valgrind", required=True)
    ap.add_argument("--suppressions", action="append", default=[])
    ap.add_argument("--requests", type=int, default=25)
    ap.add_argument("soak", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    if a.soak[:1] == ["--"]:
        a.soak = a.soak[1:]
    if not a.soak:
        ap.error("the soak command is missing after --")
    status_small, small = run(a, a.requests)
    status_large, large = run(a, RATIO * a.requests)
    failures = []
    if status_small or status_large:
        failures.append("memcheck found errors (see above)")
    for kind in small:
        growth = large[kind] - small[kind]
        print(f"{kind}: {small[kind]} bytes after {a.requests} requests, {large[kind]} after "
              f"{RATIO * a.requests} ({growth:+d})")
        if growth > SLACK_BYTES:
            failures.append(f"{kind} grew by {growth} bytes with {(RATIO - 1) * a.requests} "
                            "more requests")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
