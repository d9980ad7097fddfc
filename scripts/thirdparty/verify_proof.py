#!/usr/bin/env python3
"""Verify an Attest inclusion proof (a C2SP tlog-proof file) without Attest.

Written from docs/log-format.md alone, as a third party would: Python 3 standard library plus
the `cryptography` package for Ed25519.

    verify_proof.py PROOF --log-key 'origin+keyid+base64' [--signer-key 'name+keyid+base64' ...]
                    [--origin ORIGIN] [--entry LEAF_FILE] [--quiet]

Checks, in order (docs/log-format.md sections 7, 8, 4 and 6):
  1. the checkpoint is a signed note carrying a valid signature by the log key, whose name is
     the checkpoint's origin;
  2. the entry's leaf bytes (from the proof's `extra` line, or --entry) decode as an Attest entry
     whose sequence number is the proof's index;
  3. with --signer-key, the entry's signer fingerprint names one of the given keys and its
     Ed25519 signature over the body verifies;
  4. the RFC 9162 inclusion proof leads from SHA-256(0x00 || leaf) to the checkpoint's root.

Exit status: 0 when everything verifies, 1 when anything does not (the reason on stderr).
"""

import argparse
import base64
import binascii
import hashlib
import json
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:  # pragma: no cover
    sys.stderr.write("verify_proof.py needs the 'cryptography' package: python3 -m pip install cryptography\n")
    sys.exit(1)


class Failure(Exception):
    """A check that did not pass."""


# ---------------------------------------------------------------- encodings (section 1)


def b64decode(text, what):
    """Strict standard base64 with padding (RFC 4648 section 4), canonical."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Failure(f"{what}: '{text[:60]}' is not standard base64")
    if base64.b64encode(raw).decode("ascii") != text:
        raise Failure(f"{what}: '{text[:60]}' is not canonical base64")
    return raw


def sha256(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.digest()


# ---------------------------------------------------------------- keys (section 3)


class VerifierKey:
    """A C2SP signed-note verifier key: name+hex(keyID)+base64(0x01 || publicKey)."""

    def __init__(self, text):
        text = text.strip()
        parts = text.split("+", 2)  # base64 may contain '+': split at the first two only
        if len(parts) != 3:
            raise Failure(f"verifier key '{text}' is not of the form name+keyid+base64")
        name, key_id_hex, material = parts
        if not valid_key_name(name):
            raise Failure(f"verifier key '{text}': invalid key name")
        if len(key_id_hex) != 8:
            raise Failure(f"verifier key '{text}': key ID is not 8 hex digits")
        try:
            key_id = bytes.fromhex(key_id_hex)
        except ValueError:
            raise Failure(f"verifier key '{text}': key ID is not hex")
        raw = b64decode(material, f"verifier key '{name}'")
        if len(raw) != 33 or raw[0] != 0x01:
            raise Failure(f"verifier key '{text}': key material is not 0x01 followed by a 32-byte Ed25519 key")
        self.name = name
        self.public_key = raw[1:]
        self.fingerprint = sha256(name.encode("utf-8"), b"\x0a", b"\x01", self.public_key)
        if self.fingerprint[:4] != key_id:
            raise Failure(f"verifier key '{text}': key ID {key_id_hex} does not match the key")
        self.key_id = key_id

    def verify(self, signature, message):
        if len(signature) != 64:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
            return True
        except InvalidSignature:
            return False


def valid_key_name(name):
    return name != "" and all(c != "+" and not c.isspace() and ord(c) >= 0x20 for c in name)


# ---------------------------------------------------------------- signed notes and checkpoints (section 7)


def verify_checkpoint(note, log_key):
    """Returns (origin, size, root) of a signed checkpoint after checking the log key's signature."""
    if not note.endswith("\n"):
        raise Failure("checkpoint: the signed note does not end with a newline")
    split = note.rfind("\n\n")
    if split < 0:
        raise Failure("checkpoint: no blank line before the signatures")
    text = note[: split + 1]
    signature_lines = note[split + 2 :].split("\n")[:-1]
    if not signature_lines:
        raise Failure("checkpoint: no signature lines")
    for line in text.split("\n")[:-1]:
        if any(ord(c) < 0x20 for c in line):
            raise Failure("checkpoint: the note text contains a control character")
    message = text.encode("utf-8")
    matching = 0
    for line in signature_lines:
        if not line.startswith("\u2014 "):
            raise Failure(f"checkpoint: '{line[:40]}' is not a signature line ('\u2014 name base64')")
        fields = line[2:].split(" ")
        if len(fields) != 2 or not valid_key_name(fields[0]):
            raise Failure(f"checkpoint: malformed signature line '{line[:60]}'")
        raw = b64decode(fields[1], "checkpoint signature")
        if len(raw) < 5:
            raise Failure("checkpoint: signature line too short")
        if fields[0] == log_key.name and raw[:4] == log_key.key_id:
            matching += 1
            if not log_key.verify(raw[4:], message):
                raise Failure(f"checkpoint: the signature by {log_key.name} does not verify")
        # Other keys' lines (witness cosignatures) are ignored here.
    if matching == 0:
        raise Failure(f"checkpoint: no signature by the log key {log_key.name}")

    lines = text.split("\n")[:-1]
    if len(lines) < 3:
        raise Failure("checkpoint: origin, size and root hash lines are required")
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if origin == "":
        raise Failure("checkpoint: empty origin")
    if not size_text.isdigit() or str(int(size_text)) != size_text:
        raise Failure(f"checkpoint: '{size_text}' is not a decimal tree size")
    root = b64decode(root_text, "checkpoint root")
    if len(root) != 32:
        raise Failure("checkpoint: the root hash is not 32 bytes")
    if any(line == "" for line in lines[3:]):
        raise Failure("checkpoint: empty extension line")
    if origin != log_key.name:
        raise Failure(f"checkpoint: origin '{origin}' is not the log key's name '{log_key.name}'")
    return origin, int(size_text), root


