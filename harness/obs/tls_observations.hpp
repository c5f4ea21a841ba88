#pragma once
// Observations: plain facts of what was sent and what came back, with no judgement in them.
// Probes fill these; the evaluator judges them against a profile; the report saves them so that
// a scan can be re-judged later without touching the device again.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/enum_names.hpp"
#include "common/tls_version.hpp"
#include "obs/certificate_observations.hpp"
#include "obs/step_observations.hpp"

namespace medtls::obs {

struct Alert {
  std::uint8_t level = 0;        // 1 warning, 2 fatal
  std::uint8_t description = 0;  // RFC 8446 §6 AlertDescription
};

// How one connection carrying one ClientHello ended.
MEDTLS_ENUM(Outcome,
            server_hello,         // a ServerHello arrived (the rest of the first flight may follow)
            hello_retry_request,  // TLS 1.3 HelloRetryRequest
            // A ServerHello or HelloRetryRequest that picked something the ClientHello did not
            // offer (version, suite, compression, group, ALPN, extension) or broke a rule of its
            // own; the client must abort (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3). Neither
            // acceptance nor refusal.
            protocol_violation,
            alert,           // a fatal alert (or close_notify) and no ServerHello
            closed,          // TCP FIN before any ServerHello or alert
            reset,           // TCP RST
            timeout,         // nothing (or not enough) within the timeout
            malformed,       // bytes that are not TLS, or a broken record/handshake
            connect_failed,  // TCP connect refused, unreachable, or timed out
            not_sent)        // the connection budget was exhausted; nothing was sent

// Whether a protocol version is accepted (the report contract's tls.versions values).
MEDTLS_ENUM(VersionStatus, accepted, rejected, inconclusive)
// A full OpenSSL handshake at a version: completed (our side verified the server's Finished).
MEDTLS_ENUM(HandshakeStatus, completed, failed, not_tried)
// Whose preference picks the suite: the server's, the client's, only one suite accepted, none.
MEDTLS_ENUM(SuiteOrder, server, client, single, none, unknown)
// Whether a TLS <= 1.2 first flight carried a CertificateRequest.
MEDTLS_ENUM(RequestSeen, requested, not_requested, unknown)

// What a ClientHello carries. The builder (tls/wire) turns this into bytes; the same struct is
// recorded as the evidence of what was offered.
struct ClientHelloSpec {
  std::uint16_t record_version = 0x0301;          // record layer version of the ClientHello record
  std::uint16_t legacy_version = 0x0303;          // ClientHello.client_version
  std::vector<std::uint16_t> supported_versions;  // empty: extension not sent
  std::vector<std::uint16_t> suites;
  std::vector<std::uint8_t> compression = {0};
  std::vector<std::uint16_t> groups;      // supported_groups; empty: not sent
  std::vector<std::uint16_t> key_shares;  // groups to send a key_share entry for (TLS 1.3);
                                          // sent (possibly empty) when supported_versions has 1.3
  std::vector<std::uint16_t> signature_algorithms;  // empty: not sent
  std::vector<std::string> alpn;                    // empty: not sent
  std::string sni;                                  // empty: not sent
  bool ec_point_formats = true;
  bool extended_master_secret = true;
  bool renegotiation_info = true;
  bool encrypt_then_mac = false;
  bool truncated_hmac = false;
  bool session_ticket = false;
  bool status_request = false;  // OCSP stapling request
};

// The server's first flight, as parsed (tls/wire). Only the parts a probe needs.
struct ServerReply {
  Outcome outcome = Outcome::timeout;
  std::string error;           // why: socket error text, parse error, "read timed out after …"
  std::optional<Alert> alert;  // the first alert received (before or after a ServerHello)
  std::size_t bytes_received = 0;  // bytes the server sent on this connection (as far as read)
  // A ServerHello arrived but the rest of the first flight did not: how the stream ended
  // (timeout, closed, reset). nullopt when the flight was complete or there was no ServerHello.
  std::optional<Outcome> cut_short;
  // Outcome protocol_violation: what the ServerHello did that the ClientHello did not allow,
  // one sentence each with its RFC clause.
  std::vector<std::string> violations;
  std::uint16_t record_version = 0;
  // ServerHello or HelloRetryRequest
  std::uint16_t legacy_version = 0;
  std::uint16_t version = 0;  // negotiated: supported_versions if present, else legacy_version
  std::uint16_t suite = 0;
  std::uint8_t compression = 0;
  std::vector<std::uint16_t> extensions;  // extension types in the ServerHello, in order
  std::optional<std::string> alpn;  // protocol the ServerHello selected (TLS <= 1.2), peer text
  std::optional<std::uint16_t> key_share_group;  // TLS 1.3: ServerHello share or HRR group
  std::string session_id_hex;                    // legacy_session_id(_echo), lower-case hex
  bool retry_request = false;                    // it was a HelloRetryRequest
  std::string server_hello_hex;                  // the ServerHello handshake message, raw
  // Rest of the TLS <= 1.2 first flight (plaintext); TLS 1.3 encrypts it.
  std::vector<std::vector<std::uint8_t>> certificates;  // DER, leaf first (not in the report)
  std::size_t certificate_count = 0;  // how many: what the report keeps of `certificates`
  bool server_key_exchange = false;
  std::optional<std::uint16_t> ske_named_group;       // (EC)DHE named curve
  int ske_dh_p_bits = 0;                              // DHE: size of p in bits
  std::string ske_dh_p_hex;                           // DHE: p itself (identifies ffdhe/RFC groups)
  std::optional<std::uint16_t> ske_signature_scheme;  // TLS 1.2 ServerKeyExchange signature
  // TLS 1.3 CertificateVerify signature, as OpenSSL reported it (handshake attempts only).
  std::optional<std::uint16_t> certificate_verify_scheme;
  bool certificate_status = false;  // a stapled OCSP response (CertificateStatus) was sent
  bool certificate_request = false;
  std::vector<std::uint8_t> cr_certificate_types;
  std::vector<std::uint16_t> cr_signature_schemes;
  std::vector<std::string> cr_ca_names;  // distinguished names, one-line text
  bool server_hello_done = false;
  // After an OpenSSL TLS 1.3 handshake: NewSessionTickets received, and the largest
  // max_early_data_size among them (RFC 8446 §4.6.1; > 0: the server would take 0-RTT data).
  int session_tickets = 0;
  std::uint32_t ticket_max_early_data = 0;

