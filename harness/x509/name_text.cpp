#include "x509/name_text.hpp"

#include "common/openssl_ptr.hpp"

namespace medtls::x509 {

std::string name_text(const X509_NAME* name) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
    return "";
  char* text = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &text);
  return length > 0 && text ? std::string(text, static_cast<std::size_t>(length)) : "";
}

}  // namespace medtls::x509
