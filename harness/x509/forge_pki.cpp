#include "x509/forge_pki.hpp"

#include <openssl/x509v3.h>

#include <ctime>
#include <functional>

#include "x509/client_vectors.hpp"

namespace medtls::x509 {

namespace {

constexpr std::int64_t kDay = 24 * 3600;

struct Ca {
  std::string ref;  // "ca/root-rsa"
  ossl::X509Ptr cert;
  ossl::PkeyPtr key;
  std::string hash;  // what this CA signs with
  const Ca* parent = nullptr;
};

ossl::X509Ptr up_ref(X509* cert) {
  X509_up_ref(cert);
  return ossl::X509Ptr(cert);
}

std::string subject_of(X509* cert) {
  ossl::StringPtr s(X509_NAME_oneline(X509_get_subject_name(cert), nullptr, 0));
  return s ? s.get() : "";
}

Ca make_ca(const std::string& name, const std::string& cn, const KeySpec& key_spec,
           const std::string& hash, const Ca* parent, std::int64_t now) {
  Ca ca;
  ca.ref = "ca/" + name;
  ca.key = generate_key(key_spec);
  ca.hash = hash;
  ca.parent = parent;
  CertSpec spec;
  spec.common_name = cn;
  spec.ca = true;
  spec.path_length = parent != nullptr ? 0 : -1;
  spec.not_before = now - kDay;
  spec.not_after = now + 3650 * kDay;
  spec.hash = parent != nullptr ? parent->hash : hash;
  ca.cert = parent != nullptr
                ? issue_certificate(spec, ca.key.get(), parent->cert.get(), parent->key.get())
                : issue_certificate(spec, ca.key.get(), nullptr, nullptr);
  return ca;
}

PkiEntry ca_entry(const Ca& ca, const std::string& description) {
  PkiEntry e;
  e.role = PkiRole::ca;
  e.name = ca.ref.substr(3);
  e.issuer = ca.parent != nullptr ? ca.parent->ref : "self";
  e.cert = up_ref(ca.cert.get());
  e.key = ossl::PkeyPtr(ca.key.get());
  EVP_PKEY_up_ref(ca.key.get());
  e.description = description;
  e.expected = ca.parent != nullptr ? "sent in the chain of every leaf it issues"
                                    : "trusted by the device (part of ca/roots.pem)";
  return e;
}

struct ServerCase {
  std::string name, description, expected;
  std::function<void(CertSpec&, KeySpec&)> adjust;
  const Ca* issuer = nullptr;  // null: self-signed
};

}  // namespace

TestPkiSet make_test_pki_set(X509* client_ca, EVP_PKEY* client_ca_key) {
  const std::int64_t now = std::time(nullptr);
  KeySpec rsa;
  KeySpec p384{KeyType::EC, 0, "P-384"};
  Ca root_rsa = make_ca("root-rsa", "medtls Test Root CA RSA", rsa, "SHA256", nullptr, now);
  Ca int_rsa =
      make_ca("intermediate-rsa", "medtls Test Intermediate CA RSA", rsa, "SHA256", &root_rsa, now);
  Ca root_ec = make_ca("root-ec", "medtls Test Root CA EC", p384, "SHA384", nullptr, now);
  Ca int_ec =
      make_ca("intermediate-ec", "medtls Test Intermediate CA EC", p384, "SHA384", &root_ec, now);
  // Signs the "untrusted" server leaf; deliberately not written to ca/.
  Ca untrusted = make_ca("untrusted-root", "medtls Untrusted Root CA", rsa, "SHA256", nullptr, now);
  untrusted.ref = "an untrusted root (not written)";

  TestPkiSet set;
  set.entries.push_back(ca_entry(root_rsa, "RSA-2048 self-signed root"));
  set.entries.push_back(ca_entry(int_rsa, "RSA-2048 intermediate (pathlen 0) under root-rsa"));
  set.entries.push_back(ca_entry(root_ec, "ECDSA P-384 self-signed root"));
  set.entries.push_back(ca_entry(int_ec, "ECDSA P-384 intermediate (pathlen 0) under root-ec"));

  auto ec_leaf = [](const std::string& curve) {
    return [curve](CertSpec& s, KeySpec& k) {
      k = {KeyType::EC, 0, curve};
      s.key_usage = {"digitalSignature"};
    };
  };
  auto none = [](CertSpec&, KeySpec&) {};
  const std::vector<ServerCase> cases = {
      {"good-rsa", "valid RSA-2048/SHA-256 server certificate", "accepted", none, &int_rsa},
      {"good-ec256", "valid ECDSA P-256 server certificate", "accepted", ec_leaf("P-256"), &int_ec},
      {"good-ec384", "valid ECDSA P-384 server certificate", "accepted", ec_leaf("P-384"), &int_ec},
      {"expired", "notAfter in the past", "refused: certificate has expired",
       [now](CertSpec& s, KeySpec&) {
         s.not_before = now - 400 * kDay;
         s.not_after = now - 35 * kDay;
       },
       &int_rsa},
      {"not-yet-valid", "notBefore in the future", "refused: certificate is not yet valid",
       [now](CertSpec& s, KeySpec&) {
         s.not_before = now + 365 * kDay;
         s.not_after = now + 730 * kDay;
       },
       &int_rsa},
      {"self-signed", "self-signed leaf", "refused: self-signed certificate", none, nullptr},
      {"untrusted", "issued by a root the device does not trust",
       "refused: unable to get local issuer certificate", none, &untrusted},
      {"rsa1024", "RSA-1024 key", "refused: EE certificate key too weak (security level 2)",
       [](CertSpec&, KeySpec& k) { k.bits = 1024; }, &int_rsa},
      {"sha1", "signed with SHA-1", "refused: CA signature digest algorithm too weak",
       [](CertSpec& s, KeySpec&) { s.hash = "SHA1"; }, &int_rsa},
      {"wrong-eku", "extendedKeyUsage codeSigning, no serverAuth",
       "refused: unsuitable certificate purpose",
       [](CertSpec& s, KeySpec&) { s.extended_key_usage = {"codeSigning"}; }, &int_rsa},
      {"wrong-san", "SAN DNS:wrong.example.invalid, IP:192.0.2.1",
       "refused when connecting to localhost/127.0.0.1: hostname / IP address mismatch",
       [](CertSpec& s, KeySpec&) {
         s.common_name = "wrong.example.invalid";
         s.dns = {"wrong.example.invalid"};
         s.ips = {"192.0.2.1"};
       },
       &int_rsa},
      {"revoked", "listed in ca/intermediate-rsa.crl.pem",
       "refused when the CRL is loaded: certificate revoked", none, &int_rsa},
      {"corrupt-signature", "one bit of the certificate's signature flipped",
       "refused: certificate signature failure",
       [](CertSpec& s, KeySpec&) { s.corrupt_signature = true; }, &int_rsa},
  };

  std::vector<X509*> revoked_by_int_rsa;
  std::size_t good_rsa = 0;
  for (const auto& c : cases) {
    CertSpec spec;
    spec.common_name = "localhost";
    spec.dns = {"localhost"};
    spec.ips = {"127.0.0.1"};
    spec.key_usage = {"digitalSignature", "keyEncipherment"};
    spec.extended_key_usage = {"serverAuth"};
    KeySpec key_spec;
    if (c.issuer != nullptr) spec.hash = c.issuer->hash;
    c.adjust(spec, key_spec);
    PkiEntry e;
    e.role = PkiRole::server;
    e.name = c.name;
    e.issuer = c.issuer != nullptr ? c.issuer->ref : "self";
    e.description = c.description;
    e.expected = c.expected;
    e.key = generate_key(key_spec);
    if (c.issuer != nullptr) {
      e.cert = issue_certificate(spec, e.key.get(), c.issuer->cert.get(), c.issuer->key.get());
      if (c.issuer != &untrusted) e.chain.push_back(up_ref(c.issuer->cert.get()));
    } else {
      e.cert = issue_certificate(spec, e.key.get(), nullptr, nullptr);
    }
    if (c.name == "revoked") revoked_by_int_rsa.push_back(e.cert.get());
    if (c.name == "good-rsa") good_rsa = set.entries.size();
    set.entries.push_back(std::move(e));
  }
  {
    const auto& good = set.entries[good_rsa];
    PkiEntry e;
    e.role = PkiRole::server;
    e.name = "wrong-key";
    e.issuer = good.issuer;
    e.cert = up_ref(good.cert.get());
    e.key = mismatched_private_key(good.key.get());
    for (const auto& c : good.chain) e.chain.push_back(up_ref(c.get()));
    e.description = "good-rsa's certificate with a private key that is not its own";
    e.expected = "refused: the handshake signature does not verify (decrypt_error)";
    set.entries.push_back(std::move(e));
  }

  // Client vectors: by the device's CA when given, else by the RSA intermediate of this set.
  ClientVectorInputs in;
  in.trusted_ca = client_ca != nullptr ? client_ca : int_rsa.cert.get();
  in.trusted_ca_key = client_ca != nullptr ? client_ca_key : int_rsa.key.get();
  in.crl_installed = true;  // the CRL is written below, next to the certificates
  const std::string client_issuer = client_ca != nullptr ? "--ca-cert" : int_rsa.ref;
  set.client_issuer = subject_of(in.trusted_ca);
  X509* client_revoked = nullptr;
  for (auto& v : make_client_vectors(in)) {
    PkiEntry e;
    e.role = PkiRole::client;
    e.name = v.name;
    e.issuer = v.name == "self_signed"    ? "self"
               : v.name == "untrusted_ca" ? "an untrusted CA (not written)"
               : v.name == "none"         ? ""
                                          : client_issuer;
    e.description = v.description;
    e.expected = v.name == "good" ? "accepted" : "refused";
    e.not_applicable = v.not_applicable;
    if (v.name == "revoked" && v.cert) client_revoked = v.cert.get();
    e.cert = std::move(v.cert);
    e.key = std::move(v.key);
    e.chain = std::move(v.chain);
    set.entries.push_back(std::move(e));
  }

  // Good client leaves with ECDSA keys (P-256, P-384) beside the RSA one of the matrix, for
  // devices that authenticate with EC certificates; not matrix cases of their own.
  for (const char* curve : {"P-256", "P-384"}) {
    PkiEntry e;
    e.role = PkiRole::client;
    e.name = std::string("good-ec") + (curve[2] == '2' ? "256" : "384");
    e.issuer = client_issuer;
    KeySpec key_spec;
    key_spec.type = KeyType::EC;
    key_spec.curve = curve;
    e.key = generate_key(key_spec);
    CertSpec spec;
    spec.common_name = "medtls client " + e.name;
    spec.key_usage = {"digitalSignature"};
    spec.extended_key_usage = {"clientAuth"};
    e.cert = issue_certificate(spec, e.key.get(), in.trusted_ca, in.trusted_ca_key);
    if (X509_check_issued(in.trusted_ca, in.trusted_ca) != X509_V_OK) {  // not self-signed
      X509_up_ref(in.trusted_ca);
      e.chain.emplace_back(in.trusted_ca);
    }
    e.description = std::string("a valid ECDSA ") + curve + " client certificate";
    e.expected = "accepted";
    set.entries.push_back(std::move(e));
  }

  // Every CA gets a CRL, so that a peer checking the whole chain (crl_check_all) can.
  const std::int64_t next = now + 3650 * kDay;
  if (client_ca == nullptr && client_revoked != nullptr)
    revoked_by_int_rsa.push_back(client_revoked);
  auto add_crl = [&](const Ca& ca, const std::vector<X509*>& revoked, const std::string& what) {
    set.crls.push_back({ca.ref.substr(3), PkiRole::ca, ca.ref,
                        issue_crl(ca.cert.get(), ca.key.get(), revoked, now - 3600, next), what});
  };
  add_crl(root_rsa, {}, "CRL of root-rsa (empty)");
  add_crl(int_rsa, revoked_by_int_rsa,
          "CRL of intermediate-rsa: revokes server/revoked" +
              std::string(client_ca ? "" : " and client/revoked"));
  add_crl(root_ec, {}, "CRL of root-ec (empty)");
  add_crl(int_ec, {}, "CRL of intermediate-ec (empty)");
  if (client_ca != nullptr && client_revoked != nullptr)
    set.crls.push_back({"crl", PkiRole::client, client_issuer,
                        issue_crl(client_ca, client_ca_key, {client_revoked}, now - 3600, next),
                        "CRL of the --ca-cert CA: revokes client/revoked"});
  else if (client_ca == nullptr) {
    // The very same CRL: two different CRLs from one issuer would leave a peer to pick one.
    X509_CRL* same = set.crls[1].crl.get();
    X509_CRL_up_ref(same);
    set.crls.push_back({"crl", PkiRole::client, client_issuer, CrlPtr(same),
                        "same as ca/intermediate-rsa.crl.pem: revokes client/revoked"});
  }
  return set;
}

}  // namespace medtls::x509
