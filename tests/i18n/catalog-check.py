#!/usr/bin/env python3
"""The catalogs, checked as a release would be, and the CLI speaking them.

  catalog-check.py --source DIR --cli BIN --server BIN --localedir DIR

- Every language of po/LINGUAS passes `msgfmt --check` and is complete: no fuzzy and no
  untranslated message, against a template made afresh from po/POTFILES (so a string added to
  the code but not to the catalogs fails too).
- The check can fail: a catalog whose translation drops a placeholder, or turns a %s into a
  %d, is refused by `msgfmt --check`.
- `gpt-image generations --help` under LANGUAGE=de (in a de_DE.UTF-8 locale) is German, and a German validation error
  names the same parameter and value as the English one, in the catalog's words.
- So are the input-file checks of `gpt-image edits --image`: a missing file, a file that is not
  an image, and an image whose header declares an edge past the limit.
- A network error of a real request (to a loopback port nothing listens on), and the error
  for a response with more images than asked for (the test server's extra_images fault), are in
  the catalog's German words, and in English in the C locale.
"""
import argparse
import gettext
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import zlib

# What Meson's i18n module passes to xgettext for its 'glib' preset (the keywords the code
# uses, and which strings are printf formats).
XGETTEXT_ARGS = ["--from-code=UTF-8", "--add-comments", "--keyword=_", "--keyword=N_",
                 "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--keyword=g_dcgettext:2",
                 "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
                 "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format",
                 "--flag=NC_:2:pass-c-format", "--flag=g_dngettext:2:pass-c-format"]

INVALID = '%s "%s" is invalid: %s'
MULTIPLES = "both edges must be multiples of %d"
MISSING = "the file does not exist"
NOT_AN_IMAGE = "the file content is not PNG, JPEG or WebP (checked by its content, not its name)"
EDGE = "the image is %dx%d; each edge must be at most %d pixels"
MAX_EDGE = 16384
CANNOT_REACH = "cannot reach %s: %s"
EXTRA_IMAGES = ("the response holds more images than the %d image asked for (%s); the extra "
                "ones were refused (see docs/limits.md)",
                "the response holds more images than the %d images asked for (%s); the extra "
                "ones were refused (see docs/limits.md)")


def fill(template, *values):
    """A printf template (msgid or msgstr) filled with `values` in the msgid's order."""
    position = iter(range(len(values)))

    def value(match):
        index = int(match.group(1)) - 1 if match.group(1) else next(position)
        return str(values[index])
    return re.sub(r"%(?:(\d+)\$)?[sd]", value, template)


def png_declaring(width, height):
    """A PNG whose header declares width x height; the checks refuse it before any decoding."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


def statistics(po):
    """msgfmt --check's verdict and its counts for one catalog."""
    run = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                         capture_output=True, text=True)
    counts = {kind: int(n) for n, kind in
              re.findall(r"(\d+) (translated|fuzzy|untranslated)", run.stderr)}
    return run.returncode, counts, run.stderr.strip()


def fresh_template(source, work):
    files = [line.strip() for line in open(os.path.join(source, "po", "POTFILES"))
             if line.strip() and not line.startswith("#")]
    pot = os.path.join(work, "fresh.pot")
    subprocess.run(["xgettext", *XGETTEXT_ARGS, "--directory", source, "-o", pot, *files],
                   check=True)
    return pot


def messages_without_translator_comment(pot):
    """Where the c-format messages of a template without a "Translators:" comment are."""
    missing = []
    for entry in open(pot, encoding="utf-8").read().split("\n\n")[1:]:
        lines = entry.splitlines()
        if not any(line.startswith("#,") and "c-format" in line for line in lines):
            continue
        comments = [line for line in lines if line.startswith("#.")]
        if not any("translators:" in line.lower() for line in comments):
            missing.append(" ".join(line[3:] for line in lines if line.startswith("#:")))
    return missing