# ---------------------------------------------------------------- entries (section 4)

MAGIC = b"attest-entry/v1\n"
MAX_PAYLOAD = 16 << 20
TYPE_BYTES = set(b"abcdefghijklmnopqrstuvwxyz0123456789._-")


def decode_leaf(leaf):
    """Decodes body || signature; returns a dict of the fields plus 'body'."""

    def need(offset, count):
        if len(leaf) - offset < count:
            raise Failure(f"entry: truncated at byte {offset} (wanted {count} more bytes)")

    need(0, 16)
    if leaf[:16] != MAGIC:
        raise Failure("entry: bytes 0-15 are not 'attest-entry/v1\\n'")
    need(16, 82)
    sequence = int.from_bytes(leaf[16:24], "big")
    time_micros = int.from_bytes(leaf[24:32], "big", signed=True)
    previous_hash = leaf[32:64]
    signer = leaf[64:96]
    type_length = int.from_bytes(leaf[96:98], "big")
    need(98, type_length)
    type_bytes = leaf[98 : 98 + type_length]
    if not 1 <= type_length <= 128 or any(b not in TYPE_BYTES for b in type_bytes):
        raise Failure("entry: type is not 1-128 bytes of [a-z0-9._-]")
    offset = 98 + type_length
    need(offset, 4)
    payload_length = int.from_bytes(leaf[offset : offset + 4], "big")
    if payload_length > MAX_PAYLOAD:
        raise Failure(f"entry: payload length {payload_length} exceeds 16 MiB")
    offset += 4
    need(offset, payload_length)
    payload = leaf[offset : offset + payload_length]
    offset += payload_length
    need(offset, 64)
    body, signature = leaf[:offset], leaf[offset : offset + 64]
    if offset + 64 != len(leaf):
        raise Failure(f"entry: {len(leaf) - offset - 64} unexpected bytes after the signature")
    return {
        "sequence": sequence,
        "timeMicros": time_micros,
        "previousHash": previous_hash,
        "signer": signer,
        "type": type_bytes.decode("ascii"),
        "payload": payload,
        "signature": signature,
        "body": body,
    }


# ---------------------------------------------------------------- Merkle proofs (section 6, RFC 9162 2.1.3.2)


def node_hash(left, right):
    return sha256(b"\x01", left, right)


