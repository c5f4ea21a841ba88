#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"

namespace medtls::cli {

namespace {

// "env:NAME" and "file:PATH" only say where the secret is (secret_value.hpp): kept, so that
// the command in the report can be run again.
std::string redacted(const std::string& value) {
  if (value.rfind("env:", 0) == 0 || value.rfind("file:", 0) == 0) return value;
  return "<redacted>";
}

}  // namespace

std::vector<std::string> redact_secrets(std::vector<std::string> args) {
  static const char* const kSecret[] = {"--passcode", "--jwt"};
  for (std::size_t i = 0; i < args.size(); ++i)
    for (const char* option : kSecret) {
      const std::string name = option;
      if (args[i] == name && i + 1 < args.size()) {
        ++i;
        args[i] = redacted(args[i]);
      } else if (args[i].rfind(name + "=", 0) == 0) {
        args[i] = name + "=" + redacted(args[i].substr(name.size() + 1));
      }
    }
  return args;
}

int run(int argc, char** argv) {
  // Kept in every report, with the values of secret options replaced.
  const std::vector<std::string> command = redact_secrets({argv, argv + argc});
  CLI::App app{"medtls: conformance of DICOM / HL7 secure transport to the PS3.15 TLS profiles"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("medtls ") + MEDTLS_VERSION);

  ScanArgs scan;
  auto* s = app.add_subcommand("scan", "probe a TLS endpoint and judge it against profiles");
  s->add_option("target", scan.target, "dicom://host[:port], hl7://host:port or tls://host:port")
      ->required();
  s->add_option("--profile", scan.profiles,
                "profile id or path to a profile .json (repeatable; default dicom-b12, dicom-b13); "
                "site-baseline is added unless --no-site-baseline");
  s->add_flag("--no-site-baseline", scan.no_site_baseline,
              "do not judge the site-baseline deployment profile (certificate trust, host name, "
              "validity, EKU, revocation)");
  s->add_option("--ca", scan.ca, "trust anchor(s), PEM or DER (used by certificate checks)");
  s->add_option("--cert", scan.cert, "client certificate, PEM or DER");
  s->add_option("--key", scan.key, "private key of --cert, unencrypted PEM or DER");
  s->add_option("--crl", scan.crl, "CRL (PEM or DER) to check the server's chain against");
  s->add_option("--client-ca-cert", scan.client_ca_cert,
                "the CA the device trusts for clients: bad client certificates are signed by it");
  s->add_option("--client-ca-key", scan.client_ca_key, "private key of --client-ca-cert");
  s->add_option("--client-vectors", scan.client_vectors,
                "client certificates from `medtls vectors --out DIR` (all matrix cases)");
  s->add_flag("--no-client-matrix", scan.no_client_matrix,
              "do not present bad client certificates (only test whether one is required)");
  s->add_option("--expiry-warning-days", scan.expiry_warning_days,
                "warn when the server certificate expires within this many days (default 30)");
  s->add_option("--sni", scan.sni, "server_name to send (default: the host when it is a name)");
  s->add_flag("--no-sni", scan.no_sni, "send no server_name");
  s->add_option("--out", scan.out, "directory for report.json");
  s->add_option("--timeout", scan.timeout_s, "seconds per connection (default 5)");
  s->add_option("--max-connections", scan.max_connections,
                "connection budget for the whole scan (default 250)");
  s->add_option("--deadline", scan.deadline_s,
                "seconds for the whole scan of the target (default: 40 × --timeout, at least 120, "
                "at most --max-connections × --timeout)");
  s->add_option("--delay", scan.delay_ms, "milliseconds between connections (default 0)");
  s->add_option("--profiles-dir", scan.profiles_dir,
                "read profiles from this directory instead of the built-in copies");
  s->add_flag("--quiet", scan.quiet, "no summary on stdout");
  s->add_option("--calling-ae", scan.calling_ae, "our AE title (dicom://; default MEDTLS)");
  s->add_option("--called-ae", scan.called_ae, "the device's AE title (dicom://; default ANY-SCP)");
  s->add_flag("--association-matrix", scan.association_matrix,
              "dicom://: one association per accepted TLS version and per accepted suite");
  s->add_option("--plain-port", scan.plain_port,
                "dicom://: also check whether this port accepts cleartext DICOM (MDS2 TXCF-2)");
  s->add_option("--user", scan.user, "dicom://: User Identity username (PS3.7 D.3.3.7)");
  s->add_option("--passcode", scan.passcode,
                "dicom://: User Identity passcode (needs --user); env:VAR or file:PATH reads it "
                "from there, pass:TEXT is TEXT");
  s->add_option("--jwt", scan.jwt,
                "dicom://: User Identity JSON Web Token; env:VAR or file:PATH reads it from there");
  s->add_flag("--store-test", scan.store_test,
              "dicom://: C-STORE one synthetic Secondary Capture object (no patient data)");
  s->add_flag("--no-dicom", scan.no_dicom, "dicom://: TLS layer only, no association");

  RejudgeArgs rejudge;
  auto* r = app.add_subcommand("report", "re-judge a saved report.json against profiles");
  r->add_option("saved", rejudge.saved, "a report.json written by medtls scan")->required();
  r->add_option(
      "--profile", rejudge.profiles,
      "profile id or path (repeatable); site-baseline is added unless --no-site-baseline");
  r->add_flag("--no-site-baseline", rejudge.no_site_baseline,
              "do not judge the site-baseline deployment profile");
  r->add_option("--out", rejudge.out, "directory for the new report.json");
  r->add_option("--profiles-dir", rejudge.profiles_dir, "read profiles from this directory");
  r->add_flag("--quiet", rejudge.quiet, "no summary on stdout");

  VectorsArgs vectors;
  auto* ve = app.add_subcommand(
      "vectors", "write the test PKI: CAs, good and bad server and client certificates, CRLs");
  ve->add_option("--out", vectors.out, "directory to write")->required();
  ve->add_option("--ca-cert", vectors.ca_cert,
                 "sign the client vectors with this CA (the device's)");
  ve->add_option("--ca-key", vectors.ca_key, "private key of --ca-cert");

  std::string profiles_dir;
  auto* p = app.add_subcommand("profiles", "list the built-in profiles");
  p->add_option("--profiles-dir", profiles_dir, "list this directory instead");

  std::string version_filter;
  auto* su = app.add_subcommand("suites", "list the cipher-suite registry with its attributes");
  su->add_option("--version", version_filter, "only suites that can be offered at this version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return input_error(std::string(e.what()) + " (see medtls --help)");
  }
  if (s->parsed()) return run_scan(scan, command);
  if (r->parsed()) return run_rejudge(rejudge, command);
  if (ve->parsed()) return run_vectors(vectors);
  if (p->parsed()) return run_list_profiles(profiles_dir);
  return run_list_suites(version_filter);
}

}  // namespace medtls::cli
