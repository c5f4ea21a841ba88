#include "tls/wire/flight_parser.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "common/codes.hpp"
#include "common/text.hpp"
#include "common/tls_names.hpp"
#include "tls/wire/code_points.hpp"
#include "tls/wire/server_messages.hpp"
#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

namespace {

constexpr std::size_t kRecordHeader = 5;
constexpr std::size_t kHandshakeHeader = 4;
constexpr std::size_t kHeadBytes = 16;  // how much of the stream error texts show
// Records that carry nothing decisive (ChangeCipherSpec before the ServerHello, HelloRequest,
// warning alerts) are skipped, but not endlessly: a peer that floods them is not answering.
constexpr int kMaxIdleRecords = 32;

using namespace content;    // NOLINT: record and handshake types read best unqualified
using namespace handshake;  // NOLINT
constexpr std::uint8_t kWarning = alert::kWarning;
constexpr std::uint8_t kCloseNotify = alert::kCloseNotify;

bool is_tls13(std::uint16_t version) {
  return version == 0x0304 || (version & 0xFF00) == 0x7F00;  // final or a draft version
}

std::string hex_byte(std::uint8_t b) {
  return "0x" + to_hex(&b, 1);
}

// What a non-TLS answer looks like: a plain-text DICOM or HL7 port, a web server, SSLv2.
std::string guess_protocol(const std::vector<std::uint8_t>& head) {
  if (head.empty()) return "";
  static const char* const kDicomPdus[] = {"A-ASSOCIATE-RQ", "A-ASSOCIATE-AC", "A-ASSOCIATE-RJ",
                                           "P-DATA-TF",      "A-RELEASE-RQ",   "A-RELEASE-RP",
                                           "A-ABORT"};
  const std::string text(head.begin(), head.end());
  if (text.rfind("HTTP/", 0) == 0) return "looks like an HTTP response";
  if (head.size() >= 2 && head[0] >= 1 && head[0] <= 7 && head[1] == 0)
    return std::string("looks like a DICOM ") + kDicomPdus[head[0] - 1] + " PDU";
  if (head[0] == 0x0B) return "looks like an HL7 MLLP block";
  if ((head[0] & 0x80) && head.size() >= 3 && head[2] == 4)
    return "looks like an SSLv2 ServerHello";
  if (std::all_of(head.begin(), head.end(),
                  [](unsigned char c) { return std::isprint(c) || std::isspace(c); }))
    return "looks like text";
  return "";
}

}  // namespace

FlightParser::FlightParser(std::function<std::string(std::uint16_t)> kx_of)
    : kx_of_(std::move(kx_of)) {}

bool FlightParser::feed(const std::uint8_t* data, std::size_t size) {
  if (done_ || !data) return done_;
  head_.insert(head_.end(), data, data + std::min(size, kHeadBytes - head_.size()));
  flight_.bytes_received += size;
  try {
    while (size > 0 && !done_) consume(data, size);
  } catch (const WireError& e) {
    fail(e.what());
  }
  return done_;
}

// Moves bytes into the record being assembled, never more than that record needs, so at most
// one record (<= 5 + kMaxRecordLength bytes) is ever buffered.
void FlightParser::consume(const std::uint8_t*& data, std::size_t& size) {
  if (record_.empty()) record_start_ = received_;
  std::size_t want = kRecordHeader - std::min(record_.size(), kRecordHeader);
  if (want == 0) {
    const std::size_t length = static_cast<std::size_t>(record_[3] << 8 | record_[4]);
    want = kRecordHeader + length - record_.size();
  }
  const std::size_t n = std::min(want, size);
  record_.insert(record_.end(), data, data + n);
  data += n;
  size -= n;
  received_ += n;
  if (record_.size() <= kRecordHeader) check_header();
  if (record_.size() < kRecordHeader) return;
  const std::size_t length = static_cast<std::size_t>(record_[3] << 8 | record_[4]);
  if (record_.size() == kRecordHeader + length) {
    handle_record();
    record_.clear();
  }
}

