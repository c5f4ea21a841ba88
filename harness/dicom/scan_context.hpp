#pragma once
// What the steps of one DICOM scan share: the options, the TLS scan's findings, the settings of
// the main association, and the connection budget (every TCP connection counted; delay between
// them; not_attempted records once the budget is spent).
#include <memory>
#include <string>

#include "dicom/association.hpp"
#include "dicom/options.hpp"
#include "obs/dicom_observations.hpp"
#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"

namespace medtls::dicom {

class ScanContext {
 public:
  ScanContext(const DicomOptions& options, const obs::TlsObservations& tls,
              const suites::Registry& registry, obs::DicomObservations& out);

  const DicomOptions& options() const { return options_; }
  const obs::TlsObservations& tls() const { return tls_; }
  const suites::Registry& registry() const { return registry_; }
  obs::DicomObservations& out() { return out_; }

  // The main association's TLS settings: every accepted version (TLS 1.0–1.3; 1.2–1.3 when none
  // is known), "ALL:@SECLEVEL=0", OpenSSL's TLS 1.3 suites, ALPN dicom, SNI, --cert/--key.
  const TlsSettings& main_tls() const { return main_tls_; }
  // No connection may be opened any more (this scan's budget, shared with the TLS layer).
  bool budget_exhausted() const { return budget_->exhausted(); }
  // A request with the options' host, port, AE titles and timeout, Verification proposed.
  AssociationRequest request(const std::string& purpose, obs::AssociationKind kind,
                             std::optional<TlsSettings> tls) const;

  // Runs the request on a new connection unless the budget is spent, the deadline has passed or
  // the node has stopped answering. Once a C-ECHO or an A-RELEASE of the node got no usable
  // answer (silence, a drip, a flood, garbage), later associations send neither (an A-ABORT ends
  // them): each would wait out a timeout or read a flood again.
  obs::DicomAssociation run(const AssociationRequest& request);

 private:
  void note(const obs::DicomAssociation& record);

  const DicomOptions& options_;
  const obs::TlsObservations& tls_;
  const suites::Registry& registry_;
  obs::DicomObservations& out_;
  std::shared_ptr<ConnectionBudget> budget_;  // the scan's, after the TLS layer's connections
  TlsSettings main_tls_;
  bool silent_after_accept_ = false;  // a C-ECHO or A-RELEASE got no usable answer
  int unanswered_in_a_row_ = 0;       // associations that got no answer at all
  std::string stop_reason_;
};

// A record of a request that opened no connection, with the reason.
obs::DicomAssociation not_attempted(const AssociationRequest& request, const std::string& reason);

// The TLS versions the scan saw accepted, oldest first, that OpenSSL can be asked for.
std::vector<TlsVersion> accepted_versions(const obs::TlsObservations& tls);

// Steps (each in its own file).
void plaintext_steps(ScanContext& scan);
void client_certificate_step(ScanContext& scan, const ClientVectorSource& client_vectors);
void matrix_step(ScanContext& scan);

}  // namespace medtls::dicom
