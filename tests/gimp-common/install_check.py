"""What the install tests of both GIMP fronts share: `meson install` into a throwaway
DESTDIR, the installed plug-in folder, the plug-in's catalogs and test locales, and GIMP's
environment for each language."""
import argparse
import gettext
import os
import re
import stat
import subprocess
import sys


def install_arguments():
    """--meson BIN --build-dir DIR --gimp BIN [--gimp-series MAJOR.MINOR], as both install tests
    take them. With --gimp-series, the GIMP binary must be of that series."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--meson", required=True)
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--gimp", required=True)
    ap.add_argument("--gimp-series", help="libgimp's MAJOR.MINOR")
    a = ap.parse_args()
    if a.gimp_series:
        found = series_of(a.gimp)
        if found != a.gimp_series:
            raise SystemExit(f"{a.gimp} is GIMP {found}, libgimp is {a.gimp_series}")
    return a


def series_of(gimp):
    """MAJOR.MINOR of the GIMP binary, from "... version 3.2.6"."""
    out = subprocess.run([gimp, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"version (\d+\.\d+)\.", out)
    if not found:
        raise SystemExit(f"{gimp} --version said no version: {out!r}")
    return found.group(1)


def meson_install(meson, build_dir, work):
    """`meson install` of the build into work/destdir; returns that folder."""
    destdir = os.path.join(work, "destdir")
    proc = subprocess.run([meson, "install", "-C", build_dir, "--no-rebuild", "--quiet",
                           "--destdir", destdir], capture_output=True, text=True)
    sys.stdout.write(proc.stdout[-3000:])
    sys.stderr.write(proc.stderr[-3000:])
    if proc.returncode != 0:
        raise SystemExit(f"meson install exited {proc.returncode}")
    return destdir


def installed_folder(destdir, version, expect):
    """The one GIMP/VERSION/plug-ins/gpt-image folder under destdir, checked to hold the
    executable plug-in and the de and fr catalogs; None when there is not exactly one."""
    tail = os.path.join("GIMP", version, "plug-ins", "gpt-image")
    found = [root for root, _, _ in os.walk(destdir) if root.endswith(os.sep + tail)]
    expect(len(found) == 1, f"one GIMP/{version}/plug-ins/gpt-image folder: {found}")
    if len(found) != 1:
        return None
    folder = found[0]
    binary = os.path.join(folder, "gpt-image")
    expect(os.path.isfile(binary) and os.stat(binary).st_mode & stat.S_IXUSR,
           f"GIMP {version}: plug-ins/gpt-image/gpt-image is an executable")
    languages = sorted(os.listdir(os.path.join(folder, "locale")))
    expect({"de", "fr"} <= set(languages), f"GIMP {version}: de and fr catalogs: {languages}")
    return folder


# Every language the project ships, with the locale each is run under.
LOCALES = {"de": "de_DE", "fr": "fr_FR", "zh_CN": "zh_CN", "ja": "ja_JP", "es": "es_ES"}
LANGUAGES = ["en"] + sorted(LOCALES)


def language_environment(work, language, profile_variable, profile):
    """GIMP's environment for a run in `language` (en, de, fr): the installed profile, a home
    and config folder of its own (no config file: no key anywhere), and the locale."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "OPENAI_"))}
    home = os.path.join(work, "home-" + language)
    xdg = os.path.join(work, "xdg-" + language)
    os.makedirs(home)
    os.makedirs(xdg)
    env.update(HOME=home, XDG_CONFIG_HOME=xdg, GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8")
    env[profile_variable] = profile
    if language != "en":
        env.update(LOCPATH=os.path.join(work, "locales"), LC_ALL=make_locale(work, language))
    return env


def catalog(folder, language):
    """The installed catalog of `language` as {msgid: msgstr}, or None for English."""
    if language == "en":
        return None
    path = os.path.join(folder, "locale", language, "LC_MESSAGES", "gpt-image.mo")
    with open(path, "rb") as f:
        return gettext.GNUTranslations(f)._catalog


def translated(entries, msgid):
    return entries.get(msgid, msgid) if entries is not None else msgid


def fill(template, *values):
    """The printf `template` (a catalog's msgstr) filled with `values` in their msgid order:
    %s, %d and positional %2$s alike."""
    position = iter(range(len(values)))

    def value(match):
        index = int(match.group(1)) - 1 if match.group(1) else next(position)
        return str(values[index])
    return re.sub(r"%(?:(\d+)\$)?[sd]", value, template)


def matches_template(message, template):
    """Whether `message` is the printf `template` with its %s filled in."""
    pattern = ".*".join(re.escape(part) for part in template.split("%s"))
    return re.fullmatch(pattern, message, re.DOTALL) is not None


def make_locale(work, language):
    """A UTF-8 locale for `language`, compiled into work/locales (no system change)."""
    name = LOCALES[language]
    target = os.path.join(work, "locales", name + ".UTF-8")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    made = subprocess.run(["localedef", "-i", name, "-c", "-f", "UTF-8", target],
                          capture_output=True, text=True)
    if not os.path.isdir(target):
        raise SystemExit(f"localedef could not make {name}.UTF-8 (is the locales package in?): "
                         + made.stderr)
    return name + ".UTF-8"
