"""The user's guide (docs/guide*.md) as one HTML page: the Markdown the guide uses (headings,
paragraphs, nested lists, fenced code, tables, images, links, code spans, bold and italics).

Every heading gets an id: the name of a `<!-- anchor: NAME -->` comment right above it (the
stable ids the help domain maps procedures to), else GitHub's id for its text, so the guide's
own `#...` links keep working."""
import html
import re

ANCHOR = re.compile(r"<!--\s*anchor:\s*([A-Za-z0-9_-]+)\s*-->$")
COMMENT = re.compile(r"<!--.*-->$")
HEADING = re.compile(r"(#{1,6})\s+(.*?)\s*#*$")
FENCE = re.compile(r"(\s*)(```+)\s*([\w+-]*)\s*$")
ITEM = re.compile(r"( *)([-*]|\d+[.)])( +)(.*)$")
TABLE_RULE = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def github_slug(text):
    """GitHub's heading id: lower case, punctuation dropped, spaces to hyphens."""
    plain = re.sub(r"[`*]|!?\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", text)
    return re.sub(r"[^\w\- ]", "", plain.strip().lower()).replace(" ", "-")


class Guide:
    """One guide's conversion: `headings` are (id, text) in order, `images` the pictures it
    shows (as the Markdown names them)."""

    def __init__(self, link_target, image_prefix):
        self.link_target = link_target      # other .md file -> its page, or None (no link)
        self.image_prefix = image_prefix
        self.headings = []
        self.images = []
        self._slugs = {}                    # GitHub id -> the id given, for `#...` links
        self._used = set()
        self._heading_ids = iter(())        # (id, text) of the headings still to write

    def convert(self, markdown):
        """The guide's body as HTML."""
        lines = markdown.split("\n")
        self._collect_ids(lines)
        return self._blocks(lines)

    # Ids first, so that links may point forward.
    def _collect_ids(self, lines):
        pending = None
        in_fence = False
        for line in lines:
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            anchor = ANCHOR.match(line.strip())
            heading = HEADING.match(line)
            if anchor:
                pending = anchor.group(1)
            elif heading:
                slug = self._unique(github_slug(heading.group(2)))
                given = pending or slug
                if pending:
                    self._used.add(given)
                self._slugs[slug] = given
                self.headings.append((given, heading.group(2)))
                pending = None
            elif line.strip():
                pending = None
        self._heading_ids = iter(self.headings)

    def _unique(self, slug):
        candidate, n = slug, 0
        while candidate in self._used:
            n += 1
            candidate = f"{slug}-{n}"
        self._used.add(candidate)
        return candidate

    def _blocks(self, lines):
        out = []
        i = 0
        while i < len(lines):
            line = lines[i]
            stripped = line.strip()
            fence = FENCE.match(line)
            if not stripped or COMMENT.match(stripped):
                i += 1
            elif fence:
                indent = len(fence.group(1))
                body = []
                i += 1
                while i < len(lines) and not FENCE.match(lines[i]):
                    body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
                    i += 1
                i += 1
                cls = f' class="language-{fence.group(3)}"' if fence.group(3) else ""
                out.append(f"<pre><code{cls}>{html.escape(chr(10).join(body))}</code></pre>")
            elif HEADING.match(line):
                level = len(HEADING.match(line).group(1))
                ident, text = next(self._heading_ids)
                out.append(f'<h{level} id="{html.escape(ident)}">{self._inline(text)}</h{level}>')
                i += 1
            elif stripped.startswith("|") and i + 1 < len(lines) and TABLE_RULE.match(lines[i + 1]):
                rows = []
                while i < len(lines) and lines[i].strip().startswith("|"):
                    rows.append(lines[i])
                    i += 1
                out.append(self._table(rows))
            elif ITEM.match(line):
                i = self._list(lines, i, out)
            else:
                para = []
                while (i < len(lines) and lines[i].strip() and not FENCE.match(lines[i])
                       and not HEADING.match(lines[i]) and not ITEM.match(lines[i])
                       and not COMMENT.match(lines[i].strip())):
                    para.append(lines[i].strip())
                    i += 1
                out.append(f"<p>{self._inline(' '.join(para))}</p>")
        return "\n".join(out)

    def _list(self, lines, i, out):
        first = ITEM.match(lines[i])
        indent = len(first.group(1))
        ordered = first.group(2)[0].isdigit()
        tag = "ol" if ordered else "ul"
        start = int(first.group(2)[:-1]) if ordered else 1
        items = []
        while i < len(lines):
            item = ITEM.match(lines[i])
            if not item or len(item.group(1)) != indent or item.group(2)[0].isdigit() != ordered:
                break
            width = indent + len(item.group(2)) + len(item.group(3))
            body = [item.group(4)]
            i += 1
            while i < len(lines):
                line = lines[i]
                if not line.strip():
                    # A blank line ends the item unless indented content follows.
                    j = i
                    while j < len(lines) and not lines[j].strip():
                        j += 1
                    if j < len(lines) and len(lines[j]) - len(lines[j].lstrip()) >= width:
                        body.extend([""] * (j - i))
                        i = j
                        continue
                    break
                lead = len(line) - len(line.lstrip())
                if lead >= width:
                    body.append(line[width:])
                elif lead <= indent and (ITEM.match(line) or HEADING.match(line)
                                         or FENCE.match(line)):
                    break
                else:
                    body.append(line.strip())   # a lazy continuation of the paragraph
                i += 1
            loose = "" in body
            inner = self._blocks(body)
            if not loose and inner.startswith("<p>"):
                inner = inner[3:].replace("</p>", "", 1)
            items.append(f"<li>{inner}</li>")
            # Blank lines between items keep the list going.
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            following = ITEM.match(lines[j]) if j < len(lines) else None
            if following and len(following.group(1)) == indent:
                i = j
        start_attr = f' start="{start}"' if ordered and start != 1 else ""
        out.append(f"<{tag}{start_attr}>\n" + "\n".join(items) + f"\n</{tag}>")
        return i

    def _table(self, rows):
        def cells(row):
            row = row.strip()
            if row.startswith("|"):
                row = row[1:]
            if row.endswith("|") and not row.endswith("\\|"):
                row = row[:-1]
            return [c.strip() for c in re.split(r"(?<!\\)\|", row)]
        head = "".join(f"<th>{self._inline(c)}</th>" for c in cells(rows[0]))
        body = ["<tr>" + "".join(f"<td>{self._inline(c)}</td>" for c in cells(r)) + "</tr>"
                for r in rows[2:]]
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + \
            "\n</tbody>\n</table>"

    def _inline(self, text):
        # Code spans first: nothing inside them is Markdown. They wait as \0N\0 placeholders
        # so that emphasis may span them.
        spans = []

        def hold(match):
            spans.append(f"<code>{html.escape(match.group(2).strip())}</code>")
            return f"\0{len(spans) - 1}\0"
        held = self._markup(re.sub(r"(`+)(.+?)\1", hold, text))
        return re.sub(r"\0(\d+)\0", lambda m: spans[int(m.group(1))], held)

    def _markup(self, text):
        text = text.replace("\\|", "|")
        pieces = re.split(r"(!?\[[^\]]*\]\([^)\s]+\))", text)
        out = []
        for piece in pieces:
            link = re.fullmatch(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)", piece)
            if not link:
                out.append(self._emphasis(html.escape(piece, quote=False)))
            elif link.group(1):
                self.images.append(link.group(3))
                out.append(f'<img src="{html.escape(self.image_prefix + link.group(3))}" '
                           f'alt="{html.escape(link.group(2))}">')
            else:
                href = self._href(link.group(3))
                label = self._emphasis(html.escape(link.group(2), quote=False))
                out.append(f'<a href="{html.escape(href)}">{label}</a>' if href else label)
        return "".join(out)

    @staticmethod
    def _emphasis(text):
        text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
        return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", text)

    def _href(self, target):
        if target.startswith("#"):
            return "#" + self._slugs.get(target[1:], target[1:])
        if re.match(r"[a-z]+:", target):
            return target
        return self.link_target(target)
