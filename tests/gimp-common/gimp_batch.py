"""What the headless GIMP batch tests of both fronts share (tests/gimp2, tests/gimp3).

One scenario's throwaway folders (a GIMP profile holding the staged plug-in, config home, home,
data and temporary folders), the test server on port 0 with the scenario's faults, the
plug-in's config file, the server's recorded requests, and the checks that do not depend on
the GIMP version: the edit's pixels and request, the error paths, leftover temporary files and
the key in no profile file.
"""
import base64
import json
import os
import shutil
import ssl
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

from test_outcome import missing_catalog, plugin_problems

# Scenarios that must fail, and the server fault each one gets.
ERRORS = {"no-key": None, "moderation": "moderation_blocked", "server-error": "server_error",
          "drop-mid-stream": "drop_mid_stream", "timeout": "slow", "not-an-image": "not_an_image",
          "edit-moderation": "moderation_blocked"}
# What each error's message must say.
ERROR_WORDS = {"no-key": "no OpenAI API key", "moderation": "refused",
               "edit-moderation": "refused", "server-error": "500", "drop-mid-stream": "",
               "timeout": "timed out", "not-an-image": "not a PNG, JPEG or WebP image"}
# The Script-Fu edit scenario's measurements, for both GIMP versions. The batch defines
# (px DRAWABLE X Y) as a list (r g b) and (selected IMG X Y) as 0..255 in its version's API;
# (prepare-edit-image …) lays out the 96x80 image and its 72x64 source layer; `kept-bg` is that
# layer's copy in a duplicate made before the edit. (edit-counts …) gives what check_edit reads.
SF_EDIT_MEASURE = r"""
; The source layer at (16, 8) of the 96x80 image, a gradient, and a feathered ellipse selected.
(define (prepare-edit-image img bg)
  (gimp-image-insert-layer img bg 0 0)
  (gimp-layer-set-offsets bg 16 8)
  (gimp-context-set-foreground '(255 0 0))
  (gimp-context-set-background '(0 0 255))
  (gimp-context-set-gradient-fg-bg-rgb)
  (gimp-drawable-edit-gradient-fill bg GRADIENT-LINEAR 0 FALSE 1 0 FALSE 0 0 72 64)
  (gimp-image-select-ellipse img CHANNEL-OP-REPLACE 30 22 36 28)
  (gimp-selection-feather img 6))
(define (each n f) (let loop ((i 0)) (if (< i n) (begin (f i) (loop (+ i 1))))))
(define (dist a b) (+ (abs (- (car a) (car b))) (abs (- (cadr a) (cadr b)))
                      (abs (- (caddr a) (caddr b)))))
; (d) the source layer's pixels that differ from its copy
(define (source-changes bg kept-bg)
  (let ((changed 0))
    (each 64 (lambda (y) (each 72 (lambda (x)
      (if (not (equal? (px bg x y) (px kept-bg x y)))
          (set! changed (+ changed 1)))))))
    changed))
(define (edit-counts img before-flat after-flat new nx ny nw nh kept-bg bg)
  (let ((outside 0) (changed 0) (inside 0) (differ 0) (region-out 0) (kept 0))
    ; (a) the composite wherever nothing is selected
    (each 80 (lambda (y) (each 96 (lambda (x)
      (if (= (selected img x y) 0)
          (begin
            (set! outside (+ outside 1))
            (if (not (equal? (px before-flat x y) (px after-flat x y)))
                (set! changed (+ changed 1)))))))))
    ; (b) the new layer: new where fully selected, the source where not selected
    (each nh (lambda (y) (each nw (lambda (x)
      (let ((s (selected img (+ nx x) (+ ny y)))
            (d (dist (px new x y) (px kept-bg (- (+ nx x) 16) (- (+ ny y) 8)))))
        (cond ((= s 255) (set! inside (+ inside 1)) (if (> d 24) (set! differ (+ differ 1))))
              ((= s 0) (set! region-out (+ region-out 1))
                       (if (<= d 24) (set! kept (+ kept 1))))))))))
    (list outside changed inside differ region-out kept (= (source-changes bg kept-bg) 0))))
"""

# The GIMP profile's data folders: without them GIMP warns about each.
DATA_FOLDERS = ("brushes", "gradients", "patterns", "palettes", "fonts", "dynamics",
                "tool-presets", "mypaint-brushes")


