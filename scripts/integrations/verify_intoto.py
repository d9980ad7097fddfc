#!/usr/bin/env python3
"""Verify an `attest export --format in-toto` folder with the in-toto and DSSE reference packages.

Written from docs/attestations.md and the public specifications only: DSSE envelopes are
checked by securesystemslib's `dsse.Envelope.verify` with the signer's Ed25519 key, statements by
in-toto-attestation's `Statement.validate`, and the SLSA VSA and test-result predicates by
parsing them strictly into in-toto-attestation's protobuf messages (an unknown or mistyped field
fails), and Attest's evaluation predicate against its published JSON schema with `jsonschema`. Each statement's cited entry must be the `extra` leaf of the proof file it names.

Every signature of an envelope must verify, with the exporter's key (signer.vkey) or an actor's
(actor-*.vkey); an envelope signed by the key that signed the cited entry (its fingerprint is in
the leaf, bytes 64 to 96) is reported as signed by its actor.

Usage: verify_intoto.py DIR        exit 0 when every envelope verifies, 1 otherwise.
"""

import base64
import glob
import hashlib
import json
import os
import sys

import jsonschema
from google.protobuf import json_format
from in_toto_attestation.predicates.test_result.v0 import test_result_pb2
from in_toto_attestation.predicates.vsa.v1 import vsa_pb2
from in_toto_attestation.v1 import statement_pb2
from in_toto_attestation.v1.statement import Statement
from securesystemslib.dsse import Envelope
from securesystemslib.signer import SSlibKey

PAYLOAD_TYPE = "application/vnd.in-toto+json"
# Attest's own predicate is checked against the JSON schema docs/attestations.md publishes.
EVALUATION_SCHEMA = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "schemas", "attest-evaluation-v1.schema.json")


def vkey(path):
    """A key from a C2SP signed-note verifier key file; its key id is Attest's fingerprint."""
    text = open(path, encoding="utf-8").read().strip()
    name, _keyid, encoded = text.split("+", 2)
    raw = base64.b64decode(encoded, validate=True)
    if len(raw) != 33 or raw[0] != 1:
        raise ValueError(f"{os.path.basename(path)} is not an Ed25519 verifier key")
    public = raw[1:]
    fingerprint = hashlib.sha256(name.encode() + b"\n" + b"\x01" + public).hexdigest()
    return SSlibKey(fingerprint, "ed25519", "ed25519", {"public": public.hex()})


def known_keys(folder):
    """The exporter's key (signer.vkey) and every actor's (actor-*.vkey)."""
    paths = [os.path.join(folder, "signer.vkey")] + sorted(glob.glob(os.path.join(folder, "actor-*.vkey")))
    return [vkey(path) for path in paths]


def proof_leaf(folder, name):
    """The `extra` leaf bytes of a C2SP tlog-proof file."""
    for line in open(os.path.join(folder, name), encoding="utf-8").read().split("\n"):
        if line.startswith("extra "):
            return base64.b64decode(line[len("extra "):], validate=True)
    raise ValueError(f"{name} has no extra line")


def check_citation(folder, descriptor):
    """A cited entry's digest must be the SHA-256 of its proof file's leaf; returns the leaf."""
    leaf = proof_leaf(folder, descriptor["uri"])
    if hashlib.sha256(leaf).hexdigest() != descriptor["digest"]["sha256"]:
        raise ValueError(f"the citation of {descriptor['uri']} does not match its leaf")
    return leaf


def verify(folder, path, keys):
    with open(path, encoding="utf-8") as handle:
        envelope = Envelope.from_dict(json.load(handle))
    if envelope.payload_type != PAYLOAD_TYPE:
        raise ValueError(f"payloadType is {envelope.payload_type}")
    # Every signature must verify with a known key: raises VerificationError otherwise.
    signed_by = envelope.verify(keys, len(envelope.signatures))
    pb = json_format.Parse(envelope.payload, statement_pb2.Statement())
    Statement.copy_from_pb(pb).validate()
    statement = json.loads(envelope.payload)
    predicate = json.dumps(statement["predicate"])
    kind = statement["predicateType"]
    if kind == "https://slsa.dev/verification_summary/v1":
        # The VSA v1 specification makes verifiedLevels an array of strings; in-toto-attestation
        # 0.9.3's message declares it a single string. Check it against the specification and
        # parse everything else strictly.
        fields = dict(statement["predicate"])
        levels = fields.pop("verifiedLevels", None)
        if not isinstance(levels, list) or not levels or not all(isinstance(level, str) for level in levels):
            raise ValueError("verifiedLevels is not a non-empty array of strings")
        vsa = json_format.Parse(json.dumps(fields), vsa_pb2.VerificationSummary())
        if vsa.verification_result not in ("PASSED", "FAILED"):
            raise ValueError("VSA without a result")
        cited = check_citation(folder, statement["predicate"]["inputAttestations"][0])
    elif kind == "https://in-toto.io/attestation/test-result/v0.1":
        result = json_format.Parse(predicate, test_result_pb2.TestResult())
        if result.result not in ("PASSED", "WARNED", "FAILED"):
            raise ValueError(f"test result {result.result}")
        cited = check_citation(folder, statement["predicate"]["configuration"][0])
    elif kind == "https://attest.dev/attestation/evaluation/v1":
        with open(EVALUATION_SCHEMA, encoding="utf-8") as handle:
            schema = json.load(handle)
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(statement["predicate"])
        entry = statement["predicate"]["entry"]
        leaf = proof_leaf(folder, entry["proof"])
        if hashlib.sha256(b"\x00" + leaf).hexdigest() != entry["leafHash"]:
            raise ValueError("the evaluation's entry does not match its proof")
        cited = leaf
    else:
        raise ValueError(f"unknown predicate type {kind}")
    # The cited entry's signer fingerprint: bytes 64 to 96 of its leaf (docs/log-format.md).
    return kind, cited[64:96].hex() in signed_by


def main():
    folder = sys.argv[1]
    keys = known_keys(folder)
    paths = sorted(glob.glob(os.path.join(folder, "*.dsse.json")))
    if not paths:
        print("no envelopes", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        try:
            kind, by_actor = verify(folder, path, keys)
            print(f"OK {os.path.basename(path)} {kind}{' (signed by its actor)' if by_actor else ''}")
        except Exception as error:  # every failure is reported, none stops the others
            failed += 1
            print(f"FAIL {os.path.basename(path)}: {type(error).__name__}: {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
