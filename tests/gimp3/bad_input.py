"""The bad-input scenario of gimp-batch-test.py.

Every procedure of the plug-in (plugin/gimp3/procedure-args.cc and run-settings.cc) is called
with bad values for every argument GIMP lets through to it, one call per (argument, value):
- string arguments get each class of value (empty, 1 MB of letters and of digits, 2^31, 2^63,
  -1, "abc", "1.5", "3", a line break, bytes that are not UTF-8);
- int and choice arguments get values outside what they declare, to record that GIMP itself
  refuses them before the plug-in runs (the property keeps its value) and to run the plug-in
  with them if GIMP ever lets one through.
PY_BODY runs inside GIMP (after gimp-batch-test.py's PY_PRELUDE) and writes one record per
call; check() judges the records outside: a refused value gives one error naming the argument,
the value shown safely and the rule, and nothing was sent or changed (the image, the set of
images, the config file); a taken value reached the test server as it was given.
"""
import json

HUGE = 1 << 20
SHOWN_CHARS = 100  # core/include/gptimage/display-text.h kShownValueChars

PY_BODY = r'''
import os, urllib.request
config_path = os.path.join(os.environ["XDG_CONFIG_HOME"], "gpt-image", "config.ini")
with open(config_path) as f:
    base = [l.split("=", 1)[1].strip() for l in f if l.startswith("OPENAI_BASE_URL=")][0]
admin = base.rsplit("/v1", 1)[0] + "/__admin"

def admin_call(what, body=None):
    req = urllib.request.Request(admin + "/" + what, data=body,
                                 method="POST" if body is not None else "GET")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read()

CLASSES = [("empty", ""), ("huge text", "a" * HUGE), ("huge number", "7" * HUGE),
           ("2^31", "2147483648"), ("2^63", "9223372036854775808"), ("negative", "-1"),
           ("word", "abc"), ("decimal", "1.5"), ("number", "3"), ("line break", "a\nb"),
           ("not UTF-8", b"caf\xe9\xff")]
PROCS = {
    "plug-in-gpt-image-generate": ["prompt", "size", "model"],
    "plug-in-gpt-image-new": ["prompt", "size", "model"],
    "plug-in-gpt-image-edit": ["prompt", "size", "model"],
    "plug-in-gpt-image-respond": ["prompt", "size", "model", "tool-model",
                                  "previous-response-id"],
    "plug-in-gpt-image-settings": ["base-url", "organization", "project"],
}

def fresh_image():
    image = Gimp.Image.new(64, 64, Gimp.ImageBaseType.RGB)
    bg = Gimp.Layer.new(image, "bg", 64, 64, Gimp.ImageType.RGBA_IMAGE, 100,
                        Gimp.LayerMode.NORMAL)
    image.insert_layer(bg, None, 0)
    bg.fill(Gimp.FillType.WHITE)
    image.clean_all()
    return image, bg

def state(image, bg):
    """What a failed call must leave as it was."""
    s = {"images": len(Gimp.get_images()), "config": open(config_path, "rb").read().hex()}
    if image:
        buf = bg.get_buffer()
        rect = Gegl.Rectangle.new(0, 0, 64, 64)
        s.update(layers=len(image.get_layers()), dirty=image.is_dirty(),
                 pixels=bytes(buf.get(rect, 1.0, "R'G'B'A u8", Gegl.AbyssPolicy.NONE)).hex())
    return s

def call(name, arg, value, parasite=None):
    """Runs `name` with one argument set to `value`; a record of what happened. `parasite`:
    the bytes of the response id the image carries (a respond run continues from it)."""
    record = {"proc": name, "arg": arg}
    proc = Gimp.get_pdb().lookup_procedure(name)
    cfg = proc.create_config()
    cfg.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    image = bg = None
    if name not in ("plug-in-gpt-image-new", "plug-in-gpt-image-settings"):
        image, bg = fresh_image()
        if parasite is not None:
            try:  # 1: GIMP_PARASITE_PERSISTENT; the binding takes the bytes as gint8
                data = [b - 256 if b > 127 else b for b in parasite]
                image.attach_parasite(Gimp.Parasite.new("gpt-image-response-id", 1, data))
            except Exception as e:
                record["setup_failed"] = type(e).__name__ + ": " + str(e)[:200]
                return record
            image.clean_all()
        cfg.set_property("image", image)
        cfg.set_core_object_array("drawables", [bg])
    if arg == "prompt" or name == "plug-in-gpt-image-settings":
        pass
    else:
        cfg.set_property("prompt", "a red fox")
    before_value = cfg.get_property(arg)
    try:
        cfg.set_property(arg, value)
    except Exception as e:  # the binding refuses it: it never reaches GIMP
        record["blocked"] = type(e).__name__ + ": " + str(e)[:200]
        return record
    if cfg.get_property(arg) == before_value and value != before_value:
        record["blocked"] = "GIMP kept " + repr(before_value)[:80]
        return record
    if isinstance(value, bytes):  # PyGObject passes text only: bytes become their repr
        record["blocked"] = "PyGObject made it the text " + repr(cfg.get_property(arg))[:80]
        return record
    before = state(image, bg)
    admin_call("reset", b"{}")
    res = proc.run(cfg)
    status = res.index(0)
    record["status"] = str(status)
    record["ok"] = status == Gimp.PDBStatusType.SUCCESS
    if not record["ok"] and res.length() > 1:
        record["error"] = str(res.index(1))
    record["requests"] = json.loads(admin_call("requests"))
    after = state(image, bg)
    record["unchanged"] = {k: before[k] == after[k] for k in before}
    record["config_text"] = open(config_path, "rb").read().decode("utf-8", "replace")[-400:]
    if image:
        image.delete()
    if record["ok"] and name == "plug-in-gpt-image-new":
        for extra in Gimp.get_images()[before["images"]:]:
            extra.delete()
    return record

from gi.repository import Gegl
original_config = open(config_path, "rb").read()
cases = []
for name, args in PROCS.items():
    for arg in args:
        for cls, value in CLASSES:
            record = call(name, arg, value)
            record["class"] = cls
            if cls.startswith("huge"):
                record["value_length"] = len(value)
            cases.append(record)
            with open(config_path, "wb") as f:  # a taken setting is saved: start afresh
                f.write(original_config)

# A string no script can pass: the response id an image carries (any bytes in an XCF file).
for cls, value in [("huge text", b"a" * HUGE), ("not UTF-8", b"caf\xe9\xff")]:
    record = call("plug-in-gpt-image-respond", "previous-response-id", "", parasite=value)
    record["class"] = "parasite: " + cls
    cases.append(record)

# Numbers and choices outside what the arguments declare: GIMP keeps the old value.
for name, arg, value in [("plug-in-gpt-image-generate", "n", 11),
                         ("plug-in-gpt-image-generate", "n", -2),
                         ("plug-in-gpt-image-generate", "n", 2 ** 31 - 1),
                         ("plug-in-gpt-image-generate", "compression", 101),
                         ("plug-in-gpt-image-generate", "compression", -2),
                         ("plug-in-gpt-image-respond", "partial-images", 4),
                         ("plug-in-gpt-image-edit", "padding", 4097),
                         ("plug-in-gpt-image-edit", "padding", -1),
                         ("plug-in-gpt-image-settings", "timeout", 86401),
                         ("plug-in-gpt-image-settings", "timeout", -1),
                         ("plug-in-gpt-image-generate", "quality", "ultra"),
                         ("plug-in-gpt-image-generate", "quality", ""),
                         ("plug-in-gpt-image-respond", "action", "3"),
                         ("plug-in-gpt-image-generate", "output-format", "gif")]:
    record = call(name, arg, value)
    record["class"] = "outside the declared range: " + repr(value)
    cases.append(record)
out["cases"] = cases
'''.replace("HUGE", str(HUGE))


