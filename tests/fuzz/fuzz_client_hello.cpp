// fuzz_client_hello: the bytes a device sends `medtls listen` as its first flight (hostile input
// from the device under test) through listen::observe_client_hello, then through the report's
// JSON (obs::to_json of ClientRoleObservations into a target object, obs::dump_json) and back;
// and the same bytes as a client's answer to our flight (wire::read_client_answer).
//
// Input: the bytes, whole (the last byte also picks a record size for property 4).
// Properties checked:
//  1. no crash, UB or leak (sanitizers); observe_client_hello throws nothing
//     [observe_throws]; read_client_answer throws nothing [answer_throws] and its kind is one of
//     the enum's values [bad_answer_kind];
//  2. `size` is the input size [wrong_size]; parse_error is one line [multiline_error];
//  3. the observation serialises as the report writes it: the target's JSON dumps without
//     dump_json's net (every string valid UTF-8: peer strings as peer text) [invalid_utf8_in_
//     observation], the text parses [dump_unparsable], reads back [from_json_throws] to the
//     same JSON [roundtrip] and to the same raw ALPN and SNI bytes [peer_bytes_lost];
//  4. a well-formed hello (empty parse_error) is read the same by the throwing parser
//     [inconsistent_with_parser], and re-framed into records of another size gives the same
//     observation apart from size [framing_dependent].
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "listen/hello_observation.hpp"
#include "obs/json.hpp"
#include "obs/json_dump.hpp"
#include "tls/wire/client_answer.hpp"
#include "tls/wire/client_hello_parser.hpp"

using medtls::fuzz::finding;
using medtls::obs::ObservedClientHello;

namespace {

// The JSON the report writes for a target holding this one hello.
nlohmann::json target_json(const ObservedClientHello& hello) {
  medtls::obs::ClientRoleObservations o;
  o.client_hellos.push_back(hello);
  nlohmann::json target = {{"url", "tls://device"}, {"role", "client"}};
  medtls::obs::to_json(target, o);
  return target;
}

void check_json(const ObservedClientHello& hello, const std::uint8_t* data, std::size_t size) {
  const nlohmann::json j = target_json(hello);
  std::string text;
  try {
    text = j.dump();
  } catch (const nlohmann::json::exception& e) {
    finding("invalid_utf8_in_observation", "dump", e.what(), data, size);
    text = medtls::obs::dump_json(j);
  }
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    finding("dump_unparsable", "parse", text.substr(0, 200), data, size);
    return;
  }
  medtls::obs::ClientRoleObservations back;
  try {
    back = parsed.get<medtls::obs::ClientRoleObservations>();
  } catch (const std::exception& e) {
    finding("from_json_throws", typeid(e).name(), e.what(), data, size);
    return;
  }
  if (back.client_hellos.size() != 1) {
    finding("roundtrip", "count", std::to_string(back.client_hellos.size()), data, size);
    return;
  }
  const nlohmann::json again = target_json(back.client_hellos[0]);
  if (again != j) finding("roundtrip", "json", again.dump().substr(0, 300), data, size);
  if (back.client_hellos[0].alpn != hello.alpn || back.client_hellos[0].sni != hello.sni)
    finding("peer_bytes_lost", "alpn/sni", "", data, size);
}

// The observation's fields, size aside.
bool same_fields(const ObservedClientHello& a, const ObservedClientHello& b) {
  auto x = target_json(a), y = target_json(b);
  x["client_hellos"][0].erase("size");
  y["client_hellos"][0].erase("size");
  return x == y;
}

void check_parser_and_framing(const ObservedClientHello& hello, const std::uint8_t* data,
                              std::size_t size) {
  if (!hello.parse_error.empty()) return;
  medtls::wire::ClientHello parsed;
  try {
    parsed = medtls::wire::parse_client_hello(data, size);
  } catch (const std::exception& e) {
    finding("inconsistent_with_parser", "throws", e.what(), data, size);
    return;
  }
  if (parsed.cipher_suites != hello.suites || parsed.extensions.size() != hello.extensions.size())
    finding("inconsistent_with_parser", "fields", "", data, size);

  // Reassemble the handshake bytes, then frame them into records of `chunk` bytes.
  std::vector<std::uint8_t> handshake;
  for (std::size_t at = 0; at + 5 <= size;) {
    const std::size_t length = static_cast<std::size_t>(data[at + 3] << 8 | data[at + 4]);
    handshake.insert(handshake.end(), data + at + 5, data + at + 5 + length);
    at += 5 + length;
  }
  const std::size_t chunk = size > 0 ? data[size - 1] % 97 + 1 : 1;
  std::vector<std::uint8_t> framed;
  for (std::size_t at = 0; at < handshake.size(); at += chunk) {
    const std::size_t n = std::min(chunk, handshake.size() - at);
    framed.insert(framed.end(), {0x16, static_cast<std::uint8_t>(hello.record_version >> 8),
                                 static_cast<std::uint8_t>(hello.record_version), 0,
                                 static_cast<std::uint8_t>(n)});
    framed.insert(framed.end(), handshake.begin() + static_cast<std::ptrdiff_t>(at),
                  handshake.begin() + static_cast<std::ptrdiff_t>(at + n));
  }
  if (framed.size() > medtls::listen::kMaxClientHelloBytes) return;
  const auto again = medtls::listen::observe_client_hello(framed);
  if (!again.parse_error.empty() || !same_fields(hello, again))
    finding("framing_dependent", "chunk", std::to_string(chunk) + ": " + again.parse_error, data,
            size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ObservedClientHello hello;
  try {
    hello = medtls::listen::observe_client_hello(data, size);
  } catch (const std::exception& e) {
    finding("observe_throws", typeid(e).name(), e.what(), data, size);
    return 0;
  }
  if (hello.size != size) finding("wrong_size", "size", std::to_string(hello.size), data, size);
  if (hello.parse_error.find_first_of("\r\n") != std::string::npos)
    finding("multiline_error", "newline", hello.parse_error, data, size);
  check_json(hello, data, size);
  check_parser_and_framing(hello, data, size);

  try {
    const auto answer = medtls::wire::read_client_answer(data, size);
    const std::string name = medtls::name_of(answer.kind);
    if (name == "?" || medtls::parse_enum<medtls::wire::AnswerKind>(name) != answer.kind)
      finding("bad_answer_kind", "kind", name, data, size);
  } catch (const std::exception& e) {
    finding("answer_throws", typeid(e).name(), e.what(), data, size);
  }
  return 0;
}
