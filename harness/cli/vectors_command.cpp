// `medtls vectors --out DIR [--ca-cert FILE --ca-key FILE]`: writes the test PKI (see
// vectors/README.md for the layout and the device workflow) with a manifest.json for tools and
// a README.txt for people.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <openssl/x509v3.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "common/utc_time.hpp"
#include "x509/client_vectors.hpp"
#include "x509/forge_pki.hpp"
#include "x509/pem_files.hpp"

namespace medtls::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Creates or replaces `path` with `mode` (also when it existed with another mode: keys 0600).
void write_file(const fs::path& path, const std::string& data, mode_t mode) {
  auto fail = [&path](const char* what) {
    return WriteError("--out: cannot " + std::string(what) + " " + path.string() + ": " +
                      std::strerror(errno));
  };
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw fail("write");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fchmod(fd, mode) != 0) throw fail("chmod");
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw fail("write");
    done += static_cast<std::size_t>(n);
  }
}

struct Output {
  fs::path dir;
  json files = json::array();

  void put(const std::string& rel, const std::string& data, mode_t mode, json meta,
           const char* kind = nullptr) {
    write_file(dir / rel, data, mode);
    meta["path"] = rel;
    if (kind != nullptr) meta["kind"] = kind;
    files.push_back(std::move(meta));
  }
};

std::string device_must(const x509::PkiEntry& e, const std::string& client_trust) {
  if (e.role == x509::PkiRole::ca)
    return e.issuer == "self" ? "trust it (part of ca/roots.pem)" : "nothing (sent in the chains)";
  if (e.role == x509::PkiRole::server) {
    std::string s = "trust ca/roots.pem";
    if (e.name == "revoked") s += " and load ca/intermediate-rsa.crl.pem (or ca/crls.pem)";
    if (e.name == "wrong-san") s += "; connect to it as localhost or 127.0.0.1";
    return s;
  }
  std::string s = "trust " + client_trust + " for client certificates";
  if (e.name == "revoked") s += " and install client/crl.pem";
  return s;
}

json make_manifest(const x509::TestPkiSet& set, Output& out, const std::string& client_trust) {
  std::string roots, crls;
  json client_cases = json::array();
  for (const auto& e : set.entries) {
    json meta = {{"role", e.role},         {"case", e.name},
                 {"issuer", e.issuer},     {"description", e.description},
                 {"expected", e.expected}, {"device_must", device_must(e, client_trust)}};
    std::string stem = e.role + "/" + e.name;
    if (e.cert) {
      std::string chain = x509::pem(e.cert.get());
      for (const auto& c : e.chain) chain += x509::pem(c.get());
      out.put(stem + ".pem", chain, 0644, meta, "certificate+chain");
      out.put(stem + ".key", x509::pem(e.key.get()), 0600, meta, "private key");
      if (e.role == x509::PkiRole::ca && e.issuer == "self") roots += x509::pem(e.cert.get());
    }
    const auto& cases = x509::client_case_names();
    if (e.role == x509::PkiRole::client &&
        std::find(cases.begin(), cases.end(), e.name) != cases.end())
      client_cases.push_back({{"case", e.name},
                              {"cert", e.cert ? json(stem + ".pem") : json(nullptr)},
                              {"key", e.cert ? json(stem + ".key") : json(nullptr)},
                              {"description", e.description},
                              {"expected", e.expected},
                              {"not_applicable", e.not_applicable}});
  }
  for (const auto& c : set.crls) {
    std::string rel = c.role == x509::PkiRole::ca ? "ca/" + c.name + ".crl.pem" : "client/crl.pem";
    std::string text = x509::pem(c.crl.get());
    if (c.role == x509::PkiRole::ca) crls += text;
    out.put(rel, text, 0644,
            {{"kind", "crl"},
             {"role", c.role},
             {"case", "crl"},
             {"issuer", c.issuer},
             {"description", c.description},
             {"device_must", "install it to test revocation"}});
  }
  out.put("ca/roots.pem", roots, 0644,
          {{"kind", "bundle"},
           {"role", x509::PkiRole::ca},
           {"case", "roots"},
           {"issuer", "self"},
           {"description", "root-rsa and root-ec"},
           {"device_must", "trust it"}});
  out.put("ca/crls.pem", crls, 0644,
          {{"kind", "bundle"},
           {"role", x509::PkiRole::ca},
           {"case", "crls"},
           {"issuer", "ca/*"},
           {"description", "every CRL of ca/"},
           {"device_must", "install it to test revocation"}});
  return {{"schema", "medtls.vectors/1"},
          {"created", utc_now_iso8601()},
          {"device_setup",
           {{"as_tls_client",
             "trust ca/roots.pem and install ca/crls.pem; point it at a peer serving "
             "server/NAME.pem with server/NAME.key"},
            {"as_tls_server",
             "trust " + client_trust +
                 " for client certificates and install client/crl.pem; then medtls scan TARGET "
                 "--client-vectors " +
                 out.dir.string()},
            {"client_issuer", set.client_issuer}}},
          {"client_cases", client_cases},
          {"files", out.files}};
}