def http(url, body=None, cafile=None):
    req = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    context = ssl.create_default_context(cafile=cafile) if cafile else None
    with urllib.request.urlopen(req, timeout=10, context=context) as resp:
        return resp.read()


# The user's guide, whose recipes the tests run as written.
GUIDE = "docs/guide.md"


def doc_example(doc, tag, name, interpreter):
    """The code block marked `<!-- TAG: NAME INTERPRETER -->` in DOC (a path from the project's
    top folder)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", doc)
    lines = open(path, encoding="utf-8").read().split("\n")
    start = lines.index(f"<!-- {tag}: {name} {interpreter} -->") + 2
    end = lines.index("```", start)
    return "\n".join(lines[start:end]) + "\n"


def start_test_server(server, key, url_file, server_args=()):
    """Starts the test server program; returns (process, base URL) once it listens."""
    process = subprocess.Popen([server, "--url-file", url_file, "--api-key", key]
                               + list(server_args), stdout=subprocess.DEVNULL)
    for _ in range(100):
        if os.path.exists(url_file) and open(url_file).read().strip():
            break
        time.sleep(0.05)
    return process, open(url_file).read().strip()


class Scenario:
    """One scenario's folders and test server; stop() ends the server."""

    def __init__(self, prefix, plugin, server, key, server_args=()):
        self.work = tempfile.mkdtemp(prefix=prefix)
        self.profile = os.path.join(self.work, "profile")
        # The staged folder: the plug-in and its locale/ catalogs.
        shutil.copytree(plugin, os.path.join(self.profile, "plug-ins", "gpt-image"))
        for d in DATA_FOLDERS:
            os.makedirs(os.path.join(self.profile, d), exist_ok=True)
        self.tmp = os.path.join(self.work, "tmp")
        self.xdg = os.path.join(self.work, "xdg")
        self.home = os.path.join(self.work, "home")
        self.data = os.path.join(self.work, "data")  # the rescue folder: data/gpt-image/rescued
        self.rescue = os.path.join(self.data, "gpt-image", "rescued")
        for d in (self.tmp, self.xdg, self.home, self.data):
            os.makedirs(d)
        self.result_file = os.path.join(self.work, "result.json")
        self.config_file = os.path.join(self.xdg, "gpt-image", "config.ini")
        self.key = key
        self.server, self.base = start_test_server(server, key, os.path.join(self.work, "url"),
                                                   server_args)
        self.admin = self.base.rsplit("/v1", 1)[0] + "/__admin"

    def standard_setup(self, scenario):
        """The config and faults of the scenarios both fronts run; returns (config, faults)."""
        config = {"OPENAI_BASE_URL": self.base, "OPENAI_API_KEY": self.key,
                  "OPENAI_IMAGE_MAX_RETRIES": "0"}
        faults = []
        if scenario == "no-key":
            del config["OPENAI_API_KEY"]
        elif scenario == "rate-limit-then-success":
            config["OPENAI_IMAGE_MAX_RETRIES"] = "2"
            faults = [{"kind": "rate_limit", "retry_after": 1}]
        elif scenario == "timeout":
            config["OPENAI_IMAGE_TIMEOUT"] = "1"
            faults = [{"kind": "slow", "delay": 4}]
        elif ERRORS.get(scenario):
            faults = [{"kind": ERRORS[scenario]}]
        return config, faults

    def apply(self, config, faults):
        """Writes the plug-in's config file (mode 0600) and arms the server's faults."""
        if faults:
            http(self.admin + "/faults", json.dumps({"faults": faults}).encode())
        os.makedirs(os.path.dirname(self.config_file), exist_ok=True)
        with open(self.config_file, "w") as f:
            f.write("[gpt-image]\n" + "".join(f"{k}={v}\n" for k, v in config.items()))
        os.chmod(self.config_file, 0o600)

    def environment(self, profile_variable):
        """GIMP's environment: the profile, config and data folders of this scenario only."""
        env = dict(os.environ, XDG_CONFIG_HOME=self.xdg, HOME=self.home,
                   XDG_DATA_HOME=self.data, TMPDIR=self.tmp, GIO_USE_PROXY_RESOLVER="dummy",
                   no_proxy="*", GSETTINGS_BACKEND="memory")
        env[profile_variable] = self.profile
        env.pop("OPENAI_API_KEY", None)
        env.pop("OPENAI_BASE_URL", None)
        return env

    def run_batch(self, command, env, failures, limit="120", cafile=None, writes_result=True,
                  batch_dialog=False):
        """Runs GIMP with the batch `command` (its arguments after the binary's path); returns
        (process, result, server requests). A batch that wrote no result file has failed."""
        proc = subprocess.run(["timeout", limit] + command, env=env, capture_output=True,
                              text=True, cwd=self.work)
        sys.stderr.write(proc.stderr[-6000:])
        if proc.returncode != 0:
            failures.append(f"{os.path.basename(command[0])} exited {proc.returncode}")
        if missing_catalog(proc.stderr):
            failures.append("GIMP found no catalog directory beside the plug-in")
        for line in plugin_problems(proc.stderr, batch_dialog):
            failures.append(f"the plug-in logged: {line}")
        out = self.result()
        if out is None:
            if writes_result:
                failures.append("the batch wrote no result file")
            out = {}
        print("result:", json.dumps(out)[:4000])
        requests = self.requests(cafile=cafile)
        print("requests:", [(r.get("path"), r.get("status")) for r in requests])
        return proc, out, requests

    def result(self):
        """What the batch wrote, or None."""
        if not os.path.exists(self.result_file):
            return None
        return json.load(open(self.result_file))

    def requests(self, cafile=None):
        return json.loads(http(self.admin + "/requests", cafile=cafile))

    def check_files(self, failures):
        """No temporary file left, and the key in no file of the GIMP profile."""
        leftovers = [os.path.join(r, f) for r, _, fs in os.walk(self.tmp) for f in fs]
        if leftovers:
            failures.append(f"temporary files left: {leftovers}")
        for root, _, files in os.walk(self.profile):
            for f in files:
                path = os.path.join(root, f)
                try:
                    if self.key.encode() in open(path, "rb").read():
                        failures.append(f"the key is stored in {path}")
                except OSError:
                    pass

    def stop(self):
        self.server.terminate()
        self.server.wait()


