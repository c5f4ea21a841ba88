// describe_cert: one certificate as plain observation data (obs::CertificateInfo).
#include <arpa/inet.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <ctime>
#include <stdexcept>

#include "common/codes.hpp"
#include "common/peer_text.hpp"
#include "common/utc_time.hpp"
#include "x509/analysis_parts.hpp"
#include "x509/fingerprint.hpp"
#include "x509/name_text.hpp"

namespace medtls::x509::analysis_detail {

namespace {

using GeneralNamesPtr =
    std::unique_ptr<GENERAL_NAMES, ossl::Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;
using EkuPtr =
    std::unique_ptr<EXTENDED_KEY_USAGE, ossl::Deleter<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>>;
using BasicConstraintsPtr =
    std::unique_ptr<BASIC_CONSTRAINTS, ossl::Deleter<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>>;

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

ossl::BioPtr memory_bio() {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throw std::runtime_error("out of memory describing a certificate");
  return bio;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string serial_text(const X509* cert) {
  ossl::BnPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  if (!bn) return "";
  ossl::StringPtr text(BN_bn2hex(bn.get()));
  return text ? lower(text.get()) : "";
}

std::string time_text(const ASN1_TIME* t) {
  const auto unix = unix_time(t);
  return unix ? iso8601_utc(*unix) : "";
}

void describe_key(X509* cert, obs::CertificateInfo& info) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (key == nullptr) {
    info.key_type = "unknown";
    return;
  }
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      info.key_type = "RSA";
      break;
    case EVP_PKEY_RSA_PSS:
      info.key_type = "RSA-PSS";
      break;
    case EVP_PKEY_EC:
      info.key_type = "EC";
      break;
    case EVP_PKEY_DSA:
      info.key_type = "DSA";
      break;
    case EVP_PKEY_ED25519:
      info.key_type = "ED25519";
      break;
    case EVP_PKEY_ED448:
      info.key_type = "ED448";
      break;
    default: {
      const char* name = EVP_PKEY_get0_type_name(key);
      info.key_type = name ? name : "unknown";
    }
  }
  info.key_bits = EVP_PKEY_get_bits(key);
  if (info.key_type == "EC") {
    char group[80] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1) {
      const char* nist = EC_curve_nid2nist(OBJ_sn2nid(group));
      info.curve = nist ? nist : group;
    }
  }
}

// "SHA256", "SHA1", "MD5", "SHA3-256"; "NONE" for signatures without a separate hash (EdDSA).
std::string hash_name(int md_nid) {
  if (md_nid == NID_undef) return "NONE";
  std::string name = OBJ_nid2sn(md_nid);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

void describe_signature(X509* cert, obs::CertificateInfo& info) {
  const int sig_nid = X509_get_signature_nid(cert);
  if (sig_nid != NID_undef) {
    info.signature_algorithm = OBJ_nid2ln(sig_nid);
  } else {
    const X509_ALGOR* alg = nullptr;
    X509_get0_signature(nullptr, &alg, cert);
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, alg);
    char text[128] = {};
    OBJ_obj2txt(text, sizeof text, oid, 1);
    info.signature_algorithm = text;
  }
  // X509_get_signature_info knows the hash inside RSASSA-PSS parameters too.
  int md_nid = NID_undef, pk_nid = NID_undef, secbits = 0;
  std::uint32_t flags = 0;
  info.signature_hash = X509_get_signature_info(cert, &md_nid, &pk_nid, &secbits, &flags) == 1
                            ? hash_name(md_nid)
                            : "unknown";
}

// The bytes of a SAN entry as peer text: a certificate may carry anything in an IA5String.
std::string asn1_text(const ASN1_STRING* s) {
  return peer_text(ASN1_STRING_get0_data(s), static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::string ip_text(const ASN1_OCTET_STRING* ip) {
  char text[INET6_ADDRSTRLEN] = {};
  const int len = ASN1_STRING_length(ip);
  const int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
  if (family == 0 || !inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof text))
    return "(" + std::to_string(len) + " bytes)";
  return text;
}

void describe_san(X509* cert, obs::CertificateInfo& info) {
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names.get(), i);
    switch (g->type) {
      case GEN_DNS:
        info.subject_alt_names.push_back("DNS:" + asn1_text(g->d.dNSName));
        break;
      case GEN_IPADD:
        info.subject_alt_names.push_back("IP:" + ip_text(g->d.iPAddress));
        break;
      case GEN_EMAIL:
        info.subject_alt_names.push_back("email:" + asn1_text(g->d.rfc822Name));
        break;
      case GEN_URI:
        info.subject_alt_names.push_back("URI:" + asn1_text(g->d.uniformResourceIdentifier));
        break;
      default:
        break;  // directory, other and registered names play no part in host checks
    }
  }
}

