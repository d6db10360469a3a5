#!/usr/bin/env python3
"""Screenshots of the plug-in's dialogs from a real GIMP 3 window. Runs under an X server
(xvfb-run); tools/take-screenshots starts it inside the Debian 13 root.

  gimp3-screenshots.py --plugin FOLDER --server BIN --out DIR [SHOT...]

For each shot: a throwaway GIMP3_DIRECTORY with the plug-in and last-used values, a config
pointing at gpt-image-test-server, GIMP started with a Python-Fu batch that opens the dialog
(after running a procedure without one, for a shot of what that made; or no dialog, for a shot
of the image alone; for a language: a locale made with localedef in the work folder); once it is
up (for a message: once the test server has answered), the whole screen is saved as DIR/SHOT.png
and GIMP is stopped.
"""
import argparse
import base64
import collections
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import struct
import tempfile
import threading
import time
import urllib.request
import zlib

import gi
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk  # noqa: E402

KEY = "fake-key-for-screenshots"

# Last-used values (GIMP's plug-in-settings format), so the dialogs show a realistic run.
LAST = {
    "plug-in-gpt-image-generate": '(prompt "A red fox curled up in fresh snow, watercolour")\n'
                                  '(size "1536x1024")\n(quality "high")\n(partial-images 2)\n',
    "plug-in-gpt-image-new": '(prompt "A lighthouse on a cliff at dusk, oil painting")\n'
                             '(size "1024x1536")\n(quality "medium")\n',
    "plug-in-gpt-image-respond": '(prompt "Now make the fox look at the viewer")\n'
                                 '(send-layer yes)\n',
    "plug-in-gpt-image-edit": '(prompt "A small red sailing boat on the water")\n'
                              '(padding 48)\n',
    "plug-in-gpt-image-settings": '(timeout 120)\n',
}

# The prompt history the dialogs offer (Recent prompts) and Settings counts.
HISTORY = ["A red fox curled up in fresh snow, watercolour",
           "A lighthouse on a cliff at dusk, oil painting",
           "A small red sailing boat on the water"]

OPEN_IMAGE = r'''
img = Gimp.Image.new(800, 560, Gimp.ImageBaseType.RGB)
layer = Gimp.Layer.new(img, "Background", 800, 560, Gimp.ImageType.RGB_IMAGE, 100,
                       Gimp.LayerMode.NORMAL)
img.insert_layer(layer, None, 0)
Gimp.context_set_foreground(Gegl.Color.new("#c8d8e8"))
layer.fill(Gimp.FillType.FOREGROUND)
Gimp.Display.new(img)
Gimp.displays_flush()
'''

# For Edit with Selection: a feathered ellipse, as a user would draw one before editing.
SELECT_ELLIPSE = r'''
img.select_ellipse(Gimp.ChannelOps.REPLACE, 260, 170, 280, 200)
Gimp.Selection.feather(img, 24.0)
Gimp.displays_flush()
'''

# For the edit workflow's before and after: a sky-to-sand gradient, so that the edited region
# stands out.
GRADIENT = r'''
Gimp.context_set_foreground(Gegl.Color.new("#4f7fb8"))
Gimp.context_set_background(Gegl.Color.new("#e9dcb8"))
layer.edit_gradient_fill(Gimp.GradientType.LINEAR, 0, False, 1, 0, False, 0, 0, 0, 560)
Gimp.displays_flush()
'''

# Runs PROC without a dialog against the test server; the shot then shows what it made.
RUN_FIRST = r'''
first = Gimp.get_pdb().lookup_procedure("{proc}")
first_cfg = first.create_config()
first_cfg.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
first_cfg.set_property("image", img)
first_cfg.set_core_object_array("drawables", [layer])
first_cfg.set_property("prompt", {prompt!r})
first.run(first_cfg)
Gimp.displays_flush()
'''


