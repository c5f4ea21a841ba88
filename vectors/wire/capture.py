#!/usr/bin/env python3
"""Captures real servers' first flights into vectors/wire/*.hex for the wire parser tests.

Starts each peer (openssl s_server, gnutls-serv) on 127.0.0.1 with a high free port and
certificates made here with openssl commands, sends one ClientHello built below (independently
of the C++ builder, so the two check each other), records every byte the server sends until it
closes or stays silent, and writes them as hex with a '#' header naming the peer command and the
ClientHello. The peers are stopped (by their own pid) after each capture.

Usage: python3 vectors/wire/capture.py [OUTPUT_DIR]   (default: this script's directory)
"""
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# --- ClientHello -------------------------------------------------------------------------------

SIGALGS = [0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603, 0x0807,
           0x0201, 0x0203]


def ext(ext_type, body):
    return struct.pack("!HH", ext_type, len(body)) + body


def u16_list(values, width=2):
    data = b"".join(struct.pack("!H", v) for v in values)
    return (struct.pack("!B", len(data)) if width == 1 else struct.pack("!H", len(data))) + data


def client_hello(suites, legacy=0x0303, record=0x0301, versions=(), groups=(0x001D, 0x0017),
                 key_shares=(), sni="localhost", alpn=()):
    """Returns (record bytes, one-line description)."""
    tls13 = 0x0304 in versions
    exts = b""
    if sni:
        name = sni.encode()
        exts += ext(0x0000, struct.pack("!HBH", len(name) + 3, 0, len(name)) + name)
    if groups:
        exts += ext(0x000A, u16_list(groups))
    exts += ext(0x000B, b"\x01\x00")
    exts += ext(0x000D, u16_list(SIGALGS))
    if alpn:
        names = b"".join(struct.pack("!B", len(a)) + a.encode() for a in alpn)
        exts += ext(0x0010, struct.pack("!H", len(names)) + names)
    exts += ext(0x0017, b"")
    if versions:
        exts += ext(0x002B, u16_list(versions, width=1))
    if tls13:
        # X25519 accepts any 32 bytes as a public value (RFC 7748 §5), so random bytes are a real
        # share; the handshake is never finished.
        shares = b"".join(struct.pack("!HH", g, 32) + os.urandom(32) for g in key_shares)
        exts += ext(0x0033, struct.pack("!H", len(shares)) + shares)
        exts += ext(0x002D, b"\x01\x01")
    exts += ext(0xFF01, b"\x00")
    session_id = os.urandom(32) if tls13 else b""
    cs = u16_list(suites)
    body = struct.pack("!H", legacy) + os.urandom(32) + struct.pack("!B", len(session_id)) + \
        session_id + cs + b"\x01\x00" + struct.pack("!H", len(exts)) + exts
    hs = b"\x01" + struct.pack("!I", len(body))[1:] + body
    rec = struct.pack("!BHH", 22, record, len(hs)) + hs
    desc = "record 0x%04X legacy_version 0x%04X suites %s" % (
        record, legacy, ",".join("%04X" % s for s in suites))
    if versions:
        desc += " supported_versions %s" % ",".join("%04X" % v for v in versions)
    if groups:
        desc += " groups %s" % ",".join("%04X" % g for g in groups)
    if tls13:
        desc += " key_share [%s]" % ",".join("%04X" % g for g in key_shares)
    if sni:
        desc += " sni %s" % sni
    if alpn:
        desc += " alpn %s" % ",".join(alpn)
    desc += " + ec_point_formats, signature_algorithms, extended_master_secret, renegotiation_info"
    return rec, desc


