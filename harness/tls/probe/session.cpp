#include "tls/probe/session.hpp"

#include <arpa/inet.h>

#include <cerrno>

#include <array>
#include <thread>

#include "tls/wire/client_hello.hpp"
#include "tls/wire/flight_parser.hpp"

namespace medtls::probe {

namespace {
// After this many consecutive silent connections (timeouts) the target is treated as gone:
// a fragile device should not be hammered, and the scan must end within its timeouts.
constexpr int kMaxConsecutiveSilent = 3;

bool is_ip_literal(const std::string& host) {
  std::array<unsigned char, 16> buf{};
  return inet_pton(AF_INET, host.c_str(), buf.data()) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
}

obs::Outcome network_outcome(net::IoStatus status) {
  switch (status) {
    case net::IoStatus::closed:
      return obs::Outcome::closed;
    case net::IoStatus::reset:
      return obs::Outcome::reset;
    case net::IoStatus::timeout:
      return obs::Outcome::timeout;
    default:
      return obs::Outcome::reset;
  }
}
}  // namespace

std::string effective_sni(const ProbeOptions& options) {
  if (options.sni) return *options.sni;
  return is_ip_literal(options.host) ? std::string() : options.host;
}

Session::Session(const ProbeOptions& options, const suites::Registry& registry,
                 net::Address address, obs::TlsObservations& out)
    : options_(options),
      registry_(registry),
      address_(std::move(address)),
      out_(out),
      sni_(effective_sni(options)) {}

const obs::Attempt& Session::exchange(const std::string& purpose,
                                      const obs::ClientHelloSpec& spec) {
  obs::Attempt attempt;
  attempt.index = static_cast<int>(out_.attempts.size());
  attempt.purpose = purpose;
  attempt.sent = spec;
  auto& reply = attempt.reply;

  std::vector<std::uint8_t> hello;
  try {
    hello = wire::build_client_hello(spec);
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

  auto start = net::Clock::now();
  auto deadline = start + options_.timeout;

  wire::FlightParser parser([this](std::uint16_t suite) {
    const auto* s = registry_.find(suite);
    return s ? s->kx : std::string();
  });
  std::string error;
  int error_code = 0;
  auto conn = net::TcpConnection::open(address_, options_.timeout, error, error_code);
  if (!conn && error_code == ECONNRESET) {
    // The TCP connection was established and the peer reset it at once: the target is there.
    parser.finish(obs::Outcome::reset, "connection reset by peer right after it was accepted");
  } else if (!conn) {
    parser.finish(obs::Outcome::connect_failed, error);
  } else {
    auto st = conn->send_all(hello.data(), hello.size(), deadline, error);
    if (st != net::IoStatus::ok) {
      parser.finish(network_outcome(st), "sending the ClientHello failed: " + error);
    } else {
      std::vector<std::uint8_t> buffer(16384);
      for (;;) {
        auto r = conn->read_some(buffer.data(), buffer.size(), deadline);
        if (r.status != net::IoStatus::ok) {
          parser.finish(network_outcome(r.status), r.error);
          break;
        }
        if (parser.feed(buffer.data(), r.size)) break;
      }
    }
  }
  reply = parser.reply();
  attempt.elapsed_ms = std::chrono::duration<double, std::milli>(net::Clock::now() - start).count();
  note_outcome(reply);
  out_.attempts.push_back(std::move(attempt));
  return out_.attempts.back();
}

bool Session::admit() {
  if (!stopped() && out_.connections >= options_.max_connections) {
    stop_reason_ = "connection budget of " + std::to_string(options_.max_connections) +
                   " connections exhausted";
    out_.budget_exhausted = true;
  }
  if (stopped()) return false;
  if (options_.delay.count() > 0 && last_connect_ != net::Clock::time_point{})
    std::this_thread::sleep_until(last_connect_ + options_.delay);
  last_connect_ = net::Clock::now();
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
    conn = net::TcpConnection::open(address_, options_.timeout, error, code);
    if (!conn) {
      attempt.reply.outcome = obs::Outcome::connect_failed;
      attempt.reply.error = why = error;
      note_outcome(attempt.reply);
    }
  }
  out_.attempts.push_back(std::move(attempt));
  return conn;
}

void Session::note_outcome(const obs::ServerReply& reply) {
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
      stop_reason_ = "no TLS answer from the target within the timeout of " +
                     std::to_string(options_.timeout.count()) + " ms";
    else if (++consecutive_silent_ >= kMaxConsecutiveSilent)
      stop_reason_ = "target stopped answering (" + std::to_string(kMaxConsecutiveSilent) +
                     " connections in a row timed out)";
    return;
  }
  heard_ = true;
  consecutive_silent_ = 0;
}

}  // namespace medtls::probe
