#!/usr/bin/env python3
"""The benchmark's plain Python client: urllib + json + base64, nothing else.

    plain-client.py SIZE OUTPUT [stream]

OPENAI_BASE_URL and OPENAI_API_KEY come from the environment. Writes the final image to OUTPUT
and, when streaming, each partial image to OUTPUT's name with "-N-partial" before the extension
(N = partial_image_index + 1), as gpt-image names them. The event stream is read line by line.
"""
import base64
import json
import os
import sys
import urllib.request


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def partial_path(output, n):
    root, ext = os.path.splitext(output)
    return f"{root}-{n}-partial{ext}"


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    size, output = sys.argv[1], sys.argv[2]
    stream = len(sys.argv) == 4 and sys.argv[3] == "stream"
    body = {"model": "gpt-image-2", "prompt": "x", "n": 1, "size": size, "quality": "high",
            "output_format": "png"}
    if stream:
        body.update(stream=True, partial_images=3)
    request = urllib.request.Request(
        os.environ["OPENAI_BASE_URL"].rstrip("/") + "/images/generations",
        data=json.dumps(body).encode("utf-8"),
        headers={"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"],
                 "Content-Type": "application/json"},
        method="POST")
    with urllib.request.urlopen(request, timeout=300) as response:
        if not stream:
            payload = json.loads(response.read())
            write(output, base64.b64decode(payload["data"][0]["b64_json"]))
            return
        final = False
        data = []

        def dispatch():
            nonlocal final
            event = json.loads("\n".join(data))
            data.clear()
            if event.get("type") == "image_generation.partial_image":
                write(partial_path(output, event["partial_image_index"] + 1),
                      base64.b64decode(event["b64_json"]))
            elif event.get("type") == "image_generation.completed":
                write(output, base64.b64decode(event["b64_json"]))
                final = True

        for raw in response:
            line = raw.decode("utf-8").rstrip("\r\n")
            if not line:
                if data:
                    dispatch()
            elif line.startswith("data:"):
                value = line[5:]
                data.append(value[1:] if value.startswith(" ") else value)
        if data:
            dispatch()
        if not final:
            sys.exit("no image_generation.completed event")


if __name__ == "__main__":
    main()
