#!/usr/bin/env python3
"""Regenerates the seed corpora of the fuzz targets in vectors/fuzz/<target>/ (README.md says
where each seed comes from). Run from anywhere:

    bash vectors/pki/make-test-pki.sh /tmp/fz-pki
    medtls vectors --out /tmp/fz-vectors
    python3 vectors/fuzz/make_seeds.py --pki /tmp/fz-pki --vectors /tmp/fz-vectors \
        --report /tmp/scan-tls/report.json --report /tmp/scan-dicom/report.json

Without --pki/--vectors/--report the seeds made from them are left as they are. Certificates
only (DER): no private key ever goes into the corpus. Reports are trimmed (few attempts, few
checks) so that each stays under the targets' -max_len.
"""
import argparse
import glob
import json
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Split-plan prefixes (tests/fuzz/fuzz_common.hpp): one chunk, 1-byte chunks, cycling sizes,
# pseudo-random sizes. The second byte also picks the PDU stream's end (closed, reset …).
PLANS = {"one": "00010000", "bytes": "01020000", "cycle": "02050140", "random": "03a51c7e"}


def write(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def hex_file(path):
    text = "".join(l for l in open(path) if not l.startswith("#"))
    return bytes.fromhex(re.sub(r"\s+", "", text))


def flights():
    for path in sorted(glob.glob(os.path.join(ROOT, "vectors/wire/*.hex"))):
        name = os.path.basename(path)[:-4]
        data = hex_file(path)
        for plan in ("one", "random") + (("bytes",) if len(data) < 64 else ("cycle",)):
            write("fuzz_flight_parser", f"{name}.{plan}", bytes.fromhex(PLANS[plan]) + data)


def client_hellos():
    """The captured ClientHellos as they are, and variants of them: cut short, a duplicated
    extension, a bad extension body, re-framed in small records; and a client's answers."""
    t = "fuzz_client_hello"
    hellos = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "vectors/client_hello/*.hex"))):
        name = os.path.basename(path)[:-4]
        hellos[name] = hex_file(path)
        write(t, name, hellos[name])
    h = hellos["openssl_tls12_alpn_sni"]
    write(t, "cut-in-extensions", h[:100])
    write(t, "cut-in-suites", h[:50])
    # Records of 7 bytes each.
    body = h[5:]
    framed = b"".join(b"\x16\x03\x01" + len(body[i:i + 7]).to_bytes(2, "big") + body[i:i + 7]
                      for i in range(0, len(body), 7))
    write(t, "seven-byte-records", framed)

    def with_extensions(hello, extra):
        """`hello` (one record) with `extra` extension bytes appended, lengths fixed."""
        record = bytearray(hello + extra)
        record[3:5] = (len(record) - 5).to_bytes(2, "big")
        record[6:9] = (len(record) - 9).to_bytes(3, "big")
        # the extensions block length sits 2 bytes before the first extension; find it by
        # walking the fixed fields
        at = 9 + 2 + 32
        at += 1 + record[at]
        at += 2 + int.from_bytes(record[at:at + 2], "big")
        at += 1 + record[at]
        old = int.from_bytes(record[at:at + 2], "big")
        record[at:at + 2] = (old + len(extra)).to_bytes(2, "big")
        return bytes(record)

    write(t, "duplicate-groups", with_extensions(h, bytes.fromhex("000a00040002001d")))
    write(t, "bad-sigalgs-cert-body", with_extensions(h, bytes.fromhex("00320003000408")))
    write(t, "grease-extension", with_extensions(h, bytes.fromhex("2a2a0000") +
                                                 bytes.fromhex("0032000600040804fafa")))
    write(t, "answer-alert", bytes.fromhex("15030300020246"))
    write(t, "answer-ccs-alert", bytes.fromhex("140303000101150303000202" + "2a"))
    write(t, "answer-client-key-exchange", bytes.fromhex("160303000610000002aabb"))


def der(pem_path):
    return subprocess.run(["openssl", "x509", "-in", pem_path, "-outform", "DER"], check=True,
                          capture_output=True).stdout


def chain(*blobs):
    return b"".join(len(b).to_bytes(2, "big") + b for b in blobs)


