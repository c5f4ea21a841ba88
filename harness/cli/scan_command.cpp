#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/judging.hpp"
#include "cli/target_url.hpp"
#include "cli/tool_info.hpp"
#include "common/utc_time.hpp"
#include "suites/registry.hpp"
#include "tls/probe/scanner.hpp"
#include "x509/client_vectors.hpp"
#include "x509/pem_files.hpp"

namespace medtls::cli {

int input_error(const std::string& message) {
  std::cerr << "medtls: error: " << message << "\n";
  return 2;
}

namespace {

// The user's certificate files, checked before any connection so that a typo costs nothing,
// and the client vectors made from them only if the server asks for a client certificate.
struct ClientCredentials {
  std::vector<x509::X509Ptr> good_certs, ca_certs;
  x509::PkeyPtr good_key, ca_key;
  std::optional<std::vector<x509::ClientVector>> vectors;  // loaded or made

  const std::vector<x509::ClientVector>& get() {
    if (vectors) return *vectors;
    x509::ClientVectorInputs in;
    in.trusted_ca = ca_certs.empty() ? nullptr : ca_certs.front().get();
    in.trusted_ca_key = ca_key.get();
    in.good_cert = good_certs.empty() ? nullptr : good_certs.front().get();
    in.good_key = good_key.get();
    try {
      vectors = x509::make_client_vectors(in);
    } catch (const std::exception& e) {  // the cases cannot run; say why instead of failing
      vectors.emplace();
      for (const auto& name : x509::client_case_names()) {
        vectors->emplace_back();
        vectors->back().name = name;
        vectors->back().not_applicable = std::string("could not make the vector: ") + e.what();
      }
    }
    return *vectors;
  }
};

// Returns "" or the one-line reason.
std::string prepare_certificates(const ScanArgs& a, ClientCredentials& c) {
  try {
    if (!a.ca.empty()) x509::load_certificates(a.ca, "--ca");
    if (!a.crl.empty()) x509::load_crls(a.crl, "--crl");
    if (a.cert.empty() != a.key.empty())
      return a.cert.empty() ? "--key needs --cert" : "--cert needs --key";
    if (a.client_ca_cert.empty() != a.client_ca_key.empty())
      return a.client_ca_cert.empty() ? "--client-ca-key needs --client-ca-cert"
                                      : "--client-ca-cert needs --client-ca-key";
    if (!a.client_vectors.empty() && !a.client_ca_cert.empty())
      return "--client-vectors and --client-ca-cert exclude each other (the directory's "
             "vectors are already signed)";
    if (a.expiry_warning_days < 0) return "--expiry-warning-days must not be negative";
    if (a.no_client_matrix && (!a.client_vectors.empty() || !a.client_ca_cert.empty()))
      return "--no-client-matrix excludes --client-vectors and --client-ca-cert";
    if (!a.cert.empty()) {
      c.good_certs = x509::load_certificates(a.cert, "--cert");
      c.good_key = x509::load_private_key(a.key, "--key");
      x509::check_key_matches(c.good_certs.front().get(), c.good_key.get(), a.cert, a.key);
    }
    if (!a.client_ca_cert.empty()) {
      c.ca_certs = x509::load_certificates(a.client_ca_cert, "--client-ca-cert");
      c.ca_key = x509::load_private_key(a.client_ca_key, "--client-ca-key");
      x509::check_key_matches(c.ca_certs.front().get(), c.ca_key.get(), a.client_ca_cert,
                              a.client_ca_key);
    }
    if (!a.client_vectors.empty()) {
      c.vectors = x509::load_client_vectors(a.client_vectors);
      if (c.good_key)  // --cert/--key is the user's own good certificate: it wins
        for (auto& v : *c.vectors)
          if (v.name == "good") {
            v = x509::ClientVector{};
            v.name = "good";
            v.description = "--cert " + a.cert;
            v.cert = std::move(c.good_certs.front());
            v.key = std::move(c.good_key);
          }
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

int run_scan(const ScanArgs& args, const std::vector<std::string>& command) {
  std::string error;
  auto url = parse_target_url(args.target, error);
  if (!url) return input_error("bad target URL: " + error);
  if (!(args.timeout_s > 0 && args.timeout_s <= 3600))
    return input_error("--timeout must be between 0 and 3600 seconds");
  if (args.max_connections < 1) return input_error("--max-connections must be at least 1");
  if (args.delay_ms < 0) return input_error("--delay must not be negative");
  if (args.sni && args.no_sni) return input_error("--sni and --no-sni exclude each other");

  std::vector<profile::Profile> profiles;
  try {
    profiles = load_profiles(args.profiles, args.profiles_dir);
  } catch (const std::exception& e) {
    return input_error(e.what());
  }
  ClientCredentials credentials;
  if (auto e = prepare_certificates(args, credentials); !e.empty()) return input_error(e);
  if (auto e = prepare_out_dir(args.out); !e.empty()) return input_error(e);

  report::Report rep;
  rep.tool = tool_info();
  rep.command = command;
  rep.started = utc_now_iso8601();

  probe::ProbeOptions options;
  options.host = url->host;
  options.port = url->port;
  if (args.no_sni)
    options.sni = "";
  else if (args.sni)
    options.sni = *args.sni;
  options.timeout = std::chrono::milliseconds(static_cast<long>(args.timeout_s * 1000));
  options.max_connections = args.max_connections;
  options.delay = std::chrono::milliseconds(args.delay_ms);

  report::TargetReport target;
  target.url = url->text;
  target.scheme = url->scheme;
  probe::CertificateInputs certificates;
  certificates.verify.ca_file = args.ca;
  certificates.verify.crl_file = args.crl;
  certificates.verify.expiry_warning_days = args.expiry_warning_days;
  if (!args.no_client_matrix)
    certificates.client_vectors = [&credentials]() -> const std::vector<x509::ClientVector>& {
      return credentials.get();
    };
  target.tls = probe::scan_tls(options, suites::Registry::builtin(), certificates);
  judge(target, profiles);
  rep.targets.push_back(std::move(target));
  rep.finished = utc_now_iso8601();
  return finish(rep, args.out, args.quiet);
}

}  // namespace medtls::cli
