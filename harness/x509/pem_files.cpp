#include "x509/pem_files.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace medtls::x509 {

namespace {

using ossl::BioPtr;

std::string read_file(const std::string& path, const std::string& option) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    throw CredentialError(option + " " + path + ": cannot read file: " + std::strerror(err));
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.empty()) throw CredentialError(option + " " + path + ": file is empty");
  return data;
}

BioPtr memory_bio(const std::string& data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

bool looks_like_der(const std::string& data) {
  return !data.empty() && static_cast<unsigned char>(data[0]) == 0x30;
}

bool contains(const std::string& data, const char* marker) {
  return data.find(marker) != std::string::npos;
}

}  // namespace

std::vector<X509Ptr> load_certificates(const std::string& path, const std::string& option) {
  auto data = read_file(path, option);
  std::vector<X509Ptr> out;
  if (looks_like_der(data)) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(data.size())));
    if (!cert)
      throw CredentialError(option + " " + path +
                            ": binary (DER) content that is not an X.509 certificate");
    out.push_back(std::move(cert));
    return out;
  }
  auto bio = memory_bio(data);
  while (X509* raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.emplace_back(raw);
  ERR_clear_error();
  if (out.empty()) {
    if (contains(data, "PRIVATE KEY-----"))
      throw CredentialError(option + " " + path +
                            ": holds a private key, not a certificate (swapped --cert/--key?)");
    throw CredentialError(option + " " + path +
                          ": no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
  }
  return out;
}

PkeyPtr load_private_key(const std::string& path, const std::string& option) {
  auto data = read_file(path, option);
  PkeyPtr key;
  if (looks_like_der(data)) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    key.reset(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(data.size())));
  } else {
    auto bio = memory_bio(data);
    // An empty passphrase callback: an encrypted key fails here instead of prompting.
    key.reset(PEM_read_bio_PrivateKey(
        bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr));
  }
  ERR_clear_error();
  if (key) return key;
  if (contains(data, "ENCRYPTED"))
    throw CredentialError(option + " " + path +
                          ": the private key is encrypted; give an unencrypted key");
  if (contains(data, "BEGIN CERTIFICATE"))
    throw CredentialError(option + " " + path +
                          ": holds a certificate, not a private key (swapped --cert/--key?)");
  throw CredentialError(option + " " + path + ": no private key found (expected PEM or DER)");
}

std::vector<CrlPtr> load_crls(const std::string& path, const std::string& option) {
  auto data = read_file(path, option);
  std::vector<CrlPtr> out;
  if (looks_like_der(data)) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    if (CrlPtr crl{d2i_X509_CRL(nullptr, &p, static_cast<long>(data.size()))})
      out.push_back(std::move(crl));
  } else {
    auto bio = memory_bio(data);
    while (X509_CRL* raw = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr))
      out.emplace_back(raw);
  }
  ERR_clear_error();
  if (out.empty())
    throw CredentialError(option + " " + path +
                          ": no CRL found (expected -----BEGIN X509 CRL----- or DER)");
  return out;
}

void check_key_matches(X509* cert, EVP_PKEY* key, const std::string& cert_path,
                       const std::string& key_path) {
  if (X509_check_private_key(cert, key) != 1) {
    ERR_clear_error();
    throw CredentialError("--key " + key_path + " is not the private key of --cert " + cert_path);
  }
}

}  // namespace medtls::x509
