#include "tls/wire/client_answer.hpp"

#include <string>

#include "tls/wire/code_points.hpp"
#include "tls/wire/flight_parser.hpp"

namespace medtls::wire {

namespace {

constexpr std::size_t kRecordHeader = 5;
constexpr int kMaxChangeCipherSpecs = 4;  // passed over before the answer is malformed

ClientAnswer malformed(ClientAnswer a, std::string detail, bool incomplete = false) {
  a.kind = AnswerKind::malformed;
  a.detail = std::move(detail);
  a.incomplete = incomplete;
  return a;
}

}  // namespace

ClientAnswer read_client_answer(const std::uint8_t* data, std::size_t size) {
  ClientAnswer a;
  if (data == nullptr || size == 0) return a;
  std::size_t pos = 0;
  for (int ccs = 0;; ++ccs) {
    const std::size_t left = size - pos;
    const std::uint8_t* r = data + pos;
    a.content_type = r[0];
    if (left >= 3) a.record_version = static_cast<std::uint16_t>(r[1] << 8 | r[2]);
    if (left >= 2 && r[1] != 3)
      return malformed(a, "not a TLS record: version major byte " + std::to_string(r[1]) +
                              " at offset " + std::to_string(pos));
    if (left < kRecordHeader)
      return malformed(a,
                       "record header cut short: " + std::to_string(left) +
                           " of 5 bytes at offset " + std::to_string(pos),
                       true);
    const std::size_t length = static_cast<std::size_t>(r[3] << 8 | r[4]);
    if (length > kMaxRecordLength)
      return malformed(a, "record length " + std::to_string(length) + " exceeds " +
                              std::to_string(kMaxRecordLength));
    const std::uint8_t type = r[0];
    const bool known = type >= content::kChangeCipherSpec && type <= content::kApplicationData;
    if (length == 0 && (type == content::kAlert || type == content::kHandshake ||
                        type == content::kChangeCipherSpec))
      return malformed(a, "empty record of content type " + std::to_string(type));
    const std::uint8_t* body = r + kRecordHeader;
    const std::size_t have = left - kRecordHeader;
    // The first bytes of a record decide alerts and handshakes; a record cut short is only
    // malformed when what decides is missing.
    switch (known ? type : 0) {
      case content::kAlert:
        if (have < 2)
          return malformed(a,
                           "alert record cut short (" + std::to_string(have) + " of " +
                               std::to_string(length) + " bytes)",
                           true);
        if (length % 2 != 0)
          return malformed(a, "alert record of " + std::to_string(length) + " byte(s)");
        if (body[0] != alert::kWarning && body[0] != alert::kFatal)
          return malformed(a, "alert with invalid level " + std::to_string(body[0]));
        a.kind = AnswerKind::alert;
        a.alert_level = body[0];
        a.alert_description = body[1];
        a.incomplete = have < length;
        return a;
      case content::kHandshake:
        a.kind = AnswerKind::handshake;
        if (have < 1) return malformed(a, "handshake record cut short (no byte)", true);
        a.handshake_type = body[0];
        a.incomplete = have < length;
        return a;
      case content::kApplicationData:
        a.kind = AnswerKind::application_data;
        a.incomplete = have < length;
        return a;
      case content::kChangeCipherSpec:
        if (length != 1 || (have >= 1 && body[0] != 1))
          return malformed(a, "ChangeCipherSpec record that is not the single byte 0x01");
        if (have < 1) return malformed(a, "ChangeCipherSpec record cut short", true);
        if (left == kRecordHeader + 1) {
          a.kind = AnswerKind::change_cipher_spec;
          return a;
        }
        if (ccs + 1 >= kMaxChangeCipherSpecs)
          return malformed(a, std::to_string(ccs + 1) + " ChangeCipherSpec records in a row");
        pos += kRecordHeader + 1;
        continue;
      default:
        a.kind = AnswerKind::other_record;
        a.incomplete = have < length;
        return a;
    }
  }
}

}  // namespace medtls::wire
