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
#include <map>
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

// The signature schemes B.13 permits (ECDSA, RSASSA-PKCS1-v1_5, RSASSA-PSS with SHA-256/384),
// for a priority string: GnuTLS's +SIGN-ALL also signs with SHA-1 when a client offers nothing
// else, which RFC 9155 §4 forbids.
inline constexpr const char* kGnutlsB13Signatures =
    "+SIGN-RSA-SHA256:+SIGN-RSA-SHA384:+SIGN-ECDSA-SHA256:+SIGN-ECDSA-SHA384:"
    "+SIGN-RSA-PSS-RSAE-SHA256:+SIGN-RSA-PSS-RSAE-SHA384:+SIGN-ECDSA-SECP256R1-SHA256:"
    "+SIGN-ECDSA-SECP384R1-SHA384";

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

// ---- DCMTK storescp (3.6.7), with TLS or plain ----------------------------------------------

// tests/support/strict_sni_server.py: OpenSSL (through Python's ssl module) refusing every
// ClientHello whose server_name is absent or not in `names` with a fatal unrecognized_name(112),
// as nginx's ssl_reject_handshake and HAProxy's strict-sni do.
class StrictSniServer : public Peer {
 public:
  StrictSniServer(const CertKey& credentials, std::vector<std::string> names);
};

struct StorescpOptions {
  std::uint16_t port = 0;  // 0: a free port
  // false: plain DICOM on a "plaintext port" (no --enable-tls); key, cert, ca, profile,
  // client_auth and dhparams_file are then ignored.
  bool tls = true;
  std::string key;   // PEM, unencrypted
  std::string cert;  // PEM
  std::string ca;    // --add-cert-file: trust anchors for client certificates
  // "+py" BCP 195 non-downgrading (TLS 1.2+, DCMTK's default), "+px" BCP 195, "+pz" BCP 195
  // extended, "+pa" AES (retired), "+pn" null (retired).
  std::string profile = "+py";
  // require: --require-peer-cert, request: --verify-peer-cert, none: --ignore-peer-cert.
  ClientAuth client_auth = ClientAuth::require;
  std::string dhparams_file;  // --dhparam
  std::string aetitle = "STORESCP";
  // storescp 3.6.7 has no option that checks the called AE title: it accepts any called AE
  // (verified). --refuse is the nearest thing: every association gets A-ASSOCIATE-RJ
  // permanent, service-user, no-reason-given.
  bool refuse_associations = false;
  std::vector<std::string> extra_args;
};

// `storescp [--enable-tls]`, writing received objects to output_dir(). Listens on 0.0.0.0.
// It announces DCMTK's Implementation Class UID 1.2.276.0.7230010.3.0.3.6.7, Version Name
// OFFIS_DCMTK_367 and max PDU 16384 (see --max-pdu in extra_args).
class Storescp : public Peer {
 public:
  explicit Storescp(StorescpOptions options);
  const StorescpOptions& options() const { return options_; }
  std::string output_dir() const;

 private:
  StorescpOptions options_;
};

// ---- Orthanc 1.10.1 (Debian package "orthanc") --------------------------------------------

// An entry of "DicomModalities": a calling AE title Orthanc knows.
struct OrthancModality {
  std::string name;  // the key in DicomModalities
  std::string aetitle;
  std::string host = "127.0.0.1";
  std::uint16_t port = 104;
};