def broken_copy(po, work):
    """`po` with one translated printf message's placeholder dropped, and another's %s made
    %d: what a careless translation does."""
    text = open(po, encoding="utf-8").read()
    entries = text.split("\n\n")
    broke = 0
    for i, entry in enumerate(entries):
        if ("c-format" not in entry or "fuzzy" in entry or "msgid_plural" in entry
                or broke == 2):
            continue
        match = re.search(r'^msgstr "(.*%s.*)"$', entry, re.MULTILINE)
        if not match:
            continue
        wrong = match.group(1).replace("%s", "" if broke == 0 else "%d", 1)
        entries[i] = entry.replace(match.group(0), f'msgstr "{wrong}"')
        broke += 1
    path = os.path.join(work, "broken.po")
    open(path, "w", encoding="utf-8").write("\n\n".join(entries))
    return path, broke


def german_locale(work):
    """de_DE.UTF-8 compiled into work/locales (no system change). A real locale, because
    newer C libraries ignore LANGUAGE under C.UTF-8 as under C."""
    target = os.path.join(work, "locales", "de_DE.UTF-8")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    made = subprocess.run(["localedef", "-i", "de_DE", "-c", "-f", "UTF-8", target],
                          capture_output=True, text=True)
    if not os.path.isdir(target):
        raise SystemExit("localedef could not make de_DE.UTF-8 (is the locales package in?): "
                         + made.stderr)
    return {"LOCPATH": os.path.dirname(target), "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de"}


def run_cli(cli, localedir, language_env, *args):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LC_", "LANG", "OPENAI_"))}
    env.update(LC_ALL="C.UTF-8", GPT_IMAGE_LOCALEDIR=localedir, OPENAI_API_KEY="fake-key-i18n",
               HOME=tempfile.mkdtemp(prefix="i18n-home-"))
    env["XDG_CONFIG_HOME"] = env["HOME"]
    env.update(language_env or {})
    return subprocess.run([cli, *args], env=env, capture_output=True, text=True)


