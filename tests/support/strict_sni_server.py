#!/usr/bin/python3
"""A TLS server with strict SNI, as nginx's ssl_reject_handshake or HAProxy's strict-sni do it:
a ClientHello whose server_name is absent or not one of NAMES is refused with a fatal
unrecognized_name(112) alert (RFC 6066 §3); a known name gets a full handshake. Python's ssl
module is OpenSSL: the alert and the handshake are OpenSSL's own.

    strict_sni_server.py PORT CERT KEY NAME...      (prints "listening" once bound)
"""
import socket
import ssl
import sys
import threading


def main():
    port, cert, key, names = int(sys.argv[1]), sys.argv[2], sys.argv[3], set(sys.argv[4:])
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)

    def check_name(_sock, name, _ctx):
        return None if name in names else ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME

    ctx.sni_callback = check_name
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(64)
    print("listening", flush=True)

    def serve(conn):
        conn.settimeout(10)
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
