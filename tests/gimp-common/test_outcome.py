"""Shared checks of the GIMP test scripts, and their end: a failed run keeps its work folder."""
import re
import shutil

# GLib's log line for a CRITICAL or WARNING: "(PRGNAME:PID): DOMAIN-LEVEL **: ...", the domain
# left out for messages without one.
GLIB_PROBLEM = re.compile(r"\((?P<prgname>[^():\s]+):\d+\): (?:(?P<domain>\S+)-)?"
                          r"(?:CRITICAL|WARNING) \*\*")
# The plug-in's program name (libgimp sets it from the executable) and its log domain.
PLUGIN_NAME = "gpt-image"
# In GIMP 3.0 libgimp's goodbye message, written after the plug-in returned its values, often
# finds GIMP's end of the pipe closed: "LibGimp-WARNING **: NAME: gimp_flush(): error: Broken
# pipe" (strerror, so translated). GIMP's race, reported with its own plug-ins too; none of our
# code runs then, and GIMP 3.2 here never gave it.
GIMP30_EXIT_RACE = re.compile(r"LibGimp-WARNING \*\*: .*: gimp_flush\(\): error: ")
# A GimpProcedureDialog opened by a batch (no GIMP window) under Xvfb: GIMP 3.2 hands the
# plug-in an empty window handle, and libgimpui's own dialog, made transient to it, checks it
# for an X11 window once mapped. A run from GIMP's window has a handle; only the tests that open
# a dialog from a batch allow this line.
BATCH_DIALOG_TRANSIENT = re.compile(r"LibGimpUI-CRITICAL \*\*: .*gimp_window_transient_on_mapped: "
                                    r"assertion 'handle_size == sizeof \(Window\)' failed")


def finish(work, failures):
    """Prints the outcome and returns the exit status; removes `work` after a success."""
    if failures:
        print("FAILED (kept " + work + "):\n  " + "\n  ".join(failures))
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print("ok")
    return 0


def missing_catalog(gimp_stderr):
    """Whether GIMP said the plug-in's locale/ folder is missing ("Localization disabled")."""
    return any("catalog directory does not exist" in line and "/gpt-image/locale" in line
               for line in gimp_stderr.splitlines())


def plugin_problems(gimp_stderr, batch_dialog=False):
    """GIMP's stderr lines with a CRITICAL or WARNING logged in the plug-in's process (whatever
    the library) or in its log domain. batch_dialog: the batch opened a procedure's dialog."""
    problems = []
    for line in gimp_stderr.splitlines():
        found = GLIB_PROBLEM.search(line)
        if (found and PLUGIN_NAME in (found["prgname"], found["domain"])
                and not GIMP30_EXIT_RACE.search(line)
                and not (batch_dialog and BATCH_DIALOG_TRANSIENT.search(line))):
            problems.append(line)
    return problems
