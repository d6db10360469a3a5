#!/usr/bin/env python3
"""One headless GIMP 3 batch scenario against gpt-image-test-server.

  gimp-batch-test.py --plugin FOLDER --server BIN --interpreter python|scriptfu SCENARIO

Makes a throwaway GIMP3_DIRECTORY with the plug-in at plug-ins/gpt-image/gpt-image, a config
file for the plug-in (XDG_CONFIG_HOME), starts the test server on port 0, runs
gimp-console-3.0 with a batch that writes its findings to a JSON file, then checks them, the
server's recorded requests, leftover temporary files and that the key is in no profile file.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gimp-common"))
import bad_input  # noqa: E402
import fault_matrix  # noqa: E402
import provenance  # noqa: E402
from gimp_batch import (SF_EDIT_MEASURE, Scenario, check_edit, check_fit,  # noqa: E402
                        check_requests, GUIDE, doc_example, start_test_server)
from test_outcome import finish  # noqa: E402

KEY = "fake-key-for-gimp3-batch-tests-7f3c9e"
# The canary scenario's key, given only in GIMP's environment: no file may ever hold it.
CANARY = "fake-key-CANARY-gimp3-5e1f0a9d"
# settings-dialog: the key GIMP's environment gives, overriding the saved KEY.
ENV_KEY = "fake-key-from-environment-gimp3-b47d"

# Scenario: (faults, config extras, python body, script-fu body, expectation)
# Python bodies run with img (a 64x64 RGB image with one layer "bg"), layer, run(name, **args)
# and out (a dict written to the result file).
SUCCESS = {"generate-n2", "new", "partials", "respond-twice", "conversation", "rate-limit-then-success", "edit",
           "edit-rgb", "table-values", "keyring", "tls-settings", "prompt-history",
           "provenance", "repeat"}

PY_PRELUDE = r'''
import json
from gi.repository import Gimp, Gio
out = {}
img = Gimp.Image.new(64, 64, Gimp.ImageBaseType.RGB)
layer = Gimp.Layer.new(img, "bg", 64, 64, Gimp.ImageType.RGBA_IMAGE, 100, Gimp.LayerMode.NORMAL)
img.insert_layer(layer, None, 0)
img.clean_all()
def run(name, image=img, drawables=(layer,), **args):
    proc = Gimp.get_pdb().lookup_procedure(name)
    cfg = proc.create_config()
    cfg.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    if image is not None and name != "plug-in-gpt-image-new":
        cfg.set_property("image", image)
        cfg.set_core_object_array("drawables", list(drawables))
    for k, v in args.items():
        cfg.set_property(k.replace("_", "-"), v)
    res = proc.run(cfg)
    status = res.index(0)
    if status != Gimp.PDBStatusType.SUCCESS:
        return None, str(res.index(1)) if res.length() > 1 else str(status)
    return res, None
'''


# Prepended to the Python edit scenarios: a 96x80 image; "bg" is a 72x64 gradient layer at offset (16, 8); "ref" is a
# hidden 40x30 layer sent as a second image; a feathered ellipse is selected.
EDIT_SETUP = r"""
from gi.repository import Gegl
eimg = Gimp.Image.new(96, 80, Gimp.ImageBaseType.RGB)
bg = Gimp.Layer.new(eimg, "bg", 72, 64, Gimp.ImageType.RGBA_IMAGE, 100, Gimp.LayerMode.NORMAL)
eimg.insert_layer(bg, None, 0)
bg.set_offsets(16, 8)
ref = Gimp.Layer.new(eimg, "ref", 40, 30, Gimp.ImageType.RGBA_IMAGE, 100, Gimp.LayerMode.NORMAL)
eimg.insert_layer(ref, None, 0)
ref.set_visible(False)
eimg.set_selected_layers([bg])
def rect(x, y, w, h):
    return Gegl.Rectangle.new(x, y, w, h)
def pixels(drawable, fmt="R'G'B'A u8"):
    w, h = drawable.get_width(), drawable.get_height()
    return drawable.get_buffer().get(rect(0, 0, w, h), 1.0, fmt, Gegl.AbyssPolicy.NONE)
def fill(layer, fn):
    w, h = layer.get_width(), layer.get_height()
    data = bytearray()
    for y in range(h):
        for x in range(w):
            data += bytes(fn(x, y))
    buf = layer.get_buffer()
    buf.set(rect(0, 0, w, h), "R'G'B'A u8", bytes(data))
    buf.flush()
    layer.update(0, 0, w, h)
