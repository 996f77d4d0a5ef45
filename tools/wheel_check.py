"""Check that every pinned package, and everything it pulls in, has a binary wheel for CPython
3.11 to 3.14 on Linux x86-64 and aarch64, macOS arm64 and x86-64, and Windows x86-64.

A pin without a wheel for a learner's Python makes pip compile it from source, which fails on a
laptop without a compiler. For each Python and platform this asks uv to resolve
requirements-dev.txt (which includes requirements.txt) with source builds forbidden:

    python tools/wheel_check.py

It needs PyPI and uv (requirements-dev.txt installs uv's pin); it prints one line per
combination and exits 1 if any fails. It is not part of the test command.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ["3.11", "3.12", "3.13", "3.14"]
PLATFORMS = {"Linux x86-64": "x86_64-manylinux_2_28", "Linux aarch64": "aarch64-manylinux_2_28",
             "macOS x86-64": "x86_64-apple-darwin",
             "macOS arm64": "aarch64-apple-darwin", "Windows x86-64": "x86_64-pc-windows-msvc"}


def pinned_requirements(folder):
    """requirements-dev.txt and requirements.txt without the editable nnlib line (nnlib is
    pure Python), written into ``folder``; returns the dev file's path."""
    for name in ["requirements.txt", "requirements-dev.txt"]:
        lines = [line for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
                 if not line.strip().startswith("-e")]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "requirements-dev.txt"


def main():
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("uv is not on PATH: pip install uv (requirements-dev.txt pins it)")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        requirements = pinned_requirements(Path(tmp))
        for python in PYTHONS:
            for label, platform in PLATFORMS.items():
                done = subprocess.run(
                    [uv, "pip", "compile", "--quiet", "--no-header", "--only-binary", ":all:",
                     "--python-version", python, "--python-platform", platform,
                     str(requirements)], capture_output=True, text=True)
                ok = done.returncode == 0
                failures += not ok
                count = len([line for line in done.stdout.splitlines()
                             if line and not line.startswith(" ") and not line.startswith("#")])
                print(f"CPython {python} on {label:15}: "
                      + (f"wheels for all {count} packages" if ok else
                         "NO: " + done.stderr.strip().splitlines()[-1][:200]), flush=True)
    print(f"{failures} of {len(PYTHONS) * len(PLATFORMS)} combinations lack a wheel")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
