#!/usr/bin/env python3
"""`meson install` into a throwaway DESTDIR, then GIMP 2.10 loading the plug-in from there.

  install-test.py --meson BIN --build-dir DIR --gimp gimp-console-2.10

Checks that the plug-in lands in GIMP 2.10's per-user folder as plug-ins/gpt-image/gpt-image
with its catalogs in locale/, then starts gimp-console-2.10 with GIMP2_DIRECTORY set to the
installed GIMP/2.10 folder, once per language (English, and German, French, Simplified Chinese,
Japanese and Spanish through locales made with localedef): every procedure is registered from there with its translation domain
(pluginrc's locale-def, from gimp_plugin_domain_register), and a run without a key fails
with its message in that language. The help domain is installed beside the plug-in
(help/LANG/gimp-help.xml mapping every procedure to a heading of help/LANG/guide.html, and
the pictures it shows) and registered (pluginrc's help-def, from gimp_plugin_help_register).
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gimp-common"))
from gimp_batch import DATA_FOLDERS  # noqa: E402
from install_check import (LANGUAGES, catalog, install_arguments, installed_folder,  # noqa: E402
                           language_environment,
                           matches_template, meson_install)
from help_domain import (HELP_LANGUAGES, HELP_PROCEDURES, help_domain_failures,  # noqa: E402
                         registration_failures)
from test_outcome import finish, missing_catalog, plugin_problems  # noqa: E402

PROCEDURES = ["plug-in-gpt-image-generate", "plug-in-gpt-image-new", "plug-in-gpt-image-edit",
              "plug-in-gpt-image-respond", "plug-in-gpt-image-settings"]
NO_KEY_PREFIX = "GPT Image: no OpenAI API key is configured."
BATCH = r'''
(define message "")
(let* ((img (car (gimp-image-new 64 64 RGB)))
       (layer (car (gimp-layer-new img 64 64 RGBA-IMAGE "bg" 100 LAYER-MODE-NORMAL)))
       (saved *error-hook*))
  (gimp-image-insert-layer img layer 0 0)
  (set! *error-hook* (lambda (msg . rest) (set! message msg) (apply saved msg rest)))
  (catch #f (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer "a fox" "1024x1024"
              "auto" "default" "png" -1 "default" 1 "" 0 "default"))
  (set! *error-hook* saved)
  (let ((port (open-output-file RESULT)))
    (write message port)
    (close-output-port port)))
'''


def main():
    a = install_arguments()

    work = tempfile.mkdtemp(prefix="gimp2-install-")
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    try:
        destdir = meson_install(a.meson, a.build_dir, work)
        folder = installed_folder(destdir, "2.10", expect)
        if not folder:
            raise SystemExit("nothing to start GIMP on: " + "; ".join(failures))
        profile = os.path.dirname(os.path.dirname(folder))  # .../GIMP/2.10
        failures += help_domain_failures(os.path.join(folder, "help"), HELP_LANGUAGES,
                                         HELP_PROCEDURES)
        for d in DATA_FOLDERS:
            os.makedirs(os.path.join(profile, d), exist_ok=True)
        for language in LANGUAGES:
            entries = catalog(folder, language)
            env = language_environment(work, language, "GIMP2_DIRECTORY", profile)
            result = os.path.join(work, f"result-{language}.json")
            run = subprocess.run(["timeout", "120", a.gimp, "-i", "-d", "-f", "-n",
                                  "--batch-interpreter=plug-in-script-fu-eval",
                                  "-b", BATCH.replace("RESULT", json.dumps(result)),
                                  "-b", "(gimp-quit 0)"], env=env, capture_output=True,
                                 text=True)
            sys.stderr.write(run.stderr[-4000:])
            expect(run.returncode == 0, f"{language}: gimp-console exited {run.returncode}")
            expect(not missing_catalog(run.stderr), f"{language}: GIMP found no catalog directory")
            for line in plugin_problems(run.stderr):
                failures.append(f"{language}: the plug-in logged: {line}")
            error = json.load(open(result)) if os.path.exists(result) else ""
            print(language, "error:", error)

            # Written in the locale of the run that queried the plug-ins.
            pluginrc = open(os.path.join(profile, "pluginrc"), "rb").read().decode("utf-8",
                                                                                "replace")
            for name in PROCEDURES:
                expect(f'(proc-def "{name}"' in pluginrc, f"{language}: {name} registered")
            # GIMP writes the profile folder as ${gimp_dir}.
            expect('(locale-def "gpt-image" "${gimp_dir}/plug-ins/gpt-image/locale")' in pluginrc,
                   f"{language}: the catalogs are registered for GIMP's menus")
            if entries is None:
                expect(NO_KEY_PREFIX in error, f"en: the no-key message: {error!r}")
            else:
                no_key = [msgid for msgid in entries
                          if isinstance(msgid, str) and msgid.startswith(NO_KEY_PREFIX)]
                expect(len(no_key) == 1, f"{language}: one no-key message in the catalog")
                if no_key:
                    template = entries[no_key[0]]
                    # Script-Fu puts its own words before the plug-in's message.
                    expect(template != no_key[0]
                           and matches_template(error.split(": ", 1)[-1], template),
                           f"{language}: the no-key message is the translation: {error!r}")
        failures += registration_failures(os.path.join(profile, "pluginrc"))
    except BaseException:
        print("kept " + work)
        raise
    return finish(work, failures)


if __name__ == "__main__":
    sys.exit(main())