fill(bg, lambda x, y: (x * 255 // 71, y * 255 // 63, (x * 7 + y * 5) % 256, 255))
fill(ref, lambda x, y: (200, x * 6, y * 8, 255))
eimg.select_ellipse(Gimp.ChannelOps.REPLACE, 30, 22, 36, 28)
Gimp.Selection.feather(eimg, 6.0)
eimg.clean_all()
def composite(image):
    dup = image.duplicate()
    flat = dup.flatten()
    data = pixels(flat)
    dup.delete()
    return data
"""

PY_BODIES = {
    "edit": r"""
sel = pixels(eimg.get_selection(), "Y u8")
before = composite(eimg)
src_before = pixels(bg)
_, nonempty, sx1, sy1, sx2, sy2 = Gimp.Selection.bounds(eimg)
res, err = run("plug-in-gpt-image-edit", image=eimg, drawables=(bg, ref),
               prompt="a small red boat", padding=8)
out["error"] = err
out["selection"] = [sx1, sy1, sx2, sy2]
out["layer"] = list(bg.get_offsets()[1:]) + [bg.get_width(), bg.get_height()]
# The layer that was not there before (the returned array is opaque to Python).
added = [l for l in eimg.get_layers() if l.get_id() not in (bg.get_id(), ref.get_id())]
out["added"] = len(added)
new = added[0] if res and added else None
if new:
    _, nx, ny = new.get_offsets()
    nw, nh = new.get_width(), new.get_height()
    out["new"] = [nx, ny, nw, nh]
    out["new_has_mask"] = new.get_mask() is not None
    out["new_above_bg"] = eimg.get_item_position(new) < eimg.get_item_position(bg)
    after = composite(eimg)
    W = eimg.get_width()
    out["outside_changed"] = sum(1 for i in range(len(sel))
                                 if sel[i] == 0 and before[4 * i:4 * i + 4] != after[4 * i:4 * i + 4])
    out["outside_count"] = sum(1 for v in sel if v == 0)
    # The new layer's own pixels against the source where fully selected (must be new) and
    # where not selected at all (kept by the server, up to resampling).
    npx = pixels(new)
    inside = differ = outside_kept = outside_in_region = 0
    for y in range(nh):
        for x in range(nw):
            ix, iy = nx + x, ny + y
            s = sel[iy * W + ix]
            lx, ly = ix - 16, iy - 8
            a = npx[4 * (y * nw + x):4 * (y * nw + x) + 3]
            b = src_before[4 * (ly * 72 + lx):4 * (ly * 72 + lx) + 3]
            d = sum(abs(p - q) for p, q in zip(a, b))
            if s == 255:
                inside += 1
                differ += d > 24
            elif s == 0:
                outside_in_region += 1
                outside_kept += d <= 24
    out["inside"] = inside
    out["inside_differ"] = differ
    out["outside_in_region"] = outside_in_region
    out["outside_kept"] = outside_kept
out["source_unchanged"] = pixels(bg) == src_before and list(bg.get_offsets()[1:]) == [16, 8]
out["layers"] = len(eimg.get_layers())
""",
    "edit-moderation": r"""
src_before = pixels(bg)
res, err = run("plug-in-gpt-image-edit", image=eimg, drawables=(bg,), prompt="a small red boat")
out["error"] = err
out["layers"] = len(eimg.get_layers())
out["dirty"] = eimg.is_dirty()
out["source_unchanged"] = pixels(bg) == src_before
""",
    "generate-n2": r'''
# "top" is the selected layer; the run is given "bg": the results go directly above "bg".
top = Gimp.Layer.new(img, "top", 64, 64, Gimp.ImageType.RGBA_IMAGE, 100, Gimp.LayerMode.NORMAL)
img.insert_layer(top, None, 0)
img.set_selected_layers([top])
img.clean_all()
res, err = run("plug-in-gpt-image-generate", prompt="a red fox in snow", n=2, size="1024x1024")
out["error"] = err
out["layers"] = [l.get_name() for l in img.get_layers()]
out["sizes"] = [[l.get_width(), l.get_height()] for l in img.get_layers()]
''',
    "new": r'''
res, err = run("plug-in-gpt-image-new", image=None, prompt="a lighthouse", size="1536x1024")
out["error"] = err
new = res.index(1) if res else None
out["size"] = [new.get_width(), new.get_height()] if new else None
out["layers"] = len(new.get_layers()) if new else 0
''',
    "partials": r'''
res, err = run("plug-in-gpt-image-generate", prompt="a kite", partial_images=2, size="1024x1024")
out["error"] = err
out["layers"] = len(img.get_layers())
''',
    "respond-twice": r'''
res1, err1 = run("plug-in-gpt-image-respond", prompt="a blue teapot", size="1024x1024")
img.select_ellipse(Gimp.ChannelOps.REPLACE, 16, 16, 32, 32)
res2, err2 = run("plug-in-gpt-image-respond", prompt="make it red", size="1024x1024",
                 send_layer=True, action="edit")
out["error"] = err1 or err2
out["ids"] = [res1.index(2) if res1 else None, res2.index(2) if res2 else None]
p = img.get_parasite("gpt-image-response-id")
out["parasite"] = bytes(p.get_data()).decode() if p else None
out["layers"] = len(img.get_layers())
''',
    # An HTTPS server with its own authority: refused until the Settings procedure stores the
    # CA bundle; then a proxy stored there is the way out (nothing listens there).
    "tls-settings": r'''
res, untrusted = run("plug-in-gpt-image-generate", prompt="a lighthouse", size="1024x1024")
res, err1 = run("plug-in-gpt-image-settings", image=None, ca_bundle=CA_BUNDLE)
res, err2 = run("plug-in-gpt-image-generate", prompt="a lighthouse", size="1024x1024")
res, err3 = run("plug-in-gpt-image-settings", image=None, proxy="http://127.0.0.1:1")
res, dead_proxy = run("plug-in-gpt-image-generate", prompt="a lighthouse", size="1024x1024")
out["untrusted"] = untrusted
out["error"] = err1 or err2 or err3
out["dead_proxy"] = dead_proxy
out["layers"] = len(img.get_layers())
''',
    # Values the parameter table offers GIMP: xhigh on a 2.5 model; an empty model argument is
    # the configured one (OPENAI_RESPONSES_MODEL for a conversation).
    "table-values": r'''
res, err = run("plug-in-gpt-image-generate", prompt="a red fox", size="1024x1024",
               model="gpt-image-2.5-flare", quality="xhigh")
res2, err2 = run("plug-in-gpt-image-respond", prompt="a teapot", size="1024x1024")
out["error"] = err or err2
''',
    "rate-limit-then-success": r'''
res, err = run("plug-in-gpt-image-generate", prompt="a red fox in snow", size="1024x1024")
out["error"] = err
out["layers"] = len(img.get_layers())
''',
}
# The image's conversation: two runs continue it (turn 2), new-conversation starts afresh
# (turn 1, no previous id sent), which a given previous-response-id contradicts (refused before
# sending); the turn survives an XCF; an image with the id alone (saved before turns were
# counted) goes on continuing, uncounted.
PY_BODIES["conversation"] = r'''
def parasite(image, name):
    p = image.get_parasite(name)
    return bytes(p.get_data()).decode() if p else None
def turn(image=img):
    return parasite(image, "gpt-image-conversation-turn")
def respond(prompt, **args):
    res, err = run("plug-in-gpt-image-respond", prompt=prompt, size="1024x1024", **args)
    return (res.index(2) if res else None), err
runs = [respond("a blue teapot"), respond("make it red")]
turns = [turn()]
refused = respond("a kettle", new_conversation=True, previous_response_id="resp_elsewhere")
runs.append(respond("a green kettle", new_conversation=True))
turns.append(turn())
path = XCF.replace("N", "conversation")
Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, img, Gio.File.new_for_path(path), None)
back = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
out["reloaded"] = [parasite(back, "gpt-image-response-id"), turn(back)]
img.detach_parasite("gpt-image-conversation-turn")
runs.append(respond("a kettle from an old file"))
turns.append(turn())
out["ids"] = [r[0] for r in runs]
out["error"] = "; ".join(r[1] for r in runs if r[1])
out["refused"] = refused[1]
out["turns"] = turns
out["layers"] = len(img.get_layers())
'''
# No size given: each run asks for its canvas's (or region's) matched size and the result
# covers the canvas exactly; repeated runs and variations get distinct names.
PY_BODIES["fit"] = r'''
def make(w, h):
    im = Gimp.Image.new(w, h, Gimp.ImageBaseType.RGB)
    bg = Gimp.Layer.new(im, "bg", w, h, Gimp.ImageType.RGBA_IMAGE, 100, Gimp.LayerMode.NORMAL)
    im.insert_layer(bg, None, 0)
    return im, bg
def info(l):
    return [l.get_name(), l.get_width(), l.get_height()] + list(l.get_offsets()[1:])
errors = []
def attempt(name, **args):
    res, err = run(name, **args)
    errors.append(err)
im1, bg1 = make(1024, 768)
attempt("plug-in-gpt-image-generate", image=im1, drawables=(bg1,), prompt="a red fox")
out["generate_1024"] = [info(l) for l in im1.get_layers()]
im2, bg2 = make(1920, 1080)
attempt("plug-in-gpt-image-generate", image=im2, drawables=(bg2,), prompt="a red fox", n=2)
attempt("plug-in-gpt-image-generate", image=im2, drawables=(bg2,), prompt="a red fox", n=2)
out["generate_1920"] = [info(l) for l in im2.get_layers()]
im3, bg3 = make(1024, 768)
attempt("plug-in-gpt-image-respond", image=im3, drawables=(bg3,), prompt="a teapot")
out["respond_1024"] = [info(l) for l in im3.get_layers()]
im4, bg4 = make(1024, 768)
attempt("plug-in-gpt-image-edit", image=im4, drawables=(bg4,), prompt="make it blue", padding=0)
out["edit_whole"] = [info(l) for l in im4.get_layers()]
im4.select_rectangle(Gimp.ChannelOps.REPLACE, 100, 200, 500, 300)
attempt("plug-in-gpt-image-edit", image=im4, drawables=(bg4,), prompt="a boat", padding=0)
out["edit_selection"] = [info(l) for l in im4.get_layers()]
out["errors"] = errors
'''
# Needs an X display (xvfb-run): WITH_LAST_VALS shows the progress dialog, whose Cancel the
# plug-in presses itself after GPT_IMAGE_GIMP_TEST_CANCEL_AFTER_MS while the server stalls.
PY_BODIES["cancel"] = r'''
import time
proc = Gimp.get_pdb().lookup_procedure("plug-in-gpt-image-generate")
cfg = proc.create_config()
cfg.set_property("run-mode", Gimp.RunMode.WITH_LAST_VALS)
cfg.set_property("image", img)
cfg.set_core_object_array("drawables", [layer])
started = time.monotonic()
res = proc.run(cfg)
out["seconds"] = time.monotonic() - started
out["cancelled"] = res.index(0) == Gimp.PDBStatusType.CANCEL
out["layers"] = len(img.get_layers())
out["dirty"] = img.is_dirty()
'''
# Needs an X display (xvfb-run): the Generate dialog, driven through
# GPT_IMAGE_GIMP_TEST_DIALOG (steps) and _REPORT (what it showed, one JSON line per report).
PY_BODIES["dialog"] = r"""
import urllib.request
def fault(kind):
    req = urllib.request.Request(ADMIN + "/faults", method="POST", data=json.dumps(
        {"faults": [{"kind": kind}]}).encode())
    req.add_header("Content-Type", "application/json")
    urllib.request.urlopen(req, timeout=10).read()
def interactive(steps, **args):
    open(STEPS, "w").write(steps)
    proc = Gimp.get_pdb().lookup_procedure("plug-in-gpt-image-generate")
    cfg = proc.create_config()
    cfg.set_property("run-mode", Gimp.RunMode.INTERACTIVE)
    cfg.set_property("image", img)
    cfg.set_core_object_array("drawables", [layer])
    for k, v in args.items():
        cfg.set_property(k.replace("_", "-"), v)
    return proc.run(cfg).index(0).value_nick
statuses = []
# Refused in the dialog: two images with streamed previews; then Cancel.
statuses.append(interactive("ok;report;cancel", prompt="two foxes", n=2, partial_images=1))
# Accepted, sent, refused by the server: the values must survive.
fault("moderation_blocked")
statuses.append(interactive("ok", prompt="a kept fox", model="gpt-image-2.5-flare",
                            quality="xhigh", size="1024x1536"))
# Reopened with nothing given; then the model picked from the list is gpt-image-2.
statuses.append(interactive("report;set:model=gpt-image-2;report;cancel"))
# No key: the dialog offers the Settings.
open(CONFIG, "w").write("".join(l for l in open(CONFIG) if not l.startswith("OPENAI_API_KEY")))
statuses.append(interactive("ok;report;cancel", prompt="a fox without a key"))
out["statuses"] = statuses
out["reports"] = [json.loads(l) for l in open(REPORT)]
"""
# Needs an X display (xvfb-run): the Conversation dialog says the image's turn, and its
# new-conversation switch holds for one run only.
PY_BODIES["conversation-dialog"] = r"""
def interactive(steps, **args):
    open(STEPS, "w").write(steps)
    proc = Gimp.get_pdb().lookup_procedure("plug-in-gpt-image-respond")
    cfg = proc.create_config()
    cfg.set_property("run-mode", Gimp.RunMode.INTERACTIVE)
    cfg.set_property("image", img)
    cfg.set_core_object_array("drawables", [layer])
    for k, v in args.items():
        cfg.set_property(k.replace("_", "-"), v)
    return proc.run(cfg).index(0).value_nick
statuses = [interactive("report;cancel")]
errors = [run("plug-in-gpt-image-respond", prompt=p, size="1024x1024")[1]
          for p in ("a blue teapot", "make it red")]
statuses.append(interactive("report;set:new-conversation=1;report;cancel"))
statuses.append(interactive("set:prompt=a fresh start;set:size=1024x1024;"
                            "set:new-conversation=1;ok"))
statuses.append(interactive("report;cancel"))
p = img.get_parasite("gpt-image-conversation-turn")
out["turn"] = bytes(p.get_data()).decode() if p else None
out["error"] = "; ".join(e for e in errors if e)
out["statuses"] = statuses
out["reports"] = [json.loads(l) for l in open(REPORT)]
"""
# About 200 calls, half a minute.
PY_BODIES["bad-input"] = bad_input.PY_BODY
# Every procedure, with and without the test server's key_echo faults (the key repeated in a
# 401, in a stream's error event, in revised prompts), the Settings procedure, and every
# image saved as XCF.
PY_BODIES["canary"] = r'''
import urllib.request
def fault(kind):
    req = urllib.request.Request(ADMIN + "/faults", method="POST", data=json.dumps(
        {"faults": [{"kind": kind, "retry_after": 0, "delay": 0.1}]}).encode())
    req.add_header("Content-Type", "application/json")
    urllib.request.urlopen(req, timeout=10).read()
errors = {}
def attempt(label, kind, name, **args):
    if kind:
        fault(kind)
    res, err = run(name, **args)
    errors[label] = err
    return res
img.select_ellipse(Gimp.ChannelOps.REPLACE, 16, 16, 32, 32)
attempt("generate", None, "plug-in-gpt-image-generate", prompt="a canary", size="1024x1024")
attempt("generate-revised", "key_echo_revised_prompt", "plug-in-gpt-image-generate",
        prompt="a canary", size="1024x1024")
attempt("generate-401", "key_echo_error", "plug-in-gpt-image-generate", prompt="a canary",
        size="1024x1024")
attempt("generate-stream-error", "key_echo_stream_error", "plug-in-gpt-image-generate",
        prompt="a canary", size="1024x1024", partial_images=1)
attempt("edit", "key_echo_revised_prompt", "plug-in-gpt-image-edit", prompt="a canary")
attempt("edit-401", "key_echo_error", "plug-in-gpt-image-edit", prompt="a canary")
attempt("respond", "key_echo_revised_prompt", "plug-in-gpt-image-respond", prompt="a canary",
        size="1024x1024")
attempt("respond-stream-error", "key_echo_stream_error", "plug-in-gpt-image-respond",
        prompt="a canary", size="1024x1024", partial_images=1)
new = attempt("new", "key_echo_revised_prompt", "plug-in-gpt-image-new", image=None,
              prompt="a canary", size="1024x1024")
attempt("settings", None, "plug-in-gpt-image-settings", image=None, timeout=77)
out["errors"] = errors
saved = []
for i, image in enumerate([img] + ([new.index(1)] if new else [])):
    path = XCF.replace("N", str(i))
    if Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(path), None):
        saved.append(path)
out["saved"] = saved
out["layers"] = len(img.get_layers())
'''
# Provenance: two results, each layer's parasite read, saved as XCF and read back, read by
# the Info procedure; an answer that cannot become a layer; a layer without provenance. The
# results folder (the default: HOME/Pictures/gpt-image) is checked outside.
PY_BODIES["provenance"] = r'''
import urllib.request
def prov(l):
    p = l.get_parasite("gpt-image-provenance")
    return [bytes(p.get_data()).decode(), p.get_flags()] if p else None
res, err = run("plug-in-gpt-image-generate", prompt="a provenance fox", size="1024x1024", n=2)
out["error"] = err
new = [l for l in img.get_layers() if l.get_id() != layer.get_id()]
out["parasites"] = [prov(l) for l in new]
path = XCF.replace("N", "0")
out["saved"] = Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, img, Gio.File.new_for_path(path), None)
back = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(path))
out["reopened"] = [prov(l) for l in back.get_layers()]
if new:
    info, ierr = run("plug-in-gpt-image-info", drawables=(new[0],))
    out["info_error"] = ierr
    if info:
        out["info"] = [info.index(i) for i in range(1, info.length())]
none, out["info_none"] = run("plug-in-gpt-image-info", drawables=(layer,))
req = urllib.request.Request(ADMIN + "/faults", method="POST", data=json.dumps(
    {"faults": [{"kind": "not_an_image"}]}).encode())
req.add_header("Content-Type", "application/json")
urllib.request.urlopen(req, timeout=10).read()
res, out["broken"] = run("plug-in-gpt-image-generate", prompt="a broken fox", size="1024x1024")
out["layers"] = len(img.get_layers())
'''
# The key only in the keyring (put there by `gpt-image store-key`): the plug-in reads it
# back, and the batch Settings procedure writes the config file without it.
PY_BODIES["keyring"] = r'''
res, err = run("plug-in-gpt-image-generate", prompt="a key from the keyring", size="1024x1024")
res2, err2 = run("plug-in-gpt-image-settings", image=None, timeout=77)
res3, err3 = run("plug-in-gpt-image-generate", prompt="again", size="1024x1024")
out["error"] = err or err2 or err3
out["layers"] = len(img.get_layers())
'''
# The prompt history over two GIMP sessions: every procedure records what it sends, newest
# first, a reused prompt moves to the top, the key is redacted; a new GIMP keeps the history,
# and Settings empties it. Each batch reads the history file as the dialogs do.
HISTORY_READER = r'''
import os
def history_lines():
    path = os.path.join(os.environ["XDG_CONFIG_HOME"], "gpt-image", "prompt-history")
    return open(path).read().splitlines() if os.path.exists(path) else None
'''
PROMPT_HISTORY_SESSIONS = [HISTORY_READER + r'''
errors = []
for name, prompt in [("plug-in-gpt-image-generate", "a red fox"),
                     ("plug-in-gpt-image-respond", "a blue whale"),
                     ("plug-in-gpt-image-generate", "a sign that reads KEY"),
                     ("plug-in-gpt-image-new", "a red fox")]:
    res, err = run(name, image=None if name.endswith("-new") else img, prompt=prompt,
                   size="1024x1024")
    errors.append(err)
out["error"] = next((e for e in errors if e), None)
out["first_session"] = history_lines()
out["layer_names"] = [l.get_name() for l in img.get_layers()]
''', HISTORY_READER + r'''
# The Generate dialog of this new GIMP (answered Cancel by the probe) offers the history.
from gi.repository import GObject
proc = Gimp.get_pdb().lookup_procedure("plug-in-gpt-image-generate")
cfg = proc.create_config()
cfg.set_property("run-mode", Gimp.RunMode.INTERACTIVE)
cfg.set_property("image", img)
cfg.set_core_object_array("drawables", [layer])
# No last values yet: GIMP 3.0's entries take a NULL text with a Gtk-CRITICAL (not this test's
# subject), so the texts start empty as after a first run.
for spec in cfg.list_properties():
    if spec.value_type == GObject.TYPE_STRING and cfg.get_property(spec.name) is None:
        cfg.set_property(spec.name, "")
out["dialog_cancelled"] = proc.run(cfg).index(0) == Gimp.PDBStatusType.CANCEL
res, err = run("plug-in-gpt-image-generate", prompt="a green tree", size="1024x1024")
out["after_restart"] = history_lines()
res, err2 = run("plug-in-gpt-image-settings", image=None, clear_prompt_history=True)
out["after_clear"] = history_lines()
res, err3 = run("plug-in-gpt-image-generate", prompt="after clearing", size="1024x1024")
out["after_next_run"] = history_lines()
out["error"] = err or err2 or err3
''']
# Older prompts already in the file: more than the history keeps.
HISTORY_SEED = [f"old prompt {i}" for i in range(60)]
PY_BODIES["prompt-history"] = PROMPT_HISTORY_SESSIONS[0].replace(
    '"a sign that reads KEY"', json.dumps("a sign that reads " + KEY))

# Needs an X display: the Info dialog's "Use These Settings" button (clicked by the test probe)
# opens the Generate dialog with the result layer's prompt and settings (the probe cancels it:
# it has no such button).
PY_BODIES["info-reuse"] = r'''
res, err = run("plug-in-gpt-image-generate", prompt="a reused fox", size="1024x1024",
               quality="low")
out["error"] = err
result = img.get_layers()[0]
proc = Gimp.get_pdb().lookup_procedure("plug-in-gpt-image-info")
cfg = proc.create_config()
cfg.set_property("run-mode", Gimp.RunMode.INTERACTIVE)
cfg.set_property("image", img)
cfg.set_core_object_array("drawables", [result])
out["info_ok"] = proc.run(cfg).index(0) == Gimp.PDBStatusType.SUCCESS
out["layers"] = len(img.get_layers())
'''

# Needs an X display: the Settings dialog, read by the plug-in's test probe (which then presses
# Save), with a key in the environment that overrides the saved one.
PY_BODIES["settings-dialog"] = r'''
proc = Gimp.get_pdb().lookup_procedure("plug-in-gpt-image-settings")
cfg = proc.create_config()
cfg.set_property("run-mode", Gimp.RunMode.INTERACTIVE)
res = proc.run(cfg)
out["saved"] = res.index(0) == Gimp.PDBStatusType.SUCCESS
'''

# Needs an X display too: the progress window while a 429's Retry-After is waited out, its
# status line logged to STATUS_LOG by the plug-in (GPT_IMAGE_GIMP_TEST_STATUS_LOG).
PY_BODIES["progress-retry"] = PY_BODIES["cancel"]
PROGRESS_RETRY_AFTER = 3

# Needs an X display: OPENAI_IMAGE_CONFIRM_ABOVE below the estimate asks Yes/No before sending
# (the plug-in answers No itself, GPT_IMAGE_GIMP_TEST_ANSWER): nothing is sent and the run ends
# as CANCEL; with the threshold above the estimate the same run goes out without a question.
PY_BODIES["confirm-cost"] = r'''
import urllib.request
def run_last():
    proc = Gimp.get_pdb().lookup_procedure("plug-in-gpt-image-generate")
    cfg = proc.create_config()
    cfg.set_property("run-mode", Gimp.RunMode.WITH_LAST_VALS)
    cfg.set_property("image", img)
    cfg.set_core_object_array("drawables", [layer])
    return proc.run(cfg).index(0)
def sent():
    return len(json.loads(urllib.request.urlopen(ADMIN + "/requests", timeout=10).read()))
out["asked_cancelled"] = run_last() == Gimp.PDBStatusType.CANCEL
out["sent_after_no"] = sent()
out["layers_after_no"] = len(img.get_layers())
text = open(CONFIG_PATH).read().replace("OPENAI_IMAGE_CONFIRM_ABOVE=0.001",
                                        "OPENAI_IMAGE_CONFIRM_ABOVE=100")
open(CONFIG_PATH, "w").write(text)
out["below_ok"] = run_last() == Gimp.PDBStatusType.SUCCESS
out["sent_below"] = sent()
out["layers"] = len(img.get_layers())
'''

# Filters > Repeat: WITH_LAST_VALS runs with GIMP's last-used values (the file GIMP writes
# after an interactive run) and no dialog; it sends what a run with those values sends. Needs an
# X display: the run shows the progress dialog.
PY_BODIES["repeat"] = r'''
def repeat():
    proc = Gimp.get_pdb().lookup_procedure("plug-in-gpt-image-generate")
    cfg = proc.create_config()
    cfg.set_property("run-mode", Gimp.RunMode.WITH_LAST_VALS)
    cfg.set_property("image", img)
    cfg.set_core_object_array("drawables", [layer])
    return proc.run(cfg).index(0) == Gimp.PDBStatusType.SUCCESS
res, err = run("plug-in-gpt-image-generate", prompt="a repeated fox", quality="low", n=2,
               size="1024x1024")
out["error"] = err
out["repeated"] = [repeat(), repeat()]
out["layers"] = [l.get_name() for l in img.get_layers()]
'''
REPEAT_LAST_VALUES = '(prompt "a repeated fox")\n(size "1024x1024")\n(quality "low")\n(n 2)\n'
# The same Cancel while the plug-in waits out a 429's Retry-After before its retry.
PY_BODIES["cancel-backoff"] = PY_BODIES["cancel"]
CANCEL_LAST_VALUES = '(prompt "a cancelled fox")\n(size "1024x1024")\n'
CANCEL_STALL_SECONDS = 30

ERROR_BODY = r'''
res, err = run("plug-in-gpt-image-generate", prompt="a red fox in snow", size="1024x1024",
               partial_images=PARTIALS)
out["error"] = err
out["layers"] = len(img.get_layers())
out["dirty"] = img.is_dirty()
'''
PY_EPILOGUE = r'''
with open(RESULT, "w") as f:
    json.dump(out, f)
'''

SF_BODIES = {
    # The Python edit scenario's image and checks, in Script-Fu (only "bg", filled with a
    # gradient; pixels compared one PDB call at a time, which is fast enough at this size).
    "edit": r"""
(define (px d x y) (car (gimp-drawable-get-pixel d x y)))
(define (selected img x y) (car (gimp-selection-value img x y)))
(define (jbool b) (if b "true" "false"))
(define (show port . items) (for-each (lambda (i) (display i port)) items))
(let* ((img (car (gimp-image-new 96 80 RGB)))
       (bg (car (gimp-layer-new img "bg" 72 64 RGBA-IMAGE 100 LAYER-MODE-NORMAL))))
  (prepare-edit-image img bg)
  (let* ((keep (car (gimp-image-duplicate img)))
         (kept-bg (vector-ref (car (gimp-image-get-layers keep)) 0))
         (before (car (gimp-image-duplicate img)))
         (before-flat (car (gimp-image-flatten before)))
         (bounds (gimp-selection-bounds img))
         (new-layers (car (plug-in-gpt-image-edit #:run-mode RUN-NONINTERACTIVE
                            #:image img #:drawables (vector bg)
                            #:prompt "a small red boat" #:padding 8)))
         (new (vector-ref new-layers 0))
         (offsets (gimp-drawable-get-offsets new))
         (nx (car offsets))
         (ny (cadr offsets))
         (nw (car (gimp-drawable-get-width new)))
         (nh (car (gimp-drawable-get-height new)))
         (after (car (gimp-image-duplicate img)))
         (after-flat (car (gimp-image-flatten after)))
         (counts (edit-counts img before-flat after-flat new nx ny nw nh kept-bg bg)))
    (let ((port (open-output-file RESULT)))
      (show port "{\"selection\": [" (list-ref bounds 1) ", " (list-ref bounds 2) ", "
            (list-ref bounds 3) ", " (list-ref bounds 4) "], \"layer\": [16, 8, 72, 64], "
            "\"new\": [" nx ", " ny ", " nw ", " nh "], "
            "\"new_has_mask\": " (jbool (not (= (car (gimp-layer-get-mask new)) -1))) ", "
            "\"new_above_bg\": " (jbool (< (car (gimp-image-get-item-position img new))
                                            (car (gimp-image-get-item-position img bg)))) ", "
            "\"outside_count\": " (list-ref counts 0) ", \"outside_changed\": "
            (list-ref counts 1) ", \"inside\": " (list-ref counts 2) ", \"inside_differ\": "
            (list-ref counts 3) ", \"outside_in_region\": " (list-ref counts 4)
            ", \"outside_kept\": " (list-ref counts 5) ", "
            "\"source_unchanged\": " (jbool (list-ref counts 6)) ", "
            "\"layers\": " (vector-length (car (gimp-image-get-layers img))) "}")
      (close-output-port port))
    (gimp-image-delete keep)
    (gimp-image-delete before)
    (gimp-image-delete after)))
""",

    "generate-n2": r'''
(let* ((img (car (gimp-image-new 64 64 RGB)))
       (layer (car (gimp-layer-new img "bg" 64 64 RGBA-IMAGE 100 LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer img layer 0 0)
  (let* ((new-layers (car (plug-in-gpt-image-generate #:run-mode RUN-NONINTERACTIVE
                             #:image img #:drawables (vector layer)
                             #:prompt "a red fox in snow" #:size "1024x1024" #:n 2)))
         (port (open-output-file RESULT)))
    (display "{\"returned\": " port)
    (display (vector-length new-layers) port)
    (display ", \"layer_count\": " port)
    (display (vector-length (car (gimp-image-get-layers img))) port)
    (display "}" port)
    (close-output-port port)))
''',
    "partials": r'''
(let* ((img (car (gimp-image-new 64 64 RGB)))
       (layer (car (gimp-layer-new img "bg" 64 64 RGBA-IMAGE 100 LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer img layer 0 0)
  (plug-in-gpt-image-generate #:run-mode RUN-NONINTERACTIVE #:image img #:drawables (vector layer)
                              #:prompt "a kite" #:size "1024x1024" #:partial-images 2)
  (let ((port (open-output-file RESULT)))
    (display "{\"layers\": " port)
    (display (vector-length (car (gimp-image-get-layers img))) port)
    (display "}" port)
    (close-output-port port)))
''',
    # Ids are written with `write`, which quotes them as JSON strings (they are plain ASCII).
    "respond-twice": r'''
(let* ((img (car (gimp-image-new 64 64 RGB)))
       (layer (car (gimp-layer-new img "bg" 64 64 RGBA-IMAGE 100 LAYER-MODE-NORMAL))))
  (gimp-image-insert-layer img layer 0 0)
  (let* ((first (plug-in-gpt-image-respond #:run-mode RUN-NONINTERACTIVE #:image img
                  #:drawables (vector layer) #:prompt "a blue teapot" #:size "1024x1024"))
         (second (plug-in-gpt-image-respond #:run-mode RUN-NONINTERACTIVE #:image img
                   #:drawables (vector layer) #:prompt "make it red" #:size "1024x1024"))
         (parasite (car (gimp-image-get-parasite img "gpt-image-response-id")))
         (port (open-output-file RESULT)))
    (display "{\"ids\": [" port)
    (write (cadr first) port)
    (display ", " port)
    (write (cadr second) port)
    (display "], \"parasite\": " port)
    (write (caddr parasite) port)
    (display ", \"layers\": " port)
    (display (vector-length (car (gimp-image-get-layers img))) port)
    (display "}" port)
    (close-output-port port)))
''',
    "new": r'''
(let* ((img (car (plug-in-gpt-image-new #:run-mode RUN-NONINTERACTIVE
                   #:prompt "a lighthouse" #:size "1536x1024")))
       (port (open-output-file RESULT)))
  (display "{\"size\": [" port)
  (display (car (gimp-image-get-width img)) port)
  (display ", " port)
  (display (car (gimp-image-get-height img)) port)
  (display "]}" port)
  (close-output-port port))
''',
}


# \u00XX, \/ \\ \" and line breaks (raw or escaped), as a JSON reader would read them back.
ESCAPE = re.compile(r'\\u00([0-7][0-9a-fA-F])|\\([/\\"])|\\[nr]|[\r\n]')


def read_back(text):
    """`text` as a JSON reader would read it, line breaks dropped: escapes must not hide a key."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else (m.group(2) or ""),
                      text)


def holds(data, key):
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    return key in text or key in read_back(text)


def start_keyring(home):
    """A gnome-keyring daemon on this session bus, its login keyring unlocked with a password
    on its standard input; returns an error or None."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no session bus: run under dbus-run-session"
    runtime = os.path.join(home, "run")
    os.makedirs(runtime, mode=0o700)
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_RUNTIME_DIR=runtime)
    unlock = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                            input="test-keyring-password", env=env, text=True,
                            stdout=subprocess.DEVNULL)
    if unlock.returncode != 0:
        return f"gnome-keyring-daemon --unlock exited {unlock.returncode}"
    # It takes its bus name a little later; a client that came first would start another.
    for _ in range(100):
        owner = subprocess.run(["dbus-send", "--session", "--print-reply",
                                "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                                "org.freedesktop.DBus.NameHasOwner",
                                "string:org.freedesktop.secrets"],
                               capture_output=True, text=True)
        if "boolean true" in owner.stdout:
            return None
        time.sleep(0.05)
    return "gnome-keyring-daemon did not take org.freedesktop.secrets"


def check_conversation(out, requests, expect):
    """The conversation scenario: which requests continued which response, the turns stored."""
    ids = out.get("ids", [])
    expect(len(ids) == 4 and all(ids) and len(set(ids)) == 4, f"four response ids: {ids}")
    expect(out.get("turns") == ["2", "1", None],
           f"turn 2 after two runs, 1 after new-conversation, uncounted after an old file: "
           f"{out.get('turns')}")
    refused = out.get("refused") or ""
    expect(refused.startswith("GPT Image: new-conversation starts afresh") and "previous-response-id \"resp_elsewhere\"" in refused,
           f"new-conversation with a given id refused, naming both: {refused}")
    if len(ids) == 4:
        expect(out.get("reloaded") == [ids[2], "1"],
               f"the id and the turn are saved in the XCF: {out.get('reloaded')}")
    bodies = [(r.get("json") or {}) for r in requests if r.get("path", "").endswith("/responses")]
    sent = [b.get("previous_response_id") for b in bodies]
    expect(len(ids) == 4 and sent == [None, ids[0], None, ids[2]],
           f"continued, started afresh, continued (refused run never sent): {sent} for {ids}")
    expect(out.get("layers") == 5, f"four result layers: {out.get('layers')}")


def check_conversation_dialog(out, requests, expect):
    """The conversation-dialog scenario: the turn line, the switch, the run it started."""
    expect(not out.get("error"), f"the two scripted runs succeeded: {out.get('error')}")
    expect(out.get("statuses") == ["cancel", "cancel", "success", "cancel"],
           f"looked, looked, sent, looked: {out.get('statuses')}")
    reports = out.get("reports", [])
    expect(len(reports) == 4, f"four reports: {reports}")
    if len(reports) == 4:
        notes = [r.get("note") for r in reports]
        expect(notes == ["New conversation: this message starts one for this image.",
                         "This image's conversation: 2 turns so far. This message continues it.",
                         "New conversation: this message starts afresh, leaving this image's "
                         "conversation behind.",
                         "This image's conversation: 1 turn so far. This message continues it."],
               f"the turn said in plain words, following the switch: {notes}")
        expect([r.get("new-conversation") for r in reports] == ["0", "0", "1", "0"],
               f"the switch starts off every time: {reports}")
        expect(not any("resp_" in json.dumps(r) for r in reports),
               f"no response id in the dialog's main area: {reports}")
    bodies = [(r.get("json") or {}) for r in requests if r.get("path", "").endswith("/responses")]
    sent = [b.get("previous_response_id") for b in bodies]
    expect(len(sent) == 3 and sent[0] is None and sent[1] and sent[2] is None,
           f"the dialog's run with the switch on continued nothing: {sent}")
    expect(out.get("turn") == "1", f"its turn is 1: {out.get('turn')}")


def check_dialog(out, requests, stderr, expect):
    """The dialog scenario: refusals stay in the dialog, values survive a failed run, the
    choices follow the model, and GTK has nothing to say."""
    expect(out.get("statuses") == ["cancel", "execution-error", "cancel", "cancel"],
           f"refused, failed, reopened, refused: {out.get('statuses')}")
    reports = out.get("reports", [])
    expect(len(reports) == 4, f"four reports: {reports}")
    if len(reports) != 4:
        return
    refused, reopened, other_model, no_key = reports
    expect("Partial images" in refused["problem"] and refused["n"] == "2",
           f"n = 2 with partial images refused in the dialog, which stayed open: {refused}")
    expect(not refused["open-settings"], "no Settings button for a bad combination")
    expect(reopened["prompt"] == "a kept fox" and reopened["model"] == "gpt-image-2.5-flare"
           and reopened["quality"] == "xhigh" and reopened["size"] == "1024x1536",
           f"the failed run's values are offered again: {reopened}")
    expect("xhigh" in reopened["offered-qualities"] and "max" in reopened["offered-qualities"],
           f"2.5 offers xhigh and max: {reopened['offered-qualities']}")
    expect(other_model["offered-qualities"] == ["low", "medium", "high", "auto"]
           and other_model["quality"] == "auto",
           f"gpt-image-2 offers no xhigh; xhigh went back to auto: {other_model}")
    expect(no_key["open-settings"] and "API key" in no_key["problem"],
           f"no key: the dialog offers the Settings: {no_key}")
    bodies = [(r.get("json") or {}) for r in requests]
    expect(len(bodies) == 1 and bodies[0].get("prompt") == "a kept fox"
           and bodies[0].get("quality") == "xhigh",
           f"only the accepted dialog sent a request: {bodies}")
    # GIMP's own check of the labels; the prompt's text view has a label of its own that
    # GIMP 3.0's check does not see.
    gtk = [line for line in stderr.splitlines()
           if "Gtk-" in line or "Gdk-" in line
           or ("mnemonic" in line and "no mnemonic for property prompt" not in line)]
    expect(not gtk, f"GTK printed: {gtk}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--interpreter", choices=["python", "scriptfu"], required=True)
    ap.add_argument("--gimp", default=shutil.which("gimp-console-3.0") or "gimp-console")
    ap.add_argument("--cli", help="the gpt-image binary (the keyring scenario stores the key)")
    ap.add_argument("--tls-dir", help="tests/tls's certificates, for tls-settings")
    ap.add_argument("--matrix-out", help="fault-matrix: where to write the rows (JSON)")
    ap.add_argument("scenario")
    a = ap.parse_args()

    key = CANARY if a.scenario == "canary" else KEY
    server_args = []
    ca_bundle = None
    if a.scenario == "tls-settings":
        server_args += ["--tls-certificate", os.path.join(a.tls_dir, "server.pem"),
                        "--tls-key", os.path.join(a.tls_dir, "server-key.pem")]
        ca_bundle = os.path.join(a.tls_dir, "ca.pem")
    run = Scenario("gimp3-batch-", a.plugin, a.server, key, server_args)
    work, profile, xdg, home = run.work, run.profile, run.xdg, run.home
    rescue, result_file, base, admin = run.rescue, run.result_file, run.base, run.admin
    # The fault matrix's TLS failure: a second server whose certificate signs itself.
    self_signed, self_signed_base = None, None
    if a.scenario == "fault-matrix":
        self_signed, self_signed_base = start_test_server(
            a.server, key, os.path.join(work, "self-signed-url"),
            ["--tls-certificate", os.path.join(a.tls_dir, "self-signed.pem"),
             "--tls-key", os.path.join(a.tls_dir, "self-signed-key.pem")])
    failures = []
    try:
        s = a.scenario
        config, faults = run.standard_setup(s)
        if s in ("canary", "keyring"):
            del config["OPENAI_API_KEY"]
        elif s == "repeat":
            settings = os.path.join(profile, "plug-in-settings")
            os.makedirs(settings)
            last = "GimpProcedureConfigRun-plug-in-gpt-image-generate.last"
            with open(os.path.join(settings, last), "w") as f:
                f.write(REPEAT_LAST_VALUES)
        elif s in ("cancel", "cancel-backoff", "progress-retry", "confirm-cost"):
            faults = [{"kind": "slow", "delay": CANCEL_STALL_SECONDS}]
            if s == "progress-retry":
                config["OPENAI_IMAGE_MAX_RETRIES"] = "1"
                faults = [{"kind": "rate_limit", "retry_after": PROGRESS_RETRY_AFTER}]
            if s == "cancel-backoff":
                config["OPENAI_IMAGE_MAX_RETRIES"] = "2"
                faults = [{"kind": "rate_limit", "retry_after": CANCEL_STALL_SECONDS}]
            if s == "confirm-cost":
                config["OPENAI_IMAGE_CONFIRM_ABOVE"] = "0.001"
                faults = []
            settings = os.path.join(profile, "plug-in-settings")
            os.makedirs(settings)
            # GIMP 3's last-used values: plug-in-settings/GimpProcedureConfigRun-PROC.last
            last = "GimpProcedureConfigRun-plug-in-gpt-image-generate.last"
            with open(os.path.join(settings, last), "w") as f:
                f.write(CANCEL_LAST_VALUES)
        elif s == "table-values":
            config["OPENAI_RESPONSES_MODEL"] = "gpt-5.5"
            # The plug-in reads no .env: this one, where GIMP starts, would send it elsewhere.
            with open(os.path.join(work, ".env"), "w") as f:
                f.write("OPENAI_BASE_URL=http://127.0.0.1:9/v1\n")
        run.apply(config, faults)
        config_file = run.config_file
        history_file = os.path.join(xdg, "gpt-image", "prompt-history")
        if s in ("prompt-history", "settings-dialog"):
            with open(history_file, "w") as f:
                f.write("".join(line + "\n" for line in HISTORY_SEED))
        if s == "keyring":
            problem = start_keyring(os.path.join(work, "keyring-home"))
            if problem:
                failures.append(problem)
                return finish(work, failures)
            stored = subprocess.run([a.cli, "store-key"], input=KEY + "\n", capture_output=True,
                                    text=True, env=dict(os.environ, XDG_CONFIG_HOME=xdg,
                                                        HOME=home))
            if stored.stdout != "The API key is stored in the desktop keyring.\n":
                failures.append(f"store-key did not use the keyring: {stored.stdout!r} "
                                f"{stored.stderr!r}")
                return finish(work, failures)

        if s == "fault-matrix":
            code = (PY_PRELUDE + fault_matrix.batch_code(
                base, admin, KEY, os.path.join(xdg, "gpt-image", "config.ini"), rescue,
                self_signed_base)
                + PY_EPILOGUE.replace("RESULT", json.dumps(result_file)))
            interp = "python-fu-eval"
        elif s.startswith("guide-"):
            code = doc_example(GUIDE, "gimp3-test", s, a.interpreter)
            interp = "python-fu-eval" if a.interpreter == "python" else "plug-in-script-fu-eval"
        elif a.interpreter == "python":
            body = PY_BODIES.get(s) or ERROR_BODY.replace(
                "PARTIALS", "2" if s == "drop-mid-stream" else "0")
            if s == "edit-rgb":
                # The same edit on a layer without an alpha channel (read in its own format).
                setup = EDIT_SETUP.replace('"bg", 72, 64, Gimp.ImageType.RGBA_IMAGE',
                                           '"bg", 72, 64, Gimp.ImageType.RGB_IMAGE')
                body = setup + PY_BODIES["edit"]
            elif s.startswith("edit"):
                body = EDIT_SETUP + body
            body = body.replace("CA_BUNDLE", json.dumps(ca_bundle))
            code = PY_PRELUDE + body + PY_EPILOGUE.replace("RESULT", json.dumps(result_file))
            if s in ("dialog", "conversation-dialog"):
                code = code.replace("STEPS", json.dumps(os.path.join(work, "dialog-steps")))
                code = code.replace("REPORT", json.dumps(os.path.join(work, "dialog-report")))
                code = code.replace("CONFIG", json.dumps(run.config_file))
            code = code.replace("ADMIN", json.dumps(admin)).replace(
                "XCF", json.dumps(os.path.join(work, "saved-N.xcf"))).replace(
                "CONFIG_PATH", json.dumps(run.config_file))
            interp = "python-fu-eval"
        else:
            code = SF_BODIES[s].replace("RESULT", json.dumps(result_file))
            if s == "edit":
                code = SF_EDIT_MEASURE + code
            interp = "plug-in-script-fu-eval"

        env = run.environment("GIMP3_DIRECTORY")
        if s in ("cancel", "cancel-backoff"):
            env["GPT_IMAGE_GIMP_TEST_CANCEL_AFTER_MS"] = "1500"
        status_log = os.path.join(work, "progress-status.txt")
        probe_file = os.path.join(work, "dialog-probe.txt")
        if s == "settings-dialog":
            env["OPENAI_API_KEY"] = ENV_KEY
            env["GPT_IMAGE_GIMP_TEST_DIALOG_PROBE"] = probe_file
        if s == "progress-retry":
            env["GPT_IMAGE_GIMP_TEST_STATUS_LOG"] = status_log
        if s == "confirm-cost":
            env["GPT_IMAGE_GIMP_TEST_ANSWER"] = "no"
        if s == "info-reuse":
            env["GPT_IMAGE_GIMP_TEST_DIALOG_PROBE"] = probe_file
            env["GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE"] = "button:_Use These Settings…"
        if s in ("dialog", "conversation-dialog"):
            env["GPT_IMAGE_GIMP_TEST_DIALOG"] = os.path.join(work, "dialog-steps")
            env["GPT_IMAGE_GIMP_TEST_DIALOG_REPORT"] = os.path.join(work, "dialog-report")
        if s == "tls-settings":
            env["no_proxy"] = ""  # * would bypass the stored proxy too
        if s == "canary":
            env["OPENAI_API_KEY"] = CANARY
        limit = "360" if s == "fault-matrix" else "120"
        proc, out, requests = run.run_batch(
            [a.gimp, "-n", "-i", "-d", "-f", "--quit", f"--batch-interpreter={interp}", "-b",
             code], env, failures, limit=limit, cafile=ca_bundle,
            writes_result=not s.startswith("guide-"),  # the guide's recipes write nothing
            batch_dialog=s in ("settings-dialog", "info-reuse"))

        def expect(cond, what):
            if not cond:
                failures.append(what)

        if s in ("dialog", "conversation-dialog"):
            # A batch has no GIMP window: libgimpui's GimpProcedureDialog fails to make itself
            # transient to the empty handle it is given (never so under a GIMP window).
            failures[:] = [f for f in failures if "gimp_window_transient_on_mapped" not in f]

        if s in SUCCESS:
            expect(not out.get("error"), f"unexpected error: {out.get('error')}")
        if s == "fault-matrix":
            rows = fault_matrix.check_rows(out, rescue, expect)
            for row in rows:
                print(f"{row['id']}: {'ok' if row['passed'] else 'FAILED'} "
                      f"{row['seconds']:.1f} s {row['statuses']} {row['error'][:160]}")
            if a.matrix_out:
                with open(a.matrix_out, "w") as f:
                    json.dump(rows, f, indent=1)
        elif s == "generate-n2":
            if a.interpreter == "python":
                expect(out.get("layers") == ["top", "GPT: a red fox in snow (1/2)",
                                             "GPT: a red fox in snow (2/2)", "bg"],
                       f"layers named from the prompt, directly above the given layer, result 1"
                       f" on top: {out.get('layers')}")
                # 1024x1024 results fitted to the 64x64 canvas, not hanging off it.
                expect(out.get("sizes", [[0, 0]] * 2)[1] == [64, 64],
                       f"results fitted to the canvas: {out.get('sizes')}")
            else:
                expect(out.get("returned") == 2 and out.get("layer_count") == 3, "2 new layers")
            check_requests(s, out, requests, expect)
        elif s == "conversation":
            check_conversation(out, requests, expect)
        elif s == "respond-twice":
            # The Python scenario's second run sends the layer, and the selection as its mask.
            check_requests(s, out, requests, expect, layer_sent=a.interpreter == "python")
        elif s == "table-values":
            bodies = [(r.get("json") or {}) for r in requests]
            expect(len(bodies) == 2, f"both requests reached the test server: {len(bodies)}")
            if len(bodies) == 2:
                expect(bodies[0].get("quality") == "xhigh"
                       and bodies[0].get("model") == "gpt-image-2.5-flare",
                       f"xhigh sent for gpt-image-2.5-flare: {bodies[0]}")
                expect(bodies[1].get("model") == "gpt-5.5",
                       f"the configured Responses model: {bodies[1].get('model')}")
        elif s == "tls-settings":
            untrusted = out.get("untrusted") or ""
            expect("is not trusted" in untrusted
                   and "CA bundle in GPT Image > Settings" in untrusted,
                   f"the refused certificate points to the Settings: {untrusted}")
            dead = out.get("dead_proxy") or ""
            expect("through the proxy http://127.0.0.1:1 (OPENAI_IMAGE_PROXY)" in dead,
                   f"the stored proxy was used: {dead}")
            expect([r.get("status") for r in requests] == [200], "one request got through")
            expect(out.get("layers") == 2, "one new layer")
            stored = open(os.path.join(xdg, "gpt-image", "config.ini")).read()
            expect(f"OPENAI_IMAGE_CA_BUNDLE={ca_bundle}" in stored
                   and "OPENAI_IMAGE_PROXY=http://127.0.0.1:1" in stored,
                   f"both stored in the config file: {stored}")
        elif s in ("cancel", "cancel-backoff"):
            expect(out.get("cancelled") is True, f"the run ended as CANCEL: {out}")
            expect(out.get("seconds", 99) < CANCEL_STALL_SECONDS / 2,
                   f"cancel did not wait for the stalled server: {out.get('seconds')}")
            if s == "cancel-backoff":
                expect([r.get("status") for r in requests] == [429],
                       f"the retry was never sent: {[r.get('status') for r in requests]}")
            expect(out.get("layers") == 1 and out.get("dirty") is False, "image unchanged")
            bodies = [(r.get("json") or {}) for r in requests]
            expect(len(bodies) == 1 and bodies[0].get("prompt") == "a cancelled fox",
                   f"one request with the last-used prompt: {bodies}")
        elif s == "info-reuse":
            expect(not out.get("error") and out.get("info_ok") is True and out.get("layers") == 2,
                   f"a result, then Info: {out}")
            expect(len(requests) == 1, f"the reopened Generate dialog sent nothing: {requests}")
            kept = open(os.path.join(xdg, "gpt-image", "dialog-values.ini")).read() \
                if os.path.exists(os.path.join(xdg, "gpt-image", "dialog-values.ini")) else ""
            expect("prompt=a reused fox" in kept and "quality=low" in kept
                   and "size=1024x1024" in kept and KEY not in kept,
                   f"the layer's settings were offered to Generate: {kept!r}")
            shown = open(probe_file).read() if os.path.exists(probe_file) else ""
            expect("label: Size requested: 1024x1024" in shown,
                   f"the Generate dialog opened with the layer's size: {shown!r}")
        elif s == "settings-dialog":
            shown = open(probe_file).read() if os.path.exists(probe_file) else ""
            print("the dialog showed:", shown)
            expect(out.get("saved") is True, f"Save was pressed: {out}")
            expect("The key in effect comes from the environment." in shown
                   and "Warning: OPENAI_API_KEY in the environment overrides the key saved in "
                       "the config file" in shown,
                   "the key's source and the environment's override are said")
            expect("spin: 300" in shown, "the timeout in effect (the default) is shown")
            expect("label: The prompt history holds 50 prompts." in shown
                   and "button: _Clear prompt history…" in shown, "the history can be cleared")
            expect("Load Saved Settings" not in shown and "button: _Save Settings" not in shown,
                   "GIMP's own Load/Save Settings buttons are hidden")
            expect(KEY not in shown and ENV_KEY not in shown, "no key shown")
            text = open(config_file).read()
            expect(f"OPENAI_API_KEY={KEY}" in text and ENV_KEY not in text
                   and "OPENAI_IMAGE_TIMEOUT" not in text,
                   f"Save kept the saved key and pinned no default: {text!r}")
            expect("GPT Image settings saved to" in proc.stdout + proc.stderr,
                   "the Save is confirmed")
        elif s == "progress-retry":
            expect(out.get("cancelled") is False and out.get("layers") == 2,
                   f"the retry brought a layer: {out}")
            expect([r.get("status") for r in requests] == [429, 200],
                   f"one retry: {[r.get('status') for r in requests]}")
            said = open(status_log).read().splitlines() if os.path.exists(status_log) else []
            print("progress said:", said)
            busy = [f"Server busy, retrying in {n} s (retry 1)"
                    for n in range(PROGRESS_RETRY_AFTER, 0, -1)]
            # "Waiting for the server…" only when the answer takes longer than a tick.
            expect(said[:1] == ["Sending…"] and said[1:1 + len(busy)] == busy
                   and said[-2:-1] == ["Image received."],
                   f"the retry said in plain words, counted down: {said}")
            # Then the final state: what the run cost (quality auto at 1024x1024 on
            # gpt-image-2 was estimated as high, the guide's $0.211).
            answered = [r for r in requests if r.get("status") == 200]
            provenance.check_outcome(said, answered[0].get("answer_usage") if answered else None,
                                     "up to $0.211", expect)
            expect(not any("429" in line or "Rate limit" in line or "HTTP" in line
                           for line in said), f"no HTTP text: {said}")
        elif s == "confirm-cost":
            expect(out.get("asked_cancelled") is True and out.get("sent_after_no") == 0
                   and out.get("layers_after_no") == 1,
                   f"above the threshold, No sent nothing and ended as CANCEL: {out}")
            expect(out.get("below_ok") is True and out.get("sent_below") == 1
                   and out.get("layers") == 2,
                   f"below the threshold the run went out without a question: {out}")
        elif s == "bad-input":
            bad_input.check(out, expect)
        elif s == "fit":
            check_fit(out, requests, expect)
        elif s == "repeat":
            expect(out.get("repeated") == [True, True], f"both repeats succeeded: {out}")
            bodies = [(r.get("json") or {}) for r in requests]
            expect(len(bodies) == 3 and bodies[1] == bodies[0] and bodies[2] == bodies[0]
                   and bodies[0].get("prompt") == "a repeated fox",
                   f"each repeat sent the first run's request again: {bodies}")
            names = out.get("layers", [])
            expect(len(names) == 7 and len(set(names)) == 7,
                   f"every result layer has a name of its own: {names}")
        elif s == "dialog":
            check_dialog(out, requests, proc.stderr, expect)
        elif s == "conversation-dialog":
            check_conversation_dialog(out, requests, expect)
        elif s in ("edit", "edit-rgb"):
            # In Python the hidden layer goes as a reference image too.
            check_edit(out, requests, 2 if a.interpreter == "python" else 1, expect)
        elif s == "canary":
            errors = out.get("errors", {})
            for label in ("generate", "generate-revised", "edit", "respond", "new", "settings"):
                expect(label in errors and not errors[label],
                       f"{label} succeeded: {errors.get(label, 'not run')}")
            for label in ("generate-401", "generate-stream-error", "edit-401",
                          "respond-stream-error"):
                expect("[redacted]" in (errors.get(label) or ""),
                       f"{label} failed, showing the echoed key redacted: {errors.get(label)}")
            expect(len(out.get("saved", [])) == 2, f"both images saved as XCF: {out.get('saved')}")
            statuses = [r.get("status") for r in requests]
            expect(statuses.count(401) == 2 and statuses.count(200) == 7,
                   f"every request reached the server with the key: {statuses}")
            # The key, given in the environment, is in no output and no file of the run:
            # profile, config folder, home, temporary folder, saved XCFs, result.
            expect(not holds(proc.stdout + proc.stderr + json.dumps(out), CANARY),
                   "the key is in GIMP's output or the results")
            for root, _, files in os.walk(work):
                for f in files:
                    path = os.path.join(root, f)
                    if os.path.isfile(path) and holds(open(path, "rb").read(), CANARY):
                        failures.append(f"the key is in {path}")
            history = os.path.join(xdg, "gpt-image", "prompt-history")
            expect(os.path.exists(history) and "a canary" in open(history).read(),
                   "the prompts sent are in the history file (scanned above)")
            expect(holds("x\\u0066ake-key-CANARY-gimp3-\n5e1f0a9d", CANARY),
                   "the search finds an escaped, broken key")
        elif s == "prompt-history":
            first = ["a red fox", "a sign that reads [redacted]", "a blue whale"]
            expect(out.get("first_session") == first + HISTORY_SEED[:47],
                   f"newest first, the reused prompt on top, the key redacted, 50 kept: "
                   f"{(out.get('first_session') or [])[:5]} ({len(out.get('first_session') or [])})")
            mode = os.stat(history_file).st_mode & 0o777
            expect(mode == 0o600, f"the history file is private: {oct(mode)}")
            expect(KEY.encode() not in open(history_file, "rb").read(),
                   "the key is in the history file")
            names = out.get("layer_names") or []
            expect(not any(KEY in n for n in names)
                   and "GPT: a sign that reads [redacted]" in names,
                   f"the layer named after the prompt that quotes the key: {names}")
            # A new GIMP: the next run adds to what the first one left.
            os.remove(result_file)
            env["GPT_IMAGE_GIMP_TEST_DIALOG_PROBE"] = probe_file
            env["GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE"] = "cancel"
            code = (PY_PRELUDE + PROMPT_HISTORY_SESSIONS[1]
                    + PY_EPILOGUE.replace("RESULT", json.dumps(result_file)))
            proc, out, requests = run.run_batch(
                [a.gimp, "-n", "-i", "-d", "-f", "--quit", "--batch-interpreter=python-fu-eval",
                 "-b", code], env, failures, limit=limit, batch_dialog=True)
            expect(not out.get("error"), f"unexpected error: {out.get('error')}")
            shown = open(probe_file).read().splitlines() if os.path.exists(probe_file) else []
            offered = [line[len("menu-item: "):] for line in shown
                       if line.startswith("menu-item: ")]
            expect("button: Recent prompts" in shown and offered == first + HISTORY_SEED[:47],
                   f"the new GIMP's dialog offers the history: {offered[:5]} ({len(offered)})")
            expect(out.get("dialog_cancelled") is True, f"the dialog was cancelled: {out}")
            expect(out.get("after_restart") == ["a green tree"] + first + HISTORY_SEED[:46],
                   f"the history survived the restart: {(out.get('after_restart') or [])[:5]}")
            expect(out.get("after_clear") is None,
                   f"Settings cleared the history: {out.get('after_clear')}")
            expect(out.get("after_next_run") == ["after clearing"],
                   f"a new history after clearing: {out.get('after_next_run')}")
            # The search above covered the results folder: every successful run's images and
            # sidecars, the key-quoting revised prompts redacted in them (and in the parasites
            # of the saved XCFs).
            results = os.path.join(home, "Pictures", "gpt-image")
            sidecars = [open(os.path.join(results, f)).read()
                        for f in (os.listdir(results) if os.path.isdir(results) else [])
                        if f.endswith(".json")]
            expect(len(sidecars) >= 5 and any("[redacted]" in t for t in sidecars),
                   f"the results folder holds the sidecars searched: {len(sidecars)}")
        elif s == "provenance":
            provenance.check(out, requests, os.path.join(home, "Pictures", "gpt-image"), rescue,
                             expect)
        elif s == "keyring":
            expect([r.get("status") for r in requests] == [200, 200],
                   f"both runs sent the keyring's key: {[r.get('status') for r in requests]}")
            text = open(config_file).read()
            expect("OPENAI_IMAGE_TIMEOUT=77" in text and "OPENAI_API_KEY" not in text,
                   f"Settings wrote the file, without the key: {text!r}")
            lookup = subprocess.run(["secret-tool", "lookup", "application", "gpt-image",
                                     "setting", "OPENAI_API_KEY"], capture_output=True, text=True)
            expect(lookup.stdout == KEY, "the key is still in the keyring")
        else:
            check_requests(s, out, requests, expect)

        run.check_files(failures)
    finally:
        run.stop()
        if self_signed:
            self_signed.terminate()
            self_signed.wait()
    return finish(work, failures)


if __name__ == "__main__":
    sys.exit(main())
