#include "tls/wire/dn_text.hpp"

#include <openssl/bio.h>
#include <openssl/x509.h>

#include <climits>
#include <memory>

#include "common/openssl_ptr.hpp"

namespace medtls::wire {

std::string distinguished_name_text(const std::uint8_t* der, std::size_t size) {
  const std::string unparseable = "unparseable DN (" + std::to_string(size) + " bytes)";
  if (size == 0 || size > LONG_MAX) return unparseable;
  const unsigned char* p = der;
  ossl::X509NamePtr name(d2i_X509_NAME(nullptr, &p, static_cast<long>(size)));
  // Trailing bytes after the Name mean the length prefix and the DER disagree.
  if (!name || p != der + size) return unparseable;
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name.get(), 0, XN_FLAG_RFC2253) < 0) return unparseable;
  char* text = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &text);
  if (length < 0 || (length > 0 && !text)) return unparseable;
  return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace medtls::wire
