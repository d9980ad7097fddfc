"""Drives a real MLflow tracking server with MLflow's own Python client, for Attest's MLflow tests.

    populate.py --tracking-uri URL --model NAME [--versions N] [--payload-bytes B]
        logs N runs (params, metrics, a git commit tag, a dataset input, a scikit-learn model with
        its signature and pip requirements) and registers each as a new version of NAME; prints
        one JSON line per version: {"version": ..., "run_id": ..., "model_id": ...}.
    populate.py --tracking-uri URL --model NAME --set-alias ALIAS --version V
        points ALIAS at version V through MLflow's client (what anyone with edit rights can do).
    populate.py --tracking-uri URL --model NAME --create-webhook URL --secret S
        creates a webhook on model version, alias and tag events delivered to URL, signed with S;
        prints {"webhook_id": ...}.
    populate.py --tracking-uri URL --model NAME --delete-webhook ID
        deletes it.
    populate.py --tracking-uri URL --model NAME --plain --versions N --payload-bytes B
        the benchmark's quicker way to many versions: per version a run with params, metrics, a
        git commit tag, a B-byte model file, an MLmodel file and requirements.txt, registered
        from the run's `model` folder (no scikit-learn fit); prints {"versions": N, "seconds": s}.
    populate.py --tracking-uri URL --model NAME --search
        times MlflowClient.search_model_versions over NAME and prints {"versions": n, "seconds": s}.
    populate.py --tracking-uri URL --model NAME --download DIR
        times downloading every version's artifacts with MLflow's client into DIR (the peer of
        `attest mlflow import`, which downloads and hashes them) and prints {"versions": n, "bytes": b, "seconds": s}.
    populate.py --tracking-uri URL --serve
        stays running and takes any of the above as requests, one JSON array of arguments (without
        --tracking-uri) per line on stdin; answers each with one JSON line on stdout,
        {"ok": true, "out": TEXT} or {"ok": false, "out": TEXT, "error": TRACEBACK}, and exits at
        the end of stdin. The tests' client: MLflow and scikit-learn are imported once, not per
        request (about 11 core-seconds each).
"""

import argparse
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
# MLflow's usage telemetry is off: it has nowhere to go from here, and its thread sets an
# environment variable while the client iterates os.environ (a KeyError seen under load).
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402


def populate(args):
    import numpy as np
    import pandas as pd
    from mlflow.models import infer_signature
    from sklearn.linear_model import LogisticRegression

    mlflow.set_experiment(args.model + "-experiment")
    rng = np.random.default_rng(7)
    for i in range(args.versions):
        frame = pd.DataFrame(rng.normal(size=(200, 4)), columns=["income", "debt", "age", "tenure"])
        label = (frame["income"] - frame["debt"] + rng.normal(scale=0.5, size=200) > 0).astype(int)
        regularisation = 0.5 + i
        model = LogisticRegression(C=regularisation, max_iter=200).fit(frame, label)
        with mlflow.start_run() as run:
            mlflow.log_params({"C": regularisation, "max_iter": 200, "solver": "lbfgs"})
            mlflow.log_metrics({"accuracy": float(model.score(frame, label)), "train_rows": 200.0})
            mlflow.set_tags({
                "mlflow.source.git.commit": "%040x" % (0xA77E57 + i),
                "mlflow.source.git.repoURL": "https://git.example.com/risk/credit-scoring",
            })
            dataset = mlflow.data.from_pandas(frame.assign(label=label), name="train-%d" % i, targets="label")
            mlflow.log_input(dataset, context="training")
            if args.payload_bytes:
                path = os.path.join(args.scratch or ".", "payload-%d.bin" % i)
                with open(path, "wb") as handle:
                    handle.write(os.urandom(args.payload_bytes))
            info = mlflow.sklearn.log_model(
                model,
                name="model",
                signature=infer_signature(frame, model.predict(frame)),
                input_example=frame.head(2),
                pip_requirements=["scikit-learn", "pandas"],
                registered_model_name=args.model,
                extra_files=[path] if args.payload_bytes else None,
            )
            if args.payload_bytes:
                os.remove(path)
        version = info.registered_model_version
        print(json.dumps({"version": int(version), "run_id": run.info.run_id, "model_id": info.model_id}), flush=True)


MLMODEL = """artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.pyfunc.model
    python_version: 3.11.2
mlflow_version: 3.17.2
signature:
  inputs: '[{"type": "double", "name": "income", "required": true}]'
  outputs: '[{"type": "long", "required": true}]'
"""


