#include <algorithm>
#include <cctype>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "cli/commands.hpp"
#include "cli/judging.hpp"
#include "cli/secret_value.hpp"
#include "cli/target_url.hpp"
#include "cli/tool_info.hpp"
#include "common/peer_text.hpp"
#include "common/target.hpp"
#include "common/utc_time.hpp"
#include "dicom/dicom_scan.hpp"
#include "suites/registry.hpp"
#include "tls/probe/scanner.hpp"
#include "x509/client_vectors.hpp"
#include "x509/pem_files.hpp"

namespace medtls::cli {

int input_error(const std::string& message) {
  // One line, whatever the message quotes (a file's bytes in a parse error, a path).
  std::cerr << "medtls: error: " << one_line(message, 1000) << "\n";
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
    for (std::size_t i = 1; i < ca_certs.size(); ++i)
      in.trusted_ca_chain.push_back(ca_certs[i].get());
    in.good_cert = good_certs.empty() ? nullptr : good_certs.front().get();
    in.good_key = good_key.get();
    for (std::size_t i = 1; i < good_certs.size(); ++i)
      in.good_chain.push_back(good_certs[i].get());
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
    // Pairs and exclusions (--cert/--key, --client-vectors/--client-ca-cert …) are CLI11's
    // (scan_options.cpp); an empty value given explicitly still counts as missing here.
    if (a.cert.empty() != a.key.empty())
      return a.cert.empty() ? "--key needs --cert" : "--cert needs --key";
    if (a.client_ca_cert.empty() != a.client_ca_key.empty())
      return a.client_ca_cert.empty() ? "--client-ca-key needs --client-ca-cert"
                                      : "--client-ca-cert needs --client-ca-key";
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
            // Shared, not moved: the DICOM layer presents the same certificate and chain.
            for (std::size_t i = 0; i < c.good_certs.size(); ++i) {
              X509_up_ref(c.good_certs[i].get());
              (i == 0 ? v.cert : v.chain.emplace_back()).reset(c.good_certs[i].get());
            }
            EVP_PKEY_up_ref(c.good_key.get());
            v.key.reset(c.good_key.get());
          }
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

// An AE title (PS3.5 AE): 1–16 characters of the default repertoire, no backslash, not only
// spaces. Returns "" or the reason.
std::string check_ae_title(const std::string& option, const std::string& ae) {
  if (ae.empty() || ae.size() > 16)
    return option + " \"" + ae + "\": an AE title has 1 to 16 characters";
  if (ae.find_first_not_of(' ') == std::string::npos) return option + ": AE title is only spaces";
  for (unsigned char ch : ae)
    if (ch < 0x20 || ch > 0x7e || ch == '\\')
      return option + " \"" + ae + "\": only printable ASCII without backslash is allowed";
  return "";
}

// A JSON Web Token in compact form: three base64url parts separated by dots (RFC 7519 §3).
bool looks_like_jwt(const std::string& t) {
  int dots = 0;
  for (char ch : t) {
    if (ch == '.')
      ++dots;
    else if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_')
      return false;
  }
  return dots == 2 && t.front() != '.';
}

std::string check_dicom_args(const ScanArgs& a, Scheme scheme) {
  const bool dicom_options = a.association_matrix || a.plain_port || !a.user.empty() ||
                             !a.passcode.empty() || !a.jwt.empty() || a.store_test;
  if (scheme != Scheme::dicom && dicom_options)
    return "--association-matrix, --plain-port, --user, --passcode, --jwt and --store-test "
           "apply to dicom:// targets only";
  if (auto e = check_ae_title("--calling-ae", a.calling_ae); !e.empty()) return e;
  if (auto e = check_ae_title("--called-ae", a.called_ae); !e.empty()) return e;
  if (!a.passcode.empty() && a.user.empty()) return "--passcode needs --user";  // "" given
  if (a.user.size() > 65535 || a.passcode.size() > 65535 || a.jwt.size() > 65535)
    return "--user, --passcode and --jwt are limited to 65535 bytes (PS3.7 D.3.3.7)";
  if (!a.jwt.empty() && !looks_like_jwt(a.jwt))
    return "--jwt: not a JSON Web Token in compact form (header.payload.signature, base64url)";
  return "";
}

// The DICOM layer after the TLS scan, on the same target and what is left of its budget.
obs::DicomObservations run_dicom_layer(const ScanArgs& args, const Target& target,
                                       const obs::TlsObservations& tls,
                                       ClientCredentials& credentials,
                                       const obs::StepSelection& selection) {
  dicom::DicomOptions d;
  d.target = target;
  d.calling_ae = args.calling_ae;
  d.called_ae = args.called_ae;
  d.ca_file = args.ca;
  if (!credentials.good_certs.empty()) {
    d.client_cert = credentials.good_certs.front().get();
    d.client_key = credentials.good_key.get();
    for (std::size_t i = 1; i < credentials.good_certs.size(); ++i)  // the file's intermediates
      d.client_chain.push_back(credentials.good_certs[i].get());
    d.client_certificate_label = "--cert " + args.cert;
  } else if (credentials.vectors && !args.client_vectors.empty()) {
    // The directory's "good" client certificate is signed by the CA the device trusts.
    for (const auto& v : *credentials.vectors)
      if (v.name == "good" && v.cert && v.key) {
        d.client_cert = v.cert.get();
        d.client_key = v.key.get();
        for (const auto& c : v.chain) d.client_chain.push_back(c.get());
        d.client_certificate_label = "good vector of --client-vectors " + args.client_vectors;
      }
  }
  d.association_matrix = args.association_matrix;
  if (args.plain_port) d.plain_port = static_cast<std::uint16_t>(*args.plain_port);
  d.client_certificate_checks = !args.no_client_matrix;
  d.identity.user = args.user;
  d.identity.passcode = args.passcode;
  d.identity.jwt = args.jwt;
  d.store_test = args.store_test;
  dicom::ClientVectorSource vectors;
  if (!args.no_client_matrix)
    vectors = [&credentials]() -> const std::vector<x509::ClientVector>& {
      return credentials.get();
    };
  return dicom::scan_dicom(d, tls, suites::Registry::builtin(), vectors, selection);
}

// --deadline, or the default: long enough for a slow but honest device (40 connections'
// worth of --timeout, at least two minutes), never more than the budget could ever take.
report::DeadlineInfo choose_deadline(const ScanArgs& args) {
  report::DeadlineInfo d;
  if (args.deadline_s) {
    d.seconds = *args.deadline_s;
    d.source = "--deadline";
    return d;
  }
  const double most = args.max_connections * args.timeout_s;
  d.seconds = std::min(most, std::max(120.0, 40 * args.timeout_s));
  d.source = "default: 40 × --timeout, at least 120 s, at most --max-connections × --timeout";
  return d;
}

// The scan's target: the URL's endpoint with the budget, rate limit and deadline every layer
// shares.
Target make_target(const ScanArgs& args, const TargetUrl& url, double deadline_seconds) {
  Target t;
  t.scheme = url.scheme;
  t.host = url.host;
  t.port = url.port;
  if (args.no_sni)
    t.sni = "";
  else if (args.sni)
    t.sni = *args.sni;
  t.timeout = std::chrono::milliseconds(static_cast<long>(args.timeout_s * 1000));
  t.delay = std::chrono::milliseconds(args.delay_ms);
  t.max_connections = args.max_connections;
  t.deadline = Deadline::in(deadline_seconds);
  t.budget = std::make_shared<ConnectionBudget>(args.max_connections);
  return t;
}

// --only / --skip over the steps of both layers. Throws std::invalid_argument (one line).
obs::StepSelection select_steps(const ScanArgs& args) {
  if (std::find(args.skip.begin(), args.skip.end(), "versions") != args.skip.end())
    throw std::invalid_argument(
        "--skip versions: every other step needs the accepted versions (use --only to run "
        "fewer steps)");
  auto steps = probe::tls_steps();
  for (auto& s : dicom::dicom_steps()) steps.push_back(std::move(s));
  return obs::StepSelection::make(steps, args.only, args.skip);
}

// A phase that throws (a defect: peers' bytes are data) must not cost the report: the error is
// recorded where the phase's observations would be, and judging goes on with what is known.
template <class Phase>
void guarded(const char* name, std::vector<std::string>& errors, Phase phase) {
  try {
    phase();
  } catch (const std::exception& e) {
    errors.push_back(std::string(name) + ": " + one_line(e.what()));
  }
}

}  // namespace

