#!/usr/bin/env python3
"""Writes the canned answers of the benchmark server (deterministic: fixed seeds).

For each size it draws "photo-like" RGB pictures (smooth horizontal, vertical and diagonal
waves plus per-pixel noise, so that PNG cannot squeeze them to nothing), writes them as PNG with
zlib level 6 and the Sub filter on every row, and builds from them:

  SIZE.json  an Images API body: {"created", "background", "data": [{"b64_json"}], ..., "usage"}
  SIZE.sse   an event stream: 3 image_generation.partial_image events, then
             image_generation.completed (the shapes of the OpenAI streaming docs)
  SIZE.png   the final image (the one in SIZE.json and in the completed event)
  manifest.json  the sizes in bytes of all that, per size (written last: its presence means
                 the set is complete)

Usage: make-payloads.py OUTDIR
"""
import base64
import json
import math
import os
import random
import struct
import sys
import zlib

SIZES = [(1024, 1024), (3840, 2160)]
PARTIALS = 3
NOISE = 8  # per-pixel noise amplitude (0..NOISE-1 added to each channel)
CREATED = 1767225600  # 2026-01-01T00:00:00Z, fixed so the bodies are byte-identical per run


def wave(length, phase, period, amplitude):
    """One channel of a smooth wave: values 0..amplitude."""
    return [int(amplitude * (0.5 + 0.5 * math.sin(phase + 2 * math.pi * i / period)))
            for i in range(length)]


def rgb_wave(length, seed, amplitude):
    """Interleaved RGB bytes of three smooth waves (one per channel)."""
    rng = random.Random(seed)
    channels = [wave(length, rng.uniform(0, 6.3), rng.uniform(0.6, 1.8) * length, amplitude)
                for _ in range(3)]
    out = bytearray(3 * length)
    for c in range(3):
        out[c::3] = bytes(channels[c])
    return bytes(out)


def sub_filter(row):
    """PNG filter type 1 (Sub) for 3-byte pixels, done in 16-bit lanes so that no Python loop
    runs per byte: each lane holds row[i] + 256 - row[i-3], which never borrows from the next."""
    n = len(row)
    cur = bytearray(2 * n)
    cur[0::2] = row
    left = bytearray(2 * n)
    left[6::2] = row[:-3]
    guard = int.from_bytes(b"\x00\x01" * n, "little")
    lanes = (int.from_bytes(cur, "little") + guard - int.from_bytes(left, "little"))
    return lanes.to_bytes(2 * n, "little")[0::2]


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def photo_png(width, height, seed):
    """An RGB PNG of smooth waves plus noise. Each channel value is the sum of a horizontal wave
    (0..70), a vertical one (0..60), a diagonal one (0..80) and noise (0..NOISE-1), at most 255,
    so the sums are done on whole rows as big integers without any carry between bytes."""
    rng = random.Random(seed)
    horizontal = int.from_bytes(rgb_wave(width, seed * 7 + 1, 70), "little")
    vertical = rgb_wave(height, seed * 7 + 2, 60)
    diagonal = rgb_wave(width + height, seed * 7 + 3, 80)
    noise_table = bytes(b * NOISE // 256 for b in range(256))
    row_bytes = 3 * width
    raw = bytearray()
    for y in range(height):
        v = int.from_bytes(vertical[3 * y:3 * y + 3] * width, "little")
        d = int.from_bytes(diagonal[3 * y:3 * y + row_bytes], "little")
        n = int.from_bytes(rng.randbytes(row_bytes).translate(noise_table), "little")
        row = (horizontal + v + d + n).to_bytes(row_bytes, "little")
        raw += b"\x01"
        raw += sub_filter(row)
    compressed = zlib.compress(bytes(raw), 6)
    out = [b"\x89PNG\r\n\x1a\n",
           chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))]
    step = 1 << 20
    for i in range(0, len(compressed), step):
        out.append(chunk(b"IDAT", compressed[i:i + step]))
    out.append(chunk(b"IEND", b""))
    return b"".join(out)


def usage(width, height, partials):
    output = 4160 * width * height // (1024 * 1024) + 100 * partials
    return {"input_tokens": 3, "input_tokens_details": {"image_tokens": 0, "text_tokens": 3},
            "output_tokens": output,
            "output_tokens_details": {"image_tokens": output, "text_tokens": 0},
            "total_tokens": 3 + output}


def echo(size):
    return {"size": size, "quality": "high", "background": "opaque", "output_format": "png"}


def write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    manifest = {}
    for width, height in SIZES:
        size = f"{width}x{height}"
        seed = width * 100003 + height
        final = base64.b64encode(photo_png(width, height, seed)).decode("ascii")
        body = {"created": CREATED, "background": "opaque", "data": [{"b64_json": final}],
                "output_format": "png", "quality": "high", "size": size,
                "usage": usage(width, height, 0)}
        json_body = json.dumps(body).encode()
        write(os.path.join(outdir, size + ".json"), json_body)
        largest = len(final)
        events = []
        for k in range(PARTIALS):
            partial = base64.b64encode(photo_png(width, height, seed + 1 + k)).decode("ascii")
            largest = max(largest, len(partial))
            event = {"type": "image_generation.partial_image", "b64_json": partial,
                     "created_at": CREATED, **echo(size), "partial_image_index": k}
            events.append(event)
        events.append({"type": "image_generation.completed", "b64_json": final,
                       "created_at": CREATED, **echo(size),
                       "usage": usage(width, height, PARTIALS)})
        sse = "".join(f"event: {e['type']}\ndata: {json.dumps(e, separators=(',', ':'))}\n\n"
                      for e in events).encode()
        write(os.path.join(outdir, size + ".sse"), sse)
        png = base64.b64decode(final)
        write(os.path.join(outdir, size + ".png"), png)
        manifest[size] = {"png_bytes": len(png), "final_b64_bytes": len(final),
                          "largest_b64_bytes": largest,
                          "json_bytes": len(json_body),
                          "sse_bytes": len(sse)}
        print(f"{size}: PNG {len(png) / 1e6:.2f} MB, base64 {len(final) / 1e6:.2f} MB, "
              f"SSE body {len(sse) / 1e6:.2f} MB")
    write(os.path.join(outdir, "manifest.json"), json.dumps(manifest, indent=1).encode())


if __name__ == "__main__":
    main()
