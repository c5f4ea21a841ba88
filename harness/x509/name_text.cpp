#include "x509/name_text.hpp"

#include "common/openssl_ptr.hpp"
#include "common/peer_text.hpp"

namespace medtls::x509 {

namespace {

std::string print(const X509_NAME* name, unsigned long flags) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) return "";
  char* text = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &text);
  return length > 0 && text ? std::string(text, static_cast<std::size_t>(length)) : "";
}

}  // namespace

std::string name_text(const X509_NAME* name) {
  // RFC 2253 with UTF-8 kept readable (hospital names are often Japanese). OpenSSL escapes C0
  // controls itself; what it passes through (C1 and bidirectional controls) is escaped here so
  // that a certificate cannot steer a terminal or a reader. A string OpenSSL cannot turn into
  // UTF-8 (an invalid UTF8String) is printed with every byte above 0x7F escaped instead.
  std::string text = print(name, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  if (text.empty()) text = print(name, XN_FLAG_RFC2253);
  return printable(text);
}

}  // namespace medtls::x509
