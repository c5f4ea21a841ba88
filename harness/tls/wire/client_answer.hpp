#pragma once
// What a TLS client sent back after a server flight `medtls listen` served it: an alert (it
// refused), its next handshake message (it went on), or something else. The bytes come from the
// device under test: reading them is bounded and never throws.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/enum_names.hpp"

namespace medtls::wire {

// How the client's answer began.
MEDTLS_ENUM(AnswerKind,
            alert,               // an alert record (level, description: the first alert)
            handshake,           // a plaintext handshake record (handshake_type: its first message)
            change_cipher_spec,  // a ChangeCipherSpec and nothing after it (yet)
            application_data,    // an application_data record (TLS 1.3: encrypted, opaque)
            other_record,        // a well-framed record of another content type (heartbeat, …)
            malformed,           // bytes that are not a TLS record, or a broken one
            nothing)             // no bytes

struct ClientAnswer {
  using Kind = AnswerKind;
  Kind kind = Kind::nothing;
  std::uint8_t alert_level = 0;        // kind alert: 1 warning, 2 fatal
  std::uint8_t alert_description = 0;  // kind alert: RFC 8446 §6 AlertDescription
  std::uint8_t handshake_type = 0;     // kind handshake: HandshakeType of the first message
  std::uint8_t content_type = 0;       // the record that decided (any kind but nothing)
  std::uint16_t record_version = 0;    // of that record
  // The bytes end inside the deciding record (or its header). The kind is final nevertheless
  // (its first bytes decide it), except malformed: with `incomplete`, the bytes that decide are
  // missing and reading more may change the answer.
  bool incomplete = false;
  std::string detail;  // kind malformed: what is wrong, one line (no peer bytes quoted)
};

// Classifies the first record of `data` (what the client sent after our flight, as read so
// far). A ChangeCipherSpec record (RFC 8446 §5, middlebox compatibility; or the start of a
// TLS <= 1.2 client's Finished) is passed over when another record follows it: the answer is
// that record. Reads at most a few records (ChangeCipherSpecs passed over are limited).
ClientAnswer read_client_answer(const std::uint8_t* data, std::size_t size);
inline ClientAnswer read_client_answer(const std::vector<std::uint8_t>& bytes) {
  return read_client_answer(bytes.data(), bytes.size());
}

}  // namespace medtls::wire
