"""Starts a real `mlflow server` for Attest's MLflow tests, and stops it with its parent.

    serve.py --dir DIR --port-file FILE

Runs `mlflow server` with a SQLite backend (DIR/mlflow.db) and a local, proxied artifact store
(DIR/artifacts) on a free loopback port, in a process group of its own, delivering webhooks to loopback HTTP URLs. Once /health answers,
writes the port to FILE. Stops the whole group when it gets SIGTERM or when the process that
started it exits (so a test run that dies leaves no server behind).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--startup-seconds", type=float, default=300)
    args = parser.parse_args()
    parent = os.getppid()
    os.makedirs(os.path.join(args.dir, "artifacts"), exist_ok=True)
    port = free_port()
    log = open(os.path.join(args.dir, "server.log"), "wb")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "mlflow", "server",
            "--backend-store-uri", "sqlite:///" + os.path.abspath(os.path.join(args.dir, "mlflow.db")),
            "--artifacts-destination", os.path.abspath(os.path.join(args.dir, "artifacts")),
            "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
        ],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        # Webhooks may be delivered to `attest serve` on plain HTTP loopback (MLflow refuses
        # private addresses and http:// by default), and a new webhook is seen within a second.
        # MLflow's job runner (three huey consumer processes polling for GenAI jobs) is off:
        # nothing here uses it, webhooks are delivered by the server's own threads, and the
        # consumers cost a core-minute of CPU in a test run. Usage telemetry is off too.
        env=dict(
            os.environ, MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR="false", MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS="true",
            MLFLOW_WEBHOOK_ALLOWED_SCHEMES="http,https", MLFLOW_WEBHOOK_CACHE_TTL="1",
            MLFLOW_SERVER_ENABLE_JOB_EXECUTION="false", MLFLOW_DISABLE_TELEMETRY="true",
        ),
    )

    def stop(*_):
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        except Exception:
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except Exception:
                pass
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    deadline = time.time() + args.startup_seconds
    while True:
        if server.poll() is not None:
            sys.stderr.write(open(os.path.join(args.dir, "server.log")).read()[-4000:])
            sys.exit("mlflow server exited with %d before answering" % server.returncode)
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health" % port, timeout=2) as answer:
                if answer.status == 200:
                    break
        except Exception:
            pass
        if time.time() > deadline or os.getppid() != parent:
            stop()
        time.sleep(0.3)
    with open(args.port_file + ".tmp", "w") as handle:
        handle.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    while os.getppid() == parent and server.poll() is None:
        time.sleep(0.5)
    stop()


if __name__ == "__main__":
    main()