def verify_inclusion(leaf_hash, index, size, proof, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# ---------------------------------------------------------------- proof files (section 8)


def parse_proof(text):
    split = text.find("\n\n")
    if split < 0:
        raise Failure("proof: no blank line separates the proof from the checkpoint")
    head = text[:split].split("\n")
    checkpoint = text[split + 2 :]
    if head[0] != "c2sp.org/tlog-proof@v1":
        raise Failure("proof line 1: expected 'c2sp.org/tlog-proof@v1'")
    line = 1
    extra = None
    if line < len(head) and head[line].startswith("extra "):
        extra = b64decode(head[line][6:], f"proof line {line + 1} (extra)")
        line += 1
    if line >= len(head) or not head[line].startswith("index "):
        raise Failure(f"proof line {line + 1}: expected 'index <decimal>'")
    index_text = head[line][6:]
    if not index_text.isdigit() or str(int(index_text)) != index_text:
        raise Failure(f"proof line {line + 1}: '{index_text}' is not a decimal index")
    index = int(index_text)
    hashes = []
    for number, item in enumerate(head[line + 1 :], start=line + 2):
        digest = b64decode(item, f"proof line {number}")
        if len(digest) != 32:
            raise Failure(f"proof line {number}: not a 32-byte hash")
        hashes.append(digest)
    if len(hashes) > 64:
        raise Failure("proof: more than 64 hashes")
    return extra, index, hashes, checkpoint


# ---------------------------------------------------------------- main


def verify(proof_text, log_key, signer_keys, origin=None, leaf=None):
    extra, index, hashes, checkpoint = parse_proof(proof_text)
    cp_origin, size, root = verify_checkpoint(checkpoint, log_key)
    if origin is not None and cp_origin != origin:
        raise Failure(f"checkpoint: origin '{cp_origin}' is not the expected '{origin}'")
    if leaf is None:
        leaf = extra
    if leaf is None:
        raise Failure("proof: no 'extra' line with the entry's leaf bytes; pass --entry FILE")
    entry = decode_leaf(leaf)
    if entry["sequence"] != index:
        raise Failure(f"entry: sequence {entry['sequence']} is not the proof's index {index}")
    signed_by = None
    if signer_keys:
        key = next((k for k in signer_keys if k.fingerprint == entry["signer"]), None)
        if key is None:
            raise Failure(f"entry: signer {entry['signer'].hex()[:16]}... is none of the given --signer-key keys")
        if not key.verify(entry["signature"], entry["body"]):
            raise Failure(f"entry: the signature by {key.name} does not verify over the body")
        signed_by = key.name
    try:
        payload = json.loads(entry["payload"].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Failure("entry: the payload is not JSON")
    if not isinstance(payload, dict):
        raise Failure("entry: the payload is not a JSON object")
    if not verify_inclusion(sha256(b"\x00", leaf), index, size, hashes, root):
        raise Failure(f"inclusion proof of entry {index} does NOT verify against the checkpoint at size {size}")
    return cp_origin, size, entry, signed_by


def main(argv=None):
    parser = argparse.ArgumentParser(description="Verify an Attest inclusion proof (c2sp.org/tlog-proof@v1).")
    parser.add_argument("proof", help="the proof file")
    parser.add_argument("--log-key", required=True, help="the log's verifier key, or a file holding it")
    parser.add_argument("--signer-key", action="append", default=[], help="a signer's verifier key (repeatable)")
    parser.add_argument("--origin", help="the origin the checkpoint must have (default: the log key's name)")
    parser.add_argument("--entry", help="read the entry's leaf bytes from this file instead of 'extra'")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)

    def key_argument(value):
        if "+" not in value:
            with open(value, encoding="utf-8") as handle:
                value = handle.read()
        return VerifierKey(value)

    try:
        with open(args.proof, "rb") as handle:
            proof_text = handle.read().decode("utf-8")
        log_key = key_argument(args.log_key)
        signer_keys = [key_argument(value) for value in args.signer_key]
        leaf = None
        if args.entry:
            with open(args.entry, "rb") as handle:
                leaf = handle.read()
        origin, size, entry, signed_by = verify(proof_text, log_key, signer_keys, args.origin, leaf)
    except (Failure, OSError, UnicodeDecodeError) as error:
        sys.stderr.write(f"FAIL: {args.proof}: {error}\n")
        return 1
    if not args.quiet:
        signer = f", signed by {signed_by}" if signed_by else f", signer {entry['signer'].hex()[:16]}... (not checked)"
        print(f"OK: entry {entry['sequence']} ({entry['type']}{signer}) is in {origin} at size {size}; "
              f"checkpoint signed by {log_key.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
