#include "words/reply.hpp"

#include <cmath>

#include "common/codes.hpp"
#include "common/text.hpp"
#include "common/tls_names.hpp"

namespace medtls::words {

using obs::Alert;
using obs::Outcome;
using obs::ServerReply;

namespace {

constexpr std::uint8_t kWarning = 1, kFatal = 2, kCloseNotify = 0;

std::string bytes_text(std::size_t n) {
  if (n == 0) return "before it sent anything";
  return "after " + std::to_string(n) + " byte" + (n == 1 ? "" : "s");
}

std::string within(double elapsed_ms) {
  if (elapsed_ms < 0) return "within the timeout";
  return "within " + std::to_string(static_cast<long long>(std::lround(elapsed_ms))) + " ms";
}

// How the network ended a connection that had not (or no longer) anything decisive to show.
std::string network_end(Outcome how, std::size_t bytes, double elapsed_ms) {
  switch (how) {
    case Outcome::closed:
      return "closed by the server (TCP FIN) " + bytes_text(bytes);
    case Outcome::reset:
      return "reset by the server (TCP RST) " + bytes_text(bytes);
    case Outcome::timeout:
      return bytes == 0
                 ? "no answer " + within(elapsed_ms)
                 : "no complete answer " + within(elapsed_ms) + " (" + std::to_string(bytes) +
                       " byte" + (bytes == 1 ? "" : "s") + " received)";
    default:
      return name_of(how);
  }
}

std::string hello_text(const ServerReply& r) {
  return "ServerHello " + wire_version_name(r.version) + " with " + format_code(r.suite);
}

}  // namespace

std::string alert_text(const Alert& alert) {
  if (alert.description == kCloseNotify) return "close_notify";
  const char* level = alert.level == kFatal     ? "fatal alert "
                      : alert.level == kWarning ? "warning alert "
                                                : "alert (level ";
  std::string out = level;
  if (alert.level != kFatal && alert.level != kWarning) out += std::to_string(alert.level) + ") ";
  return out + alert_name(alert.description);
}

std::string describe_reply(const ServerReply& r, double elapsed_ms) {
  std::string text;
  switch (r.outcome) {
    case Outcome::server_hello:
      text = hello_text(r);
      if (r.cut_short)
        text += ", then " + (*r.cut_short == Outcome::timeout
                                 ? "nothing more " + within(elapsed_ms)
                                 : network_end(*r.cut_short, r.bytes_received, elapsed_ms));
      if (!r.error.empty()) text += " (" + r.error + ")";
      return text;
    case Outcome::hello_retry_request:
      text = "HelloRetryRequest";
      if (r.key_share_group) text += " for " + group_name(*r.key_share_group);
      return text + " with " + format_code(r.suite);
    case Outcome::protocol_violation:
      return (r.retry_request ? "HelloRetryRequest with " + format_code(r.suite) : hello_text(r)) +
             " that breaks the protocol: " + join(r.violations, "; ");
    case Outcome::alert:
      text = r.alert ? alert_text(*r.alert) : std::string("alert");
      break;
    case Outcome::closed:
    case Outcome::reset:
    case Outcome::timeout:
      text = network_end(r.outcome, r.bytes_received, elapsed_ms);
      // A warning alert refuses nothing; it is named because it is all the server said.
      if (r.alert && r.alert->level != kFatal && r.alert->description != kCloseNotify)
        text += ", after a " + alert_text(*r.alert);
      break;
    case Outcome::malformed:
      return "not a valid TLS answer: " + r.error;
    case Outcome::connect_failed:
      return "TCP connection failed: " + r.error;
    case Outcome::not_sent:
      return "not sent: " + r.error;
  }
  if (!r.error.empty()) text += " (" + r.error + ")";
  return text;
}

}  // namespace medtls::words
