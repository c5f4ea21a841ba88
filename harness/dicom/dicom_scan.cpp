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

}  // namespace

obs::DicomObservations scan_dicom(const DicomOptions& options, const obs::TlsObservations& tls,
                                  const suites::Registry& registry,
                                  const ClientVectorSource& client_vectors) {
  obs::DicomObservations out;
  out.started = utc_now_iso8601();
  out.calling_ae = options.calling_ae;
  out.called_ae = options.called_ae;
  if (!tls.reachable) {
    out.status = obs::LayerStatus::not_run;
    out.detail = "the TLS layer was unreachable" +
                 (tls.unreachable_reason.empty() ? "" : ": " + tls.unreachable_reason);
    out.finished = utc_now_iso8601();
    return out;
  }
  // DCMTK 3.6.7's requestor parses "host:port" and connects over IPv4 only.
  if (options.host.find(':') != std::string::npos) {
    out.status = obs::LayerStatus::not_run;
    out.detail = "DCMTK 3.6.7 cannot open associations to an IPv6 address (" + options.host +
                 "); scan the node's IPv4 address or host name for the DICOM checks";
    out.finished = utc_now_iso8601();
    return out;
  }
  // DCMTK logs its errors to stderr by default; the observations carry them instead.
  OFLog::configure(OFLogger::OFF_LOG_LEVEL);
  out.status = obs::LayerStatus::run;
  ScanContext scan(options, tls, registry, out);

  out.association =
      scan.run(scan.request("association", obs::AssociationKind::main, scan.main_tls()));
  plaintext_steps(scan);
  ae_title_step(scan);
  client_certificate_step(scan, client_vectors);
  identity_step(scan);
  matrix_step(scan);
  store_step(scan);

  out.detail = std::to_string(out.connections) + " connection(s); main association " +
               out.association.result +
               (out.budget_exhausted ? "; the connection budget ran out" : "");
  out.finished = utc_now_iso8601();
  return out;
}

}  // namespace medtls::dicom