  bool has_extension(std::uint16_t type) const;
};

// One TCP connection: the ClientHello sent and what came back.
struct Attempt {
  int index = 0;
  std::string purpose;  // "version TLSv1.0", "suites TLSv1.2 round 3", "ALPN dicom" …
  ClientHelloSpec sent;
  ServerReply reply;
  double elapsed_ms = 0;
};

// A derived fact with the attempts behind it. Values per fact are listed in kFactValues
// (tls_observations.cpp); "unknown" whenever the wire could not show it.
struct Fact {
  std::string value = "unknown";
  std::string detail;
  std::vector<int> attempts;
};

struct VersionResult {
  VersionStatus status = VersionStatus::inconclusive;
  std::optional<std::uint8_t> alert;  // alert a rejected version got
  std::string detail;                 // what was seen; the attempts are named in `attempts`
  std::vector<int> attempts;
  // A full OpenSSL handshake at this version: completed (our side verified the server's
  // Finished), failed, or not_tried. TLS 1.3 counts as accepted only once one completed: a
  // ServerHello alone can be sent by a peer that cannot finish the handshake.
  HandshakeStatus handshake = HandshakeStatus::not_tried;
  int handshake_attempt = -1;
};

struct SuiteResult {
  std::vector<std::uint16_t> accepted;  // in the server's preference order when it has one
  SuiteOrder order = SuiteOrder::unknown;
  bool complete = false;  // false: budget or errors cut the enumeration short
  std::string detail;
  std::vector<int> attempts;
  // Key exchange seen when each accepted suite was chosen (group or DH size)
  std::map<std::uint16_t, std::string> kx;
};

struct GroupResult {
  std::vector<std::uint16_t> supported;  // in the order the server chose them
  bool complete = false;
  std::string method;  // how: "HelloRetryRequest", "ServerKeyExchange"
  std::string detail;
  std::vector<int> attempts;
};

struct DhGroupSeen {
  int bits = 0;
  std::string name;  // "ffdhe2048", "RFC 3526 MODP 2048" …, or "" if not a known group
  std::uint16_t suite = 0;
  int attempt = -1;
};

struct CertificateRequestSeen {
  RequestSeen status = RequestSeen::unknown;
  std::string version;  // version whose first flight showed it
  std::vector<std::string> ca_names;
  std::vector<std::uint16_t> signature_schemes;
  std::vector<std::uint8_t> certificate_types;
  std::string detail;
  std::vector<int> attempts;
};

struct TlsObservations {
  std::string host;
  std::uint16_t port = 0;
  std::string address;  // the IP actually connected to
  std::string sni;      // server_name sent in every ClientHello ("" when none)
  bool reachable = false;
  std::string unreachable_reason;

  std::map<TlsVersion, VersionResult> versions;
  std::map<TlsVersion, SuiteResult> suites;  // only for accepted versions
  std::map<TlsVersion, GroupResult> groups;
  std::vector<DhGroupSeen> dhe;
  CertificateRequestSeen certificate_request;
  std::map<std::string, Fact> facts;

  // Certificates (filled by the certificate and mutual-authentication probes).
  ServerCertificate certificate;
  ClientAuthObservations client_auth;

  std::vector<Attempt> attempts;
  int connections = 0;  // TCP connections opened (connect attempts)
  bool budget_exhausted = false;
  std::string stopped_early;  // why probing stopped before the end ("" when it ran through)
  // A step that failed inside medtls (a defect, never the peer's doing): "step: what". What
  // that step would have observed stays undecided.
  std::vector<std::string> internal_errors;
  std::vector<StepRecord> steps;  // what became of each TLS step (report: targets[i].steps)
  std::string started, finished;  // UTC, ISO 8601
};

// The facts the prober derives, with their possible values (for the profile loader).
const std::map<std::string, std::vector<std::string>>& fact_values();

}  // namespace medtls::obs
