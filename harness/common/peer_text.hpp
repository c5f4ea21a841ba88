#pragma once
// Bytes from a peer made into report text. Every string a device sends us (an ALPN protocol, a
// SAN, a DICOM Implementation Version Name, an error text quoting its bytes) passes through
// peer_text() before it is stored in an observation, so that the report is always valid UTF-8,
// a terminal that prints it cannot be steered by control sequences, and nothing is lost:
//
//   - printable UTF-8 is kept as received;
//   - a backslash is written "\\";
//   - any byte that is not part of printable UTF-8 (invalid or overlong UTF-8, C0 controls, DEL)
//     is written "\xNN" (two lower-case hex digits);
//   - a well-formed code point that is a C1 control, a bidirectional or zero-width format
//     character or a line/paragraph separator is written "\u{NNNN}" (upper-case hex).
//
// The mapping is reversible (peer_bytes() undoes it) and the identity for ordinary text without
// a backslash. reports/schema/report.schema.json ("peer text") documents it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medtls {

std::string peer_text(std::string_view bytes);
std::string peer_text(const std::uint8_t* data, std::size_t size);
inline std::string peer_text(const std::vector<std::uint8_t>& bytes) {
  return peer_text(bytes.data(), bytes.size());
}

// The bytes peer_text() was made from; malformed escapes are kept as they are.
std::string peer_bytes(std::string_view text);

// True when `text` is valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), whatever characters it holds.
bool is_valid_utf8(std::string_view text);

// True when peer_text(text) == text: valid UTF-8 with nothing that needs escaping and no
// backslash.
bool is_plain_text(std::string_view text);

// Text that is already in an escaping syntax of its own (an RFC 2253 distinguished name from
// OpenSSL): what is not printable UTF-8 is escaped as by peer_text(), backslashes are kept.
std::string printable(std::string_view text);

// Text from a library or the OS (DCMTK's condition text, OpenSSL's error queue) made into one
// line of at most `max_bytes`: every run of line breaks and tabs becomes "; " or " ", what is not
// printable UTF-8 is escaped as by peer_text() (backslashes kept), and a longer text is cut at a
// character boundary with " … (N more bytes)".
std::string one_line(std::string_view text, std::size_t max_bytes = 600);

// `text` cut to at most `max_bytes` at a character boundary, with " … (N more bytes)" appended
// when anything was cut.
std::string bounded(std::string_view text, std::size_t max_bytes);

}  // namespace medtls
