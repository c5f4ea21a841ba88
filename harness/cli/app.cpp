#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/scan_options.hpp"

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
  app.footer("medtls scan --help lists the scan options, examples and the exit codes.");
  app.set_version_flag("--version", std::string("medtls ") + MEDTLS_VERSION);

  ScanArgs scan;
  auto* s = add_scan_command(app, scan);
  RejudgeArgs rejudge;
  auto* r = add_report_command(app, rejudge);

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
  } catch (const CLI::RequiresError& e) {  // "--cert requires --key": our wording
    std::string text = e.what();
    if (auto at = text.find(" requires "); at != std::string::npos) text.replace(at, 10, " needs ");
    return input_error(text + " (see medtls --help)");
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