// Validates as much of the record header as has arrived, so garbage is reported at once.
void FlightParser::check_header() const {
  const std::uint8_t type = record_[0];
  if (type < kChangeCipherSpec || type > kApplicationData)
    throw WireError("not a TLS record: unknown content type " + hex_byte(type));
  if (record_.size() >= 2 && record_[1] != 3)
    throw WireError("not a TLS record: record version " + hex_byte(record_[1]) +
                    (record_.size() >= 3 ? to_hex(&record_[2], 1) : std::string("..")));
  if (record_.size() < kRecordHeader) return;
  const std::size_t length = static_cast<std::size_t>(record_[3] << 8 | record_[4]);
  if (length > kMaxRecordLength)
    throw WireError("record length " + std::to_string(length) + " exceeds " +
                    std::to_string(kMaxRecordLength));
  // RFC 5246 §6.2.1 / RFC 8446 §5.1: no zero-length handshake or alert fragments.
  if (length == 0 && (type == kHandshake || type == kAlert))
    throw WireError(std::string("zero-length ") + (type == kAlert ? "alert" : "handshake") +
                    " record");
}

void FlightParser::handle_record() {
  const std::uint8_t type = record_[0];
  const std::uint8_t* body = record_.data() + kRecordHeader;
  const std::size_t size = record_.size() - kRecordHeader;
  if (!seen_record_) {
    flight_.record_version = static_cast<std::uint16_t>(record_[1] << 8 | record_[2]);
    seen_record_ = true;
  }
  switch (type) {
    case kChangeCipherSpec:
      // RFC 8446 §5: exactly one byte 0x01, anything else is unexpected_message.
      if (size != 1 || body[0] != 1)
        throw WireError("ChangeCipherSpec record of " + std::to_string(size) +
                        " byte(s) that is not the single byte 0x01");
      // Before a ServerHello: TLS 1.3 middlebox-compatibility noise, skipped. After a TLS <= 1.2
      // ServerHello: an abbreviated handshake, everything after it is encrypted.
      if (seen_server_hello_)
        done_ = true;
      else
        idle_record("ChangeCipherSpec");
      return;
    case kAlert:
      handle_alert(body, size);
      return;
    case kHandshake:
      handle_handshake_bytes(body, size);
      return;
    default:
      throw WireError(seen_server_hello_
                          ? "application_data record inside the plaintext first flight"
                          : "application_data record before any ServerHello");
  }
}

void FlightParser::handle_alert(const std::uint8_t* body, std::size_t size) {
  if (size % 2 != 0)
    throw WireError("alert record of " + std::to_string(size) + " byte(s) (alerts are 2 bytes)");
  for (std::size_t i = 0; i < size && !done_; i += 2) {
    const std::uint8_t level = body[i], description = body[i + 1];
    if (level != kWarning && level != alert::kFatal)
      throw WireError("alert with invalid level " + std::to_string(level) + " (description " +
                      alert_name(description) + ")");
    if (!flight_.alert || flight_.alert->level == kWarning)
      flight_.alert = AlertSeen{level, description};  // a fatal alert replaces a warning
    // A warning (e.g. unrecognized_name, RFC 6066 §3) may be followed by a ServerHello; on its
    // own it refuses nothing (finish() leaves the attempt undecided).
    if (level == kWarning && description != kCloseNotify) {
      idle_record("warning alert");
      continue;
    }
    if (!seen_server_hello_) flight_.outcome = FlightOutcome::alert;
    done_ = true;
  }
}

void FlightParser::idle_record(const char* what) {
  if (++idle_records_ > kMaxIdleRecords)
    throw WireError(std::to_string(idle_records_) + " records without progress (the last a " +
                    what + ")");
}

void FlightParser::handle_handshake_bytes(const std::uint8_t* body, std::size_t size) {
  handshake_.insert(handshake_.end(), body, body + size);
  std::size_t pos = 0;
  while (!done_ && handshake_.size() - pos >= kHandshakeHeader) {
    const std::uint8_t* m = handshake_.data() + pos;
    const std::size_t length =
        static_cast<std::size_t>(m[1]) << 16 | static_cast<std::size_t>(m[2]) << 8 | m[3];
    if (length > kMaxHandshakeMessage)
      throw WireError("handshake message type " + std::to_string(m[0]) + " claims " +
                      std::to_string(length) + " bytes (limit " +
                      std::to_string(kMaxHandshakeMessage) + ")");
    if (handshake_.size() - pos < kHandshakeHeader + length) break;  // rest in later records
    handle_message(m[0], m, kHandshakeHeader + length);
    pos += kHandshakeHeader + length;
  }
  handshake_.erase(handshake_.begin(), handshake_.begin() + static_cast<std::ptrdiff_t>(pos));
}