void describe_key_usage(X509* cert, obs::CertificateInfo& info) {
  if ((X509_get_extension_flags(cert) & EXFLAG_KUSAGE) == 0) return;
  const std::uint32_t ku = X509_get_key_usage(cert);
  const std::pair<std::uint32_t, const char*> names[] = {{KU_DIGITAL_SIGNATURE, "digitalSignature"},
                                                         {KU_NON_REPUDIATION, "nonRepudiation"},
                                                         {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
                                                         {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
                                                         {KU_KEY_AGREEMENT, "keyAgreement"},
                                                         {KU_KEY_CERT_SIGN, "keyCertSign"},
                                                         {KU_CRL_SIGN, "cRLSign"},
                                                         {KU_ENCIPHER_ONLY, "encipherOnly"},
                                                         {KU_DECIPHER_ONLY, "decipherOnly"}};
  for (const auto& [bit, name] : names)
    if (ku & bit) info.key_usage.emplace_back(name);
}

void describe_eku(X509* cert, obs::CertificateInfo& info) {
  if (X509_get_ext_by_NID(cert, NID_ext_key_usage, -1) < 0) return;
  EkuPtr eku(static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr)));
  if (!eku) {
    // Present but unreadable: recorded, so that it cannot pass for "no restriction".
    info.extended_key_usage.emplace_back("(malformed)");
    return;
  }
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
    const ASN1_OBJECT* obj = sk_ASN1_OBJECT_value(eku.get(), i);
    const int nid = OBJ_obj2nid(obj);
    if (nid != NID_undef) {
      info.extended_key_usage.emplace_back(OBJ_nid2sn(nid));
    } else {
      char text[128] = {};
      OBJ_obj2txt(text, sizeof text, obj, 1);
      info.extended_key_usage.emplace_back(text);
    }
  }
}

void describe_constraints(X509* cert, obs::CertificateInfo& info) {
  BasicConstraintsPtr bc(static_cast<BASIC_CONSTRAINTS*>(
      X509_get_ext_d2i(cert, NID_basic_constraints, nullptr, nullptr)));
  if (!bc) return;
  info.is_ca = bc->ca != 0;
  if (bc->pathlen) info.path_length = static_cast<int>(ASN1_INTEGER_get(bc->pathlen));
}

bool self_signed(X509* cert) {
  if (X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) != 0) return false;
  EVP_PKEY* key = X509_get0_pubkey(cert);
  return key != nullptr && X509_verify(cert, key) == 1;
}

std::string pem_text(X509* cert) {
  auto bio = memory_bio();
  if (PEM_write_bio_X509(bio.get(), cert) != 1) return "";
  return bio_text(bio.get());
}

}  // namespace

std::optional<std::int64_t> unix_time(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  return unix_time_of_utc(tm);
}

std::string cert_label(const std::vector<obs::CertificateInfo>& chain, std::size_t depth) {
  const std::string where = depth == 0 ? "leaf" : "certificate " + std::to_string(depth);
  return depth < chain.size() ? where + " " + chain[depth].subject : where;
}

obs::CertificateInfo describe_cert(X509* cert) {
  obs::CertificateInfo info;
  info.subject = name_text(X509_get_subject_name(cert));
  info.issuer = name_text(X509_get_issuer_name(cert));
  info.serial = serial_text(cert);
  info.not_before = time_text(X509_get0_notBefore(cert));
  info.not_after = time_text(X509_get0_notAfter(cert));
  describe_key(cert, info);
  describe_signature(cert, info);
  describe_san(cert, info);
  describe_key_usage(cert, info);
  describe_eku(cert, info);
  describe_constraints(cert, info);
  info.self_signed = self_signed(cert);
  info.sha256 = sha256_hex(cert);
  info.pem = pem_text(cert);
  ERR_clear_error();  // failed look-ups (absent extensions, foreign keys) leave queue entries
  return info;
}

}  // namespace medtls::x509::analysis_detail
