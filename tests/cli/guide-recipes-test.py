#!/usr/bin/env python3
"""The command-line recipes of docs/guide.md, run as written by sh against the test server.

  guide-recipes-test.py --cli BIN --server BIN

Each block marked `<!-- cli-test: NAME sh -->` runs in a fresh folder with `gpt-image` on
PATH (the binary under test) and OPENAI_BASE_URL and OPENAI_API_KEY in the environment, as a
user with a key would run it; the folder starts with the files the recipe names as the user's
own (photo.png and mask.png for guide-edit). The test checks the files each recipe must write
and the requests the server received.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gimp-common"))
from gimp_batch import GUIDE, doc_example, start_test_server  # noqa: E402

KEY = "fake-key-for-guide-recipes"


def png(width, height, channels, pixel):
    """A PNG of 8-bit RGB (channels 3) or RGBA (4); pixel(x, y) -> a tuple of channels."""
    rows = b"".join(b"\0" + bytes(c for x in range(width) for c in pixel(x, y))
                    for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    colour_type = 6 if channels == 4 else 2
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def user_files(folder):
    """What guide-edit calls the user's own: a photo and a mask transparent in its middle."""
    with open(os.path.join(folder, "photo.png"), "wb") as f:
        f.write(png(256, 256, 3, lambda x, y: (x, y, 128)))
    with open(os.path.join(folder, "mask.png"), "wb") as f:
        f.write(png(256, 256, 4, lambda x, y: (0, 0, 0, 0 if 64 <= x < 192 and 64 <= y < 192
                                                else 255)))


def requests_received(base):
    admin = base.rsplit("/v1", 1)[0] + "/__admin/requests"
    with urllib.request.urlopen(admin, timeout=10) as r:
        return json.load(r)


# What each recipe must leave: files written, files not written, the routes it called.
EXPECTED = {
    "guide-loop": ({"out/a-red-fox-in-snow.png", "out/a-lighthouse-at-dusk.png"}, set(),
                   ["/images/generations", "/images/generations"]),
    "guide-edit": ({"out/boat-1.png", "out/boat-2.png"}, {"out/cover.png"},
                   ["/images/edits"]),
}


def run_recipe(name, a, work, failures):
    code = doc_example(GUIDE, "cli-test", name, "sh")
    folder = os.path.join(work, name)
    os.makedirs(folder)
    user_files(folder)
    bin_dir = os.path.join(work, "bin")
    server, base = start_test_server(a.server, KEY, os.path.join(work, f"url-{name}"))
    try:
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
                   OPENAI_BASE_URL=base, OPENAI_API_KEY=KEY, HOME=os.path.join(work, "home"),
                   XDG_CONFIG_HOME=os.path.join(work, "config"),
                   XDG_DATA_HOME=os.path.join(work, "data"))
        started = time.monotonic()
        proc = subprocess.run(["sh", "-e", "-c", code], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=120)
        seconds = time.monotonic() - started
        requests = requests_received(base)
    finally:
        server.terminate()
        server.wait()

    def expect(cond, what):
        if not cond:
            failures.append(f"{name}: {what}")

    written, not_written, routes = EXPECTED[name]
    expect(proc.returncode == 0, f"exit status {proc.returncode}, stderr: {proc.stderr!r}")
    for path in sorted(written):
        full = os.path.join(folder, path)
        expect(os.path.isfile(full) and open(full, "rb").read(8) == b"\x89PNG\r\n\x1a\n",
               f"{path} is a PNG")
    for path in sorted(not_written):
        expect(not os.path.exists(os.path.join(folder, path)), f"{path} not written")
    paths = [r.get("path", "") for r in requests]
    expect(len(paths) == len(routes) and all(p.endswith(r) for p, r in zip(paths, routes))
           and all(r.get("status") == 200 for r in requests),
           f"requests {[(r.get('path'), r.get('status')) for r in requests]}, expected {routes}")
    expect(KEY not in proc.stdout + proc.stderr, "the key never printed")
    print(f"{name}: exit {proc.returncode} in {seconds:.1f} s, "
          f"{len(requests)} request(s)\n{proc.stdout}{proc.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("recipes", nargs="*", default=list(EXPECTED))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="guide-recipes-")
    failures = []
    try:
        # `gpt-image` by name, as the recipes call it.
        os.makedirs(os.path.join(work, "bin"))
        os.symlink(os.path.abspath(a.cli), os.path.join(work, "bin", "gpt-image"))
        for name in a.recipes:
            run_recipe(name, a, work, failures)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