# --- peers -------------------------------------------------------------------------------------


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_pki(d):
    """RSA CA, RSA-2048 and EC P-256 leaves (CN=localhost) signed by it, ffdhe2048 params."""
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
         "ca.pem", "-days", "3650", "-subj", "/O=medtls vectors/CN=Test CA", "-addext",
         "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        d)
    with open(os.path.join(d, "leaf.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    for name, newkey in (("rsa", ["-newkey", "rsa:2048"]),
                         ("ec", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"])):
        run(["openssl", "req", "-new", "-nodes", *newkey, "-keyout", name + ".key", "-out",
             name + ".csr", "-subj", "/CN=localhost"], d)
        run(["openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "3650", "-sha256", "-extfile", "leaf.ext", "-out",
             name + ".pem"], d)
    run(["openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048",
         "-out", "dh.pem"], d)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """True once something listens on the port (read from /proc: no probe connection)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                        return True
        except OSError:
            pass
    return False


def capture_from(cmd, port, hello, cwd):
    peer = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 15
        while not listening(port):
            if peer.poll() is not None or time.time() > deadline:
                raise RuntimeError("peer did not start: " + " ".join(cmd))
            time.sleep(0.05)
        data = b""
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(hello)
            s.settimeout(1.0)  # the flight is complete once the server goes quiet or closes
            end = time.time() + 5
            while time.time() < end:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    break
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                data += chunk
        return data
    finally:
        peer.terminate()
        try:
            peer.wait(5)
        except subprocess.TimeoutExpired:
            peer.kill()
            peer.wait()


def write_vector(out_dir, name, cmd, port, desc, hello, data):
    shown = " ".join(a.replace(str(port), "PORT") for a in cmd)
    lines = ["# peer: " + shown,
             "# client_hello: " + desc,
             "# sent: " + hello.hex(),
             "# captured by vectors/wire/capture.py; %d bytes received" % len(data)]
    lines += [data[i:i + 32].hex() for i in range(0, len(data), 32)]
    with open(os.path.join(out_dir, name + ".hex"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("%-44s %5d bytes" % (name, len(data)))


def openssl_server(port, *args):
    return ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-quiet", *args]


def gnutls_server(port, *args):
    return ["gnutls-serv", "--port", str(port), "--x509certfile", "rsa.pem", "--x509keyfile",
            "rsa.key", *args]


RSA = ["-cert", "rsa.pem", "-key", "rsa.key"]
TLS12_SUITES = [0xC02F, 0xC030, 0x009E, 0x002F]
TLS13 = dict(legacy=0x0303, versions=(0x0304, 0x0303))

# name, peer command (a function of the port), ClientHello arguments
CASES = [
    ("openssl_tls12_ecdhe_rsa_certreq",
     lambda p: openssl_server(p, *RSA, "-tls1_2", "-Verify", "1", "-CAfile", "ca.pem"),
     dict(suites=TLS12_SUITES)),
    ("openssl_tls12_ecdhe_ecdsa",
     lambda p: openssl_server(p, "-cert", "ec.pem", "-key", "ec.key", "-tls1_2"),
     dict(suites=[0xC02B, 0xC02C, 0xC02F])),
    ("openssl_tls12_alpn_dicom",
     lambda p: openssl_server(p, *RSA, "-tls1_2", "-alpn", "dicom"),
     dict(suites=TLS12_SUITES, alpn=("dicom", "http/1.1"))),
    ("openssl_tls12_handshake_failure",
     lambda p: openssl_server(p, *RSA, "-tls1_2"),
     dict(suites=[0xC08A])),
    ("openssl_tls12_sni_warning",
     lambda p: openssl_server(p, *RSA, "-tls1_2", "-servername", "other.example", "-cert2",
                              "rsa.pem", "-key2", "rsa.key"),
     dict(suites=TLS12_SUITES)),
    ("openssl_tls12_sni_fatal",
     lambda p: openssl_server(p, *RSA, "-tls1_2", "-servername", "other.example", "-cert2",
                              "rsa.pem", "-key2", "rsa.key", "-servername_fatal"),
     dict(suites=TLS12_SUITES)),
    ("openssl_tls13_server_hello",
     lambda p: openssl_server(p, *RSA),
     dict(suites=[0x1301, 0x1302, 0x1303, 0xC02F], key_shares=(0x001D,), **TLS13)),
    ("openssl_tls13_hello_retry_request",
     lambda p: openssl_server(p, *RSA),
     dict(suites=[0x1301, 0x1302, 0x1303], key_shares=(), groups=(0x0017, 0x001D), **TLS13)),
    ("openssl_tls10_protocol_version_alert",
     lambda p: openssl_server(p, *RSA, "-min_protocol", "TLSv1.2"),
     dict(suites=[0xC014, 0xC013, 0x0035, 0x002F], legacy=0x0301)),
    # OpenSSL 3.0's defaults leave TLS 1.0 enabled but unusable at security level 2: such a
    # server answers a TLS 1.0 hello with internal_error(80), not protocol_version(70).
    ("openssl_tls10_default_internal_error",
     lambda p: openssl_server(p, *RSA),
     dict(suites=[0xC014, 0xC013, 0x0035, 0x002F], legacy=0x0301)),
    ("openssl_tls10_ecdhe_rsa",
     lambda p: openssl_server(p, *RSA, "-tls1", "-cipher", "ALL:@SECLEVEL=0"),
     dict(suites=[0xC014, 0xC013, 0x0035, 0x002F], legacy=0x0301)),
    ("openssl_tls11_dhe_rsa",
     lambda p: openssl_server(p, *RSA, "-tls1_1", "-cipher", "DHE-RSA-AES128-SHA:@SECLEVEL=0",
                              "-dhparam", "dh.pem"),
     dict(suites=[0x0033, 0x0039], legacy=0x0302, groups=())),
    ("gnutls_tls12_dhe_rsa",
     lambda p: gnutls_server(p, "--dhparams", "dh.pem", "--disable-client-cert", "--priority",
                             "NORMAL:-VERS-TLS1.3"),
     dict(suites=[0x009E, 0x0033], groups=(0x001D, 0x0017))),
    ("gnutls_tls12_ecdhe_rsa_camellia_gcm",
     lambda p: gnutls_server(p, "--disable-client-cert", "--priority",
                             "NORMAL:+CAMELLIA-128-GCM:+CAMELLIA-256-GCM"),
     dict(suites=[0xC08A])),
    ("gnutls_tls13_server_hello",
     lambda p: gnutls_server(p, "--disable-client-cert"),
     dict(suites=[0x1301, 0x1302, 0x1303], key_shares=(0x001D,), **TLS13)),
]


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    for tool in ("openssl", "gnutls-serv"):
        if not shutil.which(tool):
            sys.exit("capture.py needs " + tool)
    with tempfile.TemporaryDirectory(prefix="medtls-wire-") as d:
        make_pki(d)
        for name, command, hello_args in CASES:
            port = free_port()
            cmd = command(port)
            hello, desc = client_hello(**hello_args)
            data = capture_from(cmd, port, hello, d)
            write_vector(out_dir, name, cmd, port, desc, hello, data)


if __name__ == "__main__":
    main()
