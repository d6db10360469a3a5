"""Checks of the provenance scenario (gimp-batch-test.py): each result layer's parasite, the
XCF read back, the Info procedure, and the results folder against what the test server sent
(the SHA-256 of each final image and the usage, from its /__admin/requests records)."""
import hashlib
import json
import os
import re

PARASITE_PERSISTENT = 1
# gpt-image-2's token prices in US dollars per million (core/src/price-table.cc, from the price
# table's source): text input, image input, image output.
PRICES = {"text_input": 5.0, "image_input": 8.0, "image_output": 30.0}


def cost_of(usage):
    """What the usage the server sent costs at gpt-image-2's prices."""
    details_in = usage.get("input_tokens_details") or {}
    details_out = usage.get("output_tokens_details") or {}
    return (details_in.get("text_tokens", 0) * PRICES["text_input"]
            + details_in.get("image_tokens", 0) * PRICES["image_input"]
            + details_out.get("image_tokens", usage.get("output_tokens", 0))
            * PRICES["image_output"]) / 1e6


def saved_files(folder):
    """{sha256 of the image: (image path, sidecar text or None)} of the results folder."""
    found = {}
    names = os.listdir(folder) if os.path.isdir(folder) else []
    for name in names:
        if name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        sidecar = path + ".json"
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        found[sha] = (path, open(sidecar).read() if os.path.exists(sidecar) else None)
    return found


def check(out, requests, folder, rescue, expect):
    ok = [r for r in requests if r.get("status") == 200]
    expect(len(ok) == 2, f"two answered requests: {[r.get('status') for r in requests]}")
    if len(ok) != 2:
        return
    first, broken = ok
    sent = first.get("answer_images") or []
    usage = first.get("answer_usage") or {}
    expect(len(sent) == 2 and usage.get("output_tokens"),
           f"the server recorded two images and a usage: {len(sent)} {usage}")
    files = saved_files(folder)
    print("results folder:", sorted(os.path.basename(p) for p, _ in files.values()))

    # The results folder: the bytes exactly as sent, each with its sidecar.
    sidecars = []
    for sha in sent:
        expect(sha in files, f"image {sha[:12]} as sent is in the results folder {folder}")
        if sha in files:
            path, text = files[sha]
            expect(text is not None, f"{path} has a sidecar")
            sidecars.append(text)
    for text in sidecars:
        if text is None:
            continue
        p = json.loads(text)
        expect(p.get("prompt") == "a provenance fox" and p.get("route") == "generations"
               and p.get("model") == "gpt-image-2" and p.get("n") == 2,
               f"the sidecar names the request: {text[:300]}")
        expect(p.get("usage") == usage, f"the sidecar's usage is the server's: {p.get('usage')}")
        expect(p.get("request_id") == first.get("request_id"),
               f"request id {p.get('request_id')} == {first.get('request_id')}")
        want = cost_of(usage)
        got = (p.get("cost") or {}).get("usd")
        expect(got is not None and abs(got - want) < 1e-9,
               f"cost {got} is the price table applied to the usage sent: {want}")

    # The layers' parasites: the sidecars' text, persistent, and the same in the XCF read back.
    parasites = out.get("parasites") or []
    expect(len(parasites) == 2 and all(parasites), f"both layers hold provenance: {parasites}")
    texts = sorted(p[0] for p in parasites if p)
    expect(texts == sorted(t for t in sidecars if t), "each parasite is its result's sidecar")
    expect(all(p and p[1] & PARASITE_PERSISTENT for p in parasites), "the parasites persist")
    reopened = sorted(p[0] for p in out.get("reopened") or [] if p)
    expect(out.get("saved") and reopened == texts,
           f"the XCF read back holds the parasites: {len(reopened)}")

    # Info returns the fields of the top result layer.
    info = out.get("info") or []
    expect(not out.get("info_error") and len(info) == 14,
           f"Info returned its values: {out.get('info_error')} {info[:3]}")
    if len(info) == 14:
        p = json.loads(info[13])
        expect(info[0] == "a provenance fox" and info[2] == "generations"
               and info[3] == "gpt-image-2" and info[4] == "1024x1024",
               f"Info's prompt, route, model and size: {info[:5]}")
        expect(info[8] == first.get("request_id"), f"Info's request id: {info[8]}")
        expect(info[9] == usage.get("input_tokens") and info[10] == usage.get("output_tokens"),
               f"Info's token counts: {info[9:11]}")
        expect(abs(info[11] - cost_of(usage)) < 1e-9, f"Info's cost: {info[11]}")
        expect(p.get("created_at") == info[12], "Info's time is the provenance's")
    expect("holds no provenance" in (out.get("info_none") or ""),
           f"a layer without provenance: one clear error: {out.get('info_none')}")

    # An answer that cannot become a layer: its bytes are in the results folder all the same,
    # the error says so, and the rescue folder holds no second copy.
    broken_sent = broken.get("answer_images") or []
    expect(len(broken_sent) == 1 and broken_sent[0] in files,
           "the undecodable image as sent is in the results folder")
    if broken_sent and broken_sent[0] in files:
        path, text = files[broken_sent[0]]
        expect(text is not None and json.loads(text).get("prompt") == "a broken fox",
               f"with its sidecar: {text}")
        expect(path in (out.get("broken") or ""), f"the error names {path}: {out.get('broken')}")
    expect(out.get("layers") == 3, f"only the two good results became layers: {out.get('layers')}")
    rescued = os.listdir(rescue) if os.path.isdir(rescue) else []
    expect(not rescued, f"nothing saved twice to the rescue folder: {rescued}")


def check_outcome(said, usage, estimate, expect):
    """The progress window's final state (its lines as logged, GPT_IMAGE_GIMP_TEST_STATUS_LOG)
    says what the run cost, as the price table applied to the usage the server sent, beside
    the estimate made before sending."""
    last = said[-1] if said else ""
    match = re.fullmatch(r"Done in [0-9.]+ s\. Cost: \$([0-9.e-]+) \(estimated (.+)\)\.", last)
    expect(match is not None, f"the window's last words give the cost: {said}")
    if not match or not usage:
        return
    want = cost_of(usage)
    got = float(match.group(1))
    # Shown with three decimals (two significant digits below a cent).
    expect(abs(got - want) <= max(0.0005, want * 0.01),
           f"the window's cost {got} is the price table applied to the usage sent: {want}")
    expect(match.group(2) == estimate, f"the estimate shown is {estimate!r}: {last}")