def populate_plain(args):
    """Many versions quickly: artifacts written by hand, no model fit (the benchmark's path)."""
    import tempfile

    from mlflow.entities import Metric, Param, RunTag

    client = MlflowClient()
    experiment = mlflow.set_experiment(args.model + "-experiment").experiment_id
    try:
        client.create_registered_model(args.model)
    except Exception:
        pass
    from concurrent.futures import ThreadPoolExecutor

    def one(i, scratch):
        folder = os.path.join(scratch, "v%d" % i, "model")
        os.makedirs(folder)
        with open(os.path.join(folder, "MLmodel"), "w") as handle:
            handle.write(MLMODEL)
        with open(os.path.join(folder, "requirements.txt"), "w") as handle:
            handle.write("scikit-learn==1.7.2\npandas==2.3.3\n")
        with open(os.path.join(folder, "model.bin"), "wb") as handle:
            handle.write(os.urandom(args.payload_bytes))
        run = client.create_run(experiment)
        now = int(time.time() * 1000)
        client.log_batch(
            run.info.run_id,
            metrics=[Metric("accuracy", 0.8, now, 0), Metric("train_rows", 200.0, now, 0)],
            params=[Param("C", str(0.5 + i)), Param("max_iter", "200")],
            tags=[RunTag("mlflow.source.git.commit", "%040x" % (0xA77E57 + i))],
        )
        client.log_artifacts(run.info.run_id, folder, artifact_path="model")
        client.set_terminated(run.info.run_id)
        return run

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=args.scratch) as scratch:
        with ThreadPoolExecutor(max_workers=4) as pool:
            runs = list(pool.map(lambda i: one(i, scratch), range(args.versions)))
    # Registered one after another, so MLflow's version numbers follow the runs.
    for run in runs:
        client.create_model_version(args.model, run.info.artifact_uri + "/model", run_id=run.info.run_id, await_creation_for=0)
    print(json.dumps({"versions": args.versions, "seconds": time.perf_counter() - start}))


def download(args):
    client = MlflowClient()
    start = time.perf_counter()
    found = client.search_model_versions("name = '%s'" % args.model, max_results=10000)
    total = 0
    for version in found:
        target = os.path.join(args.download, version.version)
        os.makedirs(target)
        path = mlflow.artifacts.download_artifacts(artifact_uri=client.get_model_version_download_uri(args.model, version.version), dst_path=target)
        for root, _, files in os.walk(path):
            total += sum(os.path.getsize(os.path.join(root, name)) for name in files)
    print(json.dumps({"versions": len(found), "bytes": total, "seconds": time.perf_counter() - start}))


def serve(parser, tracking_uri):
    """Answers requests from stdin until it closes (the --serve mode of the docstring)."""
    import contextlib
    import io
    import traceback

    # Replies go to a private copy of stdout; anything else written to file descriptor 1 (by
    # MLflow, its libraries or C code) goes to stderr, so it cannot break a reply line.
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        if not line.strip():
            continue
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                run(parser.parse_args(["--tracking-uri", tracking_uri] + json.loads(line)))
            reply = {"ok": True, "out": out.getvalue()}
        except BaseException:  # noqa: B036 -- argparse's SystemExit is a failed request too
            reply = {"ok": False, "out": out.getvalue(), "error": traceback.format_exc()}
        # A request that failed inside a run leaves it active; the next one starts clean.
        while mlflow.active_run():
            mlflow.end_run("FAILED")
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def run(args):
    if not args.model:
        raise SystemExit("--model is required")
    mlflow.set_tracking_uri(args.tracking_uri)
    dispatch(args)


def dispatch(args):
    if args.set_alias:
        MlflowClient().set_registered_model_alias(args.model, args.set_alias, args.version)
    elif args.create_webhook:
        events = ["model_version.created", "model_version_alias.created", "model_version_alias.deleted", "model_version_tag.set"]
        hook = MlflowClient().create_webhook(args.model + "-hook", args.create_webhook, events=events, secret=args.secret)
        print(json.dumps({"webhook_id": hook.webhook_id}))
    elif args.delete_webhook:
        MlflowClient().delete_webhook(args.delete_webhook)
    elif args.search:
        start = time.perf_counter()
        found = MlflowClient().search_model_versions("name = '%s'" % args.model, max_results=10000)
        print(json.dumps({"versions": len(found), "seconds": time.perf_counter() - start}))
    elif args.download:
        download(args)
    elif args.plain:
        populate_plain(args)
    else:
        populate(args)


def make_parser():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracking-uri", required=True)
    parser.add_argument("--model")
    parser.add_argument("--versions", type=int, default=1)
    parser.add_argument("--payload-bytes", type=int, default=0)
    parser.add_argument("--scratch")
    parser.add_argument("--set-alias")
    parser.add_argument("--version")
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--download")
    parser.add_argument("--create-webhook")
    parser.add_argument("--secret")
    parser.add_argument("--delete-webhook")
    parser.add_argument("--serve", action="store_true")
    return parser


def main():
    parser = make_parser()
    args = parser.parse_args()
    if args.serve:
        serve(parser, args.tracking_uri)
    else:
        run(args)


if __name__ == "__main__":
    sys.exit(main())
