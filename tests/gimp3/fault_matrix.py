"""The fault matrix through the plug-in: every case of tests/fault-matrix/cases.json in one
headless GIMP batch (gimp-batch-test.py scenario "fault-matrix").

For each case the batch resets the test server, queues the case's faults, writes the plug-in's
config file (its address, OPENAI_IMAGE_TIMEOUT, OPENAI_IMAGE_MAX_RETRIES=1, no results
folder), makes a fresh 64x64 image, runs the procedure and notes the error, the image before
and after (layers, dirty flag, a CRC of the pixels), the files the rescue folder gained and the requests the server saw.
check_rows() holds each row to the case's expectations; the rows go to --matrix-out for
tools/fault-matrix, which writes docs/fault-matrix.md.
"""
import json
import os
import socket

CASES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fault-matrix",
                          "cases.json")
DNS_URL = "http://gpt-image-fault-matrix.invalid/v1"

BATCH = r'''
import os, time, urllib.request, zlib
from gi.repository import Gegl
CASES = json.loads(CASES_JSON)
def admin(path, body=None):
    req = urllib.request.Request(ADMIN + path, data=body,
                                 method="POST" if body is not None else "GET")
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read()
def rescued():
    try:
        return sorted(os.listdir(RESCUE))
    except FileNotFoundError:
        return []
def state(image, drawable):
    rect = Gegl.Rectangle.new(0, 0, 64, 64)
    data = drawable.get_buffer().get(rect, 1.0, "R'G'B'A u8", Gegl.AbyssPolicy.NONE)
    return {"layers": len(image.get_layers()), "dirty": image.is_dirty(),
            "crc": zlib.crc32(bytes(data))}
rows = []
for case in CASES:
    if "pending" in case:
        continue
    req = case.get("request", {})
    admin("/reset", b"{}")
    if case.get("faults"):
        admin("/faults", json.dumps({"faults": case["faults"]}).encode())
    url = {"refused": REFUSED, "dns": DNS, "tls-self-signed": SELF_SIGNED}.get(
        case.get("address"), BASE)
    with open(CONFIG, "w") as f:
        # The rescue folder takes paid images only when the results folder is off.
        f.write("[gpt-image]\nOPENAI_BASE_URL=%s\nOPENAI_API_KEY=%s\n"
                "OPENAI_IMAGE_MAX_RETRIES=1\nOPENAI_IMAGE_TIMEOUT=%d\n"
                "OPENAI_IMAGE_RESULTS_FOLDER=off\n"
                % (url, KEY, req.get("timeout", 5)))
    image = Gimp.Image.new(64, 64, Gimp.ImageBaseType.RGB)
    bg = Gimp.Layer.new(image, "bg", 64, 64, Gimp.ImageType.RGBA_IMAGE, 100,
                        Gimp.LayerMode.NORMAL)
    image.insert_layer(bg, None, 0)
    buf = bg.get_buffer()
    buf.set(Gegl.Rectangle.new(0, 0, 64, 64), "R'G'B'A u8",
            bytes((x * 4) % 256 if c == 0 else (y * 4) % 256 if c == 1 else 255
                  for y in range(64) for x in range(64) for c in range(4)))
    buf.flush()
    image.clean_all()
    before, had = state(image, bg), rescued()
    name = "plug-in-gpt-image-generate"
    args = {"prompt": "fault matrix: " + case["id"], "size": "1024x1024",
            "partial_images": req.get("partial_images", 0)}
    if req.get("route") == "responses":
        name = "plug-in-gpt-image-respond"
    else:
        args.update(quality="low", n=req.get("n", 1))
    started = time.monotonic()
    res, err = run(name, image=image, drawables=(bg,), **args)
    seconds = time.monotonic() - started
    after = state(image, bg)
    recorded = json.loads(admin("/requests"))
    rows.append({"id": case["id"], "error": err, "seconds": seconds, "before": before,
                 "after": after, "rescued": [f for f in rescued() if f not in had],
                 "statuses": [r.get("status") for r in recorded],
                 "received": [r.get("received") for r in recorded]})
    image.delete()
out["rows"] = rows
'''


def refused_url():
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def cases():
    with open(CASES_FILE, encoding="utf-8") as f:
        return json.load(f)["cases"]


def batch_code(base, admin, key, config, rescue, self_signed):
    """The batch's Python body (after gimp-batch-test.py's prelude). self_signed: the base URL
    of a test server whose HTTPS certificate signs itself."""
    values = {"CASES_JSON": json.dumps(json.dumps(cases())), "BASE": json.dumps(base),
              "SELF_SIGNED": json.dumps(self_signed),
              "ADMIN": json.dumps(admin), "KEY": json.dumps(key), "CONFIG": json.dumps(config),
              "RESCUE": json.dumps(rescue), "REFUSED": json.dumps(refused_url()),
              "DNS": json.dumps(DNS_URL)}
    return "".join(f"{name} = {value}\n" for name, value in values.items()) + BATCH


def check_rows(out, rescue, expect):
    """Holds each row to its case; returns the rows for the matrix document."""
    rows = {r["id"]: r for r in out.get("rows", [])}
    matrix = []
    for case in cases():
        if "pending" in case:
            continue
        want = case["expect"]
        row = rows.get(case["id"])
        if row is None:
            expect(False, f"{case['id']}: the batch did not run it")
            continue
        failures = []

        def check(cond, what):
            if not cond:
                failures.append(what)
                expect(False, f"{case['id']}: {what}")

        kept = want.get("kept", {})
        before, after = row["before"], row["after"]
        added = after["layers"] - before["layers"]
        words = want.get("error")
        err = row.get("error") or ""
        if words is None:
            check(not err, f"unexpected error: {err}")
            check(added == kept.get("layers", 1), f"layers added: {added}")
        else:
            check(bool(err), "the procedure failed")
            for word in words:
                check(word in err, f"error mentions {word!r}: {err}")
            check(added == 0 and not after["dirty"] and after["crc"] == before["crc"],
                  f"image unchanged: {before} -> {after}")
        check(len(row["rescued"]) == kept.get("rescued", 0), f"rescued: {row['rescued']}")
        for name in row["rescued"]:
            with open(os.path.join(rescue, name), "rb") as f:
                check(f.read(8) == b"\x89PNG\r\n\x1a\n", f"{name} is a PNG")
            check(f"was saved to {os.path.join(rescue, name)}" in err,
                  f"the error says where {name} went: {err}")
        check(len(row["statuses"]) == want.get("requests", 1),
              f"requests: {row['statuses']}")
        timeout = case.get("request", {}).get("timeout", 5)
        # Two attempts, a backoff or Retry-After, and the plug-in's start (a few per run).
        check(row["seconds"] < 2 * timeout + 10, f"took {row['seconds']:.1f} s")
        received = row.get("received") or []
        gap = received[1] - received[0] if len(received) == 2 else 0
        if "min_gap" in want:
            check(gap >= want["min_gap"], f"gap between the attempts: {gap:.2f} s")
        matrix.append({"id": case["id"], "error": err, "layers_added": added,
                       "unchanged": added == 0 and after["crc"] == before["crc"]
                       and not after["dirty"],
                       "rescued": len(row["rescued"]), "seconds": row["seconds"],
                       "statuses": row["statuses"], "gap": gap, "passed": not failures})
    leftovers = [n for n in (os.listdir(rescue) if os.path.isdir(rescue) else [])
                 if n.startswith(".")]
    expect(not leftovers, f"temporary files left in the rescue folder: {leftovers}")
    return matrix
