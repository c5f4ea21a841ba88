#pragma once
// Incremental parser of a server's first flight in answer to one ClientHello: record layer,
// handshake reassembly, and the plaintext messages a probe learns from, into a wire::ServerFlight
// (flight_types.hpp). It decides as early as the bytes allow (an alert, a HelloRetryRequest, a
// TLS 1.3 ServerHello, ServerHelloDone) so the prober can close the connection without waiting
// for a timeout.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tls/wire/flight_types.hpp"

namespace medtls::wire {

// Limits on what a peer may make us buffer (RFC 8446 §5.1/§5.2 record sizes; a generous cap on
// one handshake message, enough for long certificate chains).
inline constexpr std::size_t kMaxRecordLength = 16384 + 2048;
inline constexpr std::size_t kMaxHandshakeMessage = 262144;

class FlightParser {
 public:
  // kx_of(suite) returns the key-exchange family of a suite ("ECDHE", "DHE", "ECDHE_PSK",
  // "DHE_PSK", "RSA", …): needed to parse a TLS <= 1.2 ServerKeyExchange.
  explicit FlightParser(std::function<std::string(std::uint16_t)> kx_of);

  // Feed bytes as they arrive (any split). Returns true once the flight is complete enough to
  // decide: a fatal alert or close_notify; a HelloRetryRequest; a TLS 1.3 ServerHello;
  // ServerHelloDone (TLS <= 1.2), a ChangeCipherSpec after a TLS <= 1.2 ServerHello (an
  // abbreviated handshake: the rest is encrypted); or malformed input. Bytes fed after that are
  // ignored. A warning alert (e.g. unrecognized_name) is recorded but does not end the flight.
  // Malformed input before a ServerHello gives outcome malformed; after a ServerHello the
  // outcome stays server_hello (the server did accept) and `error` says what was wrong.
  bool feed(const std::uint8_t* data, std::size_t size);
  bool feed(const std::vector<std::uint8_t>& bytes) { return feed(bytes.data(), bytes.size()); }
  bool done() const { return done_; }

  // At EOF/reset/timeout/error (`network` says which; `error` is an extra note such as the OS
  // error, or ""). If nothing decisive was parsed the outcome becomes `network` — also after a
  // warning alert, which refuses nothing — and `error` notes any incomplete record; a
  // ServerHello already parsed keeps outcome server_hello with cut_short = `network`. No effect
  // once done().
  void finish(FlightOutcome network, const std::string& error);

  const ServerFlight& flight() const { return flight_; }

 private:
  void consume(const std::uint8_t*& data, std::size_t& size);
  void check_header() const;
  void handle_record();
  void handle_alert(const std::uint8_t* body, std::size_t size);
  void handle_handshake_bytes(const std::uint8_t* body, std::size_t size);
  void handle_message(std::uint8_t type, const std::uint8_t* message, std::size_t size);
  void fail(const std::string& what);
  // Counts a record that decides nothing; too many of them in a row is malformed input.
  void idle_record(const char* what);
  std::string stream_context() const;

  std::function<std::string(std::uint16_t)> kx_of_;
  ServerFlight flight_;
  bool done_ = false;
  bool seen_record_ = false;
  bool seen_server_hello_ = false;
  std::vector<std::uint8_t> record_;     // the record being assembled, header included
  std::vector<std::uint8_t> handshake_;  // handshake bytes not yet forming a whole message
  std::vector<std::uint8_t> head_;       // the first bytes of the stream, for error texts
  std::size_t received_ = 0;             // bytes fed so far
  std::size_t record_start_ = 0;         // stream offset of the record being assembled
  int idle_records_ = 0;                 // records skipped without progress
};

}  // namespace medtls::wire
