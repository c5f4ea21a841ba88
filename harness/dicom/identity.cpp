#include "dicom/identity.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace medtls::dicom {

namespace {

std::string variant_name(const obs::DicomAssociation& a) {
  if (!a.user_identity) return a.purpose;
  return a.user_identity->type +
         (a.user_identity->positive_response_requested ? " (response requested)" : "");
}

}  // namespace

std::vector<IdentityRequest> identity_variants(const UserIdentityInput& input) {
  std::vector<IdentityRequest> base;
  if (!input.user.empty()) {
    base.push_back({obs::IdentityType::username, input.user, "", "", false});
    if (!input.passcode.empty())
      base.push_back({obs::IdentityType::username_passcode, input.user, input.passcode, "", false});
  }
  if (!input.jwt.empty()) base.push_back({obs::IdentityType::jwt, "", "", input.jwt, false});
  std::vector<IdentityRequest> out;
  for (const auto& b : base) {
    out.push_back(b);
    out.push_back(b);
    out.back().positive_response = true;
  }
  return out;
}

std::string identity_purpose(const IdentityRequest& request) {
  return "user identity " + request.type +
         (request.positive_response ? ", response requested" : ", no response requested");
}

IdentityPolicy derive_identity_policy(const obs::DicomAssociation& main,
                                      const std::vector<obs::DicomAssociation>& all_variants) {
  IdentityPolicy p;
  if (all_variants.empty()) return p;
  // With a passcode given, username alone is a weaker probe: the policy is judged on the full
  // credentials, and what the node did with the username alone is said beside it.
  auto type_of = [](const obs::DicomAssociation& a) {
    return a.user_identity ? std::optional<obs::IdentityType>(a.user_identity->type) : std::nullopt;
  };
  const bool has_passcode = std::any_of(
      all_variants.begin(), all_variants.end(),
      [&](const auto& a) { return type_of(a) == obs::IdentityType::username_passcode; });
  std::vector<obs::DicomAssociation> variants;
  std::vector<std::string> username_alone;
  for (const auto& v : all_variants) {
    if (has_passcode && type_of(v) == obs::IdentityType::username)
      username_alone.push_back(variant_name(v) + " " + v.result);
    else
      variants.push_back(v);
  }
  const std::string weaker =
      username_alone.empty() ? "" : "; username without passcode: " + join(username_alone);
  std::vector<std::string> accepted, rejected, other, confirmed, unconfirmed;
  for (const auto& v : variants) {
    const std::string name = variant_name(v);
    if (v.result == obs::AssociationResult::accepted) {
      accepted.push_back(name);
      if (v.user_identity && v.user_identity->positive_response_requested)
        (v.user_identity->server_response == obs::IdentityResponse::present ? confirmed
                                                                            : unconfirmed)
            .push_back(name);
    } else if (v.result == obs::AssociationResult::rejected) {
      rejected.push_back(name + " (" + v.reject_text + ")");
    } else {
      other.push_back(name + " " + v.result);
    }
  }
  const bool all_accepted = accepted.size() == variants.size();
  if (main.result == obs::AssociationResult::accepted && !rejected.empty()) {
    p.policy = obs::IdentityPolicy::rejects;
    p.detail = "accepted without User Identity but rejected " + join(rejected);
  } else if (main.result == obs::AssociationResult::accepted && all_accepted &&
             unconfirmed.empty()) {
    p.policy = obs::IdentityPolicy::accepts;
    p.detail = "accepted every variant and confirmed with a 59H item each time one was requested";
    if (!confirmed.empty()) p.detail += " (" + join(confirmed) + ")";
  } else if (main.result == obs::AssociationResult::accepted && all_accepted) {
    p.policy = obs::IdentityPolicy::ignores;
    p.detail =
        "accepted every variant, as it does without User Identity, but sent no 59H item "
        "when a response was requested: " +
        join(unconfirmed);
    if (!confirmed.empty()) p.detail += " (59H for " + join(confirmed) + ")";
  } else if (main.result == obs::AssociationResult::rejected && !accepted.empty()) {
    p.policy = obs::IdentityPolicy::requires_;
    p.detail = "rejected the association without User Identity (" + main.reject_text +
               ") but accepted " + join(accepted);
  } else {
    p.policy = obs::IdentityPolicy::inconclusive;
    p.detail = "association without User Identity: " + main.result;
    if (!accepted.empty()) p.detail += "; accepted: " + join(accepted);
    if (!rejected.empty()) p.detail += "; rejected: " + join(rejected);
    if (!other.empty()) p.detail += "; otherwise: " + join(other);
  }
  p.detail += weaker;
  return p;
}

}  // namespace medtls::dicom
