#!/usr/bin/env python3
"""Checks the test vectors of docs/log-format.md section 12 with code that is not Attest's.

Reads the vectors from the document itself (keys, entries, Merkle roots, checkpoints, the
inclusion and the consistency proof) and verifies them with scripts/thirdparty/verify_proof.py
(imported for its decoders, and run as a program on the inclusion proof) plus an RFC 9162
consistency check written here from RFC 9162 section 2.1.4.2. Every check is also run on a
tampered copy, which must fail: a checker that cannot fail proves nothing.

    python3 scripts/thirdparty/check_vectors.py [docs/log-format.md]

`make test` runs it in the virtual environment .build/venv (the `cryptography` package pinned in
scripts/thirdparty/requirements.txt). Exit status: 0 when every vector verifies and every
tampered copy is refused, 1 otherwise (each failure on stderr).
"""

import base64
import hashlib
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import verify_proof as vp  # noqa: E402  (the third-party verifier beside this file)

failures = []
checks = 0


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        failures.append(what)


def refused(function, what):
    """Expects function() to raise vp.Failure or return False."""
    global checks
    checks += 1
    try:
        result = function()
    except vp.Failure:
        return
    if result is False:
        return
    failures.append(f"tampered {what} was accepted")


# ---------------------------------------------------------------- reading the document


def section(text, heading):
    start = text.index(heading)
    level = len(heading) - len(heading.lstrip("#"))
    following = re.search(r"\n#{2,%d} " % level, text[start + len(heading):])
    return text[start: start + len(heading) + following.start()] if following else text[start:]


def code_blocks(text):
    return [block for block in re.findall(r"```[a-z]*\n(.*?)\n```", text, flags=re.S)]


def code_after(text, label):
    """The first code block after `label` in text."""
    return code_blocks(text[text.index(label):])[0]


