// Steps 2 and 3: the same A-ASSOCIATE-RQ in cleartext, to the TLS port (is TLS enforced?) and
// to --plain-port (does the node also speak cleartext DICOM elsewhere?).
#include "dicom/scan_context.hpp"

namespace medtls::dicom {

namespace {

// accepted | refused | inconclusive, with the reason appended to the record's detail.
obs::PlaintextResult verdict(obs::DicomAssociation& r, bool tls_port) {
  obs::PlaintextResult value = obs::PlaintextResult::inconclusive;
  std::string why;
  if (r.result == obs::AssociationResult::accepted) {
    value = obs::PlaintextResult::accepted;
    why = "the node accepted a cleartext association";
  } else if (r.result == obs::AssociationResult::rejected) {
    value = obs::PlaintextResult::refused;
    why = tls_port ? "an A-ASSOCIATE-RJ means this port speaks cleartext DICOM (it rejected "
                     "this request, not the lack of TLS)"
                   : "the node answered in cleartext DICOM but rejected the request";
  } else if (r.result == obs::AssociationResult::aborted) {
    value = obs::PlaintextResult::refused;
    why = "the cleartext request was not accepted";
  } else if (!tls_port && r.result == obs::AssociationResult::channel_failed &&
             r.error.find("refused") != std::string::npos) {
    value = obs::PlaintextResult::refused;
    why = "nothing listens there (TCP connection refused)";
  } else if (r.result !=
             obs::AssociationResult::not_attempted) {  // not_attempted: the detail already says why
    why = "no conclusion from " + r.result;
  }
  if (!why.empty()) r.detail += (r.detail.empty() ? "" : "; ") + why;
  return value;
}

}  // namespace

void plaintext_steps(ScanContext& scan) {
  auto& out = scan.out();
  out.plaintext_tls_port = scan.run(scan.request(
      "plaintext on the TLS port", obs::AssociationKind::plaintext_tls_port, std::nullopt));
  out.plaintext_on_tls_port = verdict(out.plaintext_tls_port, true);

  if (!scan.options().plain_port) return;
  auto request = scan.request("plaintext on port " + std::to_string(*scan.options().plain_port),
                              obs::AssociationKind::plaintext_other_port, std::nullopt);
  request.port = *scan.options().plain_port;
  out.plaintext_other = scan.run(request);
  out.plaintext_other_port = obs::as_port_result(verdict(*out.plaintext_other, false));
}

}  // namespace medtls::dicom
