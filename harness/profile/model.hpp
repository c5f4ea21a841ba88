#pragma once
// A profile as data: requirements, each with a level, a citation and one rule from a small
// vocabulary (profiles/README.md). The loader builds these from profiles/<id>.json; the
// evaluator judges observations against them. Nothing here knows any particular standard.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/tls_names.hpp"  // GroupFamily
#include "common/tls_version.hpp"
#include "obs/client_role_observations.hpp"
#include "profile/client_model.hpp"
#include "profile/finding.hpp"  // Level

namespace medtls::profile {

// Selects cipher suites by their registry attributes. Fields combine with AND; the values
// listed in one field combine with OR; an absent field does not constrain.
struct SuiteMatch {
  std::vector<std::uint16_t> suites;  // these codes
  std::vector<std::string> kx, auth, cipher, mode, hash;
  std::optional<bool> aead, forward_secrecy, export_grade;
  std::optional<int> strength_below;  // effective strength (bits) below this
  std::vector<SuiteMatch> any_of;     // and at least one of these
  std::vector<SuiteMatch> except;     // and none of these
};

// Protocol version accepted or rejected.
struct VersionRule {
  TlsVersion version = TlsVersion::TLSv1_2;
  bool expect_accepted = true;
};

// A rejected version must be refused with this alert.
struct VersionAlertRule {
  TlsVersion version = TlsVersion::TLSv1_0;
  std::uint8_t alert = 70;
};

// Suites that must be accepted (all of them, or at least one) in one of the versions.
struct SuitesRequiredRule {
  std::vector<TlsVersion> versions;
  std::vector<std::uint16_t> suites;
  bool all = true;
  bool only_if_accepted = false;  // no listed version accepted: not_applicable, not violated
  // Required only when some accepted suite of the listed versions is selected by this match
  // (B.1: the mechanisms are required "if the corresponding features … are supported").
  std::optional<SuiteMatch> only_if_any;
};

// A closed list: an accepted suite outside it violates.
struct SuitesAllowedRule {
  std::vector<TlsVersion> versions;
  std::vector<std::uint16_t> suites;
};

// No accepted suite may match.
struct SuitesForbiddenRule {
  std::vector<TlsVersion> versions;
  SuiteMatch match;
};

// Informational: which of these suites are accepted.
struct SuitesOptionalRule {
  std::vector<TlsVersion> versions;
  std::vector<std::uint16_t> suites;
};

// When both are acceptable, the server must choose `prefer` over any suite matching `over`.
struct SuitePreferenceRule {
  std::vector<TlsVersion> versions;
  std::uint16_t prefer = 0;
  SuiteMatch over;
};

// A class of suites (`prefer`, e.g. forward secrecy) chosen over another (`over`) whenever the
// client offers both, and, when `required`, at least one suite of the class accepted in some
// listed version (RFC 9325 §4.1 "MUST support and prefer to negotiate cipher suites offering
// forward secrecy").
struct SuiteClassPreferenceRule {
  std::vector<TlsVersion> versions;
  SuiteMatch prefer, over;
  bool required = false;
};

// A derived fact (obs::fact_values()) mapped onto outcomes.
struct FactRule {
  std::string fact;
  std::vector<std::string> pass, fail, not_applicable;
  std::map<std::string, std::string> warn;  // value -> reason
};

// Every key-exchange group of one family that the server chose must have at least `bits`.
struct GroupsMinBitsRule {
  GroupFamily family = GroupFamily::ec;  // ec or ff
  int bits = 0;
  std::map<std::string, std::string> warn;  // group name -> reason
};

// Each accepted listed version supports every listed group (RFC 8446 §9.1: TLS 1.3 MUST support
// secp256r1). Read from the group enumeration (obs.groups).
struct GroupsRequiredRule {
  std::vector<TlsVersion> versions;
  std::vector<std::uint16_t> groups;
};

// Every group the server supports in the listed versions belongs to an allowed family (ec, ff,
// hybrid): B.13 permits ECDHE and DHE only. Read from the group enumeration (obs.groups).
struct GroupFamiliesRule {
  std::vector<TlsVersion> versions;
  std::vector<GroupFamily> allowed;
};

// Certificate rules judge obs.certificate (the server's chain as analysed by x509/analysis);
// their "scope" is leaf (depth 0) or chain (every certificate except a self-signed one above the
// leaf, i.e. a trust anchor the server sent along).
MEDTLS_ENUM(CertificateScope, leaf, chain)

// None of these problem codes may be listed (obs::CertificateProblem::code).
struct CertificateProblemsRule {
  std::vector<std::string> forbid;
};

// Public-key sizes (and, when `types` is given, the only key types allowed).
struct CertificateKeyRule {
  std::optional<int> rsa_min_bits, ec_min_bits, dsa_min_bits;  // RSA covers RSA-PSS
  std::vector<std::string> types;                              // RSA RSA-PSS EC DSA ED25519 ED448
  CertificateScope scope = CertificateScope::leaf;
};

// Signature hashes: a closed list (`allowed`) or a deny list (`forbidden`). Self-signatures are
// not judged (RFC 8446 §4.2.3: they are not validated).
struct CertificateSignatureHashRule {
  std::vector<std::string> allowed, forbidden;
  CertificateScope scope = CertificateScope::chain;
};

// Verification against the user's trust anchors (--ca). Without any, the check is inconclusive
// unless `not_checked_without_anchor` (a deployment profile: trust is then reported as not
// checked, which neither passes nor leaves the scan undecided).
struct CertificateTrustRule {
  bool not_checked_without_anchor = false;
};
// The target's host name or IP literal against the leaf's subjectAltName.
struct CertificateHostnameRule {};
// The leaf's extendedKeyUsage, when present, includes serverAuth.
struct CertificateEkuRule {};

// Every certificate valid at the time of the scan; `expires_soon` (a reason) turns the leaf's
// approaching expiry into a warning.
struct CertificateValidityRule {
  std::string expires_soon;
};

// The leaf's validity period (notBefore to notAfter) is at most `max_days`.
struct CertificateLifetimeRule {
  int max_days = 0;
};

// The leaf is not revoked according to the CRL given with --crl.
struct CertificateRevocationRule {};
// The server staples an OCSP response.
struct OcspStaplingRule {};

// The mutual-authentication matrix: every case in `refuse` must be refused in every version.
// "none" in `refuse` means a client certificate is required; otherwise `not_requested` is the
// reason given when the server never asks for one (undecidable, not a violation).
struct MutualAuthenticationRule {
  std::vector<std::string> refuse;
  std::string not_requested;
};

// DICOM rules judge obs::DicomObservations (dicom:// targets only; not applicable otherwise).
// Which TLS channels "the profile allows" is read from the profile's own version, suites_allowed
// and suites_forbidden requirements (eval_dicom_channel.cpp).

// The main association: accepted, C-ECHO status 0x0000, over a channel the profile allows.
struct DicomAssociationRule {};

// A cleartext A-ASSOCIATE-RQ: to the TLS port (tls) or to the --plain-port (other) must not be
// accepted.
MEDTLS_ENUM(PlaintextPort, tls, other)
struct DicomPlaintextRule {
  PlaintextPort port = PlaintextPort::tls;
};

// --association-matrix: every version and suite the profile allows carries DICOM (C-ECHO).
struct DicomAssociationChannelsRule {};

// No association after a client certificate of these cases (the mutual-authentication
// vocabulary; "none": no certificate at all).
struct DicomBadCertificateAssociationRule {
  std::vector<std::string> refuse;
};

using Rule = std::variant<
    VersionRule, VersionAlertRule, SuitesRequiredRule, SuitesAllowedRule, SuitesForbiddenRule,
    SuitesOptionalRule, SuitePreferenceRule, SuiteClassPreferenceRule, FactRule, GroupsMinBitsRule,
    GroupsRequiredRule, GroupFamiliesRule, CertificateProblemsRule, CertificateKeyRule,
    CertificateSignatureHashRule, CertificateTrustRule, CertificateHostnameRule, CertificateEkuRule,
    CertificateValidityRule, CertificateLifetimeRule, CertificateRevocationRule, OcspStaplingRule,
    MutualAuthenticationRule, DicomAssociationRule, DicomPlaintextRule,
    DicomAssociationChannelsRule, DicomBadCertificateAssociationRule,
    // client role (client_model.hpp)
    ClientVersionsRule, ClientAttemptsVersionRule, ClientSuitesRule, ClientExtensionRule,
    ClientListRule, ClientAlpnRule, ClientRefusesRule, ClientNoCleartextRule,
    ClientCertificateRule>;
// The JSON "type" of a rule.
const char* rule_type(const Rule& rule);
// Whether a rule can judge a device in `role`: client_* rules the client role only; the
// certificate key, signature-hash and validity rules either (a client's certificate is judged
// like a server's); every other rule the server role only.
bool judges_role(const Rule& rule, obs::Role role);

struct Requirement {
  std::string id;     // stable, e.g. "B13-TLS12-REQUIRED-SUITES"
  std::string title;  // one line
  Level level = Level::shall;
  std::string cite;  // section and edition (and RFC section when it comes through BCP 195)
  std::string note;  // reasoning behind the data, shown with the finding
  // Set when the requirement rests on a reading of the text the harness cannot be sure of:
  // a violation is then reported as warn with this reason instead of fail.
  std::string interpretation;
  // The role of the device the requirement binds: a scan judges servers, `medtls listen`
  // clients; each target is judged by the requirements of its own role only.
  obs::Role role = obs::Role::server;
  Rule rule;
};

struct Profile {
  std::string id, name, section, edition, status, description;
  std::string source;  // where it was read from: "profiles/dicom-b13.json" or a path
  std::vector<Requirement> requirements;
};

}  // namespace medtls::profile
