"""The plug-in's help domain (plugin/help), as built or installed: each procedure's Help opens
a heading that exists in each language's guide.html, and the pages show only pictures that ship.
Used by the host test (tests/help) and the GIMP install tests."""
import html.parser
import os
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

# plugin/common/help-sections.h: kHelpDomain
HELP_DOMAIN = "org.gpt-image.help"
# Each procedure has a section of the guide that its Help opens.
HELP_PROCEDURES = ["plug-in-gpt-image-generate", "plug-in-gpt-image-new",
                   "plug-in-gpt-image-edit", "plug-in-gpt-image-respond",
                   "plug-in-gpt-image-settings", "plug-in-gpt-image-info"]
HELP_LANGUAGES = ["en", "zh_CN"]


class Page(html.parser.HTMLParser):
    """A page's ids (and which are headings), pictures and links."""

    def __init__(self, path):
        super().__init__()
        self.ids, self.heading_ids, self.images, self.links = [], set(), [], []
        with open(path, encoding="utf-8") as f:
            self.feed(f.read())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
            if re.fullmatch(r"h[1-6]", tag):
                self.heading_ids.add(attrs["id"])
        if tag == "img":
            self.images.append(attrs.get("src", ""))
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])


def help_domain_failures(help_folder, languages, procedures):
    """What is wrong with the help domain in help_folder for these languages and procedures:
    LANG/gimp-help.xml maps every procedure to guide.html#ANCHOR, ANCHOR is the id of a heading
    in LANG/guide.html, the fallback (help-missing) is that page, every picture the page shows
    is a file in the help folder, and every link inside the help folder lands on an id."""
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    pages = {}
    for language in languages:
        page_path = os.path.join(help_folder, language, "guide.html")
        map_path = os.path.join(help_folder, language, "gimp-help.xml")
        if not (os.path.isfile(page_path) and os.path.isfile(map_path)):
            failures.append(f"{language}: guide.html and gimp-help.xml in {help_folder}")
            continue
        page = pages[language] = Page(page_path)
        duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
        expect(not duplicates, f"{language}: ids used twice: {duplicates}")
        failures += map_failures(language, map_path, page, procedures)
        expect(len(page.images) > 0, f"{language}: the page shows the screenshots")
        inside = os.path.abspath(help_folder) + os.sep
        for src in page.images:
            picture = os.path.abspath(os.path.join(help_folder, language, unquote(src)))
            expect(picture.startswith(inside) and os.path.isfile(picture),
                   f"{language}: picture {src} is installed in the help folder ({picture})")
    for language, page in pages.items():
        failures += link_failures(language, page, pages)
    return failures


def map_failures(language, map_path, page, procedures):
    failures = []
    root = ET.parse(map_path).getroot()
    if root.tag != "gimp-help":
        failures.append(f"{language}: gimp-help.xml's root is {root.tag}")
    refs = {item.get("id"): item.get("ref") for item in root.findall("help-item")}
    for procedure in procedures:
        ref = refs.get(procedure)
        page_name, _, anchor = (ref or "").partition("#")
        if page_name != "guide.html" or anchor not in page.heading_ids:
            failures.append(f"{language}: {procedure} -> {ref!r}: not a heading of guide.html")
        else:
            print(f"{language}: {procedure} -> {ref}")
    missing = root.find("help-missing")
    if missing is None or missing.get("ref") != "guide.html":
        failures.append(f"{language}: help-missing does not open guide.html")
    return failures


def link_failures(language, page, pages):
    failures = []
    for href in page.links:
        if re.match(r"[a-z]+:", href):
            continue
        target, _, anchor = href.partition("#")
        target_language = language
        if target:
            found = re.fullmatch(r"\.\./([^/]+)/guide\.html", target)
            if not found or found.group(1) not in pages:
                failures.append(f"{language}: link {href} leaves the help folder")
                continue
            target_language = found.group(1)
        if anchor and unquote(anchor) not in pages[target_language].ids:
            failures.append(f"{language}: link {href} lands on no id")
    return failures


def registration_failures(pluginrc):
    """GIMP's pluginrc (written when it queried the plug-in) holds the plug-in's help domain
    with the URI of the help folder beside it, from gimp_plug_in_set_help_domain (GIMP 3) or
    gimp_plugin_help_register (GIMP 2.10)."""
    # Binary icons among the text: read it as bytes, decoded leniently.
    text = (open(pluginrc, "rb").read().decode("utf-8", "replace") if os.path.exists(pluginrc)
            else "")
    found = re.findall(r'\(help-def "([^"]*)" "([^"]*)"\)', text)
    print("pluginrc help domains:", found)
    if not any(domain == HELP_DOMAIN and re.fullmatch(r"file://.*/plug-ins/gpt-image/help", uri)
               for domain, uri in found):
        return [f"{pluginrc} registers help domain {HELP_DOMAIN} at .../plug-ins/gpt-image/help:"
                f" {found}"]
    return []
