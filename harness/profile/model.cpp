#include "profile/model.hpp"

#include <type_traits>

namespace medtls::profile {

const char* rule_type(const Rule& rule) {
  return std::visit(
      [](const auto& r) -> const char* {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, VersionRule>) return "version";
        if constexpr (std::is_same_v<T, VersionAlertRule>) return "version_alert";
        if constexpr (std::is_same_v<T, SuitesRequiredRule>) return "suites_required";
        if constexpr (std::is_same_v<T, SuitesAllowedRule>) return "suites_allowed";
        if constexpr (std::is_same_v<T, SuitesForbiddenRule>) return "suites_forbidden";
        if constexpr (std::is_same_v<T, SuitesOptionalRule>) return "suites_optional";
        if constexpr (std::is_same_v<T, SuitePreferenceRule>) return "suite_preference";
        if constexpr (std::is_same_v<T, SuiteClassPreferenceRule>) return "suite_class_preference";
        if constexpr (std::is_same_v<T, GroupsRequiredRule>) return "groups_required";
        if constexpr (std::is_same_v<T, GroupFamiliesRule>) return "groups_families";
        if constexpr (std::is_same_v<T, FactRule>) return "fact";
        if constexpr (std::is_same_v<T, GroupsMinBitsRule>) return "groups_min_bits";
        if constexpr (std::is_same_v<T, CertificateProblemsRule>) return "certificate_problems";
        if constexpr (std::is_same_v<T, CertificateKeyRule>) return "certificate_key";
        if constexpr (std::is_same_v<T, CertificateSignatureHashRule>)
          return "certificate_signature_hash";
        if constexpr (std::is_same_v<T, CertificateTrustRule>) return "certificate_trust";
        if constexpr (std::is_same_v<T, CertificateHostnameRule>) return "certificate_hostname";
        if constexpr (std::is_same_v<T, CertificateEkuRule>) return "certificate_eku";
        if constexpr (std::is_same_v<T, CertificateValidityRule>) return "certificate_validity";
        if constexpr (std::is_same_v<T, CertificateLifetimeRule>) return "certificate_lifetime";
        if constexpr (std::is_same_v<T, CertificateRevocationRule>) return "certificate_revocation";
        if constexpr (std::is_same_v<T, OcspStaplingRule>) return "ocsp_stapling";
        if constexpr (std::is_same_v<T, MutualAuthenticationRule>) return "mutual_authentication";
        if constexpr (std::is_same_v<T, DicomAssociationRule>) return "dicom_association";
        if constexpr (std::is_same_v<T, DicomPlaintextRule>) return "dicom_plaintext";
        if constexpr (std::is_same_v<T, DicomAssociationChannelsRule>)
          return "dicom_association_channels";
        if constexpr (std::is_same_v<T, DicomBadCertificateAssociationRule>)
          return "dicom_bad_certificate_association";
        if constexpr (std::is_same_v<T, ClientVersionsRule>) return "client_versions";
        if constexpr (std::is_same_v<T, ClientAttemptsVersionRule>)
          return "client_attempts_version";
        if constexpr (std::is_same_v<T, ClientSuitesRule>) return "client_suites";
        if constexpr (std::is_same_v<T, ClientExtensionRule>) return "client_extension";
        if constexpr (std::is_same_v<T, ClientListRule>) return "client_list";
        if constexpr (std::is_same_v<T, ClientAlpnRule>) return "client_alpn";
        if constexpr (std::is_same_v<T, ClientRefusesRule>) return "client_refuses";
        if constexpr (std::is_same_v<T, ClientNoCleartextRule>) return "client_no_cleartext";
        if constexpr (std::is_same_v<T, ClientCertificateRule>) return "client_certificate";
      },
      rule);
}

bool judges_role(const Rule& rule, obs::Role role) {
  const bool either = std::holds_alternative<CertificateKeyRule>(rule) ||
                      std::holds_alternative<CertificateSignatureHashRule>(rule) ||
                      std::holds_alternative<CertificateValidityRule>(rule);
  if (either) return true;
  const bool client = std::string(rule_type(rule)).rfind("client_", 0) == 0;
  return client == (role == obs::Role::client);
}

}  // namespace medtls::profile
