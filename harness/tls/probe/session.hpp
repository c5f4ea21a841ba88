#pragma once
// One probing session against one target: sends each ClientHello on its own TCP connection,
// records every attempt, and enforces the connection budget, the rate limit and the timeouts.
#include <memory>
#include <string>

#include "net/tcp_connection.hpp"
#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"
#include "tls/probe/options.hpp"

namespace medtls::probe {

class Session {
 public:
  Session(const ProbeOptions& options, const suites::Registry& registry, net::Address address,
          obs::TlsObservations& out);

  // Sends `spec` on a fresh connection and parses the first flight. Returns the recorded attempt.
  // When the session has stopped (budget, unreachable, silent target) nothing is sent and the
  // attempt's outcome is not_sent.
  const obs::Attempt& exchange(const std::string& purpose, const obs::ClientHelloSpec& spec);

  // exchange(), and when the answer is a refusal (is_refusal) the same hello once more: the
  // second answer is returned (a refusal is believed only when repeated). `repeated` tells
  // whether it was sent twice.
  const obs::Attempt& exchange_confirmed(const std::string& purpose,
                                         const obs::ClientHelloSpec& spec,
                                         bool* repeated = nullptr);

  // Opens one TCP connection for a full handshake through OpenSSL (certificate chain, client
  // certificates), under the same budget, rate limit and stop rules as exchange(). Records an
  // attempt with `purpose` (its reply left for the caller to fill through attempt()) and
  // returns its index; nullopt (with the attempt recorded as not_sent or connect_failed and
  // `why` set) when no connection was opened.
  std::optional<net::TcpConnection> connect_for_handshake(const std::string& purpose,
                                                          int& attempt_index, std::string& why);
  obs::Attempt& attempt(int index) { return out_.attempts.at(static_cast<std::size_t>(index)); }

  // Keeps the DER of a server chain once per version and kind of attempt (raw hello, OpenSSL
  // handshake): a later reply at the same version drops its copy (certificate_count stays).
  // A peer with a long chain would otherwise grow the observations by it on every connection.
  void drop_repeated_chain(obs::Attempt& attempt) const;

  // Counts the reply of a connection made through connect_for_handshake toward the stop rules
  // (unreachable, silent, stalling target).
  void note_reply(const obs::Attempt& attempt) { note_outcome(attempt.reply, attempt.elapsed_ms); }

  bool stopped() const { return !stop_reason_.empty(); }
  // Why the next connection would not be admitted ("" when it would): the stop reason, or the
  // deadline or budget it would run into.
  std::string cannot_connect() const;
  const std::string& stop_reason() const { return stop_reason_; }
  // True once any TLS reply (or alert, or close after connect) came from the target.
  bool heard_from_target() const { return heard_; }
  const suites::Registry& registry() const { return registry_; }
  // The probes' ClientHello for version v (hello_templates.hpp), with the session's SNI and,
  // for TLS 1.3, the key shares the server is known to want.
  obs::ClientHelloSpec hello(TlsVersion v) const;
  // A TLS 1.3 server answered a HelloRetryRequest for `group`: later TLS 1.3 hellos send a key
  // share for it alone, so that they get ServerHellos rather than more HelloRetryRequests.
  void use_tls13_key_share(std::uint16_t group) { tls13_key_shares_ = {group}; }
  const ProbeOptions& options() const { return options_; }
  const std::string& sni() const { return sni_; }
  obs::TlsObservations& observations() { return out_; }
  const obs::TlsObservations& observations() const { return out_; }

 private:
  void note_outcome(const obs::ServerReply& reply, double elapsed_ms = -1);
  std::string budget_text() const;
  // Budget and rate limit before a connection; false (stop_reason_ set) when none may be made.
  bool admit();

  const ProbeOptions& options_;
  const suites::Registry& registry_;
  net::Address address_;
  obs::TlsObservations& out_;
  std::shared_ptr<ConnectionBudget> budget_;  // the scan's, shared with the DICOM layer
  std::string sni_;
  std::vector<std::uint16_t> tls13_key_shares_;  // empty: the templates' default
  std::string stop_reason_;
  bool heard_ = false;
  int consecutive_silent_ = 0;
  net::Clock::time_point last_connect_{};
};

}  // namespace medtls::probe
