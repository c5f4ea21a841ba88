#pragma once
// One evaluator per rule type (eval_*.cpp). Each returns what the observations show, never a
// verdict: the requirement's level decides that (evaluator.cpp). None of them may conclude
// `met` without an observation that shows it.
#include "profile/model.hpp"
#include "profile/outcome.hpp"

namespace medtls::profile {

Outcome evaluate_rule(const VersionRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const VersionAlertRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitesRequiredRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitesAllowedRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitesForbiddenRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitesOptionalRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuitePreferenceRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const SuiteClassPreferenceRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const GroupsRequiredRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const GroupFamiliesRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const FactRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const GroupsMinBitsRule& rule, const EvalContext& ctx);
// eval_certificate*.cpp
Outcome evaluate_rule(const CertificateProblemsRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const CertificateKeyRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const CertificateSignatureHashRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const CertificateTrustRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const CertificateHostnameRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const CertificateEkuRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const CertificateValidityRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const CertificateLifetimeRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const CertificateRevocationRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const OcspStaplingRule& rule, const EvalContext& ctx);
// eval_client_auth.cpp
Outcome evaluate_rule(const MutualAuthenticationRule& rule, const EvalContext& ctx);
// eval_dicom*.cpp
Outcome evaluate_rule(const DicomAssociationRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const DicomPlaintextRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const DicomAssociationChannelsRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const DicomBadCertificateAssociationRule& rule, const EvalContext& ctx);
// eval_client_hello.cpp, eval_client_scenarios.cpp (client role)
Outcome evaluate_rule(const ClientVersionsRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const ClientAttemptsVersionRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const ClientSuitesRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const ClientExtensionRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const ClientListRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const ClientAlpnRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const ClientRefusesRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const ClientNoCleartextRule& rule, const EvalContext& ctx);
Outcome evaluate_rule(const ClientCertificateRule& rule, const EvalContext& ctx);

}  // namespace medtls::profile