def certificates(pki, vectors):
    t = "fuzz_certificate"
    if pki:
        ca, rsa, ec = (der(os.path.join(pki, f)) for f in ("ca.pem", "server-rsa.pem", "server-ec.pem"))
        write(t, "pki-ca.der", ca)
        write(t, "pki-server-rsa.der", rsa)
        write(t, "pki-server-ec.der", ec)
        write(t, "pki-chain-rsa-ca", chain(rsa, ca))
        write(t, "pki-chain-ec-ca", chain(ec, ca))
    if vectors:
        def v(p):
            return der(os.path.join(vectors, p))
        for name in ("expired", "not-yet-valid", "rsa1024", "sha1", "self-signed", "wrong-eku",
                     "wrong-san", "corrupt-signature", "good-ec384"):
            write(t, f"vectors-server-{name}.der", v(f"server/{name}.pem"))
        write(t, "vectors-chain-good-rsa", chain(v("server/good-rsa.pem"), v("ca/intermediate-rsa.pem"),
                                                 v("ca/root-rsa.pem")))
        write(t, "vectors-chain-good-ec256", chain(v("server/good-ec256.pem"),
                                                   v("ca/intermediate-ec.pem"), v("ca/root-ec.pem")))
        write(t, "vectors-chain-untrusted", chain(v("server/untrusted.pem"), v("ca/root-rsa.pem")))
    write(t, "empty-chain", b"")
    write(t, "not-der", chain(b"\x30\x03\x02\x01\x00", b"hello"))


# tests/unit/dicom_pdu_test.cpp: storescp 3.6.7 captures and a gnutls-serv alert record.
ASSOCIATE_AC = (
    "0200000000b80001000053544f524553435020202020202020204d4544544c53202020202020202020200000"
    "00000000000000000000000000000000000000000000000000000000000010000015312e322e3834302e3130"
    "3030382e332e312e312e31210000190100000040000011312e322e3834302e31303030382e312e325000003a"
    "51000004000040005200001b312e322e3237362e302e373233303031302e332e302e332e362e375500000f4f"
    "464649535f44434d544b5f333637")
ECHO_RSP = (
    "040000000054000000500103"
    "0000000004000000420000000000020012000000312e322e3834302e31303030382e312e3100000000010200"
    "00003080000020010200000001000000000802000000010100000009020000000000")
RELEASE_RP = "06000000000400000000"
ASSOCIATE_RJ = "03000000000400010101"
ABORT = "07000000000400000000"
GNUTLS_ALERT = "1503030002020a"


def associate_ac_user_identity():
    """A hand-made A-ASSOCIATE-AC: one accepted and one rejected presentation context, and a
    User Information item with max length, implementation UID/name and a User Identity server
    response (59H)."""
    def item(t, value):
        return bytes([t, 0]) + len(value).to_bytes(2, "big") + value
    uid = b"1.2.840.10008.3.1.1.1"
    pcs = item(0x21, bytes([1, 0, 0, 0]) + item(0x40, b"1.2.840.10008.1.2")) + \
        item(0x21, bytes([3, 0, 3, 0]) + item(0x40, b"1.2.840.10008.1.2"))
    user = item(0x51, (16384).to_bytes(4, "big")) + item(0x52, b"1.2.3.4") + \
        item(0x55, b"FUZZ_SEED") + item(0x59, (5).to_bytes(2, "big") + b"token")
    body = (1).to_bytes(2, "big") + b"\0\0" + b"ANY-SCP".ljust(16) + b"MEDTLS".ljust(16) + \
        bytes(32) + item(0x10, uid) + pcs + item(0x50, user)
    return bytes([0x02, 0]) + len(body).to_bytes(4, "big") + body


def pdus():
    t = "fuzz_pdu_recorder"
    streams = {
        "associate-ac": bytes.fromhex(ASSOCIATE_AC),
        "echo-release": bytes.fromhex(ASSOCIATE_AC + ECHO_RSP + RELEASE_RP),
        "associate-rj": bytes.fromhex(ASSOCIATE_RJ),
        "associate-rj-called-ae": bytes.fromhex("03000000000400010107"),
        "associate-rj-transient-congestion": bytes.fromhex("03000000000400020301"),
        "abort": bytes.fromhex(ABORT),
        "abort-provider-invalid-parameter": bytes.fromhex("07000000000400000206"),
        "tls-alert": bytes.fromhex(GNUTLS_ALERT),
        "release-then-alert": bytes.fromhex(RELEASE_RP + GNUTLS_ALERT),
        "ac-user-identity": associate_ac_user_identity(),
        "truncated-ac": bytes.fromhex(ASSOCIATE_AC)[:100],
        "http": b"HTTP/1.1 400 Bad Request\r\n\r\n",
    }
    for name, data in streams.items():
        for plan in ("one", "bytes") if len(data) < 32 else ("one", "random"):
            write(t, f"{name}.{plan}", bytes.fromhex(PLANS[plan]) + data)


def trim_attempts(tls, keep=4):
    tls["attempts"] = tls.get("attempts", [])[:keep]


