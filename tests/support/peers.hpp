// Real TLS peers on loopback for integration tests, and oracles that state what a peer was
// configured with, computed by the peer's own tooling rather than by medtls.
//
// Each launcher's constructor returns only once the peer's own process holds a listening socket
// on its port (checked through /proc, so the peer sees no probe connection); otherwise it throws
// std::runtime_error carrying the peer's log. The peer is stopped, with its process group, when
// the object goes away, also during stack unwinding after a failed check.
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace medtls::testing {

// How a server treats client certificates. Every launcher also verifies a certificate the
// client sends (against its CA file) in `request` and `require` mode.
enum class ClientAuth {
  none,     // no CertificateRequest
  request,  // CertificateRequest; a client without a certificate is still accepted
  require,  // CertificateRequest; the handshake fails without a valid client certificate
};

struct CertKey {
  std::string cert;
  std::string key;
};

// The running process, its port, its log and a private working directory; shared by all
// launchers.
class Peer {
 public:
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return process_.pid(); }
  bool running() const { return process_.running(); }
  // The command line the peer was started with (for messages and reproduction by hand).
  const std::vector<std::string>& command() const { return command_; }
  // stdout and stderr of the peer.
  const std::string& log_path() const { return log_path_; }
  std::string log() const;
  // A directory owned by this peer, removed with it.
  const std::string& work_dir() const { return work_.path(); }
  // Stops the peer now (idempotent); returns its exit status as Process::stop does.
  std::optional<int> stop() { return process_.stop(); }

 protected:
  // Makes the working directory; the launcher's constructor then calls launch().
  explicit Peer(std::string name);

  // Builds the command line for a given port.
  using CommandFor = std::function<std::vector<std::string>(std::uint16_t port)>;
  // Starts the peer and waits up to 10 s for it to listen. `port` 0 means: pick a free port,
  // and retry on a new one (3 attempts in all) if the peer exits before listening, e.g. because
  // another process took the port in the meantime.
  void launch(std::uint16_t port, const CommandFor& command_for);

 private:
  std::string name_;
  TempDir work_;  // declared before process_: it holds the log the process writes to
  std::string log_path_;
  Process process_;
  std::vector<std::string> command_;
  std::uint16_t port_ = 0;
};

// ---- gnutls-serv (GnuTLS 3.7.9): the only Debian peer with Camellia-GCM and 3DES ------------

struct GnutlsServerOptions {
  std::uint16_t port = 0;            // 0: a free port
  std::string priority = "NORMAL";   // --priority
  std::vector<CertKey> credentials;  // --x509certfile/--x509keyfile per pair, e.g. RSA + ECDSA
  ClientAuth client_auth = ClientAuth::none;
  std::string ca_file;        // --x509cafile: trust anchors for client certificates
  std::string dhparams_file;  // --dhparams (for FFDHE/DHE suites)
  std::vector<std::string> extra_args;
};

// `gnutls-serv --echo`. It has no bind-address option and listens on 0.0.0.0 and [::].
class GnutlsServer : public Peer {
 public:
  explicit GnutlsServer(GnutlsServerOptions options);
  const GnutlsServerOptions& options() const { return options_; }

 private:
  GnutlsServerOptions options_;
};

// ---- openssl s_server (OpenSSL 3.0) -------------------------------------------------------

struct OpensslServerOptions {
  std::uint16_t port = 0;  // 0: a free port
  std::string cert;
  std::string key;
  std::optional<CertKey> second;  // -dcert/-dkey, e.g. an ECDSA pair beside an RSA one
  // -cipher (TLS <= 1.2), empty for OpenSSL's default. TLS 1.0 and 1.1 need "@SECLEVEL=0" in
  // this string on Debian's OpenSSL 3.0 (at level 1+ nothing is negotiated below TLS 1.2).
  std::string cipher;
  // -ciphersuites (TLS 1.3): std::nullopt for OpenSSL's default; "" disables all TLS 1.3 suites.
  std::optional<std::string> ciphersuites;
  std::string min_protocol;  // -min_protocol, e.g. "TLSv1", "TLSv1.2"; empty for the default
  std::string max_protocol;  // -max_protocol, e.g. "TLSv1.3"; empty for the default
  ClientAuth client_auth = ClientAuth::none;  // -verify 1 / -Verify 1, with -verify_return_error
  // Leaves out -verify_return_error: s_server logs a failed client-certificate check and carries
  // on, so any certificate (even unverifiable) is accepted; `require` still refuses none at all.
  bool accept_any_client_certificate = false;
  std::string ca_file;        // -CAfile
  std::string dhparams_file;  // -dhparam; OpenSSL's built-in group otherwise
  std::vector<std::string> extra_args;
};

// `openssl s_server -rev` bound to 127.0.0.1, serving connections one after another for ever.
class OpensslServer : public Peer {
 public:
  explicit OpensslServer(OpensslServerOptions options);
  const OpensslServerOptions& options() const { return options_; }

 private:
  OpensslServerOptions options_;
};

// ---- DCMTK storescp (3.6.7) with TLS ------------------------------------------------------

struct StorescpOptions {
  std::uint16_t port = 0;  // 0: a free port
  std::string key;         // PEM, unencrypted
  std::string cert;        // PEM
  std::string ca;          // --add-cert-file: trust anchors for client certificates
  // "+py" BCP 195 non-downgrading (TLS 1.2+, DCMTK's default), "+px" BCP 195, "+pz" BCP 195
  // extended, "+pa" AES (retired), "+pn" null (retired).
  std::string profile = "+py";
  // require: --require-peer-cert, request: --verify-peer-cert, none: --ignore-peer-cert.
  ClientAuth client_auth = ClientAuth::require;
  std::string dhparams_file;  // --dhparam
  std::string aetitle = "STORESCP";
  std::vector<std::string> extra_args;
};

// `storescp --enable-tls`, writing received objects to output_dir(). Listens on 0.0.0.0.
class Storescp : public Peer {
 public:
  explicit Storescp(StorescpOptions options);
  const StorescpOptions& options() const { return options_; }
  std::string output_dir() const;

 private:
  StorescpOptions options_;
};

// ---- Oracles ------------------------------------------------------------------------------

struct GnutlsSuites {
  std::vector<std::uint16_t> order;         // every code, in the order gnutls lists (prefers) them
  std::set<std::uint16_t> tls13;            // 0x13xx
  std::set<std::uint16_t> tls12_and_below;  // all other codes
};

// The suites of a GnuTLS priority string, from `gnutls-cli --list --priority P`. Throws
// std::runtime_error if gnutls-cli rejects the string.
GnutlsSuites gnutls_priority_suites(const std::string& priority);

// The suites OpenSSL would offer for a cipher string, TLS 1.3 ciphersuites ("" for none) and a
// protocol flag such as "-tls1_2" ("" for none), from
// `openssl ciphers -V -s <flag> -ciphersuites <ciphersuites> <cipher_string>`. Throws
// std::runtime_error if openssl rejects them (e.g. "no cipher match").
std::set<std::uint16_t> openssl_cipher_suites(const std::string& cipher_string,
                                              const std::string& ciphersuites,
                                              const std::string& protocol_flag);

}  // namespace medtls::testing
