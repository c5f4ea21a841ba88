#pragma once
// The client certificates of the mutual-authentication matrix, one per case of the report
// contract: none good expired not_yet_valid self_signed untrusted_ca wrong_key revoked rsa1024
// sha1 wrong_eku. Cases whose refusal must be "for the stated reason" are signed by the CA the
// device trusts, so they need that CA's key; without it they are not applicable, with the
// reason saying how to arrange them.
#include <string>
#include <vector>

#include "common/openssl_ptr.hpp"

namespace medtls::x509 {

struct ClientVector {
  std::string name;
  ossl::X509Ptr cert;  // null for "none" and for not-applicable cases
  ossl::PkeyPtr key;
  std::vector<ossl::X509Ptr> chain;  // intermediates to send after the leaf
  std::string description;           // what the case is
  std::string not_applicable;        // non-empty: why the case cannot be run
};

struct ClientVectorInputs {
  X509* trusted_ca = nullptr;          // the CA the device trusts (--client-ca-cert)
  EVP_PKEY* trusted_ca_key = nullptr;  // and its key (--client-ca-key)
  // The rest of the --client-ca-cert file: the CA's own issuers up to (not including) a root,
  // sent after the CA so that a device trusting only the root can build the path.
  std::vector<X509*> trusted_ca_chain;
  X509* good_cert = nullptr;      // --cert: a certificate the device accepts
  EVP_PKEY* good_key = nullptr;   // --key
  std::vector<X509*> good_chain;  // the rest of the --cert file, sent after the leaf as given
  // The device must have this CRL loaded for "revoked" to be meaningful; the revoked case is
  // made only when the caller also wrote/installed it (see write_client_vectors).
  bool crl_installed = false;
};

// Every case in the contract's order. Throws ForgeError if generation itself fails.
std::vector<ClientVector> make_client_vectors(const ClientVectorInputs& inputs);

}  // namespace medtls::x509

namespace medtls::x509 {

// Every case of the matrix, in the report contract's order.
const std::vector<std::string>& client_case_names();

// The client vectors a `medtls vectors --out DIR` run wrote to DIR/client/<case>.pem (certificate
// then chain) and <case>.key. A case without files is not applicable, with the reason. Throws
// CredentialError (pem_files.hpp) for a file that exists but cannot be read or does not match.
std::vector<ClientVector> load_client_vectors(const std::string& dir);

}  // namespace medtls::x509
