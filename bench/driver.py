#!/usr/bin/env python3
"""The measuring loop and the table of bench/run (run it through bench/run, which builds and
installs everything first and starts the canned server).

    driver.py measure --url URL --tools DIR --build DIR --payloads DIR --work DIR
                      --iterations N --results FILE
    driver.py report --results FILE [--extra-rows FILE] [--markdown PATH]

measure: for each case (size x JSON/stream), runs the four clients alternately (A, B, C, D,
A, B, ...), one untimed warm-up round first, then N timed rounds. Every run goes through
`runstat` (a small C program: wall time from fork to wait4, and ru_maxrss), and every output is
checked against the canned image. Then the parser rows (parser-bench) and the canned server's
own cost (curl into /dev/null).

Peak RSS above start-up = median over the timed runs of ru_maxrss, minus the median ru_maxrss
of the same client started the same way and sending the same 1024x1024 request to an address
the server answers with a short 404 (libraries loaded, one connection made, no image: what
every request costs before any image arrives). The floor's start-up run is curl's part of that
and then b64-extract --version.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys

CASES = [("1024x1024", "json"), ("1024x1024", "sse"), ("3840x2160", "json"),
         ("3840x2160", "sse")]
CLIENTS = ["gpt-image", "floor", "node-sdk", "python"]
CLIENT_LABELS = {
    "gpt-image": "gpt-image (release build)",
    "floor": "floor: curl + b64-extract",
    "node-sdk": "OpenAI Node SDK",
    "python": "plain Python (urllib)",
}
PROMPT = "x"
RUN_TIMEOUT = 180  # seconds per run; a run that takes longer fails the benchmark
IDLE_RUNS = 5
MB = 1e6


def case_label(size, kind):
    short = "1024" if size == "1024x1024" else "4K"
    return f"{short} ({size}) " + ("JSON" if kind == "json" else "stream, 3 partials")


class Runner:
    def __init__(self, args):
        self.args = args
        self.runstat = os.path.join(args.build, "bench", "runstat")
        self.log = os.path.join(args.work, "clients.log")
        self.python = sys.executable
        self.node = shutil.which("node")
        self.curl = shutil.which("curl")
        self.env = {k: v for k, v in os.environ.items()
                    if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
                    and not k.startswith(("OPENAI_", "NODE_"))}
        config_home = os.path.join(args.work, "config")
        os.makedirs(config_home, exist_ok=True)
        self.env.update(OPENAI_BASE_URL=args.url, OPENAI_API_KEY="fake-key-bench-not-a-real-key",
                        XDG_CONFIG_HOME=config_home)
        self.out_dir = os.path.join(args.work, "out")
        self.output = os.path.join(self.out_dir, "out.png")
        self.body = os.path.join(args.work, "body")

    def measure(self, argv, env=None, fails=False):
        """One runstat call: returns (wall_ms, maxrss_kb). `fails`: the command must fail
        (a start-up run, answered with 404)."""
        with open(self.log, "a") as log:
            log.write("$ " + " ".join(argv) + "\n")
        done = subprocess.run([self.runstat, "-t", str(RUN_TIMEOUT), "-o", self.log, "--"] + argv,
                              cwd=self.args.work, env=env or self.env, stdout=subprocess.PIPE,
                              text=True, check=True)
        fields = dict(item.split("=") for item in done.stdout.split())
        if (fields["status"] != "0") != fails:
            with open(self.log) as log:
                tail = log.read()[-3000:]
            sys.exit(f"bench: this run ended with status {fields['status']}:\n  "
                     + " ".join(argv) + "\n--- last lines of " + self.log + " ---\n" + tail)
        return float(fields["wall_ms"]), int(fields["maxrss_kb"])

    def command(self, client, size, kind):
        stream = kind == "sse"
        if client == "gpt-image":
            argv = [os.path.join(self.args.build, "cli", "gpt-image"), "generations",
                    "--prompt", PROMPT, "--output", self.output, "--size", size]
            return argv + (["--stream", "--partial-images", "3"] if stream else [])
        if client == "floor":
            request = {"model": "gpt-image-2", "prompt": PROMPT, "n": 1, "size": size,
                       "quality": "high", "output_format": "png"}
            if stream:
                request.update(stream=True, partial_images=3)
            return [self.curl, "-sS", "--fail", "-o", self.body,
                    "-H", "Authorization: Bearer fake-key-bench-not-a-real-key",
                    "-H", "Content-Type: application/json",
                    "--data-binary", json.dumps(request), self.args.url + "/images/generations",
                    "---", os.path.join(self.args.build, "bench", "b64-extract"), self.body,
                    self.output]
        if client == "node-sdk":
            return [self.node, os.path.join(self.args.tools, "node", "client.mjs"), size,
                    self.output] + (["stream"] if stream else [])
        if client == "python":
            return [self.python, os.path.join(self.args.tools, "plain-client.py"), size,
                    self.output] + (["stream"] if stream else [])
        raise ValueError(client)

    def start_up_run(self, client):
        """(argv, env, fails): the client's 1024x1024 JSON request, sent to an address that
        the canned server answers with 404."""
        env = dict(self.env, OPENAI_BASE_URL=self.args.url + "/missing")
        if client == "floor":
            # curl without --fail, so it succeeds; b64-extract has no body worth decoding.
            return ([self.curl, "-sS", "-o", "/dev/null", "-H", "Content-Type: application/json",
                     "--data-binary", "{}", env["OPENAI_BASE_URL"] + "/images/generations",
                     "---", os.path.join(self.args.build, "bench", "b64-extract"), "--version"],
                    env, False)
        return self.command(client, "1024x1024", "json"), env, True

    def clean_outputs(self):
        shutil.rmtree(self.out_dir, ignore_errors=True)
        os.makedirs(self.out_dir)
        if os.path.exists(self.body):
            os.unlink(self.body)

    def check_outputs(self, client, size, kind):
        """The final image must be the canned one; streaming clients also wrote 3 partials."""
        expected = os.path.join(self.args.payloads, size + ".png")
        with open(self.output, "rb") as got, open(expected, "rb") as want:
            if got.read() != want.read():
                sys.exit(f"bench: {client} wrote a wrong final image for {size} {kind}")
        if kind == "sse" and client != "floor":
            for n in (1, 2, 3):
                if not os.path.exists(os.path.join(self.out_dir, f"out-{n}-partial.png")):
                    sys.exit(f"bench: {client} did not write partial image {n} ({size})")


def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure(args):
    runner = Runner(args)
    with open(os.path.join(args.payloads, "manifest.json")) as f:
        manifest = json.load(f)
    results = {"meta": meta(args, runner), "manifest": manifest, "idle": {}, "cases": [],
               "server": [], "parsers": {}}

    for client in CLIENTS:
        argv, env, fails = runner.start_up_run(client)
        rss = [runner.measure(argv, env, fails)[1] for _ in range(IDLE_RUNS)]
        results["idle"][client] = statistics.median(rss)

    for size, kind in CASES:
        label = case_label(size, kind)
        print(f"bench: {label}: 1 warm-up round + {args.iterations} timed rounds "
              f"of {', '.join(CLIENTS)}", file=sys.stderr, flush=True)
        samples = {client: {"wall_ms": [], "maxrss_kb": []} for client in CLIENTS}
        for round_ in range(args.iterations + 1):
            for client in CLIENTS:
                runner.clean_outputs()
                wall, rss = runner.measure(runner.command(client, size, kind))
                runner.check_outputs(client, size, kind)
                if round_ > 0:
                    samples[client]["wall_ms"].append(wall)
                    samples[client]["maxrss_kb"].append(rss)
        results["cases"].append({"size": size, "kind": kind, "label": label,
                                 "samples": samples})

    print("bench: canned server's own cost (curl into /dev/null)", file=sys.stderr, flush=True)
    for size, kind in CASES:
        request = {"model": "gpt-image-2", "prompt": PROMPT, "n": 1, "size": size}
        if kind == "sse":
            request.update(stream=True, partial_images=3)
        argv = [runner.curl, "-sS", "--fail", "-o", "/dev/null", "-H",
                "Content-Type: application/json", "--data-binary", json.dumps(request),
                args.url + "/images/generations"]
        walls = [runner.measure(argv)[0] for _ in range(args.iterations)]
        body = manifest[size]["json_bytes" if kind == "json" else "sse_bytes"]
        results["server"].append({"label": case_label(size, kind), "wall_ms": walls,
                                  "body_bytes": body})

    print("bench: parser rows (parser-bench)", file=sys.stderr, flush=True)
    parser_bench = os.path.join(args.build, "bench", "parser-bench")
    sse_4k = os.path.join(args.payloads, "3840x2160.sse")
    json_4k = os.path.join(args.payloads, "3840x2160.json")
    out = subprocess.run([parser_bench, "throughput", sse_4k, str(args.iterations)],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    for line in out.split("\n"):
        if line:
            name, values = line.split(" MBps=")
            results["parsers"][name] = [float(v) for v in values.split(",")]
    for kind, path in (("json", json_4k), ("sse", sse_4k)):
        peaks = []
        for _ in range(args.iterations):
            out = subprocess.run([parser_bench, "memory", kind, path], stdout=subprocess.PIPE,
                                 text=True, check=True).stdout
            fields = dict(item.split("=") for item in out.split())
            peaks.append(int(fields["peak_above_kb"]) * 1024)
            body = int(fields["body_bytes"])
        results["parsers"]["memory_" + kind] = {"peak_bytes": peaks, "body_bytes": body}
    for size in ("1024x1024", "3840x2160"):
        png = os.path.join(args.payloads, size + ".png")
        out = subprocess.run([parser_bench, "check", png, str(args.iterations)],
                             stdout=subprocess.PIPE, text=True, check=True).stdout
        for line in out.split("\n"):
            if line:
                name, values = line.split(" ms=")
                results["parsers"].setdefault("check", {}).setdefault(size, {})[name] = [
                    float(v) for v in values.split(",")]

    with open(args.results, "w") as f:
        json.dump(results, f, indent=1)


def version_of(argv):
    try:
        out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             timeout=30).stdout
        return out.strip().split("\n")[0]
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def meta(args, runner):
    with open(os.path.join(args.tools, "node", "node_modules", "openai", "package.json")) as f:
        openai_version = json.load(f)["version"]
    commit = version_of(["git", "-C", args.tools, "rev-parse", "--short", "HEAD"])
    dirty = version_of(["git", "-C", args.tools, "status", "--porcelain", "--", ".."])
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + (" (with uncommitted changes)" if dirty not in ("", "unknown") else ""),
        "kernel": platform.release(),
        "cpus": os.cpu_count(),
        "gpt_image": version_of([os.path.join(args.build, "cli", "gpt-image"), "--version"]),
        "node": version_of([runner.node, "--version"]),
        "openai_node": openai_version,
        "python": platform.python_version() + " (" + runner.python + ")",
        "curl": version_of([runner.curl, "--version"]),
        "iterations": args.iterations,
    }


def mb(value):
    return value / MB


def table_rows(results):
    """Rows of the main table: one per case and client."""
    rows = []
    manifest = results["manifest"]
    for case in results["cases"]:
        largest_b64 = manifest[case["size"]]["largest_b64_bytes"]
        own = statistics.median(case["samples"]["gpt-image"]["wall_ms"])
        for client in CLIENTS:
            s = case["samples"][client]
            wall = stats(s["wall_ms"])
            above = (statistics.median(s["maxrss_kb"]) - results["idle"][client]) * 1024
            rows.append([case["label"], CLIENT_LABELS[client], f"{wall['median']:.0f}",
                         f"{wall['min']:.0f}", f"{wall['max']:.0f}",
                         f"{own / wall['median']:.2f}",
                         f"{mb(above):.1f} MB = {above / largest_b64:.1f}x"])
    return rows


MAIN_HEADER = ["case", "client", "median ms", "min ms", "max ms", "gpt-image / client (median)",
               "peak RSS above start-up (x largest image base64)"]


def parser_rows(results):
    p = results["parsers"]
    rows = []
    names = {"sse_parser": "SseParser::feed alone",
             "sse_collector": "SseParser + ImageCollector::add_event (JSON, base64, duplicate check)"}
    for key, name in names.items():
        median, low, high = p[key]
        rows.append([name, "4K stream body, 64 KiB chunks", f"{median:.0f} MB/s",
                     f"{low:.0f}-{high:.0f} MB/s"])
    for kind, name in (("json", "ImageCollector::add_json_body"),
                       ("sse", "SseParser + ImageCollector::add_event")):
        m = p["memory_" + kind]
        peak = statistics.median(m["peak_bytes"])
        body = m["body_bytes"]
        what = "4K JSON body" if kind == "json" else "4K stream body, 64 KiB chunks"
        rows.append([name + ": peak memory", f"{what} ({mb(body):.1f} MB)",
                     f"{mb(peak):.1f} MB = {peak / body:.2f}x body",
                     f"{mb(min(m['peak_bytes'])):.1f}-{mb(max(m['peak_bytes'])):.1f} MB"])
    names = {"check": "result check: verify_image (chunk CRCs, ISA-L inflate)",
             "libpng_decode": "libpng's full decode of the same PNG (decode_image)"}
    for size, timings in p.get("check", {}).items():
        png_bytes = results["manifest"][size]["png_bytes"]
        for key, name in names.items():
            median, low, high = timings[key]
            rows.append([name, f"{size} PNG ({mb(png_bytes):.2f} MB)", f"{median:.1f} ms",
                         f"{low:.1f}-{high:.1f} ms"])
    return rows


PARSER_HEADER = ["parser row", "input", "median", "range"]


def server_rows(results):
    rows = []
    for s in results["server"]:
        w = stats(s["wall_ms"])
        rows.append([s["label"], f"{mb(s['body_bytes']):.1f} MB", f"{w['median']:.1f}",
                     f"{w['min']:.1f}", f"{w['max']:.1f}",
                     f"{mb(s['body_bytes']) / (w['median'] / 1000):.0f} MB/s"])
    return rows


SERVER_HEADER = ["canned answer", "body", "median ms", "min ms", "max ms", "rate"]


def text_table(header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def markdown_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def extra_rows(path):
    """GIMP rows from bench/gimp-rows (when present): a JSON list of
    {"header": [...], "rows": [[...], ...], "title": "..."} tables, printed as they are."""
    if not path or not os.path.exists(path) or os.path.getsize(path) == 0:
        return []
    with open(path) as f:
        return json.load(f)


def report(args):
    with open(args.results) as f:
        results = json.load(f)
    m = results["meta"]
    intro = (f"Measured {m['date']} at {m['commit']}: {m['iterations']} timed rounds per case "
             f"(after one warm-up round), clients run alternately; {m['cpus']} CPUs, "
             f"kernel {m['kernel']}. {m['gpt_image']}; node {m['node']} with openai "
             f"{m['openai_node']}; Python {m['python']}; {m['curl']}.")
    idle = ", ".join(f"{c} {mb(v * 1024):.1f} MB" for c, v in results["idle"].items())
    notes = (f"Wall times in ms, measured. Peak RSS above start-up = median ru_maxrss of the "
             f"runs minus the median ru_maxrss of the same client sending the same 1024x1024 "
             f"request to an address answered with 404, its start-up ({idle}); "
             f"MB = 10^6 bytes. Largest single image in base64: "
             + ", ".join(f"{s} {mb(v['largest_b64_bytes']):.2f} MB"
                         for s, v in results["manifest"].items()) + ".")
    sections = [("End to end (measured)", MAIN_HEADER, table_rows(results)),
                ("Parsers (measured, parser-bench, median of "
                 f"{m['iterations']})", PARSER_HEADER, parser_rows(results)),
                ("Canned server's own cost (measured: curl into /dev/null)", SERVER_HEADER,
                 server_rows(results))]
    for extra in extra_rows(args.extra_rows):
        sections.append((extra.get("title", "GIMP (measured)"), extra["header"], extra["rows"]))

    text = [intro, notes, ""]
    md = [intro, "", notes, ""]
    for title, header, rows in sections:
        text += [title + ":", text_table(header, rows), ""]
        md += ["**" + title + "**", "", markdown_table(header, rows), ""]
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(md).rstrip() + "\n")
    print("\n".join(text).rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("measure")
    for name in ("--url", "--tools", "--build", "--payloads", "--work", "--results"):
        m.add_argument(name, required=True)
    m.add_argument("--iterations", type=int, default=9)
    r = sub.add_parser("report")
    r.add_argument("--results", required=True)
    r.add_argument("--extra-rows")
    r.add_argument("--markdown")
    args = parser.parse_args()
    if args.command == "measure":
        measure(args)
    else:
        report(args)


if __name__ == "__main__":
    main()