def reports(paths):
    t = "fuzz_json_roundtrip"
    for n, path in enumerate(paths):
        report = json.load(open(path))
        target = report["targets"][0]
        kind = "dicom" if "dicom" in target else "tls"
        trim_attempts(target["tls"])
        for p in target.get("profiles", []):
            p["checks"] = p["checks"][:3]
        target["profiles"] = target.get("profiles", [])[:2]
        if "dicom" in target:
            d = target["dicom"]
            for k in ("matrix", "ae_titles", "client_certificates", "user_identity"):
                d[k] = d.get(k, [])[:1]
        for c in target.get("certificate", {}).get("chain", []):
            c["pem"] = c.get("pem", "")[:120]
        compact = json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode()
        write(t, f"report-{kind}.json", compact)
        # The round-trip document's own shape (tests/fuzz/fuzz_json_roundtrip.cpp: document()).
        doc = {"tls": target["tls"], "certificate": target.get("certificate", {}),
               "client_auth": target.get("client_auth", {})}
        if "dicom" in target:
            doc["dicom"] = target["dicom"]
        write(t, f"observations-{kind}.json", json.dumps(doc, separators=(",", ":")).encode())
        # Single objects, as each from_json reads them.
        attempts = target["tls"]["attempts"]
        if attempts:
            write(t, f"attempt-{kind}.json", json.dumps(attempts[-1]).encode())
            hello = [a for a in attempts if a["reply"].get("outcome") == "server_hello"]
            write(t, f"server-reply-{kind}.json", json.dumps((hello or attempts)[0]["reply"]).encode())
        if "dicom" in target:
            write(t, "dicom-association.json", json.dumps(target["dicom"]["association"]).encode())
    write(t, "empty-object.json", b"{}")
    write(t, "reply-unknown-group.json", json.dumps({
        "outcome": "server_hello", "record_version": "0x0303", "legacy_version": "0x0303",
        "version": "TLSv1.3", "suite": "0x1301", "key_share_group": "unknown(0x1234)",
        "server_key_exchange": {"named_group": "x25519", "signature_scheme": "rsa_pss_rsae_sha256"},
        "certificate_count": 2}).encode())


def client_role_target():
    """A `medtls listen` target: the client role's observations flat in the target object."""
    t = "fuzz_json_roundtrip"
    write(t, "client-role-target.json", json.dumps({
        "url": "tls://device", "role": "client", "client_connections": 2,
        "server_name": "pacs.example", "require_client_certificate": False,
        "client_hellos": [{
            "connection": 1, "scenario": "good", "record_version": "0x0301",
            "legacy_version": "0x0303", "supported_versions": [], "suites":
            ["0xC02F", "0xC02C", "0x002F", "0x00FF"], "compression": [0],
            "groups": ["0x001D", "0x0017"], "key_shares": [], "signature_algorithms":
            ["0x0804", "0x0403", "0x0401"], "signature_algorithms_cert": [],
            "alpn": ["dicom", "http/1.1"], "sni": "pacs\\x41\\u{202E}",
            "extensions": [{"type": "0x0000", "body": "000f00000c706163732e6578616d706c65"},
                           {"type": "0x0017", "body": ""}],
            "size": 142, "parse_error": ""}],
        "scenarios": [{
            "id": "tls10_server_hello", "position": 1, "connection": 1, "outcome": "refused",
            "ended": "during_handshake", "alert": "protocol_version(70)", "alert_code": 70,
            "version": None, "suite": None, "client_certificate": False, "association": False,
            "data_bytes": 0, "first_pdu_type": None, "wait_ms": 12, "handshake_ms": 3,
            "duration_ms": 4, "error": ""}],
        "cleartext": [{
            "connection": 2, "scenario": "good", "start": "dicom_cleartext", "bytes": 68,
            "pdu_type": 1, "calling_ae": "MODALITY", "called_ae": "PACS",
            "after_failed_handshake": True}],
        "client_certificate": {}}, separators=(",", ":")).encode())


def profiles():
    t = "fuzz_profile_loader"
    for path in sorted(glob.glob(os.path.join(ROOT, "profiles/*.json"))):
        write(t, os.path.basename(path), open(path, "rb").read())
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/unit/data/profiles/*.json"))):
        write(t, "unit-" + os.path.basename(path), open(path, "rb").read())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pki", help="output of vectors/pki/make-test-pki.sh")
    ap.add_argument("--vectors", help="output of medtls vectors --out DIR")
    ap.add_argument("--report", action="append", default=[], help="a medtls report.json")
    args = ap.parse_args()
    flights()
    client_hellos()
    certificates(args.pki, args.vectors)
    pdus()
    if args.report:
        reports(args.report)
    client_role_target()
    profiles()
    for d in sorted(glob.glob(os.path.join(HERE, "fuzz_*"))):
        files = os.listdir(d)
        size = sum(os.path.getsize(os.path.join(d, f)) for f in files)
        print(f"{os.path.basename(d)}: {len(files)} seeds, {size} bytes")


if __name__ == "__main__":
    main()
