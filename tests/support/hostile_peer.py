#!/usr/bin/python3
"""Hostile TLS / DICOM peer for medtls's robustness tests.

medtls is a TLS client: it sends hand-built ClientHellos on short connections, runs
OpenSSL handshakes and opens DICOM associations through DCMTK.  This server misbehaves
on purpose, one behaviour ("mode") per process, so that tests can prove medtls never
crashes, never hangs and never awards a pass the peer did not earn.

    /usr/bin/python3 tests/support/hostile_peer.py --mode MODE [--host 127.0.0.1]
        [--port 0] [--cert CHAIN.pem --key KEY.pem] [--ready-file FILE]
    /usr/bin/python3 tests/support/hostile_peer.py --list        # TSV, one mode a line
    /usr/bin/python3 tests/support/hostile_peer.py --list-json   # with needs_cert

Readiness: once listening, the process prints exactly "PORT <n>" on stdout (flushed)
and, with --ready-file, writes "<n>" to that file atomically.  SIGTERM/SIGINT end it
with exit code 0 within a second.  Each connection runs in its own daemon thread, is
numbered from 1 (flaky modes depend on the number) and lasts at most 120 s; a handler's
error is logged as one line on stderr and never stops the server.

Categories:
  tls          crafted bytes at the TLS record/handshake level, no TLS stack involved
  certificate  a crafted TLS 1.2 first flight carrying broken or hostile certificates
  dicom        a real TLS server (Python's ssl, --cert/--key), then crafted DICOM PDUs
  flaky        behaviour that changes with the connection number

Modes with needs_cert need --cert and --key.  The raw modes never use the key: their
signatures and key shares are random bytes, since no client can get past them anyway.
Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import signal
import socket
import ssl
import struct
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable

# --- limits -------------------------------------------------------------------------

MAX_CONN_SECONDS = 120.0  # hard cap on every connection, whatever the mode does
HELLO_TIMEOUT = 5.0  # how long we wait for a complete ClientHello
MAX_HELLO_BYTES = 256 * 1024  # bigger "ClientHellos" are treated as garbage
MAX_FRAGMENT = 16384  # TLS plaintext record limit
MAX_IN_PDU = 4 * 1024 * 1024  # a bigger incoming DICOM PDU ends the connection
STOP = threading.Event()  # set by SIGTERM/SIGINT; every wait loop watches it

# --- TLS constants ------------------------------------------------------------------

CT_CCS, CT_ALERT, CT_HANDSHAKE, CT_APPDATA, CT_HEARTBEAT = 20, 21, 22, 23, 24
HS_HELLO_REQUEST, HS_CLIENT_HELLO, HS_SERVER_HELLO = 0, 1, 2
HS_CERTIFICATE, HS_SERVER_KEY_EXCHANGE, HS_CERTIFICATE_REQUEST = 11, 12, 13
HS_SERVER_HELLO_DONE = 14

EXT_TRUNCATED_HMAC, EXT_SUPPORTED_GROUPS, EXT_EC_POINT_FORMATS = 4, 10, 11
EXT_ALPN, EXT_ENCRYPT_THEN_MAC, EXT_EXTENDED_MASTER_SECRET = 16, 22, 23
EXT_SESSION_TICKET, EXT_SUPPORTED_VERSIONS, EXT_KEY_SHARE = 35, 43, 51
EXT_RENEGOTIATION_INFO = 0xFF01
EXT_UNKNOWN = 0xFFAA

ALERT_WARNING, ALERT_FATAL = 1, 2
ALERT_HANDSHAKE_FAILURE, ALERT_PROTOCOL_VERSION, ALERT_UNRECOGNIZED_NAME = 40, 70, 112

SSL3, TLS12, TLS13 = 0x0300, 0x0303, 0x0304
GROUP_SECP256R1, GROUP_SECP384R1, GROUP_SECP521R1 = 0x0017, 0x0018, 0x0019
GROUP_X25519, GROUP_X448 = 0x001D, 0x001E

# RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest.
HRR_RANDOM = bytes.fromhex(
    "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C"
)
DOWNGRADE_TLS12 = b"DOWNGRD\x01"  # RFC 8446 4.1.3 downgrade sentinel

PREFERRED_SUITES = frozenset(
    {0xC02F, 0xC030, 0xC02B, 0xC02C, 0x009E, 0x009F, 0x002F, 0x0035}
    | {0xC013, 0xC014, 0x0033, 0x0039, 0x000A}
)
TLS12_ONLY_SUITES = frozenset({0xC02F, 0xC030, 0xC02B, 0xC02C, 0x009E, 0x009F})
TLS13_SUITES = (0x1301, 0x1302, 0x1303)
SCSV_SUITES = frozenset({0x00FF, 0x5600})
ECDHE_SUITES = frozenset(
    set(range(0xC006, 0xC00B))
    | set(range(0xC010, 0xC015))
    | {0xC023, 0xC024, 0xC027, 0xC028}
    | set(range(0xC02B, 0xC031))
    | {0xC048, 0xC049, 0xC04C, 0xC04D, 0xC05C, 0xC05D, 0xC060, 0xC061}
    | {0xC072, 0xC073, 0xC076, 0xC077, 0xC086, 0xC087, 0xC08A, 0xC08B}
    | set(range(0xC0AC, 0xC0B0))
    | {0xCCA8, 0xCCA9}
)
ECDSA_SUITES = frozenset(  # ECDHE_ECDSA: need an EC certificate
    set(range(0xC006, 0xC00B))
    | {0xC023, 0xC024, 0xC02B, 0xC02C, 0xC048, 0xC049, 0xC05C, 0xC05D}
    | {0xC072, 0xC073, 0xC086, 0xC087, 0xCCA9}
    | set(range(0xC0AC, 0xC0B0))
)
DHE_SUITES = frozenset(
    {0x0013, 0x0016, 0x0032, 0x0033, 0x0038, 0x0039, 0x0040, 0x0044, 0x0045}
    | {0x0067, 0x006A, 0x006B, 0x0087, 0x0088, 0x009A, 0x009E, 0x009F, 0x00A2}
    | {0x00A3, 0x00BD, 0x00C3, 0xC044, 0xC045, 0xC052, 0xC053, 0xC07C, 0xC07D}
    | {0xC09E, 0xC09F, 0xC0A2, 0xC0A3, 0xCCAA}
)
# RFC 7919 ffdhe2048 prime (generator 2).
FFDHE2048_P = bytes.fromhex(
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695A9E13641146433FB"
    "CC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617AD3DF1ED5D5FD65612433F51F5F066ED0"
    "856365553DED1AF3B557135E7F57C935984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE735"
    "30ACCA4F483A797ABC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4"
    "AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F619172FE9CE98583FF"
    "8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005C58EF1837D1683B2C6F34A26C1B2EFFA"
    "886B423861285C97FFFFFFFFFFFFFFFF"
)
KEY_SHARE_SIZES = {
    GROUP_SECP256R1: 65,
    GROUP_SECP384R1: 97,
    GROUP_SECP521R1: 133,
    GROUP_X25519: 32,
    GROUP_X448: 56,
    0x0100: 256,
    0x0101: 384,
    0x0102: 512,
    0x0103: 768,
    0x0104: 1024,
}
EVIL_ALPN = b"\xff\xfe\x1b[31mevil"  # not UTF-8, with an ANSI colour escape
NON_UTF8_ALPN = b"\xc3\x28dicom\x00"  # broken UTF-8 sequence and a NUL
# For names: 0xFF, an ANSI escape, a NUL and a UTF-8 right-to-left override.
HOSTILE_TEXT = b"\xff\x1b[31m\x00\xe2\x80\xae"

# --- logging ------------------------------------------------------------------------

_LOG_LOCK = threading.Lock()


def log(message: str) -> None:
    """One line on stderr, never interleaved with another thread's line."""
    line = " ".join(str(message).split())
    with _LOG_LOCK:
        sys.stderr.write(f"hostile_peer: {line}\n")
        sys.stderr.flush()


# --- byte helpers -------------------------------------------------------------------


def u8(value: int) -> bytes:
    return bytes([value & 0xFF])


def u16(value: int) -> bytes:
    return struct.pack("!H", value & 0xFFFF)


def u24(value: int) -> bytes:
    return (value & 0xFFFFFF).to_bytes(3, "big")


def u32(value: int) -> bytes:
    return struct.pack("!I", value & 0xFFFFFFFF)


def vec(data: bytes, width: int) -> bytes:
    """Length-prefixed vector, as TLS encodes opaque<..> fields."""
    return len(data).to_bytes(width, "big") + data


def rand(size: int) -> bytes:
    return os.urandom(size)


class Reader:
    """Bounds-checked cursor; reading past the end raises ValueError."""

    def __init__(self, data: bytes):
        self.data = bytes(data)
        self.pos = 0

    def take(self, size: int) -> bytes:
        if size < 0 or self.pos + size > len(self.data):
            raise ValueError("truncated")
        out = self.data[self.pos : self.pos + size]
        self.pos += size
        return out

    def uint(self, width: int) -> int:
        return int.from_bytes(self.take(width), "big")

    def vec(self, width: int) -> bytes:
        return self.take(self.uint(width))

    def left(self) -> int:
        return len(self.data) - self.pos


# --- TLS records and messages -------------------------------------------------------


def record(ctype: int, payload: bytes, version: int = TLS12) -> bytes:
    return struct.pack("!BHH", ctype, version, len(payload)) + payload


def records(ctype: int, data: bytes, version: int = TLS12) -> bytes:
    """Split data into as many full-size records as needed (no empty record)."""
    return b"".join(
        record(ctype, data[i : i + MAX_FRAGMENT], version)
        for i in range(0, len(data), MAX_FRAGMENT)
    )


def handshake(msg_type: int, body: bytes) -> bytes:
    return u8(msg_type) + u24(len(body)) + body


def alert(level: int, description: int, version: int = TLS12) -> bytes:
    return record(CT_ALERT, bytes([level, description]), version)


def extension(ext_type: int, data: bytes = b"") -> bytes:
    return u16(ext_type) + vec(data, 2)


def alpn_extension(protocol: bytes) -> bytes:
    return extension(EXT_ALPN, vec(vec(protocol, 1), 2))


def first_message_length(data: bytes) -> int:
    """Length of the first handshake message (header included) in data."""
    return 4 + int.from_bytes(data[1:4], "big")


# --- ClientHello parsing ------------------------------------------------------------


@dataclass
class ClientHello:
    """What the client offered; defaults describe a plain TLS 1.2 client, used
    when the bytes we got were no ClientHello at all (parsed=False)."""

    legacy_version: int = TLS12
    random: bytes = bytes(32)
    session_id: bytes = b""
    suites: list = field(default_factory=lambda: [0xC02F])
    compressions: list = field(default_factory=lambda: [0])
    extensions: dict = field(default_factory=dict)  # type -> data, first occurrence
    versions: list = field(default_factory=list)  # supported_versions
    key_share_groups: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # supported_groups
    alpn: list = field(default_factory=list)
    sslv2_format: bool = False
    parsed: bool = False
    raw: bytes = b""  # the bytes the hello occupied on the wire

    @property
    def offers_tls13(self) -> bool:
        return TLS13 in self.versions


def u16_list(data: bytes) -> list:
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]


def parse_extension(ch: ClientHello, ext_type: int, data: bytes) -> None:
    reader = Reader(data)
    if ext_type == EXT_SUPPORTED_VERSIONS:
        ch.versions = u16_list(reader.vec(1))
    elif ext_type == EXT_SUPPORTED_GROUPS:
        ch.groups = u16_list(reader.vec(2))
    elif ext_type == EXT_KEY_SHARE:
        shares = Reader(reader.vec(2))
        while shares.left():
            group = shares.uint(2)
            shares.vec(2)
            ch.key_share_groups.append(group)
    elif ext_type == EXT_ALPN:
        names = Reader(reader.vec(2))
        while names.left():
            ch.alpn.append(names.vec(1))


