#!/usr/bin/env python3
"""One headless GIMP 2.10 Script-Fu batch scenario against gpt-image-test-server.

  gimp-batch-test.py --plugin FOLDER --server BIN --gimp gimp-console-2.10 SCENARIO

The same scenarios as tests/gimp3 (folders, server, config and the version-independent checks
come from tests/gimp-common/gimp_batch.py), run natively on Debian 12 with an isolated
GIMP2_DIRECTORY. GIMP 2.10 exits 0 even when a batch command fails, so every batch writes its
findings (and the error Script-Fu caught) to a result file, and a missing file is a failure.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gimp-common"))
from gimp_batch import (ERRORS, SF_EDIT_MEASURE, Scenario, check_edit, check_fit,  # noqa: E402
                        check_requests, GUIDE, doc_example)
import provenance  # noqa: E402
from test_outcome import finish  # noqa: E402

KEY = "fake-key-for-gimp2-batch-tests-4b2d8a"
SUCCESS = {"info", "info-reuse", "info-dialog", "dialog-recent", "dialog-ctrl-enter", "generate-n2",
           "new", "partials", "respond-twice", "conversation", "rate-limit-then-success", "edit",
           "settings", "last-values", "dialog", "settings-dialog"}

# Every body runs after this: (attempt THUNK) runs a call and keeps Script-Fu's error message in
# last-error instead of stopping the batch; (result PAIRS) writes the result file as JSON.
PRELUDE = r'''
(define last-error #f)
(define (attempt thunk)
  (let ((saved *error-hook*))
    (set! *error-hook* (lambda (msg . rest) (set! last-error msg) (apply saved msg rest)))
    (let ((value (catch #f (thunk))))
      (set! *error-hook* saved)
      value)))
(define (json-value v)
  (cond ((string? v) (let ((port (open-output-string))) (write v port) (get-output-string port)))
        ((eq? v #t) "true")
        ((eq? v #f) "false")
        ((null? v) "null")
        ((list? v) (string-append "[" (json-list v) "]"))
        (else (number->string v))))
(define (json-list items)
  (if (null? items) ""
      (let loop ((rest (cdr items)) (text (json-value (car items))))
        (if (null? rest)
            text
            (loop (cdr rest) (string-append text ", " (json-value (car rest))))))))
(define (result pairs)
  (let ((port (open-output-file RESULT)))
    (display "{" port)
    (let loop ((rest pairs) (first #t))
      (if (pair? rest)
          (begin
            (if (not first) (display ", " port))
            (write (car (car rest)) port)
            (display ": " port)
            (display (json-value (cdr (car rest))) port)
            (loop (cdr rest) #f))))
    (display "}" port)
    (close-output-port port)))
(define (layer-count img) (car (gimp-image-get-layers img)))
(define (dirty? img) (not (= (car (gimp-image-is-dirty img)) 0)))
(define (new-image)
  (let* ((img (car (gimp-image-new 64 64 RGB)))
         (layer (car (gimp-layer-new img 64 64 RGBA-IMAGE "bg" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer img layer 0 0)
    (gimp-image-clean-all img)
    (list img layer)))
(define error-pair (lambda () (cons "error" (or last-error ""))))
'''

# plug-in-gpt-image-generate's arguments after run-mode, image and drawable, in order.
def generate_args(prompt, size="1024x1024", n=1, partials=0):
    return (f'"{prompt}" "{size}" "auto" "default" "png" -1 "default" {n} "" {partials} '
            '"default"')


ERROR_BODY = r'''
(let* ((made (new-image)) (img (car made)) (layer (cadr made)))
  (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer ARGS)))
  (result (list (error-pair) (cons "layers" (layer-count img)) (cons "dirty" (dirty? img)))))
'''

# The edit image of tests/gimp3's Script-Fu edit: a 72x64 gradient layer at (16, 8) of a 96x80
# image, a feathered ellipse selected; the checks read pixels one PDB call at a time.
EDIT_SETUP = r'''
(define (px d x y) (vector->list (cadr (gimp-drawable-get-pixel d x y))))
(define (selected img x y) (car (gimp-selection-value img x y)))
(define img (car (gimp-image-new 96 80 RGB)))
(define bg (car (gimp-layer-new img 72 64 RGBA-IMAGE "bg" 100 LAYER-MODE-NORMAL)))
(prepare-edit-image img bg)
(gimp-image-clean-all img)
(define keep (car (gimp-image-duplicate img)))
(define kept-bg (aref (cadr (gimp-image-get-layers keep)) 0))
'''

BODIES = {
    "generate-n2": r'''
(let* ((made (new-image)) (img (car made)) (layer (cadr made))
       (values (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer
                                     "a red fox in snow" "1024x1024" "auto" "default" "png"
                                     -1 "default" 2 "" 0 "default")))))
  (result (list (error-pair) (cons "returned" (if values (car values) 0))
                (cons "ids" (if values (vector->list (cadr values)) '()))
                (cons "provenance"
                      (if values
                          (map (lambda (id)
                                 (caddr (car (gimp-item-get-parasite id "gpt-image-provenance"))))
                               (vector->list (cadr values)))
                          '()))
                (cons "layer_count" (layer-count img)))))
''',
    "new": r'''
(let* ((values (attempt (lambda () (plug-in-gpt-image-new RUN-NONINTERACTIVE "a lighthouse"
                                     "1536x1024" "auto" "default" "png" -1 "default" 1 "" 0
                                     "default"))))
       (img (if values (car values) -1)))
  (result (list (error-pair)
                (cons "size" (if values (list (car (gimp-image-width img))
                                              (car (gimp-image-height img))) '()))
                (cons "returned" (if values (cadr values) 0)))))
''',
    "partials": r'''
(let* ((made (new-image)) (img (car made)) (layer (cadr made)))
  (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer ARGS_PARTIALS)))
  (result (list (error-pair) (cons "layers" (layer-count img)))))
''',
    "rate-limit-then-success": r'''
(let* ((made (new-image)) (img (car made)) (layer (cadr made)))
  (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer ARGS)))
  (result (list (error-pair) (cons "layers" (layer-count img)))))
''',
    "respond-twice": r'''
(define (respond img layer prompt send)
  (attempt (lambda () (plug-in-gpt-image-respond RUN-NONINTERACTIVE img layer prompt "1024x1024"
                        "auto" "default" "png" -1 "default" "" 0 "default" "default" "" ""
                        send FALSE))))
(let* ((made (new-image)) (img (car made)) (layer (cadr made))
       (first (respond img layer "a blue teapot" FALSE))
       (second (begin (gimp-image-select-ellipse img CHANNEL-OP-REPLACE 16 16 32 32)
                      (respond img layer "make it red" TRUE)))
       (parasite (car (gimp-image-get-parasite img "gpt-image-response-id"))))
  (result (list (error-pair)
                (cons "ids" (list (if first (caddr first) "") (if second (caddr second) "")))
                (cons "parasite" (caddr parasite))
                (cons "layers" (layer-count img)))))
''',
    # Two runs continue the image's conversation (turn 2); new-conversation TRUE starts afresh
    # (turn 1, no previous id sent).
    "conversation": r'''
(define (respond img layer prompt new-conversation)
  (attempt (lambda () (plug-in-gpt-image-respond RUN-NONINTERACTIVE img layer prompt "1024x1024"
                        "auto" "default" "png" -1 "default" "" 0 "default" "default" "" ""
                        FALSE new-conversation))))
(define (turn img)
  (let ((found (catch #f (gimp-image-get-parasite img "gpt-image-conversation-turn"))))
    (if (pair? found) (caddr (car found)) "")))
(let* ((made (new-image)) (img (car made)) (layer (cadr made))
       (first (respond img layer "a blue teapot" FALSE))
       (second (respond img layer "make it red" FALSE))
       (turn-2 (turn img))
       (third (respond img layer "a green kettle" TRUE))
       (turn-3 (turn img)))
  (result (list (error-pair)
                (cons "ids" (map (lambda (r) (if r (caddr r) "")) (list first second third)))
                (cons "turns" (list turn-2 turn-3)))))
''',
    "edit": SF_EDIT_MEASURE + EDIT_SETUP + r'''
(define before (car (gimp-image-duplicate img)))
(define before-flat (car (gimp-image-flatten before)))
(define bounds (gimp-selection-bounds img))
(define values (attempt (lambda () (plug-in-gpt-image-edit RUN-NONINTERACTIVE img bg
                          "a small red boat" "" "auto" "png" 1 "" 0 "default" 8))))
(define new (if values (aref (cadr values) 0) -1))
(define offsets (gimp-drawable-offsets new))
(define nx (car offsets))
(define ny (cadr offsets))
(define nw (car (gimp-drawable-width new)))
(define nh (car (gimp-drawable-height new)))
(define after (car (gimp-image-duplicate img)))
(define after-flat (car (gimp-image-flatten after)))
(define counts (edit-counts img before-flat after-flat new nx ny nw nh kept-bg bg))
(result (list (error-pair)
              (cons "selection" (list (list-ref bounds 1) (list-ref bounds 2)
                                      (list-ref bounds 3) (list-ref bounds 4)))
              (cons "layer" (list 16 8 72 64))
              (cons "new" (list nx ny nw nh))
              (cons "new_has_mask" (not (= (car (gimp-layer-get-mask new)) -1)))
              (cons "new_above_bg" (< (car (gimp-image-get-item-position img new))
                                      (car (gimp-image-get-item-position img bg))))
              (cons "outside_count" (list-ref counts 0))
              (cons "outside_changed" (list-ref counts 1))
              (cons "inside" (list-ref counts 2)) (cons "inside_differ" (list-ref counts 3))
              (cons "outside_in_region" (list-ref counts 4))
              (cons "outside_kept" (list-ref counts 5))
              (cons "source_unchanged" (list-ref counts 6))
              (cons "layers" (layer-count img))))
''',
    "edit-moderation": SF_EDIT_MEASURE + EDIT_SETUP + r'''
(gimp-image-insert-layer img (car (gimp-layer-new img 8 8 RGBA-IMAGE "ref" 100
                                                  LAYER-MODE-NORMAL)) 0 1)
(gimp-image-clean-all img)
(attempt (lambda () (plug-in-gpt-image-edit RUN-NONINTERACTIVE img bg "a small red boat" ""
                      "auto" "png" 1 "" 0 "default" 32)))
(result (list (error-pair) (cons "layers" (layer-count img)) (cons "dirty" (dirty? img))
              (cons "source_unchanged" (= (source-changes bg kept-bg) 0))))
''',
    # A value 2.10's untyped arguments let through: refused by name before anything is sent.
    "bad-input": r'''
(let* ((made (new-image)) (img (car made)) (layer (cadr made)))
  (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer "a fox"
                        "1024x1024" "ultra" "default" "png" -1 "default" 1 "" 0 "default")))
  (define quality-error last-error)
  (set! last-error #f)
  (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer "a fox"
                        "1024x1024" "auto" "default" "png" -1 "default" 11 "" 0 "default")))
  (result (list (cons "quality" quality-error) (cons "n" (or last-error ""))
                (cons "layers" (layer-count img)) (cons "dirty" (dirty? img)))))
''',
    # The settings procedure writes the config file; the key stays out of every argument.
    "settings": r'''
(attempt (lambda () (plug-in-gpt-image-settings RUN-NONINTERACTIVE "" "org-test" "" 77 "" "" "" "")))
(let* ((made (new-image)) (img (car made)) (layer (cadr made)))
  (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer ARGS)))
  (result (list (error-pair) (cons "layers" (layer-count img)))))
''',
}
# No size given: the sizes asked for, where results land and their names (check_fit).
BODIES["fit"] = r'''
(define (make w h)
  (let* ((img (car (gimp-image-new w h RGB)))
         (bg (car (gimp-layer-new img w h RGBA-IMAGE "bg" 100 LAYER-MODE-NORMAL))))
    (gimp-image-insert-layer img bg 0 0)
    (list img bg)))
(define (info l)
  (append (list (car (gimp-item-get-name l)) (car (gimp-drawable-width l))
                (car (gimp-drawable-height l)))
          (gimp-drawable-offsets l)))
(define (infos img) (map info (vector->list (cadr (gimp-image-get-layers img)))))
(define errors '())
(define (try thunk)
  (set! last-error #f)
  (attempt thunk)
  (set! errors (append errors (list (or last-error "")))))
(define (generate img bg prompt n)
  (try (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img bg prompt "" "auto"
                    "default" "png" -1 "default" n "" 0 "default"))))
(define (edit img bg prompt)
  (try (lambda () (plug-in-gpt-image-edit RUN-NONINTERACTIVE img bg prompt "" "auto" "png"
                    1 "" 0 "default" 0))))
(define im1 (make 1024 768))
(generate (car im1) (cadr im1) "a red fox" 1)
(define im2 (make 1920 1080))
(generate (car im2) (cadr im2) "a red fox" 2)
(generate (car im2) (cadr im2) "a red fox" 2)
(define im3 (make 1024 768))
(try (lambda () (plug-in-gpt-image-respond RUN-NONINTERACTIVE (car im3) (cadr im3) "a teapot"
                  "" "auto" "default" "png" -1 "default" "" 0 "default" "default" "" ""
                  FALSE FALSE)))
(define im4 (make 1024 768))
(edit (car im4) (cadr im4) "make it blue")
(define edit-whole (infos (car im4)))
(gimp-image-select-rectangle (car im4) CHANNEL-OP-REPLACE 100 200 500 300)
(edit (car im4) (cadr im4) "a boat")
(result (list (cons "errors" errors) (cons "generate_1024" (infos (car im1)))
              (cons "generate_1920" (infos (car im2))) (cons "respond_1024" (infos (car im3)))
              (cons "edit_whole" edit-whole) (cons "edit_selection" (infos (car im4)))))
'''
# Needs an X display (xvfb-run): RUN-WITH-LAST-VALS runs with the values of the last-values
# file, in the progress window; "cancel" presses its Cancel while the server stalls.
BODIES["last-values"] = r'''
(let* ((made (new-image)) (img (car made)) (layer (cadr made)))
  (attempt (lambda () (plug-in-gpt-image-generate RUN-WITH-LAST-VALS img layer ARGS)))
  (result (list (error-pair) (cons "layers" (layer-count img)) (cons "dirty" (dirty? img)))))
'''
BODIES["cancel"] = BODIES["last-values"]
# The dialog, pressed OK by the plug-in itself: it starts from the last values and, after the
# run, keeps the values it ran with.
BODIES["dialog"] = BODIES["last-values"].replace("RUN-WITH-LAST-VALS", "RUN-INTERACTIVE")
# The same, refused by the server: the values the dialog was accepted with are kept all the same.
BODIES["dialog-failed"] = BODIES["dialog"]
# The dialog's OK refused by the run's own checks (2 images with partial previews; no key): the
# dialog stays open with the reason (the probe reads it), then is cancelled; nothing is sent.
BODIES["dialog-refused"] = BODIES["dialog"]
BODIES["dialog-no-key"] = BODIES["dialog"]
# The same without a key, its "Open Settings…" clicked: the Settings dialog opens (the probe
# then reads it; it saves), and the refused dialog is cancelled.
BODIES["dialog-open-settings"] = BODIES["dialog"]
# The dialog's "Recent prompts" menu (an item chosen by the test, which then presses OK), its
# mnemonics; and Ctrl+Enter in the prompt pressing OK.
BODIES["dialog-recent"] = BODIES["dialog"]
BODIES["dialog-ctrl-enter"] = BODIES["dialog"]
# The Settings dialog, pressed OK by the plug-in itself: it starts from the values in effect
# and saves them back (its key entry left empty: the stored key stays where it is).
BODIES["settings-dialog"] = r'''
(attempt (lambda () (plug-in-gpt-image-settings RUN-INTERACTIVE "" "" "" 0 "" "" "" "")))
(let* ((made (new-image)) (img (car made)) (layer (cadr made)))
  (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer ARGS)))
  (result (list (error-pair) (cons "layers" (layer-count img)))))
'''
# Info on a result layer returns its provenance's values; on a plain layer, one error.
BODIES["info"] = r'''
(let* ((made (new-image)) (img (car made)) (layer (cadr made))
       (values (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer ARGS))))
       (new (if values (aref (cadr values) 0) -1))
       (info (if values (attempt (lambda () (plug-in-gpt-image-info RUN-NONINTERACTIVE img new)))
                 #f))
       (info-error (or last-error "")))
  (set! last-error #f)
  (attempt (lambda () (plug-in-gpt-image-info RUN-NONINTERACTIVE img layer)))
  (result (list (cons "error" info-error) (cons "info" (or info '()))
                (cons "info_none" (or last-error ""))
                (cons "parasite"
                      (if values (caddr (car (gimp-item-get-parasite new "gpt-image-provenance")))
                          "")))))
'''
# Needs an X display: Info's "Use These Settings…" (clicked by the dialog probe) opens Generate's
# dialog with the layer's prompt and settings; that dialog presses its own OK.
BODIES["info-reuse"] = r'''
(let* ((made (new-image)) (img (car made)) (layer (cadr made))
       (values (attempt (lambda () (plug-in-gpt-image-generate RUN-NONINTERACTIVE img layer
                                     "a reused fox" "1024x1024" "low" "default" "png" -1
                                     "default" 1 "" 0 "default"))))
       (new (if values (aref (cadr values) 0) -1))
       (info (if values (attempt (lambda () (plug-in-gpt-image-info RUN-INTERACTIVE img new)))
                 #f)))
  (result (list (error-pair) (cons "info_prompt" (if info (car info) ""))
                (cons "layers" (layer-count img)))))
'''
# Needs an X display: the Info dialog, read by the dialog probe, which then closes it.
BODIES["info-dialog"] = BODIES["info-reuse"]
LAST_VALUES = "[text]\nprompt=a remembered fox\nsize=1024x1024\n[number]\nn=1\n"
REFUSED_VALUES = "[text]\nprompt=a remembered fox\nsize=1024x1024\n[number]\nn=2\npartial-images=2\n"
CANCEL_STALL_SECONDS = 30


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--server", required=True)
    ap.add_argument("--gimp", default="gimp-console-2.10")
    ap.add_argument("scenario")
    a = ap.parse_args()
    s = a.scenario

    run = Scenario("gimp2-batch-", a.plugin, a.server, KEY)
    failures = []
    try:
        config, faults = run.standard_setup(s)
        if s in ("dialog-no-key", "dialog-open-settings"):
            del config["OPENAI_API_KEY"]
        if s == "dialog-recent":
            os.makedirs(os.path.join(run.xdg, "gpt-image"), exist_ok=True)
            with open(os.path.join(run.xdg, "gpt-image", "prompt-history"), "w") as f:
                f.write("a chosen teapot\nan older kite\n")
        if s in ("cancel", "last-values", "dialog", "dialog-failed", "dialog-refused",
                 "dialog-no-key", "dialog-recent", "dialog-ctrl-enter",
                 "dialog-open-settings"):
            if s == "cancel":
                faults = [{"kind": "slow", "delay": CANCEL_STALL_SECONDS}]
            if s == "dialog-failed":
                faults = [{"kind": "moderation_blocked"}]
            # GIMP 2.10 keeps last values for a session only; the plug-in keeps them here.
            folder = os.path.join(run.profile, "gpt-image")
            os.makedirs(folder)
            with open(os.path.join(folder, "plug-in-gpt-image-generate.last"), "w") as f:
                f.write(REFUSED_VALUES if s == "dialog-refused" else LAST_VALUES)
        run.apply(config, faults)

        if s.startswith("guide-"):
            body = doc_example(GUIDE, "gimp2-test", s, "scriptfu")
        else:
            body = BODIES.get(s, ERROR_BODY)
            partials = 2 if s == "drop-mid-stream" else 0
            body = (PRELUDE + body).replace("ARGS_PARTIALS", generate_args("a kite", partials=2))
            body = body.replace("ARGS", generate_args("a red fox in snow", partials=partials))
            body = body.replace("RESULT", json.dumps(run.result_file))
        command = [a.gimp, "-i", "-d", "-f", "-n", "--batch-interpreter=plug-in-script-fu-eval",
                   "-b", body, "-b", "(gimp-quit 0)"]
        env = run.environment("GIMP2_DIRECTORY")
        if s == "cancel":
            env["GPT_IMAGE_GIMP_TEST_CANCEL_AFTER_MS"] = "1500"
        status_log = os.path.join(run.work, "progress-status.txt")
        if s == "last-values":
            env["GPT_IMAGE_GIMP_TEST_STATUS_LOG"] = status_log
        dialog_probe = os.path.join(run.work, "dialog-probe.txt")
        if s in ("dialog", "dialog-failed", "settings-dialog", "info-reuse", "dialog-refused",
                 "dialog-no-key", "dialog-recent", "dialog-ctrl-enter",
                 "dialog-open-settings"):
            env["GPT_IMAGE_GIMP_TEST_ACCEPT_AFTER_MS"] = "1000"
            env["GPT_IMAGE_GIMP_TEST_DIALOG_PROBE"] = dialog_probe
        if s == "info-dialog":
            env["GPT_IMAGE_GIMP_TEST_DIALOG_PROBE"] = dialog_probe
        if s == "info-reuse":
            env["GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE"] = "button:_Use These Settings…"
        if s == "dialog-recent":
            env["GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE"] = "menu-item:a chosen teapot"
        if s == "dialog-ctrl-enter":
            env["GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE"] = "ctrl-enter"
        if s == "dialog-open-settings":
            env["GPT_IMAGE_GIMP_TEST_DIALOG_RESPONSE"] = "button:_Open Settings…"
        started = time.monotonic()
        proc, out, requests = run.run_batch(command, env, failures,
                                            writes_result=not s.startswith("guide-"))
        seconds = time.monotonic() - started

        def expect(cond, what):
            if not cond:
                failures.append(what)

        if s in SUCCESS:
            expect(not out.get("error"), f"unexpected error: {out.get('error')}")
        if s == "generate-n2":
            expect(out.get("returned") == 2 and out.get("layer_count") == 3
                   and len(out.get("ids", [])) == 2, f"2 new layers returned: {out}")
            check_requests(s, out, requests, expect)
            # Each layer's provenance is its result's sidecar in the results folder (the
            # default, HOME/Pictures/gpt-image), beside the image's bytes as the server sent them.
            folder = os.path.join(run.home, "Pictures", "gpt-image")
            files = provenance.saved_files(folder)
            sent = (requests[-1].get("answer_images") or []) if requests else []
            expect(len(sent) == 2 and all(sha in files and files[sha][1] for sha in sent),
                   f"the results folder holds both images as sent, with sidecars: {files}")
            texts = out.get("provenance") or []
            expect(sorted(texts) == sorted(files[sha][1] for sha in sent if sha in files),
                   f"the layers hold the sidecars' provenance: {texts}")
            expect(all(json.loads(t).get("prompt") == "a red fox in snow" for t in texts),
                   "the provenance names the prompt")
        elif s in ("dialog-refused", "dialog-no-key"):
            # The probe wrote what the dialog showed after the refused OK, before its Cancel.
            shown = open(dialog_probe).read().splitlines() if os.path.exists(dialog_probe) else []
            if s == "dialog-refused":
                reason = ("label: Partial images show one image as it is drawn: choose 1 image, "
                          "or set Partial images to 0.")
            else:
                reason = "label: No OpenAI API key is set yet. Open the Settings to enter one."
            expect(reason in shown, f"the dialog stayed open with the reason: {shown}")
            expect(("button: _Open Settings…" in shown) == (s == "dialog-no-key"),
                   f"Open Settings offered only for the key: {shown}")
            expect(not out.get("error"), f"the run ended as CANCEL: {out.get('error')}")
            expect(requests == [], f"nothing was sent: {requests}")
            expect(out.get("layers") == 1 and out.get("dirty") is False, "image unchanged")
        elif s == "info-dialog":
            shown = open(dialog_probe).read() if os.path.exists(dialog_probe) else ""
            expect("Prompt: a reused fox" in shown and "Model: gpt-image-2" in shown
                   and "Quality: low" in shown and "button: _Use These Settings…" in shown
                   and "button: _Close" in shown, f"the dialog shows the provenance: {shown!r}")
            expect(out.get("info_prompt") == "a reused fox" and out.get("layers") == 2
                   and len(requests) == 1, f"Close ran nothing more: {out} {len(requests)}")
        elif s == "dialog-open-settings":
            shown = open(dialog_probe).read().splitlines() if os.path.exists(dialog_probe) else []
            expect("label: OpenAI API key:" in shown and "button: _Save" in shown,
                   f"Open Settings… opened the Settings dialog: {shown}")
            text = open(run.config_file).read()
            expect("OPENAI_BASE_URL=" in text and "OPENAI_API_KEY" not in text,
                   f"which saved what it showed, and no key: {text!r}")
            expect(not out.get("error") and requests == [] and out.get("layers") == 1,
                   f"then the refused dialog was cancelled: {out} {requests}")
        elif s in ("dialog-recent", "dialog-ctrl-enter"):
            bodies = [(r.get("json") or {}) for r in requests]
            want = "a chosen teapot" if s == "dialog-recent" else "a remembered fox"
            expect(len(bodies) == 1 and bodies[0].get("prompt") == want,
                   f"one request with the prompt {want!r}: {bodies}")
            expect(out.get("layers") == 2, "one new layer")
            shown = open(dialog_probe).read().splitlines() if os.path.exists(dialog_probe) else []
            if s == "dialog-recent":
                expect("menu-item: a chosen teapot" in shown and "menu-item: an older kite" in shown,
                       f"the menu lists the history: {shown}")
                # Every field's label, the Advanced expander and every button has an Alt+letter
                # of its own.
                fields = [l for l in shown if l.startswith("label: ") and l.endswith(":")]
                marked = [l[len("mnemonic: "):] for l in shown if l.startswith("mnemonic: ")]
                buttons = [l[len("button: "):] for l in shown if l.startswith("button: ")]
                letters = [t[t.index("_") + 1].lower() for t in marked + buttons if "_" in t]
                expect(len(marked) == len(fields) + 1 and all("_" in b for b in buttons)
                       and len(letters) == len(set(letters)) == len(marked) + len(buttons),
                       f"distinct mnemonics on every field and button: {marked} {buttons}")
        elif s == "info":
            ok = [r for r in requests if r.get("status") == 200]
            info = out.get("info") or []
            expect(len(ok) == 1 and len(info) == 14, f"one result, then 14 Info values: {info}")
            if len(ok) == 1 and len(info) == 14:
                usage = ok[0].get("answer_usage") or {}
                p = json.loads(out.get("parasite") or "{}")
                expect(info[0] == "a red fox in snow" and info[2] == "generations"
                       and info[3] == p.get("model") == "gpt-image-2",
                       f"Info's prompt, route and model are the provenance's: {info[:4]}")
                expect(info[8] == ok[0].get("request_id"), f"Info's request id: {info[8]}")
                expect(info[9] == usage.get("input_tokens")
                       and info[10] == usage.get("output_tokens"),
                       f"Info's token counts are the usage sent: {info[9:11]} {usage}")
                expect(abs(info[11] - provenance.cost_of(usage)) < 1e-9,
                       f"Info's cost is the usage at the price table's prices: {info[11]}")
                expect(info[12] == p.get("created_at") and info[13] == out.get("parasite"),
                       "Info's time and JSON are the layer's provenance")
            expect("holds no provenance" in (out.get("info_none") or ""),
                   f"a layer without provenance: one clear error: {out.get('info_none')}")
        elif s == "info-reuse":
            bodies = [(r.get("json") or {}) for r in requests]
            expect(out.get("info_prompt") == "a reused fox", f"Info ran: {out}")
            expect(len(bodies) == 2 and bodies[1].get("prompt") == "a reused fox"
                   and bodies[1].get("quality") == "low" and bodies[1].get("size") == "1024x1024",
                   f"Generate reopened with the layer's prompt and settings, and ran: {bodies}")
            expect(out.get("layers") == 3, f"a second result layer: {out.get('layers')}")
        elif s == "edit":
            check_edit(out, requests, 1, expect)
        elif s == "fit":
            check_fit(out, requests, expect)
        elif s == "bad-input":
            expect('quality "ultra" is invalid: must be one of low, medium' in
                   (out.get("quality") or ""), f"the bad quality is named: {out.get('quality')}")
            expect('n "11" is invalid: must be from 0 to 10' in (out.get("n") or ""),
                   f"the bad n is named: {out.get('n')}")
            expect(requests == [], "nothing was sent")
            expect(out.get("layers") == 1 and out.get("dirty") is False, "image unchanged")
        elif s == "settings":
            text = open(run.config_file).read()
            expect("OPENAI_ORGANIZATION=org-test" in text and "OPENAI_IMAGE_TIMEOUT=77" in text,
                   f"Settings wrote the config file: {text!r}")
            expect([r.get("headers", {}).get("openai-organization") for r in requests]
                   in (["org-test"], [None]), "one request after the settings")
            expect(out.get("layers") == 2, "one new layer")
        elif s == "settings-dialog":
            text = open(run.config_file).read()
            expect(f"OPENAI_BASE_URL={run.base}" in text and "OPENAI_API_KEY=" + KEY in text,
                   f"the config file keeps its values and the key: {text!r}")
            expect([r.get("status") for r in requests] == [200], "a request after the dialog")
            expect(out.get("layers") == 2, "one new layer")
        elif s in ("last-values", "dialog", "dialog-failed"):
            bodies = [(r.get("json") or {}) for r in requests]
            expect(len(bodies) == 1 and bodies[0].get("prompt") == "a remembered fox",
                   f"one request with the last-used prompt: {bodies}")
            if s == "last-values":
                # The progress window's final state: what the run cost (quality auto at
                # 1024x1024 on gpt-image-2 was estimated as high, the guide's $0.211).
                said = open(status_log).read().splitlines() if os.path.exists(status_log) else []
                print("progress said:", said)
                provenance.check_outcome(said, requests[0].get("answer_usage") if requests else None,
                                         "up to $0.211", expect)
            if s == "dialog-failed":
                expect("moderation_blocked" in (out.get("error") or ""),
                       f"the run failed: {out.get('error')}")
                expect(out.get("layers") == 1, "no new layer")
            else:
                expect(out.get("layers") == 2, "one new layer")
            if s in ("dialog", "dialog-failed"):
                # After the run the file holds every value the dialog ran with (the defaults
                # of the fields the file did not have included), and no key.
                kept = open(os.path.join(run.profile, "gpt-image",
                                         "plug-in-gpt-image-generate.last")).read()
                expect("prompt=a remembered fox" in kept and "quality=auto" in kept
                       and "compression=-1" in kept and KEY not in kept,
                       f"the dialog's values were kept: {kept!r}")
                # Quality auto at the remembered size, for gpt-image-2: priced as high, the image
                # generation guide's price.
                shown = open(dialog_probe).read().splitlines() if os.path.exists(dialog_probe) else []
                expect("label: Estimated cost: up to $0.211" in shown,
                       f"the dialog shows the estimate: {shown}")
        elif s == "cancel":
            # A cancelled run is no error to Script-Fu; the request was cut off, not answered.
            expect(not out.get("error"), f"the run ended as CANCEL: {out.get('error')}")
            expect(seconds < CANCEL_STALL_SECONDS / 2,
                   f"cancel did not wait for the stalled server: {seconds:.1f} s")
            expect([r.get("status") for r in requests] == [0],
                   f"the one request was aborted: {[r.get('status') for r in requests]}")
            expect(out.get("layers") == 1 and out.get("dirty") is False, "image unchanged")
        elif s == "conversation":
            ids = out.get("ids", [])
            expect(len(ids) == 3 and all(ids) and len(set(ids)) == 3, f"three responses: {ids}")
            expect(out.get("turns") == ["2", "1"],
                   f"turn 2 after two runs, 1 after new-conversation: {out.get('turns')}")
            sent = [(r.get("json") or {}).get("previous_response_id") for r in requests
                    if r.get("path", "").endswith("/responses")]
            expect(len(ids) == 3 and sent == [None, ids[0], None],
                   f"continued, then started afresh: {sent} for {ids}")
        elif s == "respond-twice":
            check_requests(s, out, requests, expect, layer_sent=True)
            # GIMP 2.10 records the prompts sent in the same history as GIMP 3, newest first.
            history = os.path.join(run.xdg, "gpt-image", "prompt-history")
            lines = open(history).read().splitlines() if os.path.exists(history) else None
            expect(lines == ["make it red", "a blue teapot"], f"the prompt history: {lines}")
        elif s in ERRORS:
            check_requests(s, out, requests, expect)
        elif not check_requests(s, out, requests, expect):
            failures.append(f"unknown scenario {s}")
        run.check_files(failures)
    finally:
        run.stop()
    return finish(run.work, failures)


if __name__ == "__main__":
    sys.exit(main())
