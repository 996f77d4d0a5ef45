"""Rehearse mybinder.org's build of this repository, as far as a machine without Docker can.

Binder runs repo2docker. This script:

1. exports a clean copy of HEAD (``git archive``, so only committed files count; or, with
   ``--worktree``, the working tree);
2. asks repo2docker (``--no-build``) for the Dockerfile it would build, and checks that it
   picks Python 3.12 from ``binder/runtime.txt``, uses one environment for the server and the
   kernel, and installs ``binder/requirements.txt`` from the repository root;
3. makes a Python 3.12 virtual environment holding the Jupyter packages of repo2docker's own
   base-image lock file, at the lock's versions;
4. runs the image's assemble command, literally, inside the copy;
5. checks the result: ``pip check`` is clean, the server and kernel packages kept their lock
   versions (our pins must not fight the image; only the widget trio we pin may move), the
   widgets extension is enabled in JupyterLab, classroom mode is there (Voila's server
   extension enabled, so the README's ``urlpath=voila/render/...`` badge works), and
   ``import nnlib`` works from outside the copy.

What it cannot do here is pull ``buildpacks-deps`` from Docker Hub and build the image itself.

Usage (needs PyPI, a Python 3.12, and ``pip install jupyter-repo2docker`` somewhere)::

    python tools/binder_check.py --python /path/to/python3.12 --repo2docker /path/to/repo2docker

``--run-course`` then adds the test tools (at our pins) and runs the browser test and nbval
over every notebook in that environment: the course under Binder's JupyterLab, not ours.

``--worktree`` checks the working tree instead of HEAD (every tracked and untracked file that
git does not ignore, as it is on disk): to try a change before committing it. Binder builds
what is committed, so the default, HEAD, is the check that counts.
"""

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]

# Conda names in repo2docker's lock file -> PyPI names. Only the server/kernel stack matters:
# these are what our binder/requirements.txt could upset.
JUPYTER_STACK = {
    "jupyterlab": "jupyterlab", "notebook": "notebook", "jupyter_server": "jupyter-server",
    "ipywidgets": "ipywidgets", "jupyterlab_widgets": "jupyterlab-widgets",
    "widgetsnbextension": "widgetsnbextension", "ipykernel": "ipykernel", "ipython": "ipython",
    "traitlets": "traitlets", "comm": "comm", "tornado": "tornado", "pyzmq": "pyzmq",
    "jupyter_client": "jupyter-client", "jupyter_core": "jupyter-core", "nbformat": "nbformat",
    "nbclient": "nbclient", "nbconvert-core": "nbconvert", "jupyterlab_server": "jupyterlab-server",
    "jupyter-lsp": "jupyter-lsp", "notebook-shim": "notebook-shim",
    "jupyter_events": "jupyter-events", "jupyter_server_terminals": "jupyter-server-terminals",
}

# ipywidgets and its two front-end packages are pinned by us to what CI tests, so these three
# may move, together; pip check then proves they agree with each other and with the server.
WIDGETS = {"ipywidgets", "jupyterlab-widgets", "widgetsnbextension"}


def run(cmd, full=False, **kw):
    """Run ``cmd``, failing loudly; its stdout (or, with ``full``, the CompletedProcess)."""
    print("$", " ".join(map(str, cmd)), flush=True)
    done = subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)
    return done if full else done.stdout


def lock_versions(repo2docker):
    """{pypi name: version} of JUPYTER_STACK in repo2docker's Python 3.12 base-image lock."""
    py = pathlib.Path(repo2docker).with_name("python")
    pkg = run([py, "-c", "import repo2docker, os; print(os.path.dirname(repo2docker.__file__))"])
    lock = pathlib.Path(pkg.strip()) / "buildpacks/conda/environment.py-3.12-linux-64.lock"
    found = {}
    for line in lock.read_text().splitlines():
        if not line.startswith("http"):
            continue
        stem = re.sub(r"\.(conda|tar\.bz2)$", "", line.split("/")[-1].split("#")[0])
        name, version, _build = stem.rsplit("-", 2)
        if name in JUPYTER_STACK:
            found[JUPYTER_STACK[name]] = version
    missing = set(JUPYTER_STACK.values()) - set(found)
    if missing:
        raise SystemExit(f"lock file lacks {sorted(missing)}: update JUPYTER_STACK")
    return found