def parse_client_hello(body: bytes) -> ClientHello:
    reader = Reader(body)
    ch = ClientHello(suites=[], compressions=[])
    ch.legacy_version = reader.uint(2)
    ch.random = reader.take(32)
    ch.session_id = reader.vec(1)
    ch.suites = u16_list(reader.vec(2))
    ch.compressions = list(reader.vec(1))
    ch.parsed = True  # the fixed part is all we need to answer
    try:
        exts = Reader(reader.vec(2)) if reader.left() >= 2 else Reader(b"")
        while exts.left() >= 4:
            ext_type, data = exts.uint(2), exts.vec(2)
            ch.extensions.setdefault(ext_type, data)
            try:
                parse_extension(ch, ext_type, data)
            except ValueError:
                pass  # one malformed extension must not hide the others
    except ValueError:
        pass
    return ch


def parse_sslv2_hello(body: bytes) -> ClientHello:
    """An SSLv2-format CLIENT-HELLO (RFC 6101 E.1): 3-byte cipher specs."""
    reader = Reader(body)
    if reader.uint(1) != 1:
        raise ValueError("not an SSLv2 CLIENT-HELLO")
    version = reader.uint(2)
    spec_len, sid_len, challenge_len = reader.uint(2), reader.uint(2), reader.uint(2)
    specs = reader.take(spec_len)
    session_id = reader.take(sid_len)
    challenge = reader.take(challenge_len)
    suites = [
        int.from_bytes(specs[i + 1 : i + 3], "big")
        for i in range(0, len(specs) - 2, 3)
        if specs[i] == 0
    ]
    return ClientHello(
        legacy_version=version,
        random=challenge[-32:].rjust(32, b"\0"),
        session_id=session_id[:32],
        suites=suites,
        sslv2_format=True,
        parsed=True,
    )


def scan_hello(buf: bytes) -> tuple:
    """Look for one complete ClientHello at the start of buf.

    Returns (status, consumed, body, sslv2) with status "need" (wait for more),
    "done" (body is the message body) or "bad" (this is not a ClientHello)."""
    if not buf:
        return "need", 0, b"", False
    if buf[0] & 0x80:  # SSLv2 header: 2 bytes, high bit set
        if len(buf) < 2:
            return "need", 0, b"", True
        length = ((buf[0] & 0x7F) << 8) | buf[1]
        if len(buf) < 2 + length:
            return "need", 0, b"", True
        return "done", 2 + length, bytes(buf[2 : 2 + length]), True
    pos, hs = 0, bytearray()
    while True:
        if len(buf) < pos + 5:
            return "need", 0, b"", False
        ctype, length = buf[pos], int.from_bytes(buf[pos + 3 : pos + 5], "big")
        if ctype not in (CT_HANDSHAKE, CT_CCS):  # CCS: TLS 1.3 middlebox compat
            return "bad", len(buf), b"", False
        if len(buf) < pos + 5 + length:
            return "need", 0, b"", False
        if ctype == CT_HANDSHAKE:
            hs += buf[pos + 5 : pos + 5 + length]
        pos += 5 + length
        if len(hs) >= 4:
            msg_len = int.from_bytes(hs[1:4], "big")
            if hs[0] != HS_CLIENT_HELLO or msg_len > MAX_HELLO_BYTES:
                return "bad", len(buf), b"", False
            if len(hs) >= 4 + msg_len:
                return "done", pos, bytes(hs[4 : 4 + msg_len]), False


def read_client_hello(conn: "Conn", timeout: float = HELLO_TIMEOUT):
    """Read one ClientHello however it is fragmented; None if the client closed
    without sending anything.  Garbage, an alert or a timeout give a default
    ClientHello (parsed=False) so that hostile modes can still answer."""
    end = time.monotonic() + timeout
    buf = bytearray()
    while True:
        status, used, body, sslv2 = scan_hello(buf)
        if status != "need":
            break
        data = conn.recv(end - time.monotonic())
        if not data:
            if data == b"" and not buf:
                return None
            status, used = "incomplete", len(buf)
            break
        buf += data
    conn.pending[:0] = buf[used:]  # bytes after the hello stay for the next read
    ch = ClientHello()
    if status == "done":
        try:
            ch = parse_sslv2_hello(body) if sslv2 else parse_client_hello(body)
        except ValueError:
            pass
    ch.raw = bytes(buf[:used])
    return ch


# --- connection plumbing ------------------------------------------------------------


class PeerGone(Exception):
    """The client closed or reset the connection."""


class TimeUp(Exception):
    """The per-connection limit passed, or the server is stopping."""


class Conn:
    """One accepted TCP connection with deadline-aware send/receive helpers."""

    def __init__(self, sock: socket.socket, number: int, server: "Server"):
        self.sock = sock
        self.number = number
        self.server = server
        self.deadline = time.monotonic() + MAX_CONN_SECONDS
        self.pending = bytearray()  # read from the socket but not consumed yet
        self.closed = False

    def log(self, message: str) -> None:
        log(f"{self.server.mode.name} #{self.number}: {message}")

    def check(self) -> None:
        if STOP.is_set():
            raise TimeUp("server stopping")
        if time.monotonic() >= self.deadline:
            raise TimeUp(f"{MAX_CONN_SECONDS:.0f} s connection limit reached")

    def hello(self) -> ClientHello:
        ch = read_client_hello(self)
        if ch is None:
            raise PeerGone("closed before sending a ClientHello")
        return ch

    def take_pending(self) -> bytes:
        data = bytes(self.pending)
        self.pending.clear()
        return data

    def send(self, data: bytes) -> None:
        # Short socket timeouts so a client that stops reading cannot pin us past
        # the deadline; a send error means the client is gone.
        view = memoryview(data)
        while view:
            self.check()
            self.sock.settimeout(0.5)
            try:
                sent = self.sock.send(view[:262144])
            except TimeoutError:
                continue
            except OSError as exc:
                raise PeerGone(f"send failed: {exc}") from None
            view = view[sent:]

    def recv(self, timeout: float):
        """Some bytes, b"" when the client closed, None after timeout seconds."""
        if self.pending:
            return self.take_pending()
        end = time.monotonic() + timeout
        while True:
            self.check()
            left = min(end, self.deadline) - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(min(left, 0.5))
            try:
                return self.sock.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return b""  # a reset is just another way of closing

    def recv_wait(self) -> bytes:
        """Block (within the connection limit) until bytes or EOF (b"")."""
        while True:
            data = self.recv(MAX_CONN_SECONDS)
            if data is not None:
                return data

    def pause(self, seconds: float) -> None:
        self.check()
        STOP.wait(max(0.0, min(seconds, self.deadline - time.monotonic())))

    def drip(self, data: bytes, interval: float = 1.0) -> None:
        for i in range(len(data)):
            self.send(data[i : i + 1])
            self.pause(interval)

    def flood(self, chunk: bytes) -> None:
        """Send chunk forever; ends by PeerGone or TimeUp."""
        while True:
            self.send(chunk)

    def linger(self) -> None:
        """Read and ignore until the client closes (or the limit passes)."""
        while self.recv_wait():
            pass

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.sock.shutdown(socket.SHUT_WR)
            # Drain briefly: unread client bytes would turn our FIN into an RST.
            end = time.monotonic() + 1.0
            self.sock.settimeout(0.2)
            while time.monotonic() < end:
                try:
                    if not self.sock.recv(65536):
                        break
                except TimeoutError:
                    continue
        except OSError:
            pass
        finally:
            self.sock.close()

    def reset(self) -> None:
        """Close with an RST (SO_LINGER 0) instead of a FIN."""
        if self.closed:
            return
        self.closed = True
        try:
            linger = struct.pack("ii", 1, 0)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        except OSError:
            pass
        self.sock.close()


# --- TLS 1.2 first flight -----------------------------------------------------------


@dataclass
class Params:
    """What our TLS <=1.2 ServerHello claims."""

    version: int
    suite: int
    session_id: bytes

    @property
    def key_exchange(self) -> str:
        if self.suite in ECDHE_SUITES:
            return "ecdhe"
        if self.suite in DHE_SUITES:
            return "dhe"
        return "none"


def is_grease(value: int) -> bool:
    return (value & 0x0F0F) == 0x0A0A and (value >> 8) == (value & 0xFF)


def usable_tls12_suite(suite: int) -> bool:
    return not (suite in SCSV_SUITES or is_grease(suite) or suite >> 8 == 0x13)


def record_version(ch: ClientHello) -> int:
    return max(SSL3, min(ch.legacy_version, TLS12))


def suits_key(suite: int, key_type: str | None) -> bool:
    """Whether suite authenticates with the certificate's key type."""
    if key_type == "rsa":
        return suite not in ECDSA_SUITES
    if key_type == "ec":
        return suite in ECDSA_SUITES
    return True


def negotiate12(ch: ClientHello, key_type: str | None = None):
    """A permissive TLS <=1.2 server's choice, or None when it has nothing to
    offer (an SSLv2-only hello, or only TLS 1.3 suites and SCSVs offered).

    Client order; first a preferred suite matching the certificate's key (so that
    OpenSSL's default list gets ECDHE-RSA with an RSA certificate), then any
    preferred suite, then anything usable: single-suite probes are all accepted."""
    if ch.legacy_version < SSL3:
        return None
    version = min(ch.legacy_version, TLS12)
    # AEAD/SHA-256 suites only exist from TLS 1.2 on; don't pick them below.
    preferred = {
        s for s in PREFERRED_SUITES if version >= TLS12 or s not in TLS12_ONLY_SUITES
    }
    passes = (
        lambda s: s in preferred and suits_key(s, key_type),
        lambda s: s in preferred,
        usable_tls12_suite,
    )
    for acceptable in passes:
        for suite in ch.suites:
            if acceptable(suite):
                return Params(version, suite, ch.session_id)
    return None


def forced12(ch: ClientHello, key_type: str | None = None) -> Params:
    """negotiate12, or a TLS 1.2 answer anyway: for modes that must misbehave."""
    return negotiate12(ch, key_type) or Params(TLS12, 0xC02F, ch.session_id)


def default_extensions12(ch: ClientHello) -> bytes:
    """Only what the client offered, as a correct server would echo."""
    out = b""
    if EXT_RENEGOTIATION_INFO in ch.extensions or 0x00FF in ch.suites:
        out += extension(EXT_RENEGOTIATION_INFO, b"\x00")
    if EXT_EXTENDED_MASTER_SECRET in ch.extensions:
        out += extension(EXT_EXTENDED_MASTER_SECRET)
    if EXT_EC_POINT_FORMATS in ch.extensions:
        out += extension(EXT_EC_POINT_FORMATS, b"\x01\x00")
    return out


def server_hello12(
    ch: ClientHello,
    p: Params,
    *,
    random: bytes | None = None,
    session_id: bytes | None = None,
    compression: int = 0,
    extensions: bytes | None = None,
    ext_block: bytes | None = None,
) -> bytes:
    """A TLS <=1.2 ServerHello message; the keyword arguments are the twists
    (ext_block replaces the length-prefixed extension block verbatim)."""
    if extensions is None:
        extensions = default_extensions12(ch)
    if ext_block is None:
        ext_block = vec(extensions, 2) if extensions else b""
    sid = p.session_id if session_id is None else session_id
    body = u16(p.version) + (random or rand(32)) + vec(sid, 1)
    body += u16(p.suite) + u8(compression) + ext_block
    return handshake(HS_SERVER_HELLO, body)