struct OrthancOptions {
  std::uint16_t port = 0;           // DicomPort; 0: a free port
  std::uint16_t http_port = 0;      // HttpPort (RemoteAccessAllowed false); 0: a free port
  std::string aetitle = "ORTHANC";  // DicomAet
  bool tls = true;                  // DicomTlsEnabled
  std::string cert;                 // DicomTlsCertificate (PEM)
  std::string key;                  // DicomTlsPrivateKey (PEM)
  std::string ca;                   // DicomTlsTrustedCertificates (PEM)
  // DicomTlsRemoteCertificateRequired: true is DCMTK's --require-peer-cert, false its
  // --verify-peer-cert (verified: false accepts anonymous TLS, and still refuses an untrusted
  // client certificate in the handshake). Orthanc's TLS also accepts TLS 1.0/1.1
  // (TLS_RSA_WITH_AES_128_CBC_SHA), like DCMTK's non-ND BCP 195 profile.
  bool remote_certificate_required = true;
  bool check_called_aet = false;  // DicomCheckCalledAet
  // Unknown calling AE titles (not in `modalities`), as Orthanc 1.10.1 treats them (verified
  // with echoscu):
  //  - always_allow_echo true: the association is accepted and C-ECHO succeeds, whatever
  //    always_allow_store says.
  //  - always_allow_echo false, always_allow_store true (Orthanc's default): the association is
  //    accepted (Verification context included), but the C-ECHO-RQ is answered with an A-ABORT
  //    ("Rejected Echo request from remote DICOM modality" in the log). echoscu prints
  //    "Echo Failed: Peer aborted Association" and still exits with status 0.
  //  - both false: A-ASSOCIATE-RJ permanent, service-user, calling-AE-title-not-recognized.
  //    (DicomAlwaysAllowFind/Get/Move/FindWorklist are false by default and are left so.)
  // A called AE title other than `aetitle` with check_called_aet gives A-ASSOCIATE-RJ
  // permanent, service-user, called-AE-title-not-recognized; without it any is accepted.
  bool always_allow_echo = true;            // DicomAlwaysAllowEcho
  bool always_allow_store = true;           // DicomAlwaysAllowStore
  std::vector<OrthancModality> modalities;  // DicomModalities
  bool check_modality_host = false;         // DicomCheckModalityHost
  bool verbose = true;  // --verbose: log each incoming association (calling AET, IP)
  // A JSON object whose members are added to (or replace) the generated configuration, e.g.
  // R"({"DicomScpTimeout": 5})".
  std::string extra_config;
  std::vector<std::string> extra_args;
};

// `Orthanc <work_dir>/orthanc.json`: configuration, storage and index all live in work_dir(),
// no plugins. The constructor returns once both the DICOM and the HTTP port listen (about
// 0.1-4 s). Orthanc listens on 0.0.0.0 for DICOM. It announces DCMTK's Implementation Class
// UID 1.2.276.0.7230010.3.0.3.6.7, Version Name OFFIS_DCMTK_367 and max PDU 16384.
class Orthanc : public Peer {
 public:
  explicit Orthanc(OrthancOptions options);
  const OrthancOptions& options() const { return options_; }
  std::uint16_t http_port() const { return http_port_; }
  std::string config_path() const;

 private:
  OrthancOptions options_;
  std::uint16_t http_port_ = 0;
};

// ---- medtls_test_scp: a configurable DCMTK SCP (tests/support/scp/medtls_test_scp.cpp) -----

// What the SCP does once it has read the A-ASSOCIATE-RQ (after the TLS handshake, if any).
enum class ScpMode {
  normal,          // checks (AE titles, client certificate, identity), then AC; C-ECHO/C-STORE
  silent,          // never answers; holds the connection (silent_seconds) until the client closes
  garbage,         // answers with `garbage` bytes (not a PDU), then closes
  close_after_rq,  // closes the connection (TLS close_notify first) without answering
  abort_after_rq,  // answers with A-ABORT source 2 (service provider) reason 1, then closes
  drop_after_ac,   // A-ASSOCIATE-AC, then closes when the first P-DATA arrives, unanswered
  reject,          // A-ASSOCIATE-RJ with reject_result / reject_source / reject_reason
};