def png(width, height, pixel):
    """A minimal RGB PNG; pixel(x, y) -> (r, g, b)."""
    rows = b"".join(b"\0" + bytes(c for x in range(width) for c in pixel(x, y))
                    for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


class StallingStream(http.server.BaseHTTPRequestHandler):
    """Streams one partial image, then stays silent: the progress dialog shows the preview."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        preview = png(384, 256, lambda x, y: (200 - y // 2, 120 + x // 6, 60 + (x + y) // 5))
        event = {"type": "image_generation.partial_image", "partial_image_index": 0,
                 "b64_json": base64.b64encode(preview).decode(), "output_format": "png"}
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(("event: image_generation.partial_image\ndata: " + json.dumps(event)
                          + "\n\n").encode())
        self.wfile.flush()
        time.sleep(300)

    def log_message(self, *args):
        pass


# name: Shot(procedure (None: only the image), run mode, open an image first ("selection": and
#            select an ellipse; "gradient": on a gradient; "gradient-selection": both),
#            faults for the test server, GIMP's language (None: English),
#            capture only after the test server has answered (for what the answer brings))
#            the argument whose choice list is shown opened, and seconds to settle when not
#            --settle, a (procedure, prompt) run without a dialog before the shot)
Shot = collections.namedtuple("Shot",
                              "proc mode image faults language after_answer popup settle first",
                              defaults=(None, False, None, None, None))
SHOTS = {
    "generate-dialog": Shot("plug-in-gpt-image-generate", "INTERACTIVE", True, []),
    "new-dialog": Shot("plug-in-gpt-image-new", "INTERACTIVE", False, []),
    "edit-dialog": Shot("plug-in-gpt-image-edit", "INTERACTIVE", "selection", []),
    "respond-dialog": Shot("plug-in-gpt-image-respond", "INTERACTIVE", True, []),
    "settings-dialog": Shot("plug-in-gpt-image-settings", "INTERACTIVE", False, []),
    # WITH_LAST_VALS (Filters > Repeat) skips the dialog and shows the progress at once.
    "progress-dialog": Shot("plug-in-gpt-image-generate", "WITH_LAST_VALS", True,
                            [{"kind": "slow", "delay": 120}]),
    # A 429 whose Retry-After is long: the window counts down to the retry in plain words.
    "progress-retry": Shot("plug-in-gpt-image-generate", "WITH_LAST_VALS", True,
                           [{"kind": "rate_limit", "retry_after": 60}], after_answer=True),
    # The final state, shown for a few seconds once the results are on the canvas: the cost.
    "progress-done": Shot("plug-in-gpt-image-generate", "WITH_LAST_VALS", True,
                          [{"kind": "slow", "delay": 1}], after_answer=True, settle=3),
    # "stall": the partial preview arrives, the final image never does.
    "progress-preview": Shot("plug-in-gpt-image-generate", "WITH_LAST_VALS", True, "stall"),
    # The refusal comes back at once; GIMP shows the plug-in's explanation in its message box.
    "error-message": Shot("plug-in-gpt-image-generate", "WITH_LAST_VALS", True,
                          [{"kind": "moderation_blocked"}], after_answer=True),
    "generate-dialog-de": Shot("plug-in-gpt-image-generate", "INTERACTIVE", True, [],
                               language="de_DE"),
    # The quality list for the configured gpt-image-2: xhigh and max are greyed out.
    "quality-choices": Shot("plug-in-gpt-image-generate", "INTERACTIVE", True, [],
                            popup="quality"),
    # Layers > GPT Image > Info on a result that Generate has just made.
    "info-dialog": Shot("plug-in-gpt-image-info", "INTERACTIVE", True, [],
                        first=("plug-in-gpt-image-generate",
                               "A red fox curled up in fresh snow, watercolour")),
    # The edit workflow: a selection drawn, then the result of Edit with Selection in it.
    "edit-before": Shot(None, None, "gradient-selection", []),
    "edit-after": Shot(None, None, "gradient-selection", [],
                       first=("plug-in-gpt-image-edit", "A small red sailing boat on the water")),
}
# The Chinese guide's pictures: the same shots with GIMP and the plug-in in Simplified Chinese.
for _name in ("generate-dialog", "edit-dialog", "settings-dialog", "progress-done",
              "error-message"):
    SHOTS[_name + "-zh_CN"] = SHOTS[_name]._replace(language="zh_CN")


def batch_code(proc, mode, with_image, ready_file, first=None):
    code = "from gi.repository import Gimp, Gegl\n"
    if with_image:
        code += OPEN_IMAGE
    if with_image in ("gradient", "gradient-selection"):
        code += GRADIENT
    if with_image in ("selection", "gradient-selection"):
        code += SELECT_ELLIPSE
    if first:
        code += RUN_FIRST.format(proc=first[0], prompt=first[1])
    if proc is None:
        return code + f'open({json.dumps(ready_file)}, "w").close()\n'
    if first:  # the shot's procedure works on what the first run made
        code += "layer = img.get_layers()[0]\n"
    code += f'''
proc = Gimp.get_pdb().lookup_procedure("{proc}")
cfg = proc.create_config()
cfg.set_property("run-mode", Gimp.RunMode.{mode})
'''
    if with_image and proc != "plug-in-gpt-image-new" and proc != "plug-in-gpt-image-settings":
        code += 'cfg.set_property("image", img)\ncfg.set_core_object_array("drawables", [layer])\n'
    code += f'open({json.dumps(ready_file)}, "w").close()\nproc.run(cfg)\n'
    return code


def capture(path):
    Gdk.init([])
    root = Gdk.get_default_root_window()
    pixbuf = Gdk.pixbuf_get_from_window(root, 0, 0, root.get_width(), root.get_height())
    pixbuf.savev(path, "png", ["compression"], ["9"])


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    urllib.request.urlopen(req, timeout=10).read()


def make_locale(work, name):
    """NAME.UTF-8 compiled into WORK/locales (glibc ignores LANGUAGE under the C locale)."""
    target = os.path.join(work, "locales", name + ".UTF-8")
    if not os.path.isdir(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        subprocess.run(["localedef", "-i", name, "-c", "-f", "UTF-8", target], check=False)
    if not os.path.isdir(target):
        raise SystemExit(f"localedef could not make {name}.UTF-8 (is the locales package in?)")
    return {"LOCPATH": os.path.dirname(target), "LC_ALL": name + ".UTF-8"}


def wait_answered(admin, deadline):
    """Until the test server has used up its faults, that is, answered the request."""
    while time.time() < deadline:
        with urllib.request.urlopen(admin + "/faults", timeout=10) as r:
            if not json.load(r)["faults"]:
                return True
        time.sleep(0.5)
    return False


def take(name, a, work):
    proc, mode, with_image, faults, language, after_answer, popup, settle, first = SHOTS[name]
    profile = os.path.join(work, "profile")
    if not os.path.isdir(profile):
        plug_dir = os.path.join(profile, "plug-ins", "gpt-image")
        # The staged folder: the plug-in and its locale/ catalogs.
        shutil.copytree(a.plugin, plug_dir)
        # A config-version other than GIMP's own counts as a first start: welcome dialog.
        version = subprocess.run([a.gimp, "--version"], capture_output=True,
                                 text=True).stdout.split()[-1]
        with open(os.path.join(profile, "gimprc"), "w") as f:
            f.write(f'(config-version "{version}")\n(show-welcome-dialog no)\n'
                    '(restore-session no)\n')
    settings = os.path.join(profile, "plug-in-settings")
    os.makedirs(settings, exist_ok=True)
    for p, values in LAST.items():
        with open(os.path.join(settings, f"GimpProcedureConfigRun-{p}.last"), "w") as f:
            f.write(values)

    url_file = os.path.join(work, f"url-{name}")
    server = subprocess.Popen([a.server, "--url-file", url_file, "--api-key", KEY],
                              stdout=subprocess.DEVNULL)
    gimp = None
    try:
        for _ in range(100):
            if os.path.exists(url_file):
                break
            time.sleep(0.05)
        base = open(url_file).read().strip()
        admin = base.rsplit("/v1", 1)[0] + "/__admin"
        if faults == "stall":
            stall = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StallingStream)
            stall.daemon_threads = True
            threading.Thread(target=stall.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{stall.server_address[1]}/v1"
        elif faults:
            post(admin + "/faults", {"faults": faults})
        xdg = os.path.join(work, "xdg")
        os.makedirs(os.path.join(xdg, "gpt-image"), exist_ok=True)
        # One retry where the shot shows the wait for it.
        retries = int(isinstance(faults, list)
                      and any(f["kind"] == "rate_limit" for f in faults))
        with open(os.path.join(xdg, "gpt-image", "config.ini"), "w") as f:
            f.write(f"[gpt-image]\nOPENAI_BASE_URL={base}\nOPENAI_API_KEY={KEY}\n"
                    f"OPENAI_IMAGE_MAX_RETRIES={retries}\nOPENAI_IMAGE_TIMEOUT=300\n")
        with open(os.path.join(xdg, "gpt-image", "prompt-history"), "w") as f:
            f.write("".join(prompt + "\n" for prompt in HISTORY))
        ready = os.path.join(work, f"ready-{name}")
        env = dict(os.environ, GIMP3_DIRECTORY=profile, XDG_CONFIG_HOME=xdg,
                   HOME=os.path.join(work, "home"), GSETTINGS_BACKEND="memory",
                   GIO_USE_PROXY_RESOLVER="dummy", no_proxy="*", NO_AT_BRIDGE="1")
        env.pop("OPENAI_API_KEY", None)
        if language:
            env.update(make_locale(work, language))
        if popup:
            env["GPT_IMAGE_GIMP_TEST_POPUP"] = popup
        gimp = subprocess.Popen([a.gimp, "-n", "-d", "-s", "--batch-interpreter=python-fu-eval",
                                 "-b", batch_code(proc, mode, with_image, ready, first)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        deadline = time.time() + a.timeout
        while not os.path.exists(ready) and time.time() < deadline and gimp.poll() is None:
            time.sleep(0.5)
        if not os.path.exists(ready):
            print(f"{name}: GIMP did not reach the batch", file=sys.stderr)
            return False
        if after_answer and not wait_answered(admin, time.time() + a.timeout):
            print(f"{name}: the test server got no request", file=sys.stderr)
            return False
        time.sleep(settle or a.settle)  # the plug-in starts, builds its dialog, GIMP redraws
        out = os.path.join(a.out, f"{name}.png")
        capture(out)
        print(f"{name}: {out} ({os.path.getsize(out) // 1024} KB)")
        return True
    finally:
        if gimp and gimp.poll() is None:
            os.killpg(gimp.pid, signal.SIGTERM)
            try:
                gimp.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(gimp.pid, signal.SIGKILL)
                gimp.wait()
        server.terminate()
        server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--gimp", default=shutil.which("gimp-3.0") or "gimp")
    ap.add_argument("--timeout", type=float, default=240, help="seconds for GIMP to start")
    ap.add_argument("--settle", type=float, default=6, help="seconds for the dialog to show")
    ap.add_argument("shots", nargs="*", default=list(SHOTS))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="gimp3-shots-")
    ok = all([take(s, a, work) for s in a.shots])
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