def closed_port():
    """A loopback port nothing listens on: bound, then closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def before_second_value(template, first):
    """`template` filled with `first` up to its second placeholder: the words before the
    network library's own message, which is not ours to check."""
    return fill(template, first, "\0").split("\0")[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--localedir", required=True)
    a = ap.parse_args()
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    work = tempfile.mkdtemp(prefix="catalog-check-")
    languages = [line.strip() for line in open(os.path.join(a.source, "po", "LINGUAS"))
                 if line.strip() and not line.startswith("#")]
    expect({"de", "fr", "zh_CN", "ja", "es"} <= set(languages), f"the languages: {languages}")
    template = fresh_template(a.source, work)
    for language in languages:
        po = os.path.join(a.source, "po", language + ".po")
        code, counts, said = statistics(po)
        print(f"{language}: {said}")
        expect(code == 0, f"{language}: msgfmt --check refuses it: {said}")
        expect(counts.get("translated", 0) > 0 and not counts.get("fuzzy")
               and not counts.get("untranslated"), f"{language}: not complete: {said}")
        # Every message of the code, translated (msgcmp counts untranslated ones as missing).
        compared = subprocess.run(["msgcmp", po, template], capture_output=True, text=True)
        expect(compared.returncode == 0,
               f"{language}: misses messages of the code: {compared.stderr[-2000:]}")

    # Every message with a placeholder tells translators what fills it: xgettext keeps a
    # "Translators:" comment only when it is directly above the msgid's line.
    uncommented = messages_without_translator_comment(template)
    expect(not uncommented,
           f"{len(uncommented)} messages with placeholders have no Translators comment "
           f"directly above them: {uncommented[:10]}")

    broken, changes = broken_copy(os.path.join(a.source, "po", "de.po"), work)
    code, _, said = statistics(broken)
    expect(changes == 2 and code != 0,
           f"msgfmt --check accepts dropped and retyped placeholders ({changes}): {said}")

    german = gettext.translation("gpt-image", a.localedir, ["de"])
    in_german = german_locale(work)
    help_text = run_cli(a.cli, a.localedir, in_german, "generations", "--help").stdout
    for msgid in ("Print the summary as JSON",
                  "Create images from a prompt: POST /v1/images/generations (JSON)."):
        said = german.gettext(msgid)
        expect(said != msgid and said in help_text and msgid not in help_text,
               f"German --help says {said!r} for {msgid!r}: {help_text[:1500]}")

    args = ["generations", "--prompt", "a fox", "--size", "100x100", "--dry-run"]
    english = run_cli(a.cli, a.localedir, None, *args)
    want_en = fill(INVALID, "--size", "100x100", fill(MULTIPLES, 16))
    expect(english.returncode != 0 and want_en in english.stderr,
           f"English: {want_en!r} in {english.stderr!r}")
    translated = run_cli(a.cli, a.localedir, in_german, *args)
    want_de = fill(german.gettext(INVALID), "--size", "100x100",
                   fill(german.gettext(MULTIPLES), 16))
    expect(want_de != want_en and translated.returncode == english.returncode
           and want_de in translated.stderr,
           f"German: {want_de!r} in {translated.stderr!r}")

    # The same for the input-file checks: the user's flag and path, the rule in German.
    images = tempfile.mkdtemp(prefix="images-", dir=work)
    not_an_image = os.path.join(images, "notes.png")
    open(not_an_image, "w").write("not an image\n")
    huge = os.path.join(images, "huge.png")
    open(huge, "wb").write(png_declaring(MAX_EDGE + 4000, 16))
    for image, rule in ((os.path.join(images, "missing.png"), (MISSING,)),
                        (not_an_image, (NOT_AN_IMAGE,)),
                        (huge, (EDGE, MAX_EDGE + 4000, 16, MAX_EDGE))):
        args = ["edits", "--prompt", "a fox", "--image", image, "--dry-run"]
        english = run_cli(a.cli, a.localedir, None, *args)
        want_en = fill(INVALID, "--image", image, fill(*rule))
        expect(english.returncode != 0 and want_en in english.stderr,
               f"English: {want_en!r} in {english.stderr!r}")
        translated = run_cli(a.cli, a.localedir, in_german, *args)
        want_de = fill(german.gettext(INVALID), "--image", image,
                       fill(german.gettext(rule[0]), *rule[1:]))
        expect(want_de != want_en and translated.returncode == english.returncode
               and want_de in translated.stderr,
               f"German: {want_de!r} in {translated.stderr!r}")
    # A real request that cannot connect: the transport's message, in each language.
    args = ["generations", "--prompt", "a fox", "--base-url",
            f"http://127.0.0.1:{closed_port()}/v1", "--max-retries", "0", "--timeout", "10",
            "--output", os.path.join(work, "fox.png")]
    english = run_cli(a.cli, a.localedir, None, *args)
    want_en = before_second_value(CANNOT_REACH, "127.0.0.1")
    expect(english.returncode != 0 and want_en in english.stderr,
           f"English: {want_en!r} in {english.stderr!r}")
    translated = run_cli(a.cli, a.localedir, in_german, *args)
    want_de = before_second_value(german.gettext(CANNOT_REACH), "127.0.0.1")
    expect(want_de != want_en and translated.returncode == english.returncode
           and want_de in translated.stderr and want_en not in translated.stderr,
           f"German: {want_de!r} in {translated.stderr!r}")

    # The test server answers each run with more images than asked for: the response limits'
    # message, plural form and all.
    server = subprocess.Popen([a.server, "--port", "0", "--api-key", "fake-key-i18n",
                               "--fault", "extra_images:3", "--fault", "extra_images:3"],
                              stdout=subprocess.PIPE, text=True)
    try:
        base_url = server.stdout.readline().strip()
        args = ["generations", "--prompt", "a fox", "--base-url", base_url, "--max-retries", "0",
                "--output", os.path.join(work, "fox-{index}.png")]
        english = run_cli(a.cli, a.localedir, None, *args)
        want_en = fill(EXTRA_IMAGES[0], 1, "n = 1")
        expect(english.returncode != 0 and want_en in english.stderr,
               f"English: {want_en!r} in {english.stderr!r}")
        translated = run_cli(a.cli, a.localedir, in_german, *args)
        want_de = fill(german.ngettext(*EXTRA_IMAGES, 1), 1, "n = 1")
        expect(want_de != want_en and translated.returncode == english.returncode
               and want_de in translated.stderr,
               f"German: {want_de!r} in {translated.stderr!r}")
    finally:
        server.terminate()
        server.wait()

    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
