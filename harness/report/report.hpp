#pragma once
// The report: what was scanned, with which tool versions, what was observed and how each
// profile judged it. Renderers (JSON, terminal summary) only format this; they compute nothing.
#include <cstdint>
#include <string>
#include <vector>

#include "common/target.hpp"  // Scheme
#include "obs/dicom_observations.hpp"
#include "obs/tls_observations.hpp"
#include "profile/evaluator.hpp"

namespace medtls::report {

struct ToolInfo {
  std::string name = "medtls";
  std::string version;
  std::string openssl;
  std::string dcmtk;
};

// The time the scan of one target was given (--deadline, or the default derived from --timeout
// and the budget) and whether it ran out.
struct DeadlineInfo {
  double seconds = 0;
  std::string source;  // "--deadline" or how the default was derived
  bool reached = false;
  double used_seconds = 0;
};

struct TargetReport {
  std::string url;  // as given: dicom://host:port
  Scheme scheme = Scheme::tls;
  DeadlineInfo deadline;
  obs::TlsObservations tls;
  // The DICOM layer (dicom:// targets; status "not_run" otherwise). Written at targets[i].dicom
  // for dicom:// targets only.
  obs::DicomObservations dicom;
  std::vector<profile::Result> profiles;
};

struct Report {
  ToolInfo tool;
  std::string started, finished;
  std::vector<std::string> command;
  std::vector<TargetReport> targets;
  std::string rejudged_from;  // set by `medtls report`: the saved report that was re-judged
  long peak_rss_kb = 0;       // medtls's peak memory up to writing the report (KiB)
};

// Exit code of the contract, from the profile verdicts only (the site-baseline deployment
// profile carries the certificate deployment checks): 0 every profile passes; 1 a profile fails —
// also when nothing else could be decided, as a proven failure (e.g. a server that breaks the
// protocol in every answer) outweighs what is unknown; 3 a target could not be reached or every
// version probe was inconclusive; 4 (extension) no profile fails but one is inconclusive. (2, bad
// input, is decided before any report exists.) DICOM findings (cleartext accepted on the TLS port,
// an association accepted after a bad client certificate, a rejected association …) reach the exit
// code only through the profiles' dicom_* requirements: a failed shall check fails its profile (1),
// an undecided one leaves it inconclusive (4). The DICOM layer alone never makes a target
// unobservable (3): that is decided by the TLS layer.
int exit_code(const Report& report);

// Every TCP connection the scan of a target opened: the TLS layer's and, for dicom://, the
// DICOM layer's. Wide enough that counts read from a forged report cannot overflow.
std::int64_t total_connections(const TargetReport& target);

// True when nothing could be observed of the target (unreachable, or every version
// inconclusive).
bool unobservable(const obs::TlsObservations& tls);

}  // namespace medtls::report