struct DicomTestScpOptions {
  std::uint16_t port = 0;                  // 0: a free port
  std::string bind_address = "127.0.0.1";  // "0.0.0.0" for every interface
  // TLS when both are set (DcmTLSTransportLayer as NET_ACCEPTOR); plain DICOM when both are
  // empty.
  std::string key;
  std::string cert;
  std::string ca;  // trust anchors for client certificates
  // none: no CertificateRequest; request: verify one if sent; require: fail without one.
  ClientAuth client_auth = ClientAuth::none;
  // DCMTK profile: "bcp195-nd" (default), "bcp195", "bcp195-ex", "aes", "null", "basic".
  std::string tls_profile = "bcp195-nd";
  std::string min_tls;  // "1.0" … "1.3" (SSL_CTX_set_min_proto_version); empty: the profile's
  std::string max_tls;
  std::string dhparams_file;
  // The TLS layer requests a certificate and lets any through (verify callback returns 1): a
  // node that leaves the decision to the application.
  bool accept_any_client_cert_at_tls = false;
  // A-ASSOCIATE-RJ (permanent, service-user, no-reason-given) unless the client sent a
  // certificate and SSL_get_verify_result is X509_V_OK. With accept_any_client_cert_at_tls:
  // a node that checks the certificate at the application layer, after a completed handshake.
  bool check_client_cert_at_association = false;
  std::string aetitle = "TESTSCP";
  bool check_called_aet = false;  // RJ permanent, service-user, called-AE-not-recognized (7)
  // If not empty, other calling AE titles get RJ permanent, service-user,
  // calling-AE-not-recognized (3).
  std::vector<std::string> allowed_calling_aets;
  // Announced in the A-ASSOCIATE-AC; empty: DCMTK's (1.2.276.0.7230010.3.0.3.6.7,
  // OFFIS_DCMTK_367).
  std::string implementation_class_uid;
  std::string implementation_version_name;  // at most 16 characters
  long max_pdu = 16384;                     // 4096..131072
  // User Identity (58H). Neither set: the item is ignored (and no 59H is sent). require_user:
  // type 1 or 2 with this username (and, with require_password, type 2 with this passcode).
  // require_jwt: type 5 with exactly this token. Otherwise RJ permanent, source 2 (service
  // provider, ACSE), reason 1 (no-reason-given).
  std::optional<std::string> require_user;
  std::optional<std::string> require_password;
  std::optional<std::string> require_jwt;
  // With a policy above: an association without a 58H item is accepted too (only an item that
  // is sent must satisfy the policy).
  bool identity_optional = false;
  // With a policy above, answer a positive-response request with a (zero-length) 59H item.
  bool send_identity_ac = true;
  ScpMode mode = ScpMode::normal;
  std::string garbage = "HTTP/1.1 400 Bad Request\r\n\r\n";
  int reject_result = 1;  // ScpMode::reject: 1 permanent, 2 transient
  int reject_source = 1;  // 1 service-user, 2 provider (ACSE), 3 provider (presentation)
  int reject_reason = 1;
  std::string out_dir;       // C-STORE objects are written here; empty: discarded
  int acse_timeout = 30;     // seconds to wait for the RQ
  int socket_timeout = 30;   // socket send/receive timeout (also bounds the TLS handshake)
  int dimse_timeout = 60;    // seconds to wait for a DIMSE message
  int silent_seconds = 120;  // how long ScpMode::silent holds a connection
  bool debug = false;        // DCMTK debug log in log()
  std::vector<std::string> extra_args;
};

// One line the SCP logged: its kind and key=value fields. Kinds:
//  "assoc"      an A-ASSOCIATE-RQ was read: peer, tls (version or "none"), suite, client_cert
//               (subject or "none"), client_cert_verify, calling, called,
//               their_implementation_class_uid, their_implementation_version_name,
//               their_max_pdu, identity ("none", "user", "user-password", "jwt", …),
//               identity_primary, identity_secondary, positive_response, and the answer:
//               answer=accept (identity_ac, implementation_class_uid, …, max_pdu) | reject
//               (result, source, reason, why) | silent | garbage | close | abort.
//  "connection" no RQ was read (e.g. a failed TLS handshake): peer, tls ("failed"), error,
//               client_cert_verify and alert when known.
//  "dimse"      a command was answered: command (C-ECHO-RQ, C-STORE-RQ), status.
//  "end"        how the association ended: release, peer-abort, dropped, error.
// Every line shares n, the connection number (1, 2, …).
struct ScpLogLine {
  std::string kind;
  std::map<std::string, std::string> fields;
  // The field's value, or "" when absent.
  std::string get(const std::string& key) const;
};