def check_error(scenario, out, requests, expect):
    """An error path: the procedure failed with the right words and the image is unchanged."""
    expect(bool(out.get("error")), "the procedure failed")
    layers = 2 if scenario.startswith("edit") else 1
    expect(out.get("layers") == layers and out.get("dirty") is False, "image unchanged")
    if scenario.startswith("edit"):
        expect(out.get("source_unchanged") is True, "source layer untouched")
    words = ERROR_WORDS[scenario]
    expect(words in (out.get("error") or ""), f"error mentions {words!r}: {out.get('error')}")
    if scenario == "no-key":
        expect(requests == [], "no request without a key")


def check_edit(out, requests, image_parts, expect):
    """The edit checks shared by both interpreters (see the scenario bodies)."""
    edits = [r for r in requests if r.get("path", "").endswith("/images/edits")]
    expect(len(edits) == 1 and edits[0].get("status") == 200, "one successful edits request")
    parts = edits[0].get("parts", []) if edits else []
    names = [p.get("name") for p in parts]
    fields = {p["name"]: p.get("value") for p in parts if p.get("filename") is None}
    images = [p for p in parts if p.get("name") == "image[]"]
    masks = [p for p in parts if p.get("name") == "mask"]
    expect(len(masks) == 1 and masks[0].get("content_type") == "image/png",
           f"a PNG mask part was sent: {names}")
    expect(all(p.get("content_type") == "image/png" and p.get("filename") for p in images),
           "images are named PNG parts")
    expect(len(images) == image_parts, f"image[] parts: {len(images)}, expected {image_parts}")
    expect(fields.get("prompt") == "a small red boat", "prompt sent")
    size = fields.get("size") or "0x0"
    sw, sh = (int(v) for v in size.split("x"))
    expect(sw % 16 == 0 and sh % 16 == 0 and sw * sh >= 655360, f"a fitted request size {size}")

    # (a) nothing outside the selection changed in the composite
    expect(out.get("outside_count", 0) > 0 and out.get("outside_changed") == 0,
           f"composite unchanged where the selection is 0 ({out.get('outside_changed')} changed)")
    # (b) the mask the right way round: new where selected, kept where not
    inside, differ = out.get("inside", 0), out.get("inside_differ", 0)
    expect(inside > 0 and differ >= 0.9 * inside,
           f"result differs inside the selection ({differ}/{inside})")
    region_out, kept = out.get("outside_in_region", 0), out.get("outside_kept", 0)
    expect(region_out > 0 and kept >= 0.8 * region_out,
           f"result keeps the source outside the selection ({kept}/{region_out})")
    expect(out.get("new_has_mask") is True, "the new layer has a mask")
    expect(out.get("new_above_bg") is True, "the new layer is above the source")
    # (c) the new layer covers selection + padding (clamped to the layer), stays inside the
    # layer
    nx, ny, nw, nh = out.get("new", [0, 0, 0, 0])
    lx, ly, lw, lh = out.get("layer", [0, 0, 0, 0])
    x1, y1, x2, y2 = out.get("selection", [0, 0, 0, 0])
    pad = 8
    want = [max(x1 - pad, lx), max(y1 - pad, ly), min(x2 + pad, lx + lw), min(y2 + pad, ly + lh)]
    expect(nx <= want[0] and ny <= want[1] and nx + nw >= want[2] and ny + nh >= want[3],
           f"new layer {out.get('new')} covers selection+padding {want}")
    expect(nx >= lx and ny >= ly and nx + nw <= lx + lw and ny + nh <= ly + lh,
           f"new layer {out.get('new')} lies within the layer {out.get('layer')}")
    # (d)
    expect(out.get("source_unchanged") is True, "source layer untouched")




