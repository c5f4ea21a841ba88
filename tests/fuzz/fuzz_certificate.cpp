// fuzz_certificate: the certificate analysis of a chain a server sent (hostile DER).
//
// Input: a chain of up to 8 DER blobs, each prefixed by its length (2 bytes, big-endian; a
// length beyond the end takes what is left). When the input starts with 0x30 (a DER SEQUENCE)
// it is also tried as one whole certificate.
// Properties checked:
//  - no crash, UB or leak (sanitizers);
//  - x509::analyze_chain() never throws, whatever the bytes (contract; finding
//    "analyze_chain_throws.<kind of exception>");
//  - x509::describe() throws only std::runtime_error (and what derives from it) on bytes that
//    are not a certificate (finding "describe_other_exception.<kind>");
//  - the result serialises: obs::to_json + obs::dump_json do not throw and the text parses; every
//    string is valid UTF-8 already (subjects, SANs … from the certificate go through peer_text;
//    finding "invalid_utf8_in_observation").
// Verification runs with host "localhost", a fixed time (reproducible runs) and no CA or CRL.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

#include "fuzz_common.hpp"
#include "obs/json.hpp"
#include "obs/json_dump.hpp"
#include "x509/analysis.hpp"

using medtls::fuzz::finding;
using medtls::fuzz::message_shape;
using medtls::x509::Der;

namespace {

constexpr std::size_t kMaxBlobs = 8;
constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z

void check_serialises(const medtls::obs::ServerCertificate& cert, const char* what,
                      const std::uint8_t* data, std::size_t size) {
  const nlohmann::json j = cert;
  const std::string text = medtls::obs::dump_json(j);
  if (nlohmann::json::parse(text, nullptr, false).is_discarded())
    finding("dump_unparsable", what, "dump_json output does not parse: " + text, data, size);
  try {
    (void)j.dump();
  } catch (const nlohmann::json::type_error& e) {
    finding("invalid_utf8_in_observation", what, e.what(), data, size);
  }
}

void analyze(const std::vector<Der>& chain, const char* what, const std::uint8_t* data,
             std::size_t size) {
  medtls::x509::VerifyInputs inputs;
  inputs.host = "localhost";
  inputs.now = kNow;
  medtls::obs::ServerCertificate out;
  try {
    medtls::x509::analyze_chain(chain, inputs, out);
  } catch (const std::exception& e) {
    finding("analyze_chain_throws." + medtls::fuzz::exception_kind(e), message_shape(e.what()),
            std::string(what) + ": " + e.what(), data, size);
    return;
  } catch (...) {
    finding("analyze_chain_throws", "non-std exception", what, data, size);
    return;
  }
  check_serialises(out, what, data, size);
}

void describe(const Der& der, const std::uint8_t* data, std::size_t size) {
  medtls::obs::ServerCertificate holder;
  try {
    holder.chain.push_back(medtls::x509::describe(der));
  } catch (const std::runtime_error&) {
    return;  // not a certificate: the documented answer
  } catch (const std::exception& e) {
    finding("describe_other_exception." + medtls::fuzz::exception_kind(e), message_shape(e.what()),
            e.what(), data, size);
    return;
  } catch (...) {
    finding("describe_other_exception", "non-std exception", "", data, size);
    return;
  }
  check_serialises(holder, "describe", data, size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<Der> chain;
  std::size_t pos = 0;
  while (pos + 2 <= size && chain.size() < kMaxBlobs) {
    std::size_t length = static_cast<std::size_t>(data[pos]) << 8 | data[pos + 1];
    pos += 2;
    if (length > size - pos) length = size - pos;
    chain.emplace_back(data + pos, data + pos + length);
    pos += length;
  }
  analyze(chain, "length-prefixed chain", data, size);
  for (const auto& der : chain) describe(der, data, size);

  if (size > 0 && data[0] == 0x30) {
    const Der whole(data, data + size);
    analyze({whole}, "whole input as one certificate", data, size);
    describe(whole, data, size);
  }
  return 0;
}
