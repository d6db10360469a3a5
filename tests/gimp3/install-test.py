#!/usr/bin/env python3
"""`meson install` into a throwaway DESTDIR, then GIMP 3 loading the plug-in from there.

  install-test.py --meson BIN --build-dir DIR --gimp BIN --gimp-series 3.0|3.2

Checks that the plug-in lands in the per-user folders of GIMP 3.0 and 3.2 as
plug-ins/gpt-image/gpt-image with its catalogs in locale/, then starts the GIMP of libgimp's
series (--gimp-series; its --version must agree) with GIMP3_DIRECTORY set to that series' own
installed folder, GIMP/3.0 or GIMP/3.2, once per language (English, and German
and French through locales made with localedef). Each time, every procedure must be
registered from there, with the menu label and blurb in that language, and a run without a
key must fail with its message in that language. The help domain is installed beside the
plug-in (help/LANG/gimp-help.xml mapping every procedure to a heading of help/LANG/guide.html,
and the pictures it shows), and GIMP records it for the plug-in in pluginrc.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gimp-common"))
from install_check import (LANGUAGES, catalog, fill, install_arguments,  # noqa: E402
                           installed_folder, language_environment, matches_template,
                           meson_install, translated)
from help_domain import (HELP_LANGUAGES, HELP_PROCEDURES, help_domain_failures,  # noqa: E402
                         registration_failures)
from test_outcome import finish, missing_catalog, plugin_problems  # noqa: E402

PROCEDURES = ["plug-in-gpt-image-generate", "plug-in-gpt-image-new", "plug-in-gpt-image-edit",
              "plug-in-gpt-image-respond", "plug-in-gpt-image-settings"]

BATCH = r'''
import json
from gi.repository import Gimp
out = {"procedures": {}}
pdb = Gimp.get_pdb()
for name in NAMES:
    proc = pdb.lookup_procedure(name)
    out["procedures"][name] = None if proc is None else {
        "label": proc.get_menu_label(), "blurb": proc.get_blurb(),
        "paths": list(proc.get_menu_paths())}
img = Gimp.Image.new(64, 64, Gimp.ImageBaseType.RGB)
layer = Gimp.Layer.new(img, "bg", 64, 64, Gimp.ImageType.RGBA_IMAGE, 100, Gimp.LayerMode.NORMAL)
img.insert_layer(layer, None, 0)
proc = pdb.lookup_procedure("plug-in-gpt-image-generate")
if proc is not None:
    cfg = proc.create_config()
    cfg.set_property("run-mode", Gimp.RunMode.NONINTERACTIVE)
    cfg.set_property("image", img)
    cfg.set_core_object_array("drawables", [layer])
    cfg.set_property("prompt", "a red fox in snow")
    res = proc.run(cfg)
    out["status"] = res.index(0).value_nick
    out["error"] = str(res.index(1)) if res.length() > 1 else None
    # A size the model refuses: the core's validation message, checked before the key.
    cfg.set_property("size", "100x100")
    res = proc.run(cfg)
    out["invalid_error"] = str(res.index(1)) if res.length() > 1 else None
img.delete()
json.dump(out, open(RESULT, "w"))
'''

# Source strings the checks look up in the installed catalogs.
GENERATE_LABEL = "_Generate…"
GENERATE_BLURB = "Generate images from a prompt into new layers"
NO_KEY_PREFIX = "GPT Image: no OpenAI API key is configured."
# The validation error of size 100x100, as the core makes it and the plug-in wraps it.
WRAPPED = "GPT Image: %s"
INVALID = '%s "%s" is invalid: %s'
MULTIPLES = "both edges must be multiples of %d"


def main():
    a = install_arguments()

    work = tempfile.mkdtemp(prefix="gimp3-install-")
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    try:
        destdir = meson_install(a.meson, a.build_dir, work)
        folders = {}
        for version in ("3.0", "3.2"):
            folder = installed_folder(destdir, version, expect)
            if folder:
                folders[version] = folder
                for failure in help_domain_failures(os.path.join(folder, "help"), HELP_LANGUAGES,
                                                    HELP_PROCEDURES):
                    failures.append(f"GIMP {version}: {failure}")
        series = a.gimp_series or "3.0"
        if series not in folders:
            raise SystemExit(f"no GIMP/{series} folder to start GIMP {series} on")

        folder = folders[series]
        profile = os.path.dirname(os.path.dirname(folder))  # .../GIMP/3.x
        print(f"starting GIMP {series} on {profile}")
        for language in LANGUAGES:
            entries = catalog(folder, language)
            env = language_environment(work, language, "GIMP3_DIRECTORY", profile)
            result = os.path.join(work, f"result-{language}.json")
            code = BATCH.replace("NAMES", json.dumps(PROCEDURES)).replace("RESULT",
                                                                          json.dumps(result))
            run = subprocess.run(["timeout", "120", a.gimp, "-n", "-i", "-d", "-f", "--quit",
                                  "--batch-interpreter=python-fu-eval", "-b", code],
                                 env=env, capture_output=True, text=True)
            sys.stderr.write(run.stderr[-4000:])
            expect(run.returncode == 0, f"{language}: gimp-console exited {run.returncode}")
            expect(not missing_catalog(run.stderr), f"{language}: GIMP found no catalog directory")
            for line in plugin_problems(run.stderr):
                failures.append(f"{language}: the plug-in logged: {line}")
            out = json.load(open(result)) if os.path.exists(result) else {}
            print(language, "result:", json.dumps(out, ensure_ascii=False))

            procedures = out.get("procedures", {})
            for name in PROCEDURES:
                expect(procedures.get(name) is not None, f"{language}: {name} registered")
            generate = procedures.get("plug-in-gpt-image-generate") or {}
            label = translated(entries, GENERATE_LABEL)
            blurb = translated(entries, GENERATE_BLURB)
            if entries is not None:
                expect(label != GENERATE_LABEL and blurb != GENERATE_BLURB,
                       f"{language}: the catalog translates the label and the blurb")
            expect(generate.get("label") == label, f"{language}: menu label {generate.get('label')!r}"
                   f" is {label!r}")
            expect(generate.get("blurb") == blurb, f"{language}: blurb {generate.get('blurb')!r}")
            expect(generate.get("paths") == ["<Image>/Filters/AI/GPT Image"],
                   f"{language}: menu path {generate.get('paths')}")

            error = out.get("error") or ""
            expect(out.get("status") == "execution-error",
                   f"{language}: the run without a key failed: {out.get('status')}")
            if entries is None:
                expect(error.startswith(NO_KEY_PREFIX), f"en: the no-key message: {error!r}")
            else:
                no_key = [msgid for msgid in entries
                          if isinstance(msgid, str) and msgid.startswith(NO_KEY_PREFIX)]
                expect(len(no_key) == 1, f"{language}: one no-key message in the catalog")
                if no_key:
                    template = entries[no_key[0]]
                    expect(template != no_key[0] and matches_template(error, template),
                           f"{language}: the no-key message is the translation: {error!r}")
            # The core's message is in the same language as the plug-in's around it.
            want = fill(translated(entries, WRAPPED),
                        fill(translated(entries, INVALID), "size", "100x100",
                             fill(translated(entries, MULTIPLES), 16)))
            if entries is not None:
                expect(translated(entries, INVALID) != INVALID
                       and translated(entries, MULTIPLES) != MULTIPLES,
                       f"{language}: the catalog translates the core's validation message")
            expect(out.get("invalid_error") == want,
                   f"{language}: the validation message {out.get('invalid_error')!r} is {want!r}")
        failures += registration_failures(os.path.join(profile, "pluginrc"))
    except BaseException:
        print("kept " + work)
        raise
    return finish(work, failures)


if __name__ == "__main__":
    sys.exit(main())
