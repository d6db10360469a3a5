"""The plug-in's catalogs and test locales, for the install tests of both GIMP fronts."""
import gettext
import os
import re
import subprocess


def catalog(folder, language):
    """The installed catalog of `language` as {msgid: msgstr}, or None for English."""
    if language == "en":
        return None
    path = os.path.join(folder, "locale", language, "LC_MESSAGES", "gpt-image.mo")
    with open(path, "rb") as f:
        return gettext.GNUTranslations(f)._catalog


def translated(entries, msgid):
    return entries.get(msgid, msgid) if entries is not None else msgid


def matches_template(message, template):
    """Whether `message` is the printf `template` with its %s filled in."""
    pattern = ".*".join(re.escape(part) for part in template.split("%s"))
    return re.fullmatch(pattern, message, re.DOTALL) is not None


def make_locale(work, language):
    """A UTF-8 locale for `language`, compiled into work/locales (no system change)."""
    name = {"de": "de_DE", "fr": "fr_FR"}[language]
    target = os.path.join(work, "locales", name + ".UTF-8")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    made = subprocess.run(["localedef", "-i", name, "-c", "-f", "UTF-8", target],
                          capture_output=True, text=True)
    if not os.path.isdir(target):
        raise SystemExit(f"localedef could not make {name}.UTF-8 (is the locales package in?): "
                         + made.stderr)
    return name + ".UTF-8"
