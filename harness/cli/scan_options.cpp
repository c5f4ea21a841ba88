#include "cli/scan_options.hpp"

#include <cstdio>

namespace medtls::cli {

namespace {

constexpr const char* kTarget = "Target";
constexpr const char* kProfiles = "Profiles";
constexpr const char* kCertificates = "Certificates";
constexpr const char* kDicom = "DICOM";
constexpr const char* kBudget = "Budget";
constexpr const char* kOutput = "Output";

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Seconds in (0, most]: CLI::Range admits 0, which would make every connection time out.
CLI::Validator seconds_up_to(double most) {
  return CLI::Validator(
      [most](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return "'" + text + "' is not a number";
        if (v > 0 && v <= most) return "";
        return "must be more than 0 and at most " + number_text(most) + " seconds";
      },
      "SECONDS in (0, " + number_text(most) + "]");
}

constexpr const char* kExamples = R"(Examples:
  medtls scan dicom://pacs.example:2762 --ca ca.pem --out out
  medtls scan tls://10.0.0.5:11112 --profile dicom-b13 --profile site-policy.json -q
  medtls scan hl7://ris.example:2575 --cert me.pem --key me.key --max-connections 60 --delay 200
  medtls scan tls://pacs:2762 --only suites --out out   (suites and what they need)

)";

constexpr const char* kExitCodes = R"(Exit codes:
  0  every selected profile passes
  1  a profile fails
  2  usage or input error (one line on stderr: "medtls: error: ...")
  3  the target could not be reached, or no TLS version could be decided
  4  no profile fails, but one is inconclusive)";

}  // namespace

namespace {

// -q and -v: how much of the summary goes to stdout (the report file is the same either way).
void add_output_level(CLI::App& command, bool& quiet, bool& verbose) {
  auto* q = command
                .add_flag("-q,--quiet", quiet,
                          "only the verdict line of each profile and errors on stdout")
                ->group(kOutput);
  command.add_flag("-v,--verbose", verbose, "also every connection's purpose and answer")
      ->group(kOutput)
      ->excludes(q);
}

}  // namespace

