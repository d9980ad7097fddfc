"""Runs the `model_signing` command line of the pinned model-signing package many times in one
process, for Attest's integration tests.

    model_signing_serve.py

Each line of standard input is a JSON object {"cwd": DIR, "args": [...]}; each is answered with
one line of standard output, {"code": N, "out": "...", "err": "..."}: the exit status and what
`model_signing ARGS`, run in DIR, would have printed. The command is the package's own entry
point (`model_signing._cli.main`), so it parses, signs and verifies exactly as the installed
`model_signing` script does; only the imports (model-signing, sigstore, cryptography: about a
CPU-second) are paid once per test run instead of once per command.
"""

import contextlib
import io
import json
import logging
import os
import sys
import traceback

from model_signing._cli import main


def run(request):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    home = os.getcwd()
    # The command configures logging to the standard error it sees: this request's.
    logging.getLogger().handlers.clear()
    try:
        os.chdir(request["cwd"])
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main.main(args=request["args"], prog_name="model_signing")
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except Exception:
        code = 1
        err.write(traceback.format_exc())
    finally:
        os.chdir(home)
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}


def serve():
    replies = sys.stdout
    for line in sys.stdin:
        if line.strip():
            replies.write(json.dumps(run(json.loads(line))) + "\n")
            replies.flush()


if __name__ == "__main__":
    serve()