def check_fit(out, requests, expect):
    """The "fit" scenario of both fronts: with no size given, the sizes asked for, where the
    results landed and their names. `out` holds the errors of six runs and, per image, its
    layers top first as [name, width, height, x, y]: generate_1024 (one run on 1024x768),
    generate_1920 (two runs of n=2 on 1920x1080), respond_1024, edit_whole (an edit of a whole
    1024x768 layer) and edit_selection (then one of the selection (100, 200)-(600, 500))."""
    errors = out.get("errors", [])
    expect(len(errors) == 6 and not any(errors), f"every run succeeded: {errors}")
    sizes = []
    for r in requests:
        body = r.get("json") or {}
        if "tools" in body:
            sizes.append(body["tools"][0].get("size"))
        elif body:
            sizes.append(body.get("size"))
        else:
            sizes.append({p["name"]: p.get("value") for p in r.get("parts", [])}.get("size"))
    expect(len(sizes) == 6, f"six requests: {sizes}")
    if len(sizes) != 6:
        return
    expect(sizes[0] == "1024x768", f"generate on 1024x768 asked for 1024x768: {sizes[0]}")
    def dims(size):
        parts = (size or "").split("x")
        return (int(parts[0]), int(parts[1])) if len(parts) == 2 and all(
            p.isdigit() for p in parts) else (0, 1)
    w, h = dims(sizes[1])
    expect(w > 0 and w % 16 == 0 and h % 16 == 0 and 655360 <= w * h <= 8294400
           and abs(w / h - 1920 / 1080) < 0.02 and sizes[2] == sizes[1],
           f"generate on 1920x1080 asked for a valid size of its aspect: {sizes[1:3]}")
    expect(sizes[3] == "1024x768", f"the conversation asked for 1024x768: {sizes[3]}")
    expect(sizes[4] == "1024x768", f"the whole-layer edit asked for 1024x768: {sizes[4]}")

    def layers(key):
        return out.get(key) or []
    top = layers("generate_1024")[:1]
    expect(top and top[0][1:] == [1024, 768, 0, 0], f"a 1024x768 layer at (0, 0): {top}")
    results = layers("generate_1920")[:-1]
    expect(len(results) == 4 and all(l[1:] == [1920, 1080, 0, 0] for l in results),
           f"every 1920x1080 result covers the canvas exactly: {results}")
    names = [l[0] for l in results]
    expect(len(set(names)) == 4, f"variations and repeated runs have distinct names: {names}")
    top = layers("respond_1024")[:1]
    expect(top and top[0][1:] == [1024, 768, 0, 0], f"conversation: 1024x768 at (0, 0): {top}")
    top = layers("edit_whole")[:1]
    expect(top and top[0][1:] == [1024, 768, 0, 0], f"whole-layer edit: 1024x768 at (0, 0): {top}")
    # The selection's region: at least the selection, inside the image, of the asked aspect.
    # (The second edit's layer goes directly above "bg", under the first one.)
    top = layers("edit_selection")[1:2]
    w, h = dims(sizes[5])
    ok = bool(top) and w > 0
    if ok:
        _, lw, lh, lx, ly = top[0]
        ok = (lx <= 100 and ly <= 200 and lx + lw >= 600 and ly + lh >= 500 and lx >= 0
              and ly >= 0 and lx + lw <= 1024 and ly + lh <= 768
              and abs(lw / lh - w / h) < 0.02)
    expect(ok, f"the edit result covers its region ({sizes[5]} asked): {top}")


