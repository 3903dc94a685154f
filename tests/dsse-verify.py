#!/usr/bin/env python3
"""dsse-verify.py - check a signed weir lineage log with code that is not
weir's: DSSE v1 envelopes, in-toto Statements, Ed25519 and the hash chain,
from the specifications alone.

usage: dsse-verify.py BACKEND PUBFILE LOG
  BACKEND  nacl (PyNaCl, Debian's python3-nacl) or cryptography (pyca,
           on OpenSSL)
  PUBFILE  a line "weir-audit-pub-1:" + base64 of the 32-byte public key

Prints "LOG: N lines verified with BACKEND" and exits 0; exits 1 naming
the first bad line; exits 77 when BACKEND is not installed (a test skips).
"""
import base64
import hashlib
import json
import sys

PAYLOAD_TYPE = "application/vnd.in-toto+json"
GENESIS = "0" * 64


def verifier(backend, pk):
    if backend == "nacl":
        try:
            import nacl.signing
            import nacl.exceptions
        except ImportError:
            sys.exit(77)
        key = nacl.signing.VerifyKey(pk)

        def check(msg, sig):
            try:
                key.verify(msg, sig)
                return True
            except nacl.exceptions.BadSignatureError:
                return False
        return check
    if backend == "cryptography":
        try:
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.asymmetric import ed25519
        except ImportError:
            sys.exit(77)
        key = ed25519.Ed25519PublicKey.from_public_bytes(pk)

        def check(msg, sig):
            try:
                key.verify(sig, msg)
                return True
            except InvalidSignature:
                return False
        return check
    sys.exit("dsse-verify.py: unknown backend " + backend)


def pae(ptype, body):
    """DSSE v1 pre-authentication encoding."""
    t = ptype.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def main():
    backend, pubfile, log = sys.argv[1:4]
    text = open(pubfile).read().strip()
    prefix = "weir-audit-pub-1:"
    if not text.startswith(prefix):
        sys.exit("dsse-verify.py: %s: not a public key" % pubfile)
    pk = base64.b64decode(text[len(prefix):])
    keyid = hashlib.sha256(pk).hexdigest()
    check = verifier(backend, pk)
    prev = GENESIS
    n = 0
    with open(log, "rb") as f:
        for n, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                return bad(log, n, "no newline")
            line = raw[:-1]
            env = json.loads(line)
            if env.get("payloadType") != PAYLOAD_TYPE:
                return bad(log, n, "payloadType")
            body = base64.b64decode(env["payload"])
            sigs = [s for s in env["signatures"] if s.get("keyid") == keyid]
            if not sigs or not any(check(pae(PAYLOAD_TYPE, body),
                                         base64.b64decode(s["sig"]))
                                   for s in sigs):
                return bad(log, n, "signature")
            st = json.loads(body)
            if (st["_type"] != "https://in-toto.io/Statement/v1" or
                    st["predicateType"] != "https://weir.dev/lineage/step/v1"):
                return bad(log, n, "statement")
            if st["predicate"]["prev"] != prev:
                return bad(log, n, "chain")
            prev = hashlib.sha256(line).hexdigest()
    print("%s: %d lines verified with %s" % (log, n, backend))
    return 0


def bad(log, n, why):
    print("%s:%d: bad %s" % (log, n, why))
    return 1


if __name__ == "__main__":
    sys.exit(main())
