#pragma once
// The whole test PKI of `medtls vectors` in memory: CAs, the server vectors, the client vectors
// and the CRLs, each with the file stem it is written under and what it is for. Writing the
// files, the manifest and the README is the command's job.
#include <string>
#include <vector>

#include "common/enum_names.hpp"
#include "x509/forge.hpp"

namespace medtls::x509 {

// Who a file of the set is for, and the directory it is written in (ca/, server/, client/).
MEDTLS_ENUM(PkiRole, ca, server, client)

struct PkiEntry {
  PkiRole role = PkiRole::ca;
  std::string name;    // file stem: "root-rsa", "expired", … (client: the matrix case)
  std::string issuer;  // what signed it: "ca/intermediate-rsa", "self", "--ca-cert", …
  ossl::X509Ptr cert;  // null for client "none" and not-applicable client cases
  ossl::PkeyPtr key;
  std::vector<ossl::X509Ptr> chain;  // sent after the leaf (written after it in NAME.pem)
  std::string description;
  std::string expected;        // what a conforming peer does with it, and why
  std::string not_applicable;  // client cases that could not be made, with how to arrange them
};

struct PkiCrl {
  std::string name;            // file stem under the directory of `role`
  PkiRole role = PkiRole::ca;  // ca or client
  std::string issuer;          // as in PkiEntry
  CrlPtr crl;
  std::string description;
};

struct TestPkiSet {
  std::vector<PkiEntry> entries;  // CAs first, then server, then client, in the contract's order
  std::vector<PkiCrl> crls;
  std::string client_issuer;  // the subject of the CA that signed the client vectors
};

// client_ca/client_ca_key: the device's trusted CA for the client vectors (both or neither);
// without them the client vectors are issued by the RSA intermediate of the set.
TestPkiSet make_test_pki_set(X509* client_ca, EVP_PKEY* client_ca_key);

}  // namespace medtls::x509
