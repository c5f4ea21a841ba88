#pragma once
// Readers for the certificate and mutual-authentication rules, checking every name against the
// vocabularies of the certificate observations: problem codes, key types, hash names, scopes and
// the cases of the client-certificate matrix.
#include <string>
#include <vector>

#include "profile/json_node.hpp"
#include "profile/model.hpp"

namespace medtls::profile {

// The problem codes of the report contract (design.md).
const std::vector<std::string>& certificate_problem_codes();
// The cases of the mutual-authentication matrix, in the contract's order.
const std::vector<std::string>& client_auth_cases();

Rule read_certificate_problems(const ObjectNode& o);
Rule read_certificate_key(const ObjectNode& o);
Rule read_certificate_signature_hash(const ObjectNode& o);
Rule read_certificate_trust(const ObjectNode& o);
Rule read_certificate_validity(const ObjectNode& o);
Rule read_certificate_lifetime(const ObjectNode& o);
Rule read_mutual_authentication(const ObjectNode& o);
// dicom_bad_certificate_association: `refuse` as in mutual_authentication (default: every bad
// case; "good" may not be listed; "none" may).
Rule read_dicom_bad_certificate_association(const ObjectNode& o);

}  // namespace medtls::profile
