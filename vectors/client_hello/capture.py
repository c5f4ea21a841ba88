#!/usr/bin/env python3
"""Captures real clients' ClientHellos into vectors/client_hello/*.hex for the unit tests of
harness/listen/hello_observation (what `medtls listen` records of a device in its client role).

For each case it listens on 127.0.0.1 on a free high port, starts the client (openssl s_client,
gnutls-cli) against it, reads TLS records until the ClientHello's handshake message is complete,
closes the connection (the client then gives up) and writes the records as hex, with a '#' header
naming the client command. The client is stopped by its own pid if it has not exited.

Usage: python3 vectors/client_hello/capture.py [OUTPUT_DIR]   (default: this script's directory)
"""
import os
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def openssl_client(port, *args):
    return ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, *args]


def gnutls_client(port, *args):
    return ["gnutls-cli", "--no-ca-verification", "--port", str(port), *args, "127.0.0.1"]


# name, client command (a function of the port)
CASES = [
    ("openssl_tls12_alpn_sni",
     lambda p: openssl_client(p, "-tls1_2", "-cipher",
                              "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:AES128-SHA",
                              "-groups", "X25519:P-256", "-sigalgs",
                              "rsa_pss_rsae_sha256:ecdsa_secp256r1_sha256:rsa_pkcs1_sha256",
                              "-alpn", "dicom,http/1.1", "-servername", "pacs.example")),
    ("openssl_tls13_only",
     lambda p: openssl_client(p, "-tls1_3", "-ciphersuites",
                              "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256",
                              "-groups", "P-256:X25519:ffdhe2048", "-alpn", "dicom",
                              "-servername", "localhost")),
    ("openssl_default",
     lambda p: openssl_client(p, "-servername", "modality.hospital.example")),
    ("openssl_tls10_no_sni",
     lambda p: openssl_client(p, "-tls1", "-cipher", "AES128-SHA:DES-CBC3-SHA:@SECLEVEL=0",
                              "-noservername")),
    ("gnutls_tls12_alpn_sni",
     lambda p: gnutls_client(p, "--priority", "NORMAL:-VERS-TLS1.3", "--alpn", "dicom",
                             "--sni-hostname", "pacs.example")),
    ("gnutls_default",
     lambda p: gnutls_client(p, "--sni-hostname", "localhost")),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hello_records(conn):
    """Reads whole records until the first handshake message (the ClientHello) is complete."""
    data = b""
    handshake = b""
    end = time.time() + 10
    while time.time() < end:
        while len(data) < 5 or len(data) < 5 + struct.unpack("!H", data[3:5])[0]:
            chunk = conn.recv(65536)
            if not chunk:
                raise RuntimeError("client closed after %d bytes" % len(data))
            data += chunk
        records = data
        handshake = b""
        while len(records) >= 5:
            length = struct.unpack("!H", records[3:5])[0]
            if len(records) < 5 + length:
                break
            handshake += records[5:5 + length]
            records = records[5 + length:]
        if len(handshake) >= 4 and len(handshake) >= 4 + int.from_bytes(handshake[1:4], "big"):
            return data[:len(data) - len(records)]
        chunk = conn.recv(65536)
        if not chunk:
            raise RuntimeError("client closed after %d bytes" % len(data))
        data += chunk
    raise RuntimeError("no complete ClientHello within 10 s")


def capture(cmd):
    port = free_port()
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen(1)
        server.settimeout(10)
        client = subprocess.Popen(cmd(port), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            conn, _ = server.accept()
            with conn:
                conn.settimeout(10)
                data = hello_records(conn)
        finally:
            try:
                client.wait(5)
            except subprocess.TimeoutExpired:
                client.terminate()
                client.wait()
    return port, data


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out_dir, exist_ok=True)
    versions = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout
    versions = versions.strip() + "; " + subprocess.run(
        ["gnutls-cli", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    for name, cmd in CASES:
        port, data = capture(cmd)
        shown = " ".join(a.replace(str(port), "PORT") for a in cmd(port))
        lines = ["# client: " + shown,
                 "# tools: " + versions,
                 "# captured by vectors/client_hello/capture.py: %d bytes (the ClientHello's "
                 "records)" % len(data)]
        lines += [data[i:i + 32].hex() for i in range(0, len(data), 32)]
        with open(os.path.join(out_dir, name + ".hex"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print("%-28s %5d bytes" % (name, len(data)))


if __name__ == "__main__":
    main()
