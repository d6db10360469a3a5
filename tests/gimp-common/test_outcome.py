"""Shared checks of the GIMP test scripts, and their end: a failed run keeps its work folder."""
import shutil


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