def shown(value):
    """The value as an error quotes it (gptimage::display_value)."""
    if isinstance(value, bytes):
        return "".join(chr(b) if b < 0x80 else "\\x%02x" % b for b in value)
    text = value.replace("\n", "\\n")
    if len(text) <= SHOWN_CHARS:
        return text
    tail = SHOWN_CHARS // 4
    return text[:SHOWN_CHARS - tail] + "…" + text[-tail:]


VALUES = {"empty": "", "huge text": "a" * HUGE, "huge number": "7" * HUGE,
          "2^31": "2147483648", "2^63": "9223372036854775808", "negative": "-1",
          "word": "abc", "decimal": "1.5", "number": "3", "line break": "a\nb",
          "not UTF-8": b"caf\xe9\xff"}


def verdict(proc, arg, cls):
    if cls.startswith("parasite: "):  # the stored id stands for an empty argument
        cls = cls[len("parasite: "):]
        return verdict(proc, arg, cls)
    """("refused", rule part), ("taken", None) or ("unset", None): empty means the configured
    value (or, for the settings procedure, the stored one) in GIMP."""
    settings = proc == "plug-in-gpt-image-settings"
    if cls == "empty":
        return ("refused", "must not be empty") if arg == "prompt" else ("unset", None)
    if cls == "not UTF-8":
        return ("refused", "must be valid UTF-8 text")
    huge = cls.startswith("huge")
    if arg == "size":
        return ("refused", "WIDTHxHEIGHT")
    if arg == "base-url":
        return ("refused", "must be an http:// or https:// URL")
    if arg == "prompt":
        return ("refused", "must be at most 32000 characters") if huge else ("taken", None)
    if huge:
        return ("refused", "must be at most 256 characters")
    if settings and cls == "line break":
        return ("refused", "must not contain control characters")
    return ("taken", None)


