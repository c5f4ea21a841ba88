#pragma once
// What the certificate rules share: whether a chain was observed at all, which certificates a
// scope covers, how a certificate is named in a detail, and the pointers into obs.certificate
// and obs.client_auth.
#include <string>
#include <vector>

#include "common/text.hpp"
#include "profile/model.hpp"
#include "profile/outcome.hpp"

namespace medtls::profile {

std::string certificate_pointer(const std::string& field);  // "certificate.trust"
std::string chain_pointer(std::size_t depth);               // "certificate.chain[0]"
std::string matrix_pointer(std::size_t index);              // "client_auth.matrix[3]"

// True when obs.certificate holds an observed chain; otherwise fills `o` as undecidable with
// the reason ("no server certificate was observed: …").
bool chain_observed(const EvalContext& ctx, Outcome& o);

// Depths the scope covers: leaf → 0; chain → every certificate except a self-signed one above
// the leaf (a trust anchor the server sent along; the client chooses its anchors).
std::vector<std::size_t> scope_depths(const obs::ServerCertificate& cert, CertificateScope scope);

// "leaf CN=pacs" / "certificate 1 CN=Intermediate".
std::string certificate_label(const obs::ServerCertificate& cert, std::size_t depth);

// The client-certificate rules (mutual_authentication, dicom_bad_certificate_association):
// optional client authentication judged by a rule that does not itself ask for "none" to be
// refused. A client without a certificate gets in, so refusing bad ones shows nothing.
bool admits_anonymous(const obs::ClientAuthObservations& ca,
                      const std::vector<std::string>& refuse);
// What those rules add to the detail when they stay undecided for that reason, and for a listed
// case that was not presented.
extern const char* const kAdmitsAnonymousText;
extern const char* const kNotPresentedText;

// The problems with this code, each as its detail.
std::vector<std::string> problem_details(const obs::ServerCertificate& cert,
                                         const std::string& code);

}  // namespace medtls::profile
