#pragma once
// User Identity negotiation: the variants to request, and what the node's answers say about its
// policy.
#include <string>
#include <vector>

#include "dicom/association.hpp"
#include "dicom/options.hpp"
#include "obs/dicom_observations.hpp"
#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"

namespace medtls::dicom {

// username (if user), username_passcode (if user and passcode), jwt (if jwt); each without and
// then with a positive response requested.
std::vector<IdentityRequest> identity_variants(const UserIdentityInput& input);

// "user identity username_passcode, response requested".
std::string identity_purpose(const IdentityRequest& request);

struct IdentityPolicy {
  obs::IdentityPolicy policy = obs::IdentityPolicy::not_tested;
  std::string detail;
};

// From the main association (no identity) and the variants' associations. When a passcode was
// given, the username-only variants do not decide the policy (the detail reports them).
IdentityPolicy derive_identity_policy(const obs::DicomAssociation& main,
                                      const std::vector<obs::DicomAssociation>& variants);

}  // namespace medtls::dicom