def certificate_message(entries: list) -> bytes:
    cert_list = b"".join(vec(entry, 3) for entry in entries)
    return handshake(HS_CERTIFICATE, vec(cert_list, 3))


def random_signature(version: int) -> bytes:
    # rsa_pkcs1_sha256 and 256 random bytes: nobody can verify it without keys.
    algorithm = u16(0x0401) if version >= TLS12 else b""
    return algorithm + vec(rand(256), 2)


def server_key_exchange(p: Params):
    if p.key_exchange == "ecdhe":
        params = u8(3) + u16(GROUP_SECP256R1) + vec(b"\x04" + rand(64), 1)
    elif p.key_exchange == "dhe":
        public = bytes([rand(1)[0] & 0x7F]) + rand(255)  # below p, as it should be
        params = vec(FFDHE2048_P, 2) + vec(b"\x02", 2) + vec(public, 2)
    else:
        return None
    return handshake(HS_SERVER_KEY_EXCHANGE, params + random_signature(p.version))


def server_hello_done(body: bytes = b"") -> bytes:
    return handshake(HS_SERVER_HELLO_DONE, body)


def send_records(conn: Conn, data: bytes, p: Params) -> None:
    conn.send(records(CT_HANDSHAKE, data, p.version))


def finish_tls12(conn: Conn) -> None:
    """After our first flight: wait for the client's next flight and end with a
    fatal alert, like a server whose key exchange failed (we hold no keys)."""
    while not conn.closed:
        data = conn.recv_wait()
        if not data:
            return
        if data[0] in (CT_HANDSHAKE, CT_CCS):
            conn.send(alert(ALERT_FATAL, ALERT_HANDSHAKE_FAILURE))
            conn.close()
            return
        if data[0] == CT_ALERT:
            conn.close()
            return


def serve_tls12(
    conn: Conn,
    ch: ClientHello | None = None,
    *,
    adjust: Callable | None = None,
    hello: Callable | None = None,
    tweak: Callable | None = None,
    send: Callable | None = None,
    force: bool = False,
) -> None:
    """Answer like a permissive TLS 1.2 server, with hooks for every twist.

    adjust(ch, p) -> Params      change what the ServerHello claims (steers the SKE)
    hello(ch, p) -> dict         keyword arguments for server_hello12
    tweak(conn, ch, p, msgs)     edit [ServerHello, Certificate, (SKE), ServerHelloDone]
    send(conn, data, p)          how the handshake bytes go out (default 16 KiB records)
    force                        answer even where a real server would refuse"""
    ch = ch or conn.hello()
    p = negotiate12(ch, conn.server.key_type)
    if p is None:
        if not force:
            conn.send(alert(ALERT_FATAL, ALERT_HANDSHAKE_FAILURE, record_version(ch)))
            conn.close()
            return
        p = forced12(ch, conn.server.key_type)
    if adjust:
        p = adjust(ch, p)
    msgs = [server_hello12(ch, p, **(hello(ch, p) if hello else {}))]
    msgs.append(certificate_message(conn.server.chain))
    ske = server_key_exchange(p)
    if ske:
        msgs.append(ske)
    msgs.append(server_hello_done())
    if tweak:
        msgs = tweak(conn, ch, p, msgs)
    (send or send_records)(conn, b"".join(msgs), p)
    finish_tls12(conn)


# --- TLS 1.3 ------------------------------------------------------------------------


def choose_suite13(ch: ClientHello) -> int:
    """0x1301/0x1302/0x1303 if offered, else the first TLS 1.3 suite offered
    (CCM ones included), else 0x1301."""
    offered13 = [s for s in ch.suites if s >> 8 == 0x13]
    preferred = [s for s in TLS13_SUITES if s in offered13]
    return (preferred or offered13 or [TLS13_SUITES[0]])[0]


def choose_group13(ch: ClientHello) -> int:
    if GROUP_X25519 in ch.key_share_groups:
        return GROUP_X25519
    if ch.key_share_groups:
        return ch.key_share_groups[0]
    return ch.groups[0] if ch.groups else GROUP_X25519


def key_exchange_bytes(group: int) -> bytes:
    size = KEY_SHARE_SIZES.get(group, 32)
    if group in (GROUP_SECP256R1, GROUP_SECP384R1, GROUP_SECP521R1):
        return b"\x04" + rand(size - 1)  # uncompressed point form
    return rand(size)


def key_share_entry(group: int) -> bytes:
    return u16(group) + vec(key_exchange_bytes(group), 2)


def server_hello13(
    ch: ClientHello,
    *,
    random: bytes | None = None,
    key_share: bytes | None = None,
    version: int = TLS13,
) -> bytes:
    """A TLS 1.3 ServerHello; with random=HRR_RANDOM a HelloRetryRequest."""
    if key_share is None:
        key_share = key_share_entry(choose_group13(ch))
    exts = extension(EXT_SUPPORTED_VERSIONS, u16(version))
    exts += extension(EXT_KEY_SHARE, key_share)
    body = u16(TLS12) + (random or rand(32)) + vec(ch.session_id[:32], 1)
    body += u16(choose_suite13(ch)) + u8(0) + vec(exts, 2)
    return handshake(HS_SERVER_HELLO, body)


def hrr_group(ch: ClientHello) -> int:
    """A group the client supports but sent no key share for, else secp384r1."""
    for group in ch.groups:
        if group not in ch.key_share_groups and not is_grease(group):
            return group
    return GROUP_SECP384R1


# --- certificates -------------------------------------------------------------------

PEM_CERT = re.compile(
    rb"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.S
)
OID_COMMON_NAME = bytes.fromhex("550403")
OID_SUBJECT_ALT_NAME = bytes.fromhex("551D11")


def load_chain(path: str) -> list:
    with open(path, "rb") as handle:
        pem = handle.read()
    chain = [
        base64.b64decode(b"".join(m.group(1).split())) for m in PEM_CERT.finditer(pem)
    ]
    if not chain:
        raise ValueError(f"{path}: no PEM certificate found")
    return chain