def check(out, expect):
    cases = out.get("cases") or []
    expect(len(cases) > 150, f"every (procedure, argument, value) was tried: {len(cases)}")
    counts = {"refused": 0, "taken": 0, "unset": 0, "blocked by GIMP": 0}
    for c in cases:
        what = f"{c['proc']} {c['arg']} {c['class']}"
        if "setup_failed" in c:
            expect(False, f"{what}: could not set the case up: {c['setup_failed']}")
            continue
        if "blocked" in c:
            # Only what GIMP's declarations or the binding refuse may stop before the plug-in.
            counts["blocked by GIMP"] += 1
            expect(c["class"].startswith("outside") or c["class"] == "not UTF-8"
                   and c["blocked"].startswith("PyGObject"),
                   f"{what}: a value GIMP should pass was stopped: {c['blocked']}")
            continue
        expect(not c["class"].startswith("outside"),
               f"{what}: GIMP let an undeclared value through (status {c.get('status')}); "
               "the plug-in must refuse it clearly")
        if c["class"].startswith("outside"):
            continue
        kind, rule = verdict(c["proc"], c["arg"], c["class"])
        counts[kind] += 1
        error = c.get("error") or ""
        value = VALUES[c["class"].replace("parasite: ", "")]
        if kind == "refused":
            prefix = f'GPT Image: {c["arg"]} "{shown(value)}" is invalid: '
            expect(not c.get("ok") and error.startswith(prefix),
                   f"{what}: want an error starting {prefix[:160]!r}, got {error[:300]!r}")
            expect(rule in error, f"{what}: the rule {rule!r} is not in {error[:300]!r}")
            expect("\n" not in error and len(error) < 1000,
                   f"{what}: one short line: {error[:300]!r}")
            expect(c.get("requests") == [], f"{what}: {len(c.get('requests') or [])} sent")
            changed = [k for k, same in (c.get("unchanged") or {}).items() if not same]
            expect(not changed, f"{what}: changed {changed}")
            continue
        if c["proc"] == "plug-in-gpt-image-settings":
            expect(c.get("ok"), f"{what}: refused: {error[:300]!r}")
            if kind == "taken":
                key = {"organization": "OPENAI_ORGANIZATION", "project": "OPENAI_PROJECT"}[c["arg"]]
                expect(f"{key}={value}" in c.get("config_text", ""),
                       f"{what}: not saved: {c.get('config_text', '')[-200:]!r}")
            else:
                expect(c["unchanged"].get("config"), f"{what}: an empty argument changed the file")
            continue
        requests = c.get("requests") or []
        expect(len(requests) == 1, f"{what}: {len(requests)} requests sent; error {error[:300]!r}")
        if kind == "taken" and requests:
            sent = json.dumps(requests[0], ensure_ascii=False)
            expect(json.dumps(value, ensure_ascii=False)[1:-1] in sent,
                   f"{what}: the value is not in the request")
    print("bad input:", json.dumps(counts))