// `medtls_test_scp` (built by tests/CMakeLists.txt without sanitizers), serving one
// association per connection, one connection after another, until destroyed. Each line is
// written before the SCP answers, so it is in log() once the client has its answer.
class DicomTestScp : public Peer {
 public:
  explicit DicomTestScp(DicomTestScpOptions options);
  const DicomTestScpOptions& options() const { return options_; }
  // Every line of the kinds above, in order.
  std::vector<ScpLogLine> lines() const;
  // Only the "assoc" lines: one per A-ASSOCIATE-RQ received.
  std::vector<ScpLogLine> associations() const;
  // The path of the executable (the compile definition MEDTLS_TEST_SCP).
  static std::string executable();

 private:
  DicomTestScpOptions options_;
};

// ---- Oracles ------------------------------------------------------------------------------

// DCMTK's own clients (not medtls) as the independent truth about a DICOM peer.
struct EchoscuOptions {
  bool tls = true;
  // Client certificate (+tls key cert -pw); both empty with tls: anonymous TLS (+tla).
  std::string key;
  std::string cert;
  std::string ca;             // +cf: trust anchors for the server certificate
  bool verify_server = true;  // false: -ic (accept any server certificate)
  std::string profile;        // e.g. "+px"; empty: the tool's default (+py)
  std::string calling_ae = "ECHOSCU";
  std::string called_ae = "ANY-SCP";
  // -to/-ta/-td/-ts: connect, ACSE, DIMSE and socket timeouts in seconds.
  int network_timeout = 5;
  // The whole run is killed after this (a hang shows as timed_out).
  std::chrono::milliseconds timeout = std::chrono::seconds(30);
  // User Identity: echoscu 3.6.7 has no option for it, only storescu has (--user, --password,
  // --jwt, --pos-response); so these are for storescu() and echoscu() refuses them.
  std::string user;
  std::string password;
  std::string jwt;
  bool positive_response = false;
  std::vector<std::string> extra_args;
};

struct EchoscuResult {
  std::vector<std::string> command;
  int status = -1;  // exit status. NB: echoscu exits 0 even when the C-ECHO itself failed
  bool timed_out = false;
  std::string output;  // stderr and stdout of `-d`
  // "TLS CONNECTION DETAILS" as the client saw them.
  bool tls_established = false;
  std::string tls_protocol;     // "TLSv1.3"
  std::string tls_ciphersuite;  // "TLS_AES_256_GCM_SHA384"
  std::string server_subject;   // "/CN=localhost"
  bool accepted = false;        // "Association Accepted"
  bool rejected = false;        // "Association Rejected"
  // From the reject, as DCMTK words them: "Rejected Permanent", "Service User",
  // "Called AE Title Not Recognized" …
  std::string reject_result;
  std::string reject_source;
  std::string reject_reason;
  // From the A-ASSOCIATE-AC.
  std::string their_implementation_class_uid;
  std::string their_implementation_version_name;
  std::optional<long> their_max_pdu;
  bool identity_response = false;  // the AC carried a User Identity (59H) item
  // echoscu: "Received Echo Response (Success)"; storescu: a C-STORE-RSP with status 0000H.
  bool success = false;
  std::string failure;  // the first fatal ("F:") or error ("E:") line, without the prefix
};

// Runs `echoscu -d` against host:port and parses what it printed. Throws std::invalid_argument
// if user/password/jwt are set (use storescu()).
EchoscuResult echoscu(const std::string& host, std::uint16_t port,
                      const EchoscuOptions& options = {});

// Runs `storescu -d -R` with a small generated Secondary Capture object (SOP Instance UID
// 1.2.826.0.1.3680043.10.1234.1, no pixel data); storescu is the only DCMTK 3.6.7 client that
// sends User Identity. Same options and result as echoscu().
EchoscuResult storescu(const std::string& host, std::uint16_t port,
                       const EchoscuOptions& options = {});

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