def der_length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def der(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + der_length(len(content)) + content


def der_children(buf: bytes, start: int, end: int):
    """Yield (tag, content_start, content_end) of the TLVs in buf[start:end]."""
    pos = start
    while pos < end:
        tag, first = buf[pos], buf[pos + 1]
        pos += 2
        length = first
        if first & 0x80:
            width = first & 0x7F
            length = int.from_bytes(buf[pos : pos + width], "big")
            pos += width
        yield tag, pos, pos + length
        pos += length


def tbs_fields(cert: bytes) -> list:
    _, start, end = next(der_children(cert, 0, len(cert)))  # Certificate
    _, start, end = next(der_children(cert, start, end))  # tbsCertificate
    return list(der_children(cert, start, end))


OID_RSA_ENCRYPTION = bytes.fromhex("2A864886F70D010101")
OID_EC_PUBLIC_KEY = bytes.fromhex("2A8648CE3D0201")


def certificate_key_type(cert: bytes) -> str | None:
    """Return "rsa", "ec" or None, from the SubjectPublicKeyInfo algorithm."""
    try:
        fields = tbs_fields(cert)
        skip = 1 if fields[0][0] == 0xA0 else 0
        _, start, end = fields[skip + 5]  # subjectPublicKeyInfo
        _, start, end = next(der_children(cert, start, end))  # AlgorithmIdentifier
        _, start, end = next(der_children(cert, start, end))  # algorithm OID
    except (IndexError, StopIteration):
        return None
    return {OID_RSA_ENCRYPTION: "rsa", OID_EC_PUBLIC_KEY: "ec"}.get(cert[start:end])


def subject_cn_spans(cert: bytes) -> list:
    fields = tbs_fields(cert)
    skip = 1 if fields[0][0] == 0xA0 else 0  # optional [0] version
    _, start, end = fields[skip + 4]  # serial, signature, issuer, validity, subject
    spans = []
    for _, rdn_start, rdn_end in der_children(cert, start, end):
        for _, attr_start, attr_end in der_children(cert, rdn_start, rdn_end):
            (_, oid_s, oid_e), (_, val_s, val_e) = list(
                der_children(cert, attr_start, attr_end)
            )[:2]
            if cert[oid_s:oid_e] == OID_COMMON_NAME:
                spans.append((val_s, val_e))
    return spans


def san_dns_spans(cert: bytes) -> list:
    for tag, start, end in tbs_fields(cert):
        if tag != 0xA3:
            continue
        _, start, end = next(der_children(cert, start, end))  # Extensions
        for _, ext_start, ext_end in der_children(cert, start, end):
            parts = list(der_children(cert, ext_start, ext_end))
            if cert[parts[0][1] : parts[0][2]] != OID_SUBJECT_ALT_NAME:
                continue
            _, oct_start, oct_end = parts[-1]  # extnValue OCTET STRING
            _, gn_start, gn_end = next(der_children(cert, oct_start, oct_end))
            return [
                (s, e) for t, s, e in der_children(cert, gn_start, gn_end) if t == 0x82
            ]
    return []


HOSTILE_NO_NUL = HOSTILE_TEXT.replace(b"\x00", b"")
HOSTILE_NO_FF = HOSTILE_TEXT.replace(b"\xff", b"")  # valid UTF-8 (ESC, NUL, RLO)


def fit_text(size: int, variants: tuple) -> bytes:
    """The first variant that fits in size bytes (names like "localhost" are too
    short for all 10 hostile bytes), else the first one cut to size."""
    for text in variants:
        if len(text) <= size:
            return text
    return variants[0][:size]


def hostile_strings_cert(cert: bytes, cn_variants: tuple, san_variants: tuple) -> bytes:
    """cert with subject CN and SAN dNSNames overwritten in place (same lengths,
    so the DER stays well formed; the signature breaks, which is fine)."""
    out = bytearray(cert)
    patches = [(span, cn_variants) for span in subject_cn_spans(cert)]
    patches += [(span, san_variants) for span in san_dns_spans(cert)]
    for (start, end), variants in patches:
        text = fit_text(end - start, variants)
        out[start : start + len(text)] = text
    return bytes(out)


def deeply_nested_der(depth: int = 40000) -> bytes:
    """SEQUENCE in SEQUENCE ... around a NULL: a stack bomb for recursive ASN.1
    parsers, ~150 KiB so it stays below medtls's 256 KiB message limit."""
    core = b"\x05\x00"
    headers, length = [], len(core)
    for _ in range(depth):
        header = b"\x30" + der_length(length)
        headers.append(header)
        length += len(header)
    return b"".join(reversed(headers)) + core


def hostile_distinguished_name() -> bytes:
    """A well-formed Name whose CN is a UTF8String holding invalid UTF-8."""
    value = b"\xff\xfe\x1b[31m\x00EVIL\xc3\x28\xe2\x80\xae"
    attribute = der(0x30, der(0x06, OID_COMMON_NAME) + der(0x0C, value))
    return der(0x30, der(0x31, attribute))


def certificate_request(p: Params, overrun: bool) -> bytes:
    names = vec(hostile_distinguished_name(), 2)
    if overrun:  # a DN claiming 16 KiB with 12 bytes left in the list
        names += u16(0x4000) + b"\x30\x82\x3f\xfc" + rand(8)
    body = vec(bytes([1, 64]), 1)  # rsa_sign, ecdsa_sign
    if p.version >= TLS12:
        body += vec(u16(0x0401) + u16(0x0403) + u16(0x0804), 2)
    return handshake(HS_CERTIFICATE_REQUEST, body + vec(names, 2))


def garbage_server_key_exchange(p: Params) -> bytes:
    if p.key_exchange == "dhe":
        params = u16(0xFFFF) + rand(8)  # dh_p claims 64 KiB, 8 bytes follow
    else:
        params = u8(3) + u16(GROUP_SECP256R1) + u8(0xFF) + b"\x04" + rand(9)
    return handshake(
        HS_SERVER_KEY_EXCHANGE, params + u16(0x0401) + u16(0xFFFF) + rand(20)
    )


# --- tls mode handlers --------------------------------------------------------------


def m_silent(conn: Conn) -> None:
    conn.linger()


def m_close(conn: Conn) -> None:
    conn.hello()
    conn.close()


def m_reset(conn: Conn) -> None:
    conn.reset()


def m_garbage(conn: Conn) -> None:
    conn.hello()
    conn.send(rand(4096))
    conn.close()


def m_http(conn: Conn) -> None:
    conn.hello()
    body = (
        b"<html><body><h1>400 Bad Request</h1>plain HTTP on this port</body></html>\n"
    )
    head = (
        b"HTTP/1.1 400 Bad Request\r\nServer: hostile_peer\r\n"
        b"Content-Type: text/html\r\nConnection: close\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    )
    conn.send(head + body)
    conn.close()


def m_sslv2(conn: Conn) -> None:
    conn.hello()
    cert = conn.server.leaf or rand(64)
    specs = bytes.fromhex("010080" "0700c0" "030080")  # RC4-MD5, 3DES, RC2
    body = u8(4) + u8(0) + u8(1) + u16(0x0002)  # SERVER-HELLO, no hit, X.509, SSL 2
    body += u16(len(cert)) + u16(len(specs)) + u16(16) + cert + specs + rand(16)
    conn.send(u16(0x8000 | len(body)) + body)
    conn.linger()


def m_valid_tls12(conn: Conn) -> None:
    serve_tls12(conn)


def send_one_byte_records(conn: Conn, data: bytes, p: Params) -> None:
    conn.send(
        b"".join(
            record(CT_HANDSHAKE, data[i : i + 1], p.version) for i in range(len(data))
        )
    )


def m_one_byte_records(conn: Conn) -> None:
    serve_tls12(conn, send=send_one_byte_records)


def with_prefix(prefix: Callable) -> Callable:
    """A send hook that puts prefix(p) in front of the normal records."""

    def send(conn: Conn, data: bytes, p: Params) -> None:
        conn.send(prefix(p) + records(CT_HANDSHAKE, data, p.version))

    return send


def m_zero_length_handshake_record(conn: Conn) -> None:
    serve_tls12(conn, send=with_prefix(lambda p: record(CT_HANDSHAKE, b"", p.version)))


def flood_after_hello(conn: Conn, unit: bytes, count: int = 4096) -> None:
    conn.hello()
    conn.flood(unit * count)


def m_zero_length_appdata_flood(conn: Conn) -> None:
    flood_after_hello(conn, record(CT_APPDATA, b""))


def m_ccs_flood(conn: Conn) -> None:
    flood_after_hello(conn, record(CT_CCS, b"\x01"))


def m_hello_request_flood(conn: Conn) -> None:
    flood_after_hello(conn, record(CT_HANDSHAKE, handshake(HS_HELLO_REQUEST, b"")))


def m_warning_alert_flood(conn: Conn) -> None:
    flood_after_hello(conn, alert(ALERT_WARNING, ALERT_UNRECOGNIZED_NAME))


def m_record_length_lie(conn: Conn) -> None:
    ch = conn.hello()
    p = forced12(ch, conn.server.key_type)
    conn.send(
        struct.pack("!BHH", CT_HANDSHAKE, p.version, 16384) + server_hello12(ch, p)[:10]
    )
    conn.linger()


def m_record_too_long(conn: Conn) -> None:
    ch = conn.hello()
    p = forced12(ch, conn.server.key_type)
    payload = (server_hello12(ch, p) + rand(65535))[:65535]
    conn.send(struct.pack("!BHH", CT_HANDSHAKE, p.version, 0xFFFF) + payload)
    conn.linger()


def m_handshake_length_lie(conn: Conn) -> None:
    ch = conn.hello()
    p = forced12(ch, conn.server.key_type)
    message = b"\x02\xff\xff\xff" + server_hello12(ch, p)[4:]
    conn.send(record(CT_HANDSHAKE, message, p.version))
    conn.linger()


def m_server_hello_truncated(conn: Conn) -> None:
    ch = conn.hello()
    p = forced12(ch, conn.server.key_type)
    session_id = (ch.session_id or rand(32)).ljust(32, b"\0")
    body = u16(p.version) + rand(32) + u8(32) + session_id[:16]  # cut mid-session_id
    conn.send(record(CT_HANDSHAKE, handshake(HS_SERVER_HELLO, body), p.version))
    conn.linger()


def overrun_extensions(ch: ClientHello, p: Params) -> dict:
    exts = default_extensions12(ch) or extension(EXT_RENEGOTIATION_INFO, b"\x00")
    return {"ext_block": u16(len(exts) + 64) + exts}


def m_server_hello_extensions_overrun(conn: Conn) -> None:
    serve_tls12(conn, hello=overrun_extensions)


def alert_then(conn: Conn, payload: bytes, then_close: bool) -> None:
    conn.hello()
    conn.send(payload)
    if then_close:
        conn.close()
    else:
        conn.linger()


def m_unknown_alert(conn: Conn) -> None:
    alert_then(conn, alert(ALERT_FATAL, 255), True)


def m_alert_invalid_level(conn: Conn) -> None:
    alert_then(conn, alert(7, ALERT_HANDSHAKE_FAILURE), True)


def m_alert_odd_length(conn: Conn) -> None:
    alert_then(conn, record(CT_ALERT, b"\x02\x28\x00"), True)


def m_warning_alert_then_silence(conn: Conn) -> None:
    alert_then(conn, alert(ALERT_WARNING, ALERT_UNRECOGNIZED_NAME), False)


def m_warning_alert_then_close(conn: Conn) -> None:
    alert_then(conn, alert(ALERT_WARNING, ALERT_UNRECOGNIZED_NAME), True)


def m_rst_after_server_hello(conn: Conn) -> None:
    ch = conn.hello()
    p = forced12(ch, conn.server.key_type)
    conn.send(record(CT_HANDSHAKE, server_hello12(ch, p), p.version))
    conn.pause(0.1)  # let the ServerHello arrive before the RST
    conn.reset()


def m_hrr_only(conn: Conn) -> None:
    # Loop: the client's second ClientHello (after our HRR) gets another HRR,
    # which a correct client must treat as fatal.
    while True:
        ch = conn.hello()
        if not ch.parsed:  # an alert or garbage: the client gave up
            conn.close()
            return
        if not ch.offers_tls13:
            conn.send(alert(ALERT_FATAL, ALERT_PROTOCOL_VERSION, record_version(ch)))
            conn.close()
            return
        hrr = server_hello13(ch, random=HRR_RANDOM, key_share=u16(hrr_group(ch)))
        conn.send(record(CT_HANDSHAKE, hrr))


def m_tls13_server_hello_unoffered(conn: Conn) -> None:
    ch = conn.hello()
    conn.send(record(CT_HANDSHAKE, server_hello13(ch)))
    conn.close()


def not_offered_suite(ch: ClientHello, p: Params) -> Params:
    return replace(p, suite=0x1234 if 0xC02F in ch.suites else 0xC02F)


def m_suite_not_offered(conn: Conn) -> None:
    serve_tls12(conn, adjust=not_offered_suite, force=True)


def m_compression_not_offered(conn: Conn) -> None:
    serve_tls12(conn, hello=lambda ch, p: {"compression": 0x40})


def unoffered_extensions(ch: ClientHello, p: Params) -> dict:
    extra = extension(EXT_TRUNCATED_HMAC) + extension(EXT_UNKNOWN, b"hostile")
    return {"extensions": default_extensions12(ch) + extra}


def m_extension_not_offered(conn: Conn) -> None:
    serve_tls12(conn, hello=unoffered_extensions)


def m_alpn_not_offered(conn: Conn) -> None:
    serve_tls12(
        conn,
        hello=lambda ch, p: {
            "extensions": default_extensions12(ch) + alpn_extension(EVIL_ALPN)
        },
    )


def non_utf8_alpn(ch: ClientHello, p: Params) -> dict:
    if EXT_ALPN not in ch.extensions:
        return {}
    return {"extensions": default_extensions12(ch) + alpn_extension(NON_UTF8_ALPN)}


def m_alpn_non_utf8(conn: Conn) -> None:
    serve_tls12(conn, hello=non_utf8_alpn)


def m_version_higher_than_offered(conn: Conn) -> None:
    serve_tls12(conn, adjust=lambda ch, p: replace(p, version=TLS12))


def mismatched_session_id(ch: ClientHello, p: Params) -> dict:
    if ch.session_id:
        return {"session_id": bytes(b ^ 0xFF for b in ch.session_id)}
    return {"session_id": rand(32)}


def m_session_id_mismatch(conn: Conn) -> None:
    serve_tls12(conn, hello=mismatched_session_id)


def send_hello_then_drip(conn: Conn, data: bytes, p: Params) -> None:
    split = first_message_length(data)
    conn.send(record(CT_HANDSHAKE, data[:split], p.version))
    conn.drip(records(CT_HANDSHAKE, data[split:], p.version))


def m_trickle_after_server_hello(conn: Conn) -> None:
    serve_tls12(conn, send=send_hello_then_drip)


def m_drip_everything(conn: Conn) -> None:
    serve_tls12(
        conn,
        send=lambda conn, data, p: conn.drip(records(CT_HANDSHAKE, data, p.version)),
    )


def send_hello_then_rst_mid_certificate(conn: Conn, data: bytes, p: Params) -> None:
    split = first_message_length(data)
    certificate = data[split : split + first_message_length(data[split:])]
    cert_records = records(CT_HANDSHAKE, certificate, p.version)
    conn.send(record(CT_HANDSHAKE, data[:split], p.version))
    conn.send(cert_records[: len(cert_records) // 2])
    conn.pause(0.1)
    conn.reset()


def m_rst_mid_certificate(conn: Conn) -> None:
    serve_tls12(conn, send=send_hello_then_rst_mid_certificate)


def m_endless_handshake_stream(conn: Conn) -> None:
    ch = conn.hello()
    p = forced12(ch, conn.server.key_type)
    conn.send(record(CT_HANDSHAKE, server_hello12(ch, p), p.version))
    # Certificate messages claiming 2^24-1 bytes, filled with copies of the leaf;
    # when one "completes" the next header starts, so no message ever ends usefully.
    entry = vec(conn.server.leaf or rand(512), 3)
    filler = entry * (MAX_FRAGMENT // len(entry) + 2)
    header = u8(HS_CERTIFICATE) + u24(0xFFFFFF) + u24(0xFFFFFF - 3)
    left = offset = 0
    while True:
        batch = bytearray()
        for _ in range(16):
            payload = bytearray()
            while len(payload) < MAX_FRAGMENT:
                if left == 0:
                    if len(payload) + len(header) > MAX_FRAGMENT:
                        break
                    payload += header
                    left = 0xFFFFFF - 3
                take = min(MAX_FRAGMENT - len(payload), left)
                payload += filler[offset : offset + take]
                offset, left = (offset + take) % len(entry), left - take
            batch += record(CT_HANDSHAKE, bytes(payload), p.version)
        conn.send(bytes(batch))


def m_application_data_before_hello(conn: Conn) -> None:
    serve_tls12(
        conn, send=with_prefix(lambda p: record(CT_APPDATA, rand(48), p.version))
    )


def insert_after_hello(message: Callable) -> Callable:
    def tweak(conn, ch, p, msgs):
        return msgs[:1] + [message(msgs)] + msgs[1:]

    return tweak


def m_unexpected_handshake_type(conn: Conn) -> None:
    serve_tls12(conn, tweak=insert_after_hello(lambda msgs: handshake(99, rand(24))))


def m_server_hello_done_with_body(conn: Conn) -> None:
    def tweak(conn, ch, p, msgs):
        return msgs[:-1] + [server_hello_done(b"\x00\x01\x02\x03")]

    serve_tls12(conn, tweak=tweak)


def m_record_type_unknown(conn: Conn) -> None:
    serve_tls12(
        conn, send=with_prefix(lambda p: record(0x63, b"hostile" + rand(9), p.version))
    )


def m_heartbeat_request(conn: Conn) -> None:
    # Heartbleed shape: payload_length 16 KiB, one byte of payload.
    beat = b"\x01" + u16(0x4000) + b"A" + rand(16)
    serve_tls12(conn, send=with_prefix(lambda p: record(CT_HEARTBEAT, beat, p.version)))


def send_with_interleaved_alert(conn: Conn, data: bytes, p: Params) -> None:
    conn.send(
        record(CT_HANDSHAKE, data[:20], p.version)
        + alert(ALERT_WARNING, ALERT_UNRECOGNIZED_NAME, p.version)
        + records(CT_HANDSHAKE, data[20:], p.version)
    )


def m_interleaved_alert_in_handshake(conn: Conn) -> None:
    serve_tls12(conn, send=send_with_interleaved_alert)


def m_session_id_overlong(conn: Conn) -> None:
    serve_tls12(conn, hello=lambda ch, p: {"session_id": rand(255)})


def m_server_hello_trailing_garbage(conn: Conn) -> None:
    def tweak(conn, ch, p, msgs):
        return [handshake(HS_SERVER_HELLO, msgs[0][4:] + rand(64))] + msgs[1:]

    serve_tls12(conn, tweak=tweak)


def m_duplicate_extension(conn: Conn) -> None:
    twice = extension(EXT_RENEGOTIATION_INFO, b"\x00") * 2
    twice += extension(EXT_EXTENDED_MASTER_SECRET) * 2
    serve_tls12(conn, hello=lambda ch, p: {"extensions": twice})


def m_double_server_hello(conn: Conn) -> None:
    serve_tls12(conn, tweak=insert_after_hello(lambda msgs: msgs[0]))


def m_certificate_before_server_hello(conn: Conn) -> None:
    serve_tls12(conn, tweak=lambda conn, ch, p, msgs: [msgs[1], msgs[0]] + msgs[2:])


def m_downgrade_sentinel(conn: Conn) -> None:
    serve_tls12(conn, hello=lambda ch, p: {"random": rand(24) + DOWNGRADE_TLS12})


def m_record_version_bogus(conn: Conn) -> None:
    serve_tls12(
        conn, send=lambda conn, data, p: conn.send(records(CT_HANDSHAKE, data, 0xFEFD))
    )


def m_partial_record_header(conn: Conn) -> None:
    conn.hello()
    conn.send(b"\x16\x03")
    conn.linger()


def m_tls13_encrypted_garbage(conn: Conn) -> None:
    ch = conn.hello()
    if not ch.offers_tls13:
        serve_tls12(conn, ch)
        return
    flight = record(CT_HANDSHAKE, server_hello13(ch)) + record(CT_CCS, b"\x01")
    flight += b"".join(record(CT_APPDATA, rand(size)) for size in (60, 1400, 300, 80))
    conn.send(flight)
    conn.linger()


def m_tls13_key_share_unoffered_group(conn: Conn) -> None:
    ch = conn.hello()
    if not ch.offers_tls13:
        serve_tls12(conn, ch)
        return
    offered = set(ch.groups) | set(ch.key_share_groups)
    candidates = (GROUP_SECP521R1, GROUP_SECP384R1, GROUP_X448, GROUP_SECP256R1, 0x0100)
    group = next((g for g in candidates if g not in offered), 0x7777)
    conn.send(
        record(CT_HANDSHAKE, server_hello13(ch, key_share=key_share_entry(group)))
    )
    conn.close()


def m_supported_versions_bogus(conn: Conn) -> None:
    ch = conn.hello()
    conn.send(record(CT_HANDSHAKE, server_hello13(ch, version=0x0305)))
    conn.close()


# --- certificate mode handlers ------------------------------------------------------


def serve_certificate(
    conn: Conn, make_message: Callable, before_done: Callable | None = None
):
    """Valid TLS 1.2 flight whose Certificate message is make_message(chain);
    before_done(p) adds a message in front of ServerHelloDone."""

    def tweak(conn, ch, p, msgs):
        msgs[1] = make_message(conn.server.chain)
        if before_done:
            msgs.insert(len(msgs) - 1, before_done(p))
        return msgs

    serve_tls12(conn, tweak=tweak)


def certificate_of(make_entries: Callable) -> Callable:
    """A handler whose Certificate message lists make_entries(chain)."""

    def handler(conn: Conn) -> None:
        serve_certificate(conn, lambda chain: certificate_message(make_entries(chain)))

    return handler


# Entry makers for certificate_of: chain (list of DER, leaf first) -> entries.


def garbage_entries(chain: list) -> list:
    return [rand(700), rand(17), b"\x30\x82\xff\xff" + rand(300)]


def truncated_leaf(chain: list) -> list:
    return [chain[0][: len(chain[0]) // 2]]


def empty_entry_first(chain: list) -> list:
    return [b""] + chain


def no_entries(chain: list) -> list:
    return []


def long_chain(chain: list) -> list:
    copies = (240 * 1024 - 3) // (len(chain[0]) + 3)
    return [chain[0]] * copies


def thousand_leaves(chain: list) -> list:
    return [chain[0]] * 1000


def one_mib_entry(chain: list) -> list:
    size = 1024 * 1024
    return [b"\x30\x83" + u24(size - 5) + rand(size - 5)]  # a DER-looking SEQUENCE


def hostile_strings_chain(chain: list) -> list:
    # Every hostile byte in both names where they fit; with a short CN it keeps
    # the 0xFF (invalid UTF-8: OpenSSL then refuses to decode the whole leaf).
    leaf = hostile_strings_cert(
        chain[0],
        (HOSTILE_TEXT, HOSTILE_NO_NUL, HOSTILE_NO_FF),
        (HOSTILE_TEXT, HOSTILE_NO_FF, HOSTILE_NO_NUL),
    )
    return [leaf] + chain[1:]


def loadable_hostile_strings_chain(chain: list) -> list:
    # CN stays valid UTF-8 (ESC[31m, NUL, RLO) and the 0xFF goes only into the
    # IA5String dNSName, which OpenSSL decodes without checking: the leaf loads,
    # so whatever displays names gets the hostile bytes.
    leaf = hostile_strings_cert(
        chain[0], (HOSTILE_NO_FF,), (HOSTILE_TEXT, HOSTILE_NO_NUL)
    )
    return [leaf] + chain[1:]


def deep_nesting_entry(chain: list) -> list:
    return [deeply_nested_der()]


def indefinite_length_entry(chain: list) -> list:
    # BER indefinite lengths (forbidden in DER) and no end-of-contents octets.
    return [b"\x30\x80\x30\x80\x02\x01\x01" + b"\x30\x80" * 100 + rand(64)]


def length_overflow_entry(chain: list) -> list:
    # A 4 GiB length, then a 9-byte length field that overflows 64 bits.
    return [b"\x30\x84\xff\xff\xff\xf0\x30\x89" + b"\xff" * 9 + rand(16)]


def list_length_lie(chain: list) -> bytes:
    cert_list = b"".join(vec(entry, 3) for entry in chain)
    return handshake(HS_CERTIFICATE, u24(len(cert_list) + 4096) + cert_list)


def m_cert_list_length_lie(conn: Conn) -> None:
    serve_certificate(conn, list_length_lie)


def m_cert_request_garbage(conn: Conn) -> None:
    serve_certificate(conn, certificate_message, lambda p: certificate_request(p, True))


def m_cert_request_non_utf8(conn: Conn) -> None:
    serve_certificate(
        conn, certificate_message, lambda p: certificate_request(p, False)
    )


def m_ske_garbage(conn: Conn) -> None:
    def tweak(conn, ch, p, msgs):
        rest = msgs[3:] if len(msgs) == 4 else msgs[2:]  # drop the real SKE if any
        return msgs[:2] + [garbage_server_key_exchange(p)] + rest

    serve_tls12(conn, tweak=tweak)


# --- DICOM --------------------------------------------------------------------------

PDU_ASSOCIATE_RQ, PDU_ASSOCIATE_AC, PDU_ASSOCIATE_RJ = 0x01, 0x02, 0x03
PDU_P_DATA, PDU_RELEASE_RQ, PDU_RELEASE_RP, PDU_ABORT = 0x04, 0x05, 0x06, 0x07
APPLICATION_CONTEXT = b"1.2.840.10008.3.1.1.1"
VERIFICATION_SOP = b"1.2.840.10008.1.1"
EXPLICIT_LE, IMPLICIT_LE = b"1.2.840.10008.1.2.1", b"1.2.840.10008.1.2"
IMPLEMENTATION_UID = b"1.2.826.0.1.3680043.10.1234"
IMPLEMENTATION_NAME = b"HOSTILE_PEER"
HOSTILE_IMPLEMENTATION_UID = b"1.2.826.0.1.\x80\x81\x82\x83\x84\x85"
HOSTILE_IMPLEMENTATION_NAME = b"\xff\x1b[31m\x00EVIL"
MAX_PDU_LENGTH = 16384
C_ECHO_RQ, C_ECHO_RSP, NO_DATASET = 0x0030, 0x8030, 0x0101
PDV_COMMAND, PDV_LAST = 0x01, 0x02


def pdu(pdu_type: int, body: bytes) -> bytes:
    return struct.pack("!BBI", pdu_type, 0, len(body)) + body


def item(item_type: int, data: bytes) -> bytes:
    return struct.pack("!BBH", item_type, 0, len(data)) + data


def abort_pdu(source: int, reason: int) -> bytes:
    return pdu(PDU_ABORT, bytes([0, 0, source, reason]))


@dataclass
class AssociateRq:
    called_ae: bytes
    calling_ae: bytes
    contexts: list  # (pcid, abstract syntax, [transfer syntaxes])


def parse_presentation_context(data: bytes) -> tuple:
    reader = Reader(data)
    pcid = reader.uint(1)
    reader.take(3)
    abstract, syntaxes = b"", []
    while reader.left() >= 4:
        sub_type = reader.uint(1)
        reader.take(1)
        value = reader.vec(2).rstrip(b"\0 ")
        if sub_type == 0x30:
            abstract = value
        elif sub_type == 0x40:
            syntaxes.append(value)
    return pcid, abstract, syntaxes


def parse_associate_rq(body: bytes) -> AssociateRq:
    reader = Reader(body)
    reader.take(4)  # protocol version, reserved
    rq = AssociateRq(reader.take(16), reader.take(16), [])
    reader.take(32)
    while reader.left() >= 4:
        item_type = reader.uint(1)
        reader.take(1)
        data = reader.vec(2)
        if item_type == 0x20:
            rq.contexts.append(parse_presentation_context(data))
    return rq


def decide_contexts(rq: AssociateRq) -> list:
    """(pcid, result, transfer syntax) per proposed context, as a Verification SCP:
    accepted (0) with Explicit, else Implicit VR Little Endian; other abstract
    syntaxes rejected (3); no usable transfer syntax rejected (4)."""
    decided = []
    for pcid, abstract, syntaxes in rq.contexts:
        if abstract != VERIFICATION_SOP:
            decided.append((pcid, 3, IMPLICIT_LE))
            continue
        syntax = next((s for s in (EXPLICIT_LE, IMPLICIT_LE) if s in syntaxes), None)
        decided.append((pcid, 0, syntax) if syntax else (pcid, 4, IMPLICIT_LE))
    return decided


def accepted_pcid(rq: AssociateRq) -> int:
    accepted = [pcid for pcid, result, _ in decide_contexts(rq) if result == 0]
    proposed = [pcid for pcid, _, _ in rq.contexts]
    return (accepted or proposed or [1])[0]


def user_information(max_length: int, uid: bytes, name: bytes) -> bytes:
    return item(0x50, item(0x51, u32(max_length)) + item(0x52, uid) + item(0x55, name))


def associate_ac_body(rq: AssociateRq, contexts: list | None = None) -> bytes:
    """Everything of an A-ASSOCIATE-AC before the User Information item."""
    contexts = decide_contexts(rq) if contexts is None else contexts
    body = u16(1) + u16(0) + rq.called_ae + rq.calling_ae + bytes(32)
    body += item(0x10, APPLICATION_CONTEXT)
    for pcid, result, syntax in contexts:
        body += item(0x21, bytes([pcid, 0, result, 0]) + item(0x40, syntax))
    return body


def associate_ac(
    rq: AssociateRq,
    contexts: list | None = None,
    *,
    max_length: int = MAX_PDU_LENGTH,
    uid: bytes = IMPLEMENTATION_UID,
    name: bytes = IMPLEMENTATION_NAME,
) -> bytes:
    body = associate_ac_body(rq, contexts) + user_information(max_length, uid, name)
    return pdu(PDU_ASSOCIATE_AC, body)


def command_set(elements: list) -> bytes:
    """(element, value) pairs of group 0000 in implicit VR little endian, sorted,
    preceded by CommandGroupLength (0000,0000)."""
    body = b"".join(
        struct.pack("<HHI", 0, tag, len(v)) + v for tag, v in sorted(elements)
    )
    return struct.pack("<HHII", 0, 0, 4, len(body)) + body


def parse_command(data: bytes) -> dict:
    reader, elements = Reader(data), {}
    while reader.left() >= 8:
        group, element, length = struct.unpack("<HHI", reader.take(8))
        value = reader.take(length)
        if group == 0:
            elements[element] = value
    return elements


def us_value(elements: dict, tag: int) -> int:
    return struct.unpack("<H", elements.get(tag, b"\0\0")[:2].ljust(2, b"\0"))[0]


def c_echo_rsp(message_id: int, status: int = 0x0000) -> bytes:
    uid = VERIFICATION_SOP + b"\0" * (len(VERIFICATION_SOP) % 2)  # even length
    return command_set(
        [
            (0x0002, uid),
            (0x0100, struct.pack("<H", C_ECHO_RSP)),
            (0x0120, struct.pack("<H", message_id)),
            (0x0800, struct.pack("<H", NO_DATASET)),
            (0x0900, struct.pack("<H", status)),
        ]
    )


def p_data(pcid: int, fragment: bytes, control: int) -> bytes:
    return pdu(PDU_P_DATA, u32(len(fragment) + 2) + bytes([pcid, control]) + fragment)


def pdv_items(body: bytes):
    reader = Reader(body)
    while reader.left() >= 6:
        data = reader.vec(4)
        yield data[0], data[1], data[2:]


def garbage_command() -> bytes:
    # Group length claiming 4 GiB, then a CommandField whose length lies too.
    return (
        struct.pack("<HHII", 0, 0, 4, 0xFFFFFFF0)
        + struct.pack("<HHI", 0, 0x0100, 0xFFFFFF00)
        + rand(40)
    )


class PlainStream:
    """DICOM straight over TCP."""

    def __init__(self, conn: Conn):
        self.conn = conn

    def read_some(self) -> bytes:
        return self.conn.recv_wait()

    def write(self, data: bytes) -> None:
        self.conn.send(data)

    def close(self) -> None:
        self.conn.close()


class TlsStream:
    """A real TLS server (Python's ssl) on memory BIOs, so we decide how and when
    every byte goes out (dicom_handshake_drip paces the handshake)."""

    def __init__(self, conn: Conn, context: ssl.SSLContext, preread: bytes, pace=None):
        self.conn = conn
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_side=True)
        self.pace = pace  # seconds per byte, or None
        self.incoming.write(preread)

    def flush(self) -> None:
        data = self.outgoing.read()
        if data and self.pace:
            self.conn.drip(data, self.pace)
        elif data:
            self.conn.send(data)

    def fill(self) -> bool:
        data = self.conn.recv_wait()
        if not data:
            self.incoming.write_eof()
            return False
        self.incoming.write(data)
        return True

    def handshake(self) -> None:
        while True:
            try:
                self.tls.do_handshake()
                self.flush()  # TLS 1.3 session tickets
                return
            except ssl.SSLWantReadError:
                self.flush()
                if not self.fill():
                    raise PeerGone("closed during the TLS handshake") from None
            except ssl.SSLError:
                self.flush()  # our fatal alert, if OpenSSL wrote one
                raise

    def read_some(self) -> bytes:
        while True:
            try:
                return self.tls.read(65536)
            except ssl.SSLWantReadError:
                self.flush()
                if not self.fill():
                    return b""
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return b""

    def write(self, data: bytes) -> None:
        self.tls.write(data)
        self.flush()

    def close(self) -> None:
        try:
            self.tls.unwrap()  # queue close_notify
        except ssl.SSLError:
            pass
        try:
            self.flush()
        except (PeerGone, TimeUp):
            pass
        self.conn.close()


class DicomSession:
    """PDU-level reading and writing over a PlainStream or TlsStream."""

    def __init__(self, stream):
        self.stream = stream
        self.conn = stream.conn
        self.buffer = bytearray()

    def read_exact(self, size: int):
        while len(self.buffer) < size:
            data = self.stream.read_some()
            if not data:
                return None
            self.buffer += data
        out = bytes(self.buffer[:size])
        del self.buffer[:size]
        return out

    def read_pdu(self):
        """(type, body), or None when the client closed.  The body of an unknown
        or oversized PDU (a TLS ClientHello, say) is left unread: (type, None)."""
        header = self.read_exact(6)
        if header is None:
            return None
        pdu_type, _, length = struct.unpack("!BBI", header)
        if not PDU_ASSOCIATE_RQ <= pdu_type <= PDU_ABORT or length > MAX_IN_PDU:
            return pdu_type, None
        body = self.read_exact(length)
        return None if body is None else (pdu_type, body)

    def abort(self, reason: int) -> None:
        """A-ABORT from the service provider (source 2), then close."""
        self.send(abort_pdu(2, reason))
        self.close()

    def send(self, data: bytes) -> None:
        self.stream.write(data)

    def linger(self) -> None:
        while self.stream.read_some():
            pass

    def close(self) -> None:
        self.stream.close()


def answer_command(
    sess: DicomSession, pcid: int, command: bytes, echo: Callable
) -> bool:
    elements = parse_command(command)
    if us_value(elements, 0x0100) == C_ECHO_RQ:
        sess.send(echo(pcid, elements))
        return True
    sess.abort(0)  # a Verification SCP knows nothing else
    return False


def echo_ok(pcid: int, elements: dict) -> bytes:
    return p_data(pcid, c_echo_rsp(us_value(elements, 0x0110)), PDV_COMMAND | PDV_LAST)


def verification_loop(
    sess: DicomSession, echo: Callable = echo_ok, release: bool = True
):
    """Serve C-ECHO and A-RELEASE like a minimal Verification SCP until the client
    leaves; echo(pcid, command elements) builds the answer to a C-ECHO-RQ."""
    command = bytearray()
    while True:
        got = sess.read_pdu()
        if got is None:
            return
        pdu_type, body = got
        if body is None:
            sess.abort(1)
            return
        if pdu_type == PDU_P_DATA:
            for pcid, control, fragment in pdv_items(body):
                if not control & PDV_COMMAND:
                    continue  # data set fragments: C-ECHO has none
                command += fragment
                if control & PDV_LAST:
                    if not answer_command(sess, pcid, bytes(command), echo):
                        return
                    command.clear()
        elif pdu_type == PDU_RELEASE_RQ:
            if not release:
                sess.linger()
                return
            sess.send(pdu(PDU_RELEASE_RP, bytes(4)))
            sess.close()
            return
        elif pdu_type == PDU_ABORT:
            return
        else:
            sess.abort(2)  # unexpected PDU
            return


def serve_association(sess: DicomSession, body: Callable) -> None:
    got = sess.read_pdu()
    if got is None:
        return
    pdu_type, data = got
    if data is None:
        sess.abort(1)  # unrecognized PDU, e.g. a TLS ClientHello on the cleartext port
    elif pdu_type != PDU_ASSOCIATE_RQ:
        sess.abort(2)  # unexpected PDU
    else:
        body(sess, parse_associate_rq(data))


def tls_accept(conn: Conn, drip_if: Callable | None = None):
    """Real TLS handshake; None (connection closed) when it fails, e.g. for the
    cleartext A-ASSOCIATE-RQ medtls sends to the TLS port."""
    ch = read_client_hello(conn)
    if ch is None:
        return None
    pace = 1.0 if drip_if and ch.parsed and drip_if(ch) else None
    if pace:
        conn.log("DICOM-layer ClientHello: dripping the TLS handshake at 1 byte/s")
    stream = TlsStream(
        conn, conn.server.tls_context, ch.raw + conn.take_pending(), pace
    )
    try:
        stream.handshake()
    except ssl.SSLError as exc:
        conn.log(f"TLS handshake failed ({exc.reason or exc}); closing")
        conn.close()
        return None
    stream.pace = None
    return stream


def over_tls(body: Callable, drip_if: Callable | None = None) -> Callable:
    """A handler: TLS handshake, read the A-ASSOCIATE-RQ, then body(sess, rq)."""

    def handler(conn: Conn) -> None:
        stream = tls_accept(conn, drip_if)
        if stream:
            serve_association(DicomSession(stream), body)

    return handler


def over_tcp(body: Callable) -> Callable:
    def handler(conn: Conn) -> None:
        serve_association(DicomSession(PlainStream(conn)), body)

    return handler


def is_dicom_layer_hello(ch: ClientHello) -> bool:
    # medtls's raw probes never offer session_ticket; its DCMTK/OpenSSL layer
    # offers it together with ALPN "dicom".
    return EXT_SESSION_TICKET in ch.extensions and b"dicom" in ch.alpn


# --- dicom mode bodies (sess, rq) ---------------------------------------------------


def d_valid(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(associate_ac(rq))
    verification_loop(sess)


def d_ac_then_endless_pdata(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(associate_ac(rq))
    # Command fragments never marked "last": a naive reader buffers forever.
    chunk = p_data(accepted_pcid(rq), bytes(16000), PDV_COMMAND) * 4
    while True:
        sess.send(chunk)


def d_ac_then_drip_pdata(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(associate_ac(rq))
    fragment = p_data(accepted_pcid(rq), struct.pack("<HHI", 0, 0, 4), PDV_COMMAND)
    while True:
        sess.send(fragment)
        sess.conn.pause(0.5)


def d_silent_after_ac(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(associate_ac(rq))
    sess.linger()


def d_ac_length_lie(sess: DicomSession, rq: AssociateRq) -> None:
    ac = associate_ac(rq)
    sess.send(ac[:2] + b"\xff\xff\xff\xff" + ac[6:])
    sess.linger()


def d_ac_truncated_items(sess: DicomSession, rq: AssociateRq) -> None:
    body = associate_ac_body(rq, [])
    for pcid, result, syntax in decide_contexts(rq):
        sub = item(0x40, syntax)
        body += (
            bytes([0x21, 0])
            + u16(len(sub) + 4 + 200)
            + bytes([pcid, 0, result, 0])
            + sub
        )
    user = item(0x51, u32(MAX_PDU_LENGTH)) + item(0x52, IMPLEMENTATION_UID)
    body += bytes([0x50, 0]) + u16(0xFFFF) + user  # claims 64 KiB
    sess.send(pdu(PDU_ASSOCIATE_AC, body))
    sess.linger()


def d_ac_zero_length(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(pdu(PDU_ASSOCIATE_AC, b""))
    sess.linger()


def d_rj_odd(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(pdu(PDU_ASSOCIATE_RJ, bytes([0, 9, 9, 200])))  # result, source, reason
    sess.close()


def d_abort_odd(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(abort_pdu(7, 200))
    sess.close()


def d_unknown_pdu(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(pdu(0x42, b"HOSTILE-PEER" + rand(20)))
    sess.linger()


def d_ac_hostile_strings(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(
        associate_ac(
            rq, uid=HOSTILE_IMPLEMENTATION_UID, name=HOSTILE_IMPLEMENTATION_NAME
        )
    )
    verification_loop(sess)


def d_echo_rsp_garbage(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(associate_ac(rq))
    if sess.read_pdu() is None:
        return
    sess.send(p_data(accepted_pcid(rq), garbage_command(), PDV_COMMAND | PDV_LAST))
    sess.linger()


def d_release_never(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(associate_ac(rq))
    verification_loop(sess, release=False)


def d_ac_all_rejected(sess: DicomSession, rq: AssociateRq) -> None:
    rejected = [(pcid, 1, IMPLICIT_LE) for pcid, _, _ in rq.contexts]  # user-rejection
    sess.send(associate_ac(rq, rejected))
    verification_loop(sess)


def d_ac_wrong_context_id(sess: DicomSession, rq: AssociateRq) -> None:
    proposed = {pcid for pcid, _, _ in rq.contexts}
    unproposed = next(i for i in range(255, 0, -2) if i not in proposed)
    sess.send(associate_ac(rq, [(unproposed, 0, IMPLICIT_LE)]))
    verification_loop(sess)


def d_ac_tiny_max_pdu(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(associate_ac(rq, max_length=1))
    verification_loop(sess)


def d_echo_status_failure(sess: DicomSession, rq: AssociateRq) -> None:
    def echo(pcid: int, elements: dict) -> bytes:
        rsp = c_echo_rsp(
            us_value(elements, 0x0110), status=0x0110
        )  # processing failure
        return p_data(pcid, rsp, PDV_COMMAND | PDV_LAST)

    sess.send(associate_ac(rq))
    verification_loop(sess, echo=echo)


def d_pdv_length_lie(sess: DicomSession, rq: AssociateRq) -> None:
    sess.send(associate_ac(rq))
    if sess.read_pdu() is None:
        return
    pdv = (
        u32(0xFFFFFFF0)
        + bytes([accepted_pcid(rq), PDV_COMMAND | PDV_LAST])
        + c_echo_rsp(1)
    )
    sess.send(pdu(PDU_P_DATA, pdv))
    sess.linger()


# --- flaky modes --------------------------------------------------------------------


def m_dicom_handshake_drip(conn: Conn) -> None:
    over_tls(d_valid, drip_if=is_dicom_layer_hello)(conn)


def m_flaky_cycle(conn: Conn) -> None:
    cycle = (m_valid_tls12, m_reset, m_silent, m_garbage)
    cycle[(conn.number - 1) % 4](conn)


def m_flaky_alternate_versions(conn: Conn) -> None:
    if conn.number % 2 == 1:
        m_valid_tls12(conn)
        return
    ch = conn.hello()
    conn.send(alert(ALERT_FATAL, ALERT_HANDSHAKE_FAILURE, record_version(ch)))
    conn.close()


def m_flaky_first_ok_then_silent(conn: Conn) -> None:
    (m_valid_tls12 if conn.number <= 3 else m_silent)(conn)


def m_flaky_dicom_alternate(conn: Conn) -> None:
    if conn.number % 2 == 1:
        over_tls(d_valid)(conn)
        return
    stream = tls_accept(conn)
    if stream:
        stream.close()


# --- the mode table -----------------------------------------------------------------

TLS, CERTIFICATE, DICOM, FLAKY = "tls", "certificate", "dicom", "flaky"


@dataclass(frozen=True)
class Mode:
    name: str
    category: str
    needs_cert: bool  # --cert and --key must be given
    handler: Callable
    description: str


CERT, NOCERT = True, False
# One row per mode: name, category, needs --cert/--key, handler, then the description.
# fmt: off
MODES = [
    # tls: crafted bytes, no TLS stack
    Mode("silent", TLS, NOCERT, m_silent,
         "accept, read, never answer"),
    Mode("close", TLS, NOCERT, m_close,
         "read the ClientHello, close"),
    Mode("reset", TLS, NOCERT, m_reset,
         "RST (SO_LINGER 0) right after accept"),
    Mode("garbage", TLS, NOCERT, m_garbage,
         "4 KiB of random bytes after the ClientHello, close"),
    Mode("http", TLS, NOCERT, m_http,
         "an HTTP/1.1 400 response"),
    Mode("sslv2", TLS, NOCERT, m_sslv2,
         "an SSLv2 SERVER-HELLO (2-byte header, type 4)"),
    Mode("valid_tls12", TLS, CERT, m_valid_tls12,
         "plausible TLS 1.2 first flight (baseline)"),
    Mode("one_byte_records", TLS, CERT, m_one_byte_records,
         "valid_tls12 in 1-byte handshake records"),
    Mode("zero_length_handshake_record", TLS, CERT, m_zero_length_handshake_record,
         "an empty handshake record, then valid_tls12"),
    Mode("zero_length_appdata_flood", TLS, NOCERT, m_zero_length_appdata_flood,
         "endless empty application_data records"),
    Mode("ccs_flood", TLS, NOCERT, m_ccs_flood,
         "endless ChangeCipherSpec records, no ServerHello"),
    Mode("hello_request_flood", TLS, NOCERT, m_hello_request_flood,
         "endless HelloRequest messages"),
    Mode("warning_alert_flood", TLS, NOCERT, m_warning_alert_flood,
         "endless warning unrecognized_name alerts"),
    Mode("record_length_lie", TLS, NOCERT, m_record_length_lie,
         "record header claims 16384, 10 bytes follow, silence"),
    Mode("record_too_long", TLS, NOCERT, m_record_too_long,
         "a 65535-byte handshake record (limit 16384)"),
    Mode("handshake_length_lie", TLS, NOCERT, m_handshake_length_lie,
         "ServerHello header claims 0xFFFFFF, real short body, silence"),
    Mode("server_hello_truncated", TLS, NOCERT, m_server_hello_truncated,
         "ServerHello body cut inside the session_id, silence"),
    Mode("server_hello_extensions_overrun", TLS, CERT,
         m_server_hello_extensions_overrun,
         "ServerHello extensions length 64 bytes beyond the message"),
    Mode("server_hello_trailing_garbage", TLS, CERT, m_server_hello_trailing_garbage,
         "64 random bytes after the ServerHello extensions"),
    Mode("session_id_overlong", TLS, CERT, m_session_id_overlong,
         "ServerHello session_id of 255 bytes (max 32)"),
    Mode("unknown_alert", TLS, NOCERT, m_unknown_alert,
         "fatal alert with description 255"),
    Mode("alert_invalid_level", TLS, NOCERT, m_alert_invalid_level,
         "alert level 7, description 40"),
    Mode("alert_odd_length", TLS, NOCERT, m_alert_odd_length,
         "a 3-byte alert record"),
    Mode("warning_alert_then_silence", TLS, NOCERT, m_warning_alert_then_silence,
         "warning unrecognized_name, then nothing"),
    Mode("warning_alert_then_close", TLS, NOCERT, m_warning_alert_then_close,
         "warning unrecognized_name, then close"),
    Mode("rst_after_server_hello", TLS, NOCERT, m_rst_after_server_hello,
         "valid ServerHello, then RST"),
    Mode("hrr_only", TLS, NOCERT, m_hrr_only,
         "HRR to every TLS 1.3 ClientHello, protocol_version alert to the rest"),
    Mode("tls13_server_hello_unoffered", TLS, NOCERT, m_tls13_server_hello_unoffered,
         "TLS 1.3 ServerHello to every ClientHello, then close"),
    Mode("tls13_encrypted_garbage", TLS, CERT, m_tls13_encrypted_garbage,
         "TLS 1.3 ServerHello, CCS, random 'encrypted' records (else valid_tls12)"),
    Mode("tls13_key_share_unoffered_group", TLS, CERT,
         m_tls13_key_share_unoffered_group,
         "TLS 1.3 ServerHello with a key share for a group not offered"),
    Mode("supported_versions_bogus", TLS, NOCERT, m_supported_versions_bogus,
         "ServerHello selecting version 0x0305 in supported_versions"),
    Mode("suite_not_offered", TLS, CERT, m_suite_not_offered,
         "TLS 1.2 ServerHello with a suite not in the client's list"),
    Mode("compression_not_offered", TLS, CERT, m_compression_not_offered,
         "ServerHello with compression method 0x40"),
    Mode("extension_not_offered", TLS, CERT, m_extension_not_offered,
         "ServerHello with truncated_hmac and unknown 0xFFAA extensions"),
    Mode("duplicate_extension", TLS, CERT, m_duplicate_extension,
         "ServerHello with renegotiation_info and extended_master_secret twice"),
    Mode("alpn_not_offered", TLS, CERT, m_alpn_not_offered,
         "ServerHello selects ALPN '\\xff\\xfe ESC[31mevil' whatever was offered"),
    Mode("alpn_non_utf8", TLS, CERT, m_alpn_non_utf8,
         "if ALPN offered, selects '\\xc3\\x28dicom\\x00' (bad UTF-8, NUL)"),
    Mode("version_higher_than_offered", TLS, CERT, m_version_higher_than_offered,
         "answers TLS 1.2 to clients offering less"),
    Mode("downgrade_sentinel", TLS, CERT, m_downgrade_sentinel,
         "valid_tls12 with the RFC 8446 DOWNGRD\\x01 sentinel in the random"),
    Mode("session_id_mismatch", TLS, CERT, m_session_id_mismatch,
         "ServerHello echoes a different session_id"),
    Mode("trickle_after_server_hello", TLS, CERT, m_trickle_after_server_hello,
         "valid ServerHello, then the rest at 1 byte/s"),
    Mode("drip_everything", TLS, CERT, m_drip_everything,
         "the whole valid_tls12 answer at 1 byte/s"),
    Mode("rst_mid_certificate", TLS, CERT, m_rst_mid_certificate,
         "ServerHello, half the Certificate records, RST"),
    Mode("endless_handshake_stream", TLS, CERT, m_endless_handshake_stream,
         "ServerHello, then endless Certificate messages claiming 16 MiB"),
    Mode("application_data_before_hello", TLS, CERT, m_application_data_before_hello,
         "application_data record, then valid_tls12"),
    Mode("record_type_unknown", TLS, CERT, m_record_type_unknown,
         "record of content type 0x63, then valid_tls12"),
    Mode("heartbeat_request", TLS, CERT, m_heartbeat_request,
         "Heartbleed-shaped heartbeat request, then valid_tls12"),
    Mode("interleaved_alert_in_handshake", TLS, CERT, m_interleaved_alert_in_handshake,
         "a warning alert splits the ServerHello across records"),
    Mode("record_version_bogus", TLS, CERT, m_record_version_bogus,
         "valid_tls12 in records with version 0xFEFD"),
    Mode("partial_record_header", TLS, NOCERT, m_partial_record_header,
         "2 bytes of a record header, silence"),
    Mode("unexpected_handshake_type", TLS, CERT, m_unexpected_handshake_type,
         "handshake message type 99 after the ServerHello"),
    Mode("double_server_hello", TLS, CERT, m_double_server_hello,
         "two ServerHellos in a row"),
    Mode("certificate_before_server_hello", TLS, CERT,
         m_certificate_before_server_hello,
         "Certificate first, then ServerHello"),
    Mode("server_hello_done_with_body", TLS, CERT, m_server_hello_done_with_body,
         "ServerHelloDone carrying 4 bytes"),
    # certificate: valid TLS 1.2 flight around a broken Certificate message
    Mode("cert_garbage_der", CERTIFICATE, CERT, certificate_of(garbage_entries),
         "entries of random bytes"),
    Mode("cert_truncated_der", CERTIFICATE, CERT, certificate_of(truncated_leaf),
         "the real leaf cut in half"),
    Mode("cert_empty_entry", CERTIFICATE, CERT, certificate_of(empty_entry_first),
         "a zero-length entry before the real chain"),
    Mode("cert_empty_list", CERTIFICATE, CERT, certificate_of(no_entries),
         "a Certificate message with no entries"),
    Mode("cert_list_length_lie", CERTIFICATE, CERT, m_cert_list_length_lie,
         "list length 4096 beyond the message"),
    Mode("cert_chain_long", CERTIFICATE, CERT, certificate_of(long_chain),
         "copies of the leaf filling 240 KiB"),
    Mode("cert_chain_1000", CERTIFICATE, CERT, certificate_of(thousand_leaves),
         "1000 copies of the leaf (over 256 KiB)"),
    Mode("cert_1mib", CERTIFICATE, CERT, certificate_of(one_mib_entry),
         "one 1 MiB DER-looking entry"),
    Mode("cert_hostile_strings", CERTIFICATE, CERT,
         certificate_of(hostile_strings_chain),
         "leaf with 0xFF, ESC[31m, NUL, RLO patched into CN and SAN dNSName"),
    Mode("cert_hostile_strings_loadable", CERTIFICATE, CERT,
         certificate_of(loadable_hostile_strings_chain),
         "like cert_hostile_strings but decodable by OpenSSL (0xFF only in SAN)"),
    Mode("cert_der_deep_nesting", CERTIFICATE, CERT, certificate_of(deep_nesting_entry),
         "one entry of 40000 nested SEQUENCEs"),
    Mode("cert_der_indefinite_length", CERTIFICATE, CERT,
         certificate_of(indefinite_length_entry),
         "BER indefinite lengths without end-of-contents"),
    Mode("cert_der_length_overflow", CERTIFICATE, CERT,
         certificate_of(length_overflow_entry),
         "DER lengths of 4 GiB and a 9-byte length field"),
    Mode("cert_request_garbage", CERTIFICATE, CERT, m_cert_request_garbage,
         "CertificateRequest: non-UTF-8 DN and an overrunning DN length"),
    Mode("cert_request_non_utf8", CERTIFICATE, CERT, m_cert_request_non_utf8,
         "CertificateRequest whose only DN has a non-UTF-8 UTF8String"),
    Mode("ske_garbage", CERTIFICATE, CERT, m_ske_garbage,
         "ServerKeyExchange with lying inner lengths"),
    # dicom: real TLS (Python's ssl) then crafted PDUs
    Mode("dicom_valid", DICOM, CERT, over_tls(d_valid),
         "minimal Verification SCP over TLS (baseline)"),
    Mode("dicom_ac_then_endless_pdata", DICOM, CERT, over_tls(d_ac_then_endless_pdata),
         "A-ASSOCIATE-AC, then endless unfinished command P-DATA-TF"),
    Mode("dicom_ac_then_drip_pdata", DICOM, CERT, over_tls(d_ac_then_drip_pdata),
         "A-ASSOCIATE-AC, then a small P-DATA-TF fragment every 0.5 s"),
    Mode("dicom_silent_after_ac", DICOM, CERT, over_tls(d_silent_after_ac),
         "A-ASSOCIATE-AC, then never answers"),
    Mode("dicom_handshake_drip", DICOM, CERT, m_dicom_handshake_drip,
         "TLS handshake at 1 byte/s if ticket ext + ALPN dicom, else dicom_valid"),
    Mode("dicom_ac_length_lie", DICOM, CERT, over_tls(d_ac_length_lie),
         "A-ASSOCIATE-AC header claims 0xFFFFFFFF, real body"),
    Mode("dicom_ac_truncated_items", DICOM, CERT, over_tls(d_ac_truncated_items),
         "A-ASSOCIATE-AC whose item lengths overrun the PDU"),
    Mode("dicom_ac_zero_length", DICOM, CERT, over_tls(d_ac_zero_length),
         "PDU type 02 with length 0"),
    Mode("dicom_rj_odd", DICOM, CERT, over_tls(d_rj_odd),
         "A-ASSOCIATE-RJ result 9, source 9, reason 200"),
    Mode("dicom_abort_odd", DICOM, CERT, over_tls(d_abort_odd),
         "A-ABORT source 7, reason 200"),
    Mode("dicom_unknown_pdu", DICOM, CERT, over_tls(d_unknown_pdu),
         "PDU type 0x42"),
    Mode("dicom_ac_hostile_strings", DICOM, CERT, over_tls(d_ac_hostile_strings),
         "AC with hostile Implementation Version Name and Class UID, then dicom_valid"),
    Mode("dicom_echo_rsp_garbage", DICOM, CERT, over_tls(d_echo_rsp_garbage),
         "AC, then a P-DATA-TF whose command set is garbage"),
    Mode("dicom_pdv_length_lie", DICOM, CERT, over_tls(d_pdv_length_lie),
         "AC, then a C-ECHO-RSP PDV item claiming 4 GiB"),
    Mode("dicom_echo_status_failure", DICOM, CERT, over_tls(d_echo_status_failure),
         "C-ECHO-RSP with status 0x0110 (processing failure)"),
    Mode("dicom_ac_all_rejected", DICOM, CERT, over_tls(d_ac_all_rejected),
         "AC rejecting every presentation context"),
    Mode("dicom_ac_wrong_context_id", DICOM, CERT, over_tls(d_ac_wrong_context_id),
         "AC accepting a presentation context id never proposed"),
    Mode("dicom_ac_tiny_max_pdu", DICOM, CERT, over_tls(d_ac_tiny_max_pdu),
         "AC with maximum PDU length 1"),
    Mode("dicom_release_never", DICOM, CERT, over_tls(d_release_never),
         "valid until A-RELEASE-RQ, then silence"),
    Mode("dicom_plaintext_accept", DICOM, NOCERT, over_tcp(d_valid),
         "no TLS at all: a cleartext Verification SCP"),
    # flaky: behaviour by connection number (1, 2, 3, ...)
    Mode("flaky_cycle", FLAKY, CERT, m_flaky_cycle,
         "connection n: valid_tls12, reset, silent, garbage, repeating"),
    Mode("flaky_alternate_versions", FLAKY, CERT, m_flaky_alternate_versions,
         "odd connections valid_tls12, even ones a handshake_failure alert"),
    Mode("flaky_first_ok_then_silent", FLAKY, CERT, m_flaky_first_ok_then_silent,
         "first 3 connections valid_tls12, then silent"),
    Mode("flaky_dicom_alternate", FLAKY, CERT, m_flaky_dicom_alternate,
         "odd connections dicom_valid, even ones close after the TLS handshake"),
]
# fmt: on
MODES_BY_NAME = {mode.name: mode for mode in MODES}


# --- server -------------------------------------------------------------------------


class Server:
    def __init__(self, mode: Mode, chain: list, tls_context):
        self.mode = mode
        self.chain = chain
        self.tls_context = tls_context
        self.key_type = certificate_key_type(chain[0]) if chain else None
        self._count = 0
        self._lock = threading.Lock()

    @property
    def leaf(self) -> bytes:
        return self.chain[0] if self.chain else b""

    def next_number(self) -> int:
        with self._lock:
            self._count += 1
            return self._count


def run_connection(server: Server, sock: socket.socket, number: int) -> None:
    conn = Conn(sock, number, server)
    try:
        server.mode.handler(conn)
    except PeerGone as exc:
        conn.log(f"client went away: {exc}")
    except TimeUp as exc:
        conn.log(f"stopped: {exc}")
    except Exception as exc:  # noqa: BLE001 - a handler must never kill the server
        conn.log(f"{type(exc).__name__}: {exc}")
    finally:
        try:
            conn.close()
        except Exception:  # noqa: BLE001
            pass


def open_listener(host: str, port: int) -> socket.socket:
    host = host.strip("[]")
    family, socktype, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    listener = socket.socket(family, socktype, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(address)
    listener.listen(128)
    return listener


def serve_forever(listener: socket.socket, server: Server) -> None:
    listener.settimeout(0.2)  # so STOP is noticed promptly
    while not STOP.is_set():
        try:
            sock, _ = listener.accept()
        except TimeoutError:
            continue
        except OSError as exc:
            if not STOP.is_set():
                log(f"accept failed: {exc}")
            continue
        sock.setsockopt(
            socket.IPPROTO_TCP, socket.TCP_NODELAY, 1
        )  # drips leave at once
        number = server.next_number()
        thread = threading.Thread(
            target=run_connection, args=(server, sock, number), daemon=True
        )
        thread.start()


def write_ready_file(path: str, port: int) -> None:
    temp = f"{path}.tmp.{os.getpid()}"
    with open(temp, "w", encoding="ascii") as handle:
        handle.write(f"{port}\n")
    os.replace(temp, path)  # atomic: readers never see a half-written file


def make_tls_context(cert: str, key: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)  # no client certificate asked
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.maximum_version = ssl.TLSVersion.TLSv1_3
    context.load_cert_chain(cert, key)
    context.set_alpn_protocols(["dicom"])
    return context


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", help="behaviour, see --list")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--cert", help="PEM server certificate chain, leaf first")
    parser.add_argument("--key", help="PEM private key of the leaf")
    parser.add_argument("--ready-file", help="also write the port here (atomically)")
    parser.add_argument("--list", action="store_true", help="modes as TSV")
    parser.add_argument("--list-json", action="store_true", help="modes as JSON")
    args = parser.parse_args(argv)
    if not (args.list or args.list_json):
        if args.mode not in MODES_BY_NAME:
            parser.error(f"--mode must be one of: {', '.join(MODES_BY_NAME)}")
        if MODES_BY_NAME[args.mode].needs_cert and not (args.cert and args.key):
            parser.error(f"mode {args.mode} needs --cert and --key")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.list:
        for mode in MODES:
            print(f"{mode.name}\t{mode.category}\t{mode.description}")
        return 0
    if args.list_json:
        rows = [
            {
                "name": m.name,
                "category": m.category,
                "description": m.description,
                "needs_cert": m.needs_cert,
            }
            for m in MODES
        ]
        print(json.dumps(rows, indent=1))
        return 0
    try:
        chain = load_chain(args.cert) if args.cert else []
        tls_context = (
            make_tls_context(args.cert, args.key) if args.cert and args.key else None
        )
    except (OSError, ValueError, ssl.SSLError) as exc:
        log(f"cannot load --cert/--key: {exc}")
        return 2
    server = Server(MODES_BY_NAME[args.mode], chain, tls_context)
    try:
        listener = open_listener(args.host, args.port)
    except OSError as exc:
        log(f"cannot listen on {args.host}:{args.port}: {exc}")
        return 2
    port = listener.getsockname()[1]
    signal.signal(signal.SIGTERM, lambda *_: STOP.set())
    signal.signal(signal.SIGINT, lambda *_: STOP.set())
    sys.stdout.write(f"PORT {port}\n")
    sys.stdout.flush()
    if args.ready_file:
        write_ready_file(args.ready_file, port)
    serve_forever(listener, server)
    listener.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # connection threads may sit in blocking calls: don't wait for them


if __name__ == "__main__":
    sys.exit(main())