CLI::App* add_scan_command(CLI::App& app, ScanArgs& a) {
  auto* s = app.add_subcommand("scan", "probe a TLS endpoint and judge it against profiles");
  s->footer(std::string(kExamples) + kExitCodes);

  s->add_option("target", a.target, "dicom://host[:port], hl7://host:port or tls://host:port")
      ->required()
      ->group(kTarget);
  auto* sni =
      s->add_option("--sni", a.sni, "server_name to send (default: the host when it is a name)")
          ->group(kTarget);
  s->add_flag("--no-sni", a.no_sni, "send no server_name")->group(kTarget)->excludes(sni);
  auto* only = s->add_option("--only", a.only,
                             "run only these steps (comma-separated), and the steps they need")
                   ->delimiter(',')
                   ->group(kTarget);
  s->add_option("--skip", a.skip,
                "leave these steps out (comma-separated); what they would observe stays "
                "inconclusive")
      ->delimiter(',')
      ->group(kTarget)
      ->excludes(only);

  s->add_option("--profile", a.profiles,
                "profile id or path to a profile .json (repeatable; default dicom-b12, dicom-b13); "
                "site-baseline is added unless --no-site-baseline")
      ->group(kProfiles);
  s->add_flag("--no-site-baseline", a.no_site_baseline,
              "do not judge the site-baseline deployment profile (certificate trust, host name, "
              "validity, EKU, revocation)")
      ->group(kProfiles);
  s->add_option("--profiles-dir", a.profiles_dir,
                "read profiles from this directory instead of the built-in copies")
      ->group(kProfiles);

  s->add_option("--ca", a.ca, "trust anchor(s), PEM or DER (used by certificate checks)")
      ->group(kCertificates);
  s->add_option("--crl", a.crl, "CRL (PEM or DER) to check the server's chain against")
      ->group(kCertificates);
  s->add_option("--expiry-warning-days", a.expiry_warning_days,
                "warn when the server certificate expires within this many days (default 30)")
      ->check(CLI::Range(0, 36500))
      ->group(kCertificates);
  auto* cert =
      s->add_option("--cert", a.cert, "client certificate, PEM or DER")->group(kCertificates);
  auto* key = s->add_option("--key", a.key, "private key of --cert, unencrypted PEM or DER")
                  ->group(kCertificates);
  cert->needs(key);
  key->needs(cert);
  // Declared before the options it excludes, so that the error names it first.
  auto* no_matrix =
      s->add_flag("--no-client-matrix", a.no_client_matrix,
                  "do not present bad client certificates (only test whether one is required)")
          ->group(kCertificates);
  auto* ca_cert =
      s->add_option(
           "--client-ca-cert", a.client_ca_cert,
           "the CA the device trusts for clients: bad client certificates are signed by it")
          ->group(kCertificates);
  auto* ca_key =
      s->add_option("--client-ca-key", a.client_ca_key, "private key of --client-ca-cert")
          ->group(kCertificates);
  ca_cert->needs(ca_key);
  ca_key->needs(ca_cert);
  auto* vectors = s->add_option("--client-vectors", a.client_vectors,
                                "client certificates from `medtls vectors --out DIR` (all matrix "
                                "cases, already signed: excludes --client-ca-cert)")
                      ->group(kCertificates);
  vectors->excludes(ca_cert)->excludes(ca_key);
  no_matrix->excludes(vectors)->excludes(ca_cert)->excludes(ca_key);

  // --no-dicom first: the error of a conflict names it.
  auto* no_dicom = s->add_flag("--no-dicom", a.no_dicom, "dicom://: TLS layer only, no association")
                       ->group(kDicom);
  s->add_option("--calling-ae", a.calling_ae, "our AE title (dicom://; default MEDTLS)")
      ->group(kDicom);
  s->add_option("--called-ae", a.called_ae, "the device's AE title (dicom://; default ANY-SCP)")
      ->group(kDicom);
  auto* matrix = s->add_flag("--association-matrix", a.association_matrix,
                             "dicom://: one association per accepted TLS version and per accepted "
                             "suite")
                     ->group(kDicom);
  auto* plain_port =
      s->add_option("--plain-port", a.plain_port,
                    "dicom://: also check whether this port accepts cleartext DICOM (MDS2 TXCF-2)")
          ->check(CLI::Range(1, 65535))
          ->group(kDicom);
  auto* user = s->add_option("--user", a.user, "dicom://: User Identity username (PS3.7 D.3.3.7)")
                   ->group(kDicom);
  auto* passcode =
      s->add_option("--passcode", a.passcode,
                    "dicom://: User Identity passcode (needs --user); env:VAR or file:PATH reads "
                    "it from there, pass:TEXT is TEXT")
          ->group(kDicom);
  passcode->needs(user);
  auto* jwt = s->add_option("--jwt", a.jwt,
                            "dicom://: User Identity JSON Web Token; env:VAR or file:PATH reads "
                            "it from there")
                  ->group(kDicom);
  auto* store = s->add_flag("--store-test", a.store_test,
                            "dicom://: C-STORE one synthetic Secondary Capture object (no patient "
                            "data)")
                    ->group(kDicom);
  no_dicom->excludes(matrix)->excludes(plain_port)->excludes(user)->excludes(passcode);
  no_dicom->excludes(jwt)->excludes(store);

  s->add_option("--timeout", a.timeout_s, "seconds per connection (default 5)")
      ->check(seconds_up_to(3600))
      ->group(kBudget);
  s->add_option("--max-connections", a.max_connections,
                "connection budget for the whole scan (default 250)")
      ->check(CLI::Range(1, 1000000))
      ->group(kBudget);
  s->add_option("--deadline", a.deadline_s,
                "seconds for the whole scan of the target (default: 40 × --timeout, at least 120, "
                "at most --max-connections × --timeout)")
      ->check(seconds_up_to(86400))
      ->group(kBudget);
  s->add_option("--delay", a.delay_ms, "milliseconds between connections (default 0)")
      ->check(CLI::Range(0, 3600000))
      ->group(kBudget);

  s->add_option("--out", a.out, "directory for report.json")->group(kOutput);
  add_output_level(*s, a.quiet, a.verbose);
  return s;
}

CLI::App* add_report_command(CLI::App& app, RejudgeArgs& a) {
  auto* r = app.add_subcommand("report", "re-judge a saved report.json against profiles");
  r->footer(kExitCodes);
  r->add_option("saved", a.saved, "a report.json written by medtls scan")->required();
  r->add_option("--profile", a.profiles,
                "profile id or path (repeatable); site-baseline is added unless --no-site-baseline")
      ->group(kProfiles);
  r->add_flag("--no-site-baseline", a.no_site_baseline,
              "do not judge the site-baseline deployment profile")
      ->group(kProfiles);
  r->add_option("--profiles-dir", a.profiles_dir, "read profiles from this directory")
      ->group(kProfiles);
  r->add_option("--out", a.out, "directory for the new report.json")->group(kOutput);
  add_output_level(*r, a.quiet, a.verbose);
  return r;
}

}  // namespace medtls::cli
