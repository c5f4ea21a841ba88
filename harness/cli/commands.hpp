#pragma once
// The subcommands. Each returns the process exit code; bad input is reported on stderr as one
// line and gives 2.
#include <optional>
#include <string>
#include <vector>

namespace medtls::cli {

struct ScanArgs {
  std::string target;
  std::vector<std::string> profiles;  // ids or paths; empty → dicom-b12 and dicom-b13
  bool no_site_baseline = false;      // do not add the site-baseline deployment profile
  std::string ca, cert, key;
  std::string crl;             // revocation list for the server's chain
  std::string client_ca_cert;  // the CA the device trusts, to sign bad client vectors
  std::string client_ca_key;
  std::string client_vectors;  // a directory written by `medtls vectors`
  int expiry_warning_days = 30;
  bool no_client_matrix = false;  // only decide whether a client certificate is required
  std::optional<std::string> sni;
  bool no_sni = false;
  std::string out;
  double timeout_s = 5;
  int max_connections = 250;
  std::optional<double> deadline_s;  // --deadline; default from --timeout and the budget
  int delay_ms = 0;
  std::string profiles_dir;
  bool quiet = false;                   // -q: only the verdict lines and errors
  bool verbose = false;                 // -v: also every attempt
  std::vector<std::string> only, skip;  // steps (--only pulls in what they need)
  // DICOM layer (dicom:// targets only)
  std::string calling_ae = "MEDTLS";
  std::string called_ae = "ANY-SCP";
  bool association_matrix = false;  // one association per accepted version and suite
  std::optional<int> plain_port;    // also check cleartext DICOM on this port
  std::string user, passcode, jwt;  // User Identity negotiation
  bool store_test = false;          // C-STORE one synthetic Secondary Capture object
  bool no_dicom = false;            // TLS layer only
};
int run_scan(const ScanArgs& args, const std::vector<std::string>& command);

struct RejudgeArgs {
  std::string saved;
  std::vector<std::string> profiles;
  bool no_site_baseline = false;
  std::string out;
  std::string profiles_dir;
  bool quiet = false;
  bool verbose = false;
};
int run_rejudge(const RejudgeArgs& args, const std::vector<std::string>& command);

struct VectorsArgs {
  std::string out;
  std::string ca_cert, ca_key;  // sign the client vectors with the device's trusted CA
};
int run_vectors(const VectorsArgs& args);

int run_list_profiles(const std::string& profiles_dir);
int run_list_suites(const std::string& version_filter);

// Shared by scan and report: "medtls: error: …" on stderr, returns 2.
int input_error(const std::string& message);

}  // namespace medtls::cli