def read_vectors(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    vectors = section(text, "## 12. Test vectors")
    keys_text = section(vectors, "### 12.1 Keys")
    verifier_keys = code_after(keys_text, "Verifier keys:").split("\n")
    entries_text = section(vectors, "### 12.2 Entries")
    entries = {}
    for match in re.finditer(r"\*\*Entry (\d+)\*\* `([^`]+)`, signed by ([a-z]+(?: \(\d\d\))?)", entries_text):
        number = int(match.group(1))
        rest = entries_text[match.end():]
        following = rest.find("**Entry ")
        part = rest if following < 0 else rest[:following]
        entries[number] = {
            "type": match.group(2),
            "signer": match.group(3),
            "body": bytes.fromhex(code_after(part, "body:").strip()),
            "signature": bytes.fromhex(code_after(part, "signature:").strip()),
            "leafHash": bytes.fromhex(code_after(part, "leaf hash:").strip()),
        }
        if "proof-of-possession" in part:
            entries[number]["possession"] = bytes.fromhex(code_blocks(part)[0].strip())
            entries[number]["payload"] = code_after(part, "payload:").strip()
    roots = {}
    for size, hex_root, b64_root in re.findall(r"\|\s*(\d+)\s*\|\s*`([0-9a-f]{64})`\s*\|\s*`([^`]+)`\s*\|",
                                               section(vectors, "### 12.3 Merkle roots")):
        roots[int(size)] = (bytes.fromhex(hex_root), b64_root)
    checkpoints_text = section(vectors, "### 12.4 Signed checkpoints")
    checkpoints = {size: code_after(checkpoints_text, f"At size {size}:") + "\n" for size in (3, 5)}
    inclusion = code_blocks(section(vectors, "### 12.5"))[0] + "\n"
    consistency = code_blocks(section(vectors, "### 12.6"))[0] + "\n"
    return verifier_keys, entries, roots, checkpoints, inclusion, consistency


# ---------------------------------------------------------------- RFC 9162 (written from the RFC)


def sha256(*parts):
    return vp.sha256(*parts)


def merkle_root(leaf_hashes):
    """MTH(D[n]) of RFC 9162 section 2.1.1, from the leaf hashes."""
    n = len(leaf_hashes)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaf_hashes[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return vp.node_hash(merkle_root(leaf_hashes[:k]), merkle_root(leaf_hashes[k:]))


def verify_consistency(first, second, proof, first_hash, second_hash):
    """RFC 9162 section 2.1.4.2, step by step."""
    if first == 0 or first > second:
        return False
    if first == second:
        return not proof and first_hash == second_hash
    if not proof:
        return False
    if first & (first - 1) == 0:  # a power of two: prepend first_hash
        proof = [first_hash] + list(proof)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = vp.node_hash(c, fr)
            sr = vp.node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = vp.node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


def parse_consistency(text):
    head, checkpoint = text.split("\n\n", 1)
    lines = head.split("\n")
    if lines[0] != "attest.dev/consistency-proof@v1" or not lines[1].startswith("old "):
        raise vp.Failure("consistency proof: bad header")
    return int(lines[1][4:]), [vp.b64decode(line, "consistency proof hash") for line in lines[2:]], checkpoint


# ---------------------------------------------------------------- the checks


def flip(data, index=-1):
    data = bytearray(data)
    data[index] ^= 0x01
    return bytes(data)


def main(argv):
    path = argv[1] if len(argv) > 1 else os.path.join(ROOT, "docs", "log-format.md")
    verifier_keys, entries, roots, checkpoints, inclusion, consistency = read_vectors(path)
    keys = [vp.VerifierKey(text) for text in verifier_keys]
    by_signer = {"alice": keys[0], "bob (03)": keys[2], "bob": keys[2]}
    log_key = keys[1]
    check(log_key.name == "example.com/log", "the second verifier key is the log key example.com/log")
    check(sorted(entries) == [0, 1, 2, 3, 4], f"entries 0 to 4 are documented (found {sorted(entries)})")

    # Entries: decoding, signatures, leaf hashes, chain links.
    previous = bytes(32)
    leaf_hashes = []
    for number in sorted(entries):
        e = entries[number]
        leaf = e["body"] + e["signature"]
        decoded = vp.decode_leaf(leaf)
        check(decoded["sequence"] == number, f"entry {number}: sequence field is {decoded['sequence']}")
        check(decoded["type"] == e["type"], f"entry {number}: type field {decoded['type']} != {e['type']}")
        check(decoded["timeMicros"] == 1767225600000000 + number * 1000000, f"entry {number}: time")
        check(decoded["previousHash"] == previous, f"entry {number}: previous hash is not entry {number - 1}'s leaf hash")
        key = by_signer[e["signer"]]
        check(decoded["signer"] == key.fingerprint, f"entry {number}: signer is not {e['signer']}'s fingerprint")
        check(key.verify(e["signature"], e["body"]), f"entry {number}: the signature by {e['signer']} does not verify")
        refused(lambda: key.verify(e["signature"], flip(e["body"])), f"entry {number} body")
        leaf_hash = sha256(b"\x00", leaf)
        check(leaf_hash == e["leafHash"], f"entry {number}: leaf hash {leaf_hash.hex()} != documented {e['leafHash'].hex()}")
        leaf_hashes.append(leaf_hash)
        previous = leaf_hash
        if "possession" in e:
            new_key = keys[3]
            signature = vp.b64decode(re.search(r'"newKeySignature":"([^"]+)"', e["payload"]).group(1), "newKeySignature")
            check(e["possession"] == b"attest-key-rotation/v1\n" + keys[2].fingerprint + new_key.fingerprint,
                  f"entry {number}: the proof-of-possession message is not 'attest-key-rotation/v1\\n' || old || new")
            check(new_key.verify(signature, e["possession"]), f"entry {number}: the new key's proof of possession does not verify")
            refused(lambda: new_key.verify(signature, flip(e["possession"])), f"entry {number} possession message")

    # Merkle roots of every size.
    check(sorted(roots) == [1, 2, 3, 4, 5], f"roots of sizes 1 to 5 are documented (found {sorted(roots)})")
    for size, (root, root_b64) in roots.items():
        computed = merkle_root(leaf_hashes[:size])
        check(computed == root, f"root of size {size}: computed {computed.hex()}, documented {root.hex()}")
        check(base64.b64encode(root).decode() == root_b64, f"root of size {size}: hex and base64 columns differ")

    # Checkpoints: signed by the log key, committing to the documented roots.
    for size, note in checkpoints.items():
        origin, cp_size, root = vp.verify_checkpoint(note, log_key)
        check((origin, cp_size, root) == ("example.com/log", size, roots[size][0]), f"checkpoint at size {size}")
        refused(lambda: vp.verify_checkpoint(note.replace(f"\n{size}\n", f"\n{size + 1}\n", 1), log_key),
                f"checkpoint at size {size}")

    # The inclusion proof, by the third-party verifier run as a program (and as a library).
    with tempfile.TemporaryDirectory() as folder:
        good = os.path.join(folder, "proof")
        bad = os.path.join(folder, "tampered")
        with open(good, "w", encoding="utf-8") as handle:
            handle.write(inclusion)
        lines = inclusion.split("\n")
        hash_line = next(i for i, line in enumerate(lines) if line.startswith("index ")) + 1
        lines[hash_line] = base64.b64encode(flip(base64.b64decode(lines[hash_line]), 0)).decode()
        with open(bad, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines))
        command = [sys.executable, os.path.join(HERE, "verify_proof.py"), "--log-key", verifier_keys[1],
                   "--signer-key", verifier_keys[2], "--quiet"]
        result = subprocess.run(command + [good], capture_output=True, text=True)
        check(result.returncode == 0, f"verify_proof.py refused the inclusion proof of 12.5: {result.stderr.strip()}")
        result = subprocess.run(command + [bad], capture_output=True, text=True)
        check(result.returncode == 1 and "does NOT verify" in result.stderr,
              f"verify_proof.py accepted a tampered inclusion proof (exit {result.returncode})")
    cp_origin, size, entry, signed_by = vp.verify(inclusion, log_key, [keys[2]])
    check((size, entry["sequence"], signed_by) == (5, 3, "bob"), "the inclusion proof is entry 3 at size 5 signed by bob")
    _, index, hashes, _ = vp.parse_proof(inclusion)
    check(hashes == [leaf_hashes[2], roots[2][0], leaf_hashes[4]],
          "the audit path is leaf 2's hash, the root of size 2 and leaf 4's hash")
    refused(lambda: vp.verify_inclusion(leaf_hashes[3], index, 5, hashes, roots[4][0]), "inclusion root")

    # The consistency proof, with the RFC 9162 algorithm above.
    old, proof, checkpoint = parse_consistency(consistency)
    _, new_size, new_root = vp.verify_checkpoint(checkpoint, log_key)
    check(old == 3 and new_size == 5, "the consistency proof goes from size 3 to size 5")
    check(proof == [leaf_hashes[2], leaf_hashes[3], roots[2][0], leaf_hashes[4]],
          "PROOF(3, D[5]) is leaf 2, leaf 3, MTH(D[0:2]), leaf 4")
    check(verify_consistency(old, new_size, proof, roots[3][0], new_root), "the consistency proof from 3 to 5 does not verify")
    refused(lambda: verify_consistency(old, new_size, proof, flip(roots[3][0]), new_root), "consistency old root")
    refused(lambda: verify_consistency(old, new_size, [flip(h) if i == 1 else h for i, h in enumerate(proof)],
                                       roots[3][0], new_root), "consistency proof hash")
    # The algorithm itself, on every pair of sizes of the vector tree (proofs built from MTH).
    for m in range(1, 6):
        for n in range(m, 6):
            p = consistency_proof(leaf_hashes[:n], m)
            check(verify_consistency(m, n, p, roots[m][0], roots[n][0]), f"consistency {m} -> {n}")
            if n > m:
                refused(lambda: verify_consistency(m, n, p, flip(roots[m][0]), roots[n][0]),
                        f"consistency {m} -> {n} with a wrong old root")

    if failures:
        for failure in failures:
            sys.stderr.write(f"FAIL: {failure}\n")
        sys.stderr.write(f"check_vectors: {len(failures)} of {checks} checks failed ({path})\n")
        return 1
    print(f"check_vectors: {checks} checks passed: docs/log-format.md section 12 verified by scripts/thirdparty "
          f"(entries, signatures, roots, checkpoints, inclusion and consistency proofs; tampered copies refused)")
    return 0


def consistency_proof(leaves, m):
    """PROOF(m, D[n]) of RFC 9162 section 2.1.4.1 (SUBPROOF with b = true)."""

    def subproof(m, leaves, b):
        n = len(leaves)
        if m == n:
            return [] if b else [merkle_root(leaves)]
        k = 1
        while k * 2 < n:
            k *= 2
        if m <= k:
            return subproof(m, leaves[:k], b) + [merkle_root(leaves[k:])]
        return subproof(m - k, leaves[k:], False) + [merkle_root(leaves[:k])]

    return subproof(m, leaves, True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
