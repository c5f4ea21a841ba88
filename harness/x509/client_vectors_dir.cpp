// Client vectors read back from a `medtls vectors` directory: the workflow for cases the device
// must be prepared for (trusting the vectors' CA, installing the CRL for "revoked").
#include <filesystem>

#include "obs/certificate_observations.hpp"
#include "x509/client_vectors.hpp"
#include "x509/pem_files.hpp"

namespace medtls::x509 {

const std::vector<std::string>& client_case_names() {
  static const std::vector<std::string> names = enum_names<obs::ClientCase>();  // the one table
  return names;
}

std::vector<ClientVector> load_client_vectors(const std::string& dir) {
  namespace fs = std::filesystem;
  const fs::path client = fs::path(dir) / "client";
  if (!fs::is_directory(client))
    throw CredentialError("--client-vectors " + dir +
                          ": no client/ directory (write one with "
                          "medtls vectors --out " +
                          dir + ")");
  std::vector<ClientVector> out;
  for (const auto& name : client_case_names()) {
    ClientVector v;
    v.name = name;
    if (name == "none") {
      v.description = "no client certificate (empty Certificate message)";
      out.push_back(std::move(v));
      continue;
    }
    const auto cert = client / (name + ".pem"), key = client / (name + ".key");
    v.description = "from " + cert.string();
    if (!fs::exists(cert) || !fs::exists(key)) {
      v.not_applicable = cert.string() +
                         " not found (the vectors were made without the CA this "
                         "case needs; see " +
                         (fs::path(dir) / "README.txt").string() + ")";
      out.push_back(std::move(v));
      continue;
    }
    auto certs = load_certificates(cert.string(), "--client-vectors");
    v.key = load_private_key(key.string(), "--client-vectors");
    // "wrong_key" pairs a certificate with a key that is not its own on purpose.
    if (name != "wrong_key")
      check_key_matches(certs.front().get(), v.key.get(), cert.string(), key.string());
    v.cert = std::move(certs.front());
    for (std::size_t i = 1; i < certs.size(); ++i) v.chain.push_back(std::move(certs[i]));
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace medtls::x509