void FlightParser::handle_message(std::uint8_t type, const std::uint8_t* message,
                                  std::size_t size) {
  const std::uint8_t* body = message + kHandshakeHeader;
  const std::size_t length = size - kHandshakeHeader;
  if (!seen_server_hello_) {
    if (type == kHelloRequest) {  // may be sent at any time; means nothing here
      idle_record("HelloRequest");
      return;
    }
    if (type != kServerHello)
      throw WireError("expected a ServerHello, got handshake message type " + std::to_string(type));
    flight_.server_hello.message.assign(message, message + size);
    const bool hrr = parse_server_hello(body, length, flight_.server_hello);
    seen_server_hello_ = true;
    if (hrr) {
      flight_.server_hello.retry_request = true;
      flight_.outcome = FlightOutcome::hello_retry_request;
      done_ = true;
      return;
    }
    flight_.outcome = FlightOutcome::server_hello;
    if (is_tls13(flight_.server_hello.version))
      done_ = true;  // the rest of a TLS 1.3 flight is encrypted
    return;
  }
  switch (type) {
    case kHelloRequest:
      idle_record("HelloRequest");
      return;
    case kCertificate:
      parse_certificate(body, length, flight_.certificates);
      return;
    case kServerKeyExchange:
      parse_server_key_exchange(body, length,
                                kx_of_ ? kx_of_(flight_.server_hello.suite) : std::string(),
                                flight_.server_hello.version, flight_.key_exchange);
      return;
    case kCertificateRequest:
      parse_certificate_request(body, length, flight_.server_hello.version,
                                flight_.certificate_request);
      return;
    case kCertificateStatus:
      parse_certificate_status(body, length);
      flight_.certificate_status = true;
      return;
    case kServerHelloDone:
      if (length != 0)
        throw WireError("ServerHelloDone with a " + std::to_string(length) + "-byte body");
      flight_.server_hello_done = true;
      done_ = true;
      return;
    default:
      throw WireError("unexpected handshake message type " + std::to_string(type) +
                      " in the first flight");
  }
}

std::string FlightParser::stream_context() const {
  std::string text = " (record at stream offset " + std::to_string(record_start_) +
                     "; stream starts " + to_hex(head_);
  if (!seen_record_) {
    const std::string guess = guess_protocol(head_);
    if (!guess.empty()) text += ", " + guess;
  }
  return text + ")";
}

void FlightParser::fail(const std::string& what) {
  done_ = true;
  if (seen_server_hello_) {
    // The server did accept; what followed is broken, which is worth reporting but does not
    // undo the ServerHello.
    flight_.error = "malformed first flight after the ServerHello: " + what + stream_context();
    return;
  }
  flight_.outcome = FlightOutcome::malformed;
  flight_.error = what + stream_context();
}

void FlightParser::finish(FlightOutcome network, const std::string& error) {
  if (done_) return;
  done_ = true;
  std::vector<std::string> notes;
  if (!error.empty()) notes.push_back(error);
  if (!record_.empty()) {
    std::string incomplete = "the last record incomplete (" + std::to_string(record_.size());
    if (record_.size() >= kRecordHeader)
      incomplete += " of " + std::to_string(kRecordHeader + (record_[3] << 8 | record_[4]));
    notes.push_back(incomplete + " bytes)");
  }
  if (!handshake_.empty())
    notes.push_back(std::to_string(handshake_.size()) +
                    " byte(s) of an incomplete handshake message");
  if (seen_server_hello_) {  // a partial TLS <= 1.2 flight: the ServerHello still counts
    flight_.cut_short = network;
    flight_.error = join(notes, "; ");
    return;
  }
  if (received_ > 0 && !seen_record_) notes.push_back("stream starts " + to_hex(head_));
  // A warning alert refuses nothing: the attempt ends as the network ended it.
  flight_.outcome = network;
  flight_.error = join(notes, "; ");
}

}  // namespace medtls::wire