std::string readme(const json& manifest) {
  std::ostringstream s;
  const auto& setup = manifest["device_setup"];
  s << "medtls test vectors (" << manifest["created"].get<std::string>() << ")\n"
    << "Throw-away test PKI: no key here belongs to a real system. Keys are unencrypted (0600).\n\n"
    << "Device as TLS client (medtls or openssl s_server serves the server vectors):\n  "
    << setup["as_tls_client"].get<std::string>() << "\n"
    << "Device as TLS server (medtls presents the client vectors):\n  "
    << setup["as_tls_server"].get<std::string>() << "\n  client vectors issued by "
    << setup["client_issuer"].get<std::string>() << "\n\n"
    << "Files (NAME.pem holds the certificate followed by its chain):\n";
  for (const auto& f : manifest["files"]) {
    if (f["kind"] == "private key") continue;
    s << "  " << f["path"].get<std::string>() << ": " << f["description"].get<std::string>();
    if (f.contains("expected")) s << "; expected: " << f["expected"].get<std::string>();
    s << "; device: " << f["device_must"].get<std::string>() << "\n";
  }
  s << "\nClient cases without files:\n";
  for (const auto& c : manifest["client_cases"])
    if (c["cert"].is_null())
      s << "  " << c["case"].get<std::string>() << ": "
        << (c["not_applicable"].get<std::string>().empty()
                ? c["description"].get<std::string>()
                : "not applicable: " + c["not_applicable"].get<std::string>())
        << "\n";
  return s.str();
}

}  // namespace

int run_vectors(const VectorsArgs& args) {
  if (args.ca_cert.empty() != args.ca_key.empty())
    return input_error("--ca-cert and --ca-key go together");
  ossl::X509Ptr ca;
  ossl::PkeyPtr ca_key;
  std::string client_trust = "ca/roots.pem (the client vectors are issued by intermediate-rsa)";
  try {
    if (!args.ca_cert.empty()) {
      auto certs = x509::load_certificates(args.ca_cert, "--ca-cert");
      ca = std::move(certs.front());
      ca_key = x509::load_private_key(args.ca_key, "--ca-key");
      x509::check_key_matches(ca.get(), ca_key.get(), args.ca_cert, args.ca_key);
      if (X509_check_ca(ca.get()) == 0)
        return input_error("--ca-cert " + args.ca_cert + ": not a CA certificate");
      client_trust = "the CA of --ca-cert (" + args.ca_cert + ")";
    }
  } catch (const std::exception& e) {
    return input_error(e.what());
  }

  Output out{fs::path(args.out)};
  std::error_code ec;
  for (auto role : enum_values<x509::PkiRole>()) {  // ca/, server/, client/
    fs::create_directories(out.dir / name_of(role), ec);
    if (ec) return input_error("--out " + args.out + ": cannot create directory: " + ec.message());
  }
  try {
    auto set = x509::make_test_pki_set(ca.get(), ca_key.get());
    json manifest = make_manifest(set, out, client_trust);
    write_file(out.dir / "manifest.json", manifest.dump(2) + "\n", 0644);
    write_file(out.dir / "README.txt", readme(manifest), 0644);
  } catch (const WriteError& e) {
    return input_error(e.what());
  } catch (const std::exception& e) {
    // The only input that can make generation fail is the user's CA (e.g. a key type it
    // cannot sign with), so this is an input error too.
    return input_error(std::string("generating the vectors: ") + e.what());
  }
  std::cout << "test PKI written to " << args.out << " (see " << (out.dir / "README.txt").string()
            << ")\n";
  return 0;
}

}  // namespace medtls::cli
