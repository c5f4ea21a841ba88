#include "tls/probe/session.hpp"

#include <cerrno>

#include <algorithm>
#include <thread>

#include "common/text.hpp"
#include "tls/probe/hello_check.hpp"
#include "tls/probe/hello_templates.hpp"
#include "tls/probe/steps.hpp"
#include "tls/probe/wire_mapping.hpp"
#include "tls/wire/client_hello_parser.hpp"
#include "tls/wire/flight_parser.hpp"
#include "words/reply.hpp"

namespace medtls::probe {

namespace {
// After this many consecutive silent connections (timeouts) the target is treated as gone:
// a fragile device should not be hammered, and the scan must end within its timeouts.
constexpr int kMaxConsecutiveSilent = 3;

wire::FlightOutcome network_outcome(net::IoStatus status) {
  switch (status) {
    case net::IoStatus::closed:
      return wire::FlightOutcome::closed;
    case net::IoStatus::reset:
      return wire::FlightOutcome::reset;
    case net::IoStatus::timeout:
      return wire::FlightOutcome::timeout;
    default:
      return wire::FlightOutcome::reset;
  }
}
}  // namespace

Session::Session(const ProbeOptions& options, const suites::Registry& registry,
                 net::Address address, obs::TlsObservations& out)
    : options_(options),
      registry_(registry),
      address_(std::move(address)),
      out_(out),
      budget_(options.budget_or_own()),
      sni_(effective_sni(options)) {}

obs::ClientHelloSpec Session::hello(TlsVersion v) const {
  auto spec = base_hello(v, registry_, sni_);
  if (v == TlsVersion::TLSv1_3 && !tls13_key_shares_.empty()) spec.key_shares = tls13_key_shares_;
  return spec;
}

const obs::Attempt& Session::exchange(const std::string& purpose,
                                      const obs::ClientHelloSpec& spec) {
  obs::Attempt attempt;
  attempt.index = static_cast<int>(out_.attempts.size());
  attempt.purpose = purpose;
  attempt.sent = spec;
  auto& reply = attempt.reply;

  std::vector<std::uint8_t> hello;
  wire::OfferedHello offered;
  try {
    hello = build_client_hello(spec);
    offered = wire::read_offer(wire::parse_client_hello(hello));  // what the server may choose
  } catch (const std::exception& e) {
    reply.outcome = obs::Outcome::not_sent;
    reply.error = std::string("could not build the ClientHello: ") + e.what();
    out_.attempts.push_back(std::move(attempt));
    return out_.attempts.back();
  }

  if (!admit()) {
    reply.outcome = obs::Outcome::not_sent;
    reply.error = stop_reason_;
    out_.attempts.push_back(std::move(attempt));
    return out_.attempts.back();
  }

  const auto start = net::Clock::now();
  const auto timeout = options_.deadline.cap(options_.timeout);
  const auto deadline = start + timeout;

  wire::FlightParser parser([this](std::uint16_t suite) {
    const auto* s = registry_.find(suite);
    return s ? s->kx : std::string();
  });
  std::string error;
  int error_code = 0;
  auto conn = net::TcpConnection::open(address_, timeout, error, error_code);
  if (!conn && error_code == ECONNRESET) {
    // The TCP connection was established and the peer reset it at once: the target is there.
    parser.finish(wire::FlightOutcome::reset, "right after the connection was accepted");
  } else if (!conn) {
    parser.finish(wire::FlightOutcome::connect_failed, error);
  } else {
    auto st = conn->send_all(hello.data(), hello.size(), deadline, error);
    if (st != net::IoStatus::ok) {
      parser.finish(network_outcome(st), "while sending the ClientHello: " + error);
    } else {
      std::vector<std::uint8_t> buffer(16384);
      for (;;) {
        auto r = conn->read_some(buffer.data(), buffer.size(), deadline);
        if (r.status != net::IoStatus::ok) {
          // closed, reset and timeout say it all; other errors carry the OS reason
          parser.finish(network_outcome(r.status),
                        r.status == net::IoStatus::error ? r.error : std::string());
          break;
        }
        if (parser.feed(buffer.data(), r.size)) break;
      }
    }
  }
  reply = to_server_reply(parser.flight());
  reply.violations = server_hello_violations(offered, reply, registry_);
  if (!reply.violations.empty()) reply.outcome = obs::Outcome::protocol_violation;
  attempt.elapsed_ms = std::chrono::duration<double, std::milli>(net::Clock::now() - start).count();
  if (timeout < options_.timeout && reply.outcome == obs::Outcome::timeout)
    reply.error = join({reply.error, "cut short by the " + options_.deadline.reached_text()}, "; ");
  note_outcome(reply, attempt.elapsed_ms);
  drop_repeated_chain(attempt);
  out_.attempts.push_back(std::move(attempt));
  return out_.attempts.back();
}

void Session::drop_repeated_chain(obs::Attempt& attempt) const {
  auto& chain = attempt.reply.certificates;
  if (chain.empty()) return;
  const bool handshake = attempt.sent.suites.empty();
  const bool kept_before =
      attempt.reply.outcome != obs::Outcome::server_hello ||
      std::any_of(out_.attempts.begin(), out_.attempts.end(), [&](const obs::Attempt& a) {
        return a.index != attempt.index && !a.reply.certificates.empty() &&
               a.reply.version == attempt.reply.version && a.sent.suites.empty() == handshake;
      });
  if (kept_before) std::vector<std::vector<std::uint8_t>>().swap(chain);
}

const obs::Attempt& Session::exchange_confirmed(const std::string& purpose,
                                                const obs::ClientHelloSpec& spec, bool* repeated) {
  const bool refused = is_refusal(exchange(purpose, spec).reply);
  if (repeated) *repeated = refused;
  if (!refused) return out_.attempts.back();
  return exchange(purpose + " again (confirms the refusal)", spec);
}

std::string Session::cannot_connect() const {
  if (stopped()) return stop_reason_;
  if (options_.deadline.passed()) return options_.deadline.reached_text();
  if (budget_->exhausted()) return budget_text();
  return "";
}

std::string Session::budget_text() const {
  return "connection budget of " + std::to_string(budget_->limit()) + " connections exhausted";
}

bool Session::admit() {
  if (!stopped() && options_.deadline.passed()) stop_reason_ = options_.deadline.reached_text();
  if (!stopped() && budget_->exhausted()) {
    stop_reason_ =
        "connection budget of " + std::to_string(budget_->limit()) + " connections exhausted";
    out_.budget_exhausted = true;
  }
  if (stopped()) return false;
  if (options_.delay.count() > 0 && last_connect_ != net::Clock::time_point{})
    std::this_thread::sleep_until(options_.deadline.cap(last_connect_ + options_.delay));
  last_connect_ = net::Clock::now();
  budget_->spend();
  ++out_.connections;
  return true;
}

std::optional<net::TcpConnection> Session::connect_for_handshake(const std::string& purpose,
                                                                 int& attempt_index,
                                                                 std::string& why) {
  obs::Attempt attempt;
  attempt.index = attempt_index = static_cast<int>(out_.attempts.size());
  attempt.purpose = purpose;
  attempt.sent.suites.clear();  // an OpenSSL handshake: what it offered is in the detail
  std::optional<net::TcpConnection> conn;
  if (!admit()) {
    attempt.reply.outcome = obs::Outcome::not_sent;
    attempt.reply.error = why = stop_reason_;
  } else {
    std::string error;
    int code = 0;
    conn = net::TcpConnection::open(address_, options_.deadline.cap(options_.timeout), error, code);
    if (!conn) {
      attempt.reply.outcome = obs::Outcome::connect_failed;
      attempt.reply.error = why = error;
      note_outcome(attempt.reply);
    }
  }
  out_.attempts.push_back(std::move(attempt));
  return conn;
}

void Session::note_outcome(const obs::ServerReply& reply, double elapsed_ms) {
  using O = obs::Outcome;
  if (reply.outcome == O::connect_failed) {
    if (!heard_)
      stop_reason_ = "target unreachable: " + reply.error;
    else if (++consecutive_silent_ >= kMaxConsecutiveSilent)
      stop_reason_ = "target stopped accepting connections: " + reply.error;
    return;
  }
  if (reply.outcome == O::timeout) {
    if (!heard_)
      stop_reason_ = "no TLS answer from the target: " + words::describe_reply(reply, elapsed_ms);
    else if (++consecutive_silent_ >= kMaxConsecutiveSilent)
      stop_reason_ = "target stopped answering (" + std::to_string(kMaxConsecutiveSilent) +
                     " connections in a row timed out)";
    return;
  }
  heard_ = true;
  // A ServerHello followed by a stall costs a whole timeout per connection just like silence:
  // a peer that trickles its first flight is stopped by the same rule.
  if (reply.cut_short == O::timeout) {
    if (++consecutive_silent_ >= kMaxConsecutiveSilent)
      stop_reason_ = "target stalls after its ServerHello (" +
                     std::to_string(kMaxConsecutiveSilent) +
                     " connections in a row sent a ServerHello, then not the rest of the first "
                     "flight within the timeout)";
    return;
  }
  consecutive_silent_ = 0;
}

}  // namespace medtls::probe
