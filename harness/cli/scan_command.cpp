#include <iostream>

#include "cli/commands.hpp"
#include "cli/judging.hpp"
#include "cli/target_url.hpp"
#include "cli/tool_info.hpp"
#include "common/utc_time.hpp"
#include "suites/registry.hpp"
#include "tls/probe/scanner.hpp"
#include "x509/pem_files.hpp"

namespace medtls::cli {

int input_error(const std::string& message) {
  std::cerr << "medtls: error: " << message << "\n";
  return 2;
}

namespace {

// Certificate options are checked before any connection so that a typo costs nothing.
std::string check_credentials(const ScanArgs& a) {
  try {
    if (!a.ca.empty()) x509::load_certificates(a.ca, "--ca");
    if (a.cert.empty() != a.key.empty())
      return a.cert.empty() ? "--key needs --cert" : "--cert needs --key";
    if (!a.cert.empty()) {
      auto certs = x509::load_certificates(a.cert, "--cert");
      auto key = x509::load_private_key(a.key, "--key");
      x509::check_key_matches(certs.front().get(), key.get(), a.cert, a.key);
    }
  } catch (const x509::CredentialError& e) {
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
  if (auto e = check_credentials(args); !e.empty()) return input_error(e);
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
  target.tls = probe::scan_tls(options, suites::Registry::builtin());
  judge(target, profiles);
  rep.targets.push_back(std::move(target));
  rep.finished = utc_now_iso8601();
  return finish(rep, args.out, args.quiet);
}

}  // namespace medtls::cli