int run_scan(const ScanArgs& given, const std::vector<std::string>& command) {
  ScanArgs args = given;
  for (auto [option, value] : {std::pair{"--passcode", &args.passcode}, {"--jwt", &args.jwt}}) {
    if (value->empty()) continue;
    auto secret = resolve_secret(option, *value);
    if (!secret.error.empty()) return input_error(secret.error);
    *value = std::move(secret.value);
  }
  std::string error;
  auto url = parse_target_url(args.target, error);
  if (!url) return input_error("bad target URL: " + error);
  if (auto e = check_dicom_args(args, url->scheme); !e.empty()) return input_error(e);
  obs::StepSelection selection;
  try {
    selection = select_steps(args);
  } catch (const std::exception& e) {
    return input_error(e.what());
  }

  std::vector<profile::Profile> profiles;
  try {
    profiles = load_profiles(args.profiles, args.profiles_dir, !args.no_site_baseline);
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

  report::TargetReport target;
  target.url = url->text;
  target.scheme = url->scheme;
  target.deadline = choose_deadline(args);
  const Target scanned = make_target(args, *url, target.deadline.seconds);
  const auto scan_start = std::chrono::steady_clock::now();
  probe::CertificateInputs certificates;
  certificates.verify.ca_file = args.ca;
  certificates.verify.crl_file = args.crl;
  certificates.verify.expiry_warning_days = args.expiry_warning_days;
  if (!args.no_client_matrix)
    certificates.client_vectors = [&credentials]() -> const std::vector<x509::ClientVector>& {
      return credentials.get();
    };
  std::vector<std::string> errors;
  guarded("TLS scan", errors, [&] {
    target.tls = probe::scan_tls(scanned, suites::Registry::builtin(), certificates, selection);
  });
  if (url->scheme == Scheme::dicom) {
    if (args.no_dicom)
      target.dicom.detail = "not run: --no-dicom";
    else
      guarded("DICOM layer", errors, [&] {
        target.dicom = run_dicom_layer(args, scanned, target.tls, credentials, selection);
      });
    for (const auto& step : target.dicom.steps)  // shown and judged like the TLS layer's
      if (step.status == obs::StepStatus::error)
        errors.push_back("DICOM " + step.name + ": " + step.reason);
  }
  target.tls.internal_errors.insert(target.tls.internal_errors.end(), errors.begin(), errors.end());
  target.deadline.used_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - scan_start).count();
  target.deadline.reached = scanned.deadline.passed() || target.dicom.deadline_reached;
  judge(target, profiles);
  rep.targets.push_back(std::move(target));
  rep.finished = utc_now_iso8601();
  return finish(rep, args.out, verbosity(args.quiet, args.verbose));
}

}  // namespace medtls::cli
