#include "dicom/dicom_scan.hpp"

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/oflog/oflog.h"

#include "common/utc_time.hpp"
#include "dicom/identity.hpp"
#include "dicom/scan_context.hpp"
#include "dicom/synthetic_object.hpp"

namespace medtls::dicom {

namespace {

constexpr const char* kUnknownCallingAe = "MEDTLS-UNKNOWN";
constexpr const char* kWrongCalledAe = "MEDTLS-WRONG-AE";

// Step 4: an unknown calling AE title and a wrong called AE title, over TLS.
void ae_title_step(ScanContext& scan) {
  auto calling =
      scan.request("unknown calling AE title", obs::AssociationKind::calling_ae, scan.main_tls());
  calling.calling_ae = kUnknownCallingAe;
  auto called =
      scan.request("wrong called AE title", obs::AssociationKind::called_ae, scan.main_tls());
  called.called_ae = kWrongCalledAe;
  auto& out = scan.out().ae_titles;
  std::string skip;
  if (!scan.options().ae_title_checks)
    skip = "AE-title checks were switched off";
  else if (scan.out().association.result != obs::AssociationResult::accepted)
    skip = "the main association was not accepted (" + scan.out().association.result + ")";
  for (const auto* request : {&calling, &called})
    out.push_back(skip.empty() ? scan.run(*request) : not_attempted(*request, skip));
}

// Step 6: User Identity variants, and what they say about the node's policy.
void identity_step(ScanContext& scan) {
  if (!scan.options().identity.any()) return;
  auto& out = scan.out();
  for (const auto& variant : identity_variants(scan.options().identity)) {
    auto request = scan.request(identity_purpose(variant), obs::AssociationKind::user_identity,
                                scan.main_tls());
    request.identity = variant;
    out.user_identity.push_back(scan.run(request));
  }
  const auto policy = derive_identity_policy(out.association, out.user_identity);
  out.user_identity_policy = policy.policy;
  out.user_identity_detail = policy.detail;
}

// Step 8: one synthetic Secondary Capture C-STORE on an association of its own.
void store_step(ScanContext& scan) {
  if (!scan.options().store_test) return;
  auto request = scan.request("store test", obs::AssociationKind::store, scan.main_tls());
  request.contexts.push_back(
      {UID_SecondaryCaptureImageStorage,
       {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}});
  request.echo = false;
  std::string error;
  DatasetPtr object = make_synthetic_object(error);
  if (!object) {
    scan.out().store_test =
        not_attempted(request, "the synthetic object could not be made: " + error);
    return;
  }
  request.store = object.get();
  scan.out().store_test = scan.run(request);
}

// What the DICOM steps share while they run.
struct DicomScan {
  ScanContext& scan;
  const ClientVectorSource& client_vectors;
};

using Row = obs::Step<DicomScan>;
using obs::step_info;
constexpr auto kLayer = obs::StepLayer::dicom;

// The DICOM layer's steps in the order they run. The main association takes its TLS settings
// from the accepted versions; the steps judged against it need it.
const std::vector<Row>& dicom_table() {
  static const std::vector<Row> table = {
      {step_info(kLayer, "association", {"versions"}),
       [](DicomScan& d) {
         d.scan.out().association = d.scan.run(
             d.scan.request("association", obs::AssociationKind::main, d.scan.main_tls()));
       }},
      {step_info(kLayer, "plaintext", {}, {"association"}),
       [](DicomScan& d) { plaintext_steps(d.scan); }},
      {step_info(kLayer, "ae-titles", {"association"}),
       [](DicomScan& d) { ae_title_step(d.scan); }},
      {step_info(kLayer, "client-certificates", {"association", "client-auth"}),
       [](DicomScan& d) { client_certificate_step(d.scan, d.client_vectors); }},
      {step_info(kLayer, "user-identity", {"association"}),
       [](DicomScan& d) { identity_step(d.scan); }},
      {step_info(kLayer, "association-matrix", {"association", "versions", "suites"}),
       [](DicomScan& d) { matrix_step(d.scan); }},
      {step_info(kLayer, "store", {"versions"}, {"association"}),
       [](DicomScan& d) { store_step(d.scan); }},
  };
  return table;
}

// Why the DICOM layer cannot run at all ("" when it can).
std::string cannot_run(const DicomOptions& options, const obs::TlsObservations& tls) {
  if (!tls.reachable)
    return "the TLS layer was unreachable" +
           (tls.unreachable_reason.empty() ? "" : ": " + tls.unreachable_reason);
  // DCMTK 3.6.7's requestor parses "host:port" and connects over IPv4 only.
  if (options.target.host.find(':') != std::string::npos)
    return "DCMTK 3.6.7 cannot open associations to an IPv6 address (" + options.target.host +
           "); scan the node's IPv4 address or host name for the DICOM checks";
  return "";
}

}  // namespace

std::vector<obs::StepInfo> dicom_steps() {
  return obs::step_infos(dicom_table());
}

obs::DicomObservations scan_dicom(const DicomOptions& options, const obs::TlsObservations& tls,
                                  const suites::Registry& registry,
                                  const ClientVectorSource& client_vectors,
                                  const obs::StepSelection& selection) {
  obs::DicomObservations out;
  out.started = utc_now_iso8601();
  out.calling_ae = options.calling_ae;
  out.called_ae = options.called_ae;
  const std::string halt = cannot_run(options, tls);
  // DCMTK logs its errors to stderr by default; the observations carry them instead.
  if (halt.empty()) OFLog::configure(OFLogger::OFF_LOG_LEVEL);
  out.status = halt.empty() ? obs::LayerStatus::run : obs::LayerStatus::not_run;
  ScanContext scan(options, tls, registry, out);
  DicomScan context{scan, client_vectors};
  obs::StepGates gates;
  gates.halt = [&halt] { return halt; };
  gates.exhausted = [&scan, &options]() -> std::string {
    // The budget is shared: the TLS layer may have spent it before the first association.
    if (scan.budget_exhausted()) return "connection budget exhausted";
    if (options.target.deadline.passed()) return options.target.deadline.reached_text();
    return "";
  };
  gates.unsent = [&out] {
    return static_cast<std::size_t>(out.budget_exhausted) +
           static_cast<std::size_t>(out.deadline_reached);
  };
  std::vector<std::string> errors;  // also in the step records, which the report carries
  obs::run_steps(dicom_table(), context, selection, gates, out.steps, errors, tls.steps);
  if (!halt.empty()) {
    out.detail = halt;
  } else {
    out.detail = std::to_string(out.connections) + " connection(s); main association " +
                 out.association.result +
                 (out.budget_exhausted ? "; the connection budget ran out" : "");
  }
  out.finished = utc_now_iso8601();
  return out;
}

}  // namespace medtls::dicom
