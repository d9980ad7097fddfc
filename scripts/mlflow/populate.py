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
    populate.py --tracking-uri URL --model NAME --search
        times MlflowClient.search_model_versions over NAME and prints {"versions": n, "seconds": s}.
"""

import argparse
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tracking-uri", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--versions", type=int, default=1)
    parser.add_argument("--payload-bytes", type=int, default=0)
    parser.add_argument("--scratch")
    parser.add_argument("--set-alias")
    parser.add_argument("--version")
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--create-webhook")
    parser.add_argument("--secret")
    parser.add_argument("--delete-webhook")
    args = parser.parse_args()
    mlflow.set_tracking_uri(args.tracking_uri)
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
    else:
        populate(args)


if __name__ == "__main__":
    sys.exit(main())