def check_requests(scenario, out, requests, expect, layer_sent=False):
    """The checks of the scenarios whose outcome both fronts report alike; False for others.
    respond-twice: `layer_sent` when the second run sent the 64x64 layer with a selection."""
    statuses = [r.get("status") for r in requests]
    if scenario == "generate-n2":
        body = (requests[-1].get("json") or {}) if requests else {}
        expect(body.get("n") == 2 and body.get("prompt") == "a red fox in snow", "request n=2")
    elif scenario == "new":
        expect(out.get("size") == [1536, 1024], "new image is 1536x1024")
    elif scenario == "partials":
        body = (requests[-1].get("json") or {}) if requests else {}
        expect(body.get("stream") is True and body.get("partial_images") == 2,
               "request streams 2 partial images")
        expect(out.get("layers") == 2, "one final layer")
    elif scenario == "respond-twice":
        ids = out.get("ids", [None, None])
        expect(all(ids) and ids[0] != ids[1], f"two response ids {ids}")
        expect(out.get("parasite") == ids[1], "parasite holds the latest id")
        bodies = [(r.get("json") or {}) for r in requests
                  if r.get("path", "").endswith("/responses")]
        expect(len(bodies) == 2, "two /responses requests")
        if len(bodies) == 2:
            expect("previous_response_id" not in bodies[0], "first has no previous id")
            expect(bodies[1].get("previous_response_id") == ids[0],
                   "second carries the first id")
        if len(bodies) == 2 and layer_sent:
            # The layer as an input image, the selection as input_image_mask over it.
            tool = (bodies[1].get("tools") or [{}])[0]
            mask = (tool.get("input_image_mask") or {}).get("image_url", "")
            expect(mask.startswith("data:image/png;base64,"), "selection sent as the mask")
            content = ((bodies[1].get("input") or [{}])[0].get("content") or [])
            expect(any(c.get("type") == "input_image" for c in content), "layer sent")
            if mask.startswith("data:image/png;base64,"):
                png = base64.b64decode(mask.split(",", 1)[1])
                expect(png[:8] == b"\x89PNG\r\n\x1a\n", "mask is a PNG")
                width, height = struct.unpack(">II", png[16:24])
                expect((width, height) == (64, 64), f"mask covers the layer: {width}x{height}")
    elif scenario == "rate-limit-then-success":
        expect(statuses == [429, 200], "429 then 200")
        expect(out.get("layers") == 2, "one new layer")
    elif scenario == "guide-edit":
        expect(statuses == [200], "one successful request")
        parts = requests[-1].get("parts", []) if requests else []
        names = sorted(p.get("name") for p in parts if p.get("filename"))
        expect(names == ["image[]", "mask"], f"one image and a mask were sent: {names}")
    elif scenario == "guide-generate":
        gens = [r for r in requests if r.get("path", "").endswith("/images/generations")]
        expect([r.get("status") for r in gens] == [200, 200] and len(gens) == len(requests),
               f"two successful generation requests: {statuses}")
        prompts = [(r.get("json") or {}).get("prompt") for r in gens]
        expect(prompts == ["a red fox in snow", "a lighthouse at dusk"],
               f"the loop's two prompts, in order: {prompts}")
    elif scenario in ERRORS:
        check_error(scenario, out, requests, expect)
    else:
        return False
    return True
