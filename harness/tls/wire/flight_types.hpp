#pragma once
// The wire codec's account of a server's first flight in answer to one ClientHello: how the
// stream ended and the plaintext handshake fields, as read. No judgement and no report format:
// tls/probe maps it onto obs::ServerReply (wire_mapping.hpp), and adds what only a probe knows
// (protocol violations against the hello sent, OpenSSL handshake results).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medtls::wire {

// How the flight ended, as far as the wire shows.
enum class FlightOutcome {
  server_hello,         // a ServerHello arrived (the rest of the first flight may follow)
  hello_retry_request,  // TLS 1.3 HelloRetryRequest
  alert,                // a fatal alert (or close_notify) and no ServerHello
  closed,               // TCP FIN before any ServerHello or alert
  reset,                // TCP RST
  timeout,              // nothing (or not enough) within the timeout
  malformed,            // bytes that are not TLS, or a broken record/handshake
  connect_failed,       // no TCP connection (passed in by the caller at finish())
};

struct AlertSeen {
  std::uint8_t level = 0;        // 1 warning, 2 fatal
  std::uint8_t description = 0;  // RFC 8446 §6 AlertDescription
};

// ServerHello or HelloRetryRequest.
struct ServerHelloInfo {
  std::uint16_t legacy_version = 0;
  std::uint16_t version = 0;  // negotiated: supported_versions if present, else legacy_version
  std::uint16_t suite = 0;
  std::uint8_t compression = 0;
  std::vector<std::uint16_t> extensions;         // types, in order
  std::optional<std::string> alpn;               // selected protocol, raw peer bytes
  std::optional<std::uint16_t> key_share_group;  // ServerHello share or HRR group
  std::vector<std::uint8_t> session_id;          // legacy_session_id(_echo)
  bool retry_request = false;                    // it was a HelloRetryRequest
  std::vector<std::uint8_t> message;             // the handshake message, header included

  bool has_extension(std::uint16_t type) const;
};

// TLS <= 1.2 ServerKeyExchange.
struct KeyExchangeInfo {
  bool present = false;
  std::optional<std::uint16_t> named_group;       // (EC)DHE named curve
  int dh_p_bits = 0;                              // DHE: size of p in bits
  std::vector<std::uint8_t> dh_p;                 // DHE: p without leading zero bytes
  std::optional<std::uint16_t> signature_scheme;  // TLS 1.2 signature
};

// TLS <= 1.2 CertificateRequest.
struct CertificateRequestInfo {
  bool present = false;
  std::vector<std::uint8_t> certificate_types;
  std::vector<std::uint16_t> signature_schemes;  // TLS 1.2 supported_signature_algorithms
  std::vector<std::string> ca_names;             // distinguished names, one-line text
};

struct ServerFlight {
  FlightOutcome outcome = FlightOutcome::timeout;
  std::string error;               // why: network note, parse error
  std::optional<AlertSeen> alert;  // the first alert (a later fatal one replaces a warning)
  std::size_t bytes_received = 0;  // bytes fed, as far as read
  // A ServerHello arrived but the rest of the first flight did not: how the stream ended
  // (timeout, closed, reset). nullopt when the flight was complete or there was no ServerHello.
  std::optional<FlightOutcome> cut_short;
  std::uint16_t record_version = 0;  // of the first record
  ServerHelloInfo server_hello;      // filled once a ServerHello or HelloRetryRequest was read
  // Rest of the TLS <= 1.2 first flight (plaintext); TLS 1.3 encrypts it.
  std::vector<std::vector<std::uint8_t>> certificates;  // DER, leaf first
  KeyExchangeInfo key_exchange;
  bool certificate_status = false;  // a stapled OCSP response (CertificateStatus)
  CertificateRequestInfo certificate_request;
  bool server_hello_done = false;
};

}  // namespace medtls::wire