def copy_worktree(copy):
    """Copy the working tree into ``copy``: the files ``git ls-files -co --exclude-standard``
    lists (tracked and untracked, not ignored) that are on disk (a deleted file is skipped)."""
    listed = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "-co", "--exclude-standard"],
                            check=True, capture_output=True).stdout.split(b"\0")
    present = [name for name in listed if name and os.path.lexists(ROOT / os.fsdecode(name))]
    packed = subprocess.run(["tar", "-c", "-C", ROOT, "--null", "--no-recursion", "-T", "-"],
                            input=b"\0".join(present) + b"\0", check=True,
                            capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", copy], input=packed, check=True)


def check_dockerfile(repo2docker, copy):
    out = run([repo2docker, "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan",
               copy], full=True)
    dockerfile, log = out.stdout, out.stderr
    checks = {
        "python 3.12 from runtime.txt": "Building conda environment for python=3.12" in log,
        "kernel env is the server env": "KERNEL_PYTHON_PREFIX=${NB_PYTHON_PREFIX}" in dockerfile,
        "assemble installs binder/requirements.txt":
            'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile,
    }
    return checks


def check_classroom(env):
    """Voila's server extension enabled (the README's app badge opens voila/render/...), and
    the slideshow's JupyterLab extension enabled and OK (its JupyterLab range fits Binder's)."""
    clean = lambda text: re.sub(r"\x1b\[[0-9;]*m", "", text)   # noqa: E731
    listing = {}
    for kind in ("server", "labextension"):
        args = [env / "bin/jupyter", kind] + (["extension"] if kind == "server" else []) + ["list"]
        done = subprocess.run(args, text=True, capture_output=True)
        listing[kind] = clean(done.stdout + done.stderr)
    return {
        "voila server extension enabled (urlpath=voila/render/...)":
            re.search(r"^\s*voila(\.\S+)? enabled", listing["server"], re.M) is not None,
        "jupyterlab-slideshow enabled OK (slides with live widgets)":
            re.search(r"^\s*jupyterlab-slideshow v\S+ enabled\s+OK", listing["labextension"],
                      re.M) is not None,
    }


def freeze(py):
    rows = json.loads(run([py, "-m", "pip", "list", "--format", "json"]))
    return {re.sub(r"[-_.]+", "-", r["name"]).lower(): r["version"] for r in rows}


def tool_pins():
    """The test tools, at the versions requirements(-dev).txt pin (they are not in the image)."""
    wanted = {"pytest", "nbval", "playwright", "pytest-xdist"}
    pins = []
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            if "==" in line and line.split("==")[0].strip() in wanted:
                pins.append(line.strip())
    return pins


def run_course(py, copy, image):
    """Run the browser test and nbval over every notebook with Binder's Jupyter stack."""
    run([py, "-m", "pip", "install", "-q", *tool_pins()])
    now = freeze(py)
    moved = {n: (v, now.get(n)) for n, v in image.items() if now.get(n) != v}
    print(f"{'ok  ' if not moved else 'FAIL'} test tools left the image's packages alone"
          f"{'' if not moved else f': {moved}'}")
    started = time.perf_counter()
    # jupyter_core 5.8 (the image's) warns at import unless told which path scheme to use, and
    # our pytest settings make warnings errors; 1 is the scheme jupyter_core 6 makes default.
    # Matplotlib's font cache is the env's own, as in the image: the shared one in ~/.cache
    # lists font files by path, into environments like this one that are deleted afterwards,
    # and one written without matplotlib's own fonts made every figure with mathtext print
    # "findfont: Font family ['STIXGeneral'] not found" on stderr (a failure of every test).
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "MPLCONFIGDIR": str(copy.parent / "mpl")}
    tests = subprocess.run([py, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2",
                            "--dist", "loadscope", "tests/test_browser.py", "notebooks/"],
                           cwd=copy, env=env, text=True, capture_output=True)
    summary = tests.stdout.strip().splitlines()[-1] if tests.stdout.strip() else tests.stderr
    print(f"{'ok  ' if tests.returncode == 0 else 'FAIL'} browser test + nbval under JupyterLab "
          f"{image['jupyterlab']}: {summary} ({time.perf_counter() - started:.0f} s)")
    # The whole output and the browser test's screenshots and timings, kept after the copy goes
    # (the tail printed below can cut a long traceback short).
    kept = ROOT / "test-artifacts" / "binder"
    shutil.rmtree(kept, ignore_errors=True)
    if (copy / "test-artifacts").is_dir():
        shutil.copytree(copy / "test-artifacts", kept)
    kept.mkdir(parents=True, exist_ok=True)
    (kept / "pytest.log").write_text(tests.stdout + "\n--- stderr ---\n" + tests.stderr)
    print(f"     full output in {(kept / 'pytest.log').relative_to(ROOT)}")
    if tests.returncode:
        print(tests.stdout[-6000:], tests.stderr[-2000:])
    return (["test tools moved the image"] if moved else []) + (
        ["course tests"] if tests.returncode else [])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", required=True, help="a Python 3.12 interpreter")
    ap.add_argument("--repo2docker", required=True, help="the repo2docker executable")
    ap.add_argument("--run-course", action="store_true",
                    help="then add the test tools and run the browser test and nbval in that env")
    ap.add_argument("--worktree", action="store_true",
                    help="check the working tree (tracked and untracked, not ignored files) "
                         "instead of HEAD")
    args = ap.parse_args()
    start = time.perf_counter()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        copy = tmp / "repo"
        copy.mkdir()
        if args.worktree:
            copy_worktree(copy)
        else:
            archive = subprocess.run(["git", "-C", ROOT, "archive", "HEAD"], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", copy], input=archive, check=True)
        print(f"checking {'the working tree' if args.worktree else 'HEAD'} "
              f"({sum(1 for f in copy.rglob('*') if f.is_file())} files)")

        for what, ok in check_dockerfile(args.repo2docker, copy).items():
            print(f"{'ok  ' if ok else 'FAIL'} Dockerfile: {what}")
            if not ok:
                failures.append(what)

        stack = lock_versions(args.repo2docker)
        env = tmp / "env"
        run([args.python, "-m", "venv", env])
        py = env / "bin/python"
        run([py, "-m", "pip", "install", "-q", *(f"{n}=={v}" for n, v in sorted(stack.items()))])
        before = freeze(py)
        # The assemble step, as repo2docker writes it, run from the repository root.
        run([py, "-m", "pip", "install", "--no-cache-dir", "-r", "binder/requirements.txt"],
            cwd=copy)
        after = freeze(py)

        changed = {n: (before[n], after.get(n)) for n in stack if before[n] != after.get(n)}
        widgets_moved = {n: v for n, v in changed.items() if n in WIDGETS}
        moved = {n: v for n, v in changed.items() if n not in WIDGETS}
        print(f"{'ok  ' if not moved else 'FAIL'} server and kernel stack unchanged by our pins "
              f"({len(stack) - len(WIDGETS)} packages){'' if not moved else f': {moved}'}")
        for n, (old, new) in sorted(widgets_moved.items()):
            print(f"note {n} {old} -> {new} (the widget stack CI tests; pip check below)")
        if moved:
            failures.append("jupyter stack moved")
        try:
            run([py, "-m", "pip", "check"])
            print("ok   pip check")
        except subprocess.CalledProcessError as e:
            print("FAIL pip check\n" + e.stdout)
            failures.append("pip check")
        listing = subprocess.run([env / "bin/jupyter", "labextension", "list"], text=True,
                                 capture_output=True)
        ext = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
        widgets = re.search(r"@jupyter-widgets/jupyterlab-manager v(\S+) enabled", ext)
        print(f"{'ok  ' if widgets else 'FAIL'} widgets extension enabled in JupyterLab"
              f"{f' (v{widgets[1]})' if widgets else ''}")
        if not widgets:
            failures.append("widgets extension")
        for what, ok in check_classroom(env).items():
            print(f"{'ok  ' if ok else 'FAIL'} {what}")
            if not ok:
                failures.append(what)
        where = run([py, "-c", "import nnlib, numpy, matplotlib, ipywidgets; "
                     "print(nnlib.__file__, numpy.__version__, matplotlib.__version__, "
                     "ipywidgets.__version__)"], cwd=tmp).split()
        print(f"ok   import nnlib from {pathlib.Path(where[0]).relative_to(tmp)}; "
              f"numpy {where[1]}, matplotlib {where[2]}, ipywidgets {where[3]}")
        print(f"jupyterlab {after['jupyterlab']}, notebook {after['notebook']}, "
              f"ipykernel {after['ipykernel']}; {len(after)} packages in the image's env")
        if args.run_course:
            failures += run_course(py, copy, after)
    print(f"{len(failures)} failures; {time.perf_counter() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
