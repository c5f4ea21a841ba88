#include "listen/hello_observation.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

#include "common/codes.hpp"
#include "common/peer_text.hpp"
#include "common/text.hpp"
#include "common/tls_names.hpp"
#include "tls/wire/client_hello_parser.hpp"

namespace medtls::listen {

namespace {

constexpr std::size_t kMaxErrorText = 600;  // parse_error stays one readable line

std::string extension_label(std::uint16_t type) {
  return "extension " + format_code(type) + " (" + extension_name(type) + ")";
}

// Decodes each extension the observation has a field for, by its first occurrence; a bad body
// spoils only its own field.
void read_extensions(const wire::ClientHello& hello, wire::OfferedHello& offer,
                     std::vector<std::string>& errors) {
  std::vector<std::uint16_t> seen, reported;
  for (const auto& e : hello.extensions) {
    if (std::find(seen.begin(), seen.end(), e.type) != seen.end()) {
      if (std::find(reported.begin(), reported.end(), e.type) == reported.end()) {
        errors.push_back(extension_label(e.type) + " sent more than once");
        reported.push_back(e.type);
      }
      continue;
    }
    seen.push_back(e.type);
    try {
      wire::read_offered_extension(e, offer);
    } catch (const std::exception& error) {
      errors.push_back(extension_label(e.type) + ": " + error.what());
    }
  }
}

}  // namespace

obs::ObservedClientHello observe_client_hello(const std::uint8_t* data, std::size_t size) {
  obs::ObservedClientHello out;
  out.size = size;
  if (data == nullptr) size = 0;
  std::vector<std::string> errors;
  if (size > kMaxClientHelloBytes) {
    errors.push_back("ClientHello records of " + std::to_string(size) + " bytes, more than " +
                     std::to_string(kMaxClientHelloBytes) + ": only the first " +
                     std::to_string(kMaxClientHelloBytes) + " read");
    size = kMaxClientHelloBytes;
  }
  try {
    auto read = wire::read_client_hello(data, size);
    if (!read.error.empty()) errors.push_back(std::move(read.error));
    const wire::ClientHello& hello = read.hello;
    out.record_version = hello.record_version;
    out.legacy_version = hello.legacy_version;
    out.suites = hello.cipher_suites;
    out.compression_methods = hello.compression_methods;
    for (const auto& e : hello.extensions) out.extensions.push_back({e.type, e.body});

    wire::OfferedHello offer;
    read_extensions(hello, offer, errors);
    out.versions = std::move(offer.supported_versions);
    out.groups = std::move(offer.groups);
    out.key_share_groups = std::move(offer.key_share_groups);
    out.signature_algorithms = std::move(offer.signature_algorithms);
    out.signature_algorithms_cert = std::move(offer.signature_algorithms_cert);
    out.alpn = std::move(offer.alpn);
    out.sni = std::move(offer.server_name);
  } catch (const std::exception& e) {  // only std::bad_alloc is left to come here
    errors.push_back(std::string("reading the ClientHello failed: ") + e.what());
  }
  // The errors quote no peer bytes, only numbers and names; one_line keeps it one line anyway.
  out.parse_error = one_line(join(errors, "; "), kMaxErrorText);
  return out;
}

}  // namespace medtls::listen
