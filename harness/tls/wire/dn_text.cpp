#include "tls/wire/dn_text.hpp"

#include <openssl/x509.h>

#include <climits>
#include <memory>

#include "common/openssl_ptr.hpp"
#include "x509/name_text.hpp"

namespace medtls::wire {

std::string distinguished_name_text(const std::uint8_t* der, std::size_t size) {
  const std::string unparseable = "unparseable DN (" + std::to_string(size) + " bytes)";
  if (size == 0 || size > LONG_MAX) return unparseable;
  const unsigned char* p = der;
  ossl::X509NamePtr name(d2i_X509_NAME(nullptr, &p, static_cast<long>(size)));
  // Trailing bytes after the Name mean the length prefix and the DER disagree.
  if (!name || p != der + size) return unparseable;
  auto text = x509::name_text(name.get());
  return text.empty() ? unparseable : text;
}

}  // namespace medtls::wire
