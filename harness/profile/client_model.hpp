#pragma once
// Rules of the client role (`medtls listen`): they judge obs::ClientRoleObservations — the
// ClientHellos a device sent and what it did with each scenario served to it. A requirement
// carrying one of these has "role": "client" in the profile; the evaluator judges a target only
// by the requirements of the role the device took (profiles/README.md, "Client-role rules").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/tls_version.hpp"
#include "obs/client_role_observations.hpp"

namespace medtls::profile {

struct SuiteMatch;

// Every ClientHello offers at least one version of `require_one_of` and none of `forbid`; the
// offer is supported_versions when sent, else ClientHello.legacy_version (RFC 8446 §4.2.1), and
// legacy_version itself must not be a forbidden version (RFC 8996 §5: not {03,01} or {03,02}).
struct ClientVersionsRule {
  std::vector<TlsVersion> forbid;
  std::vector<TlsVersion> require_one_of;
};

// "Clients shall attempt to negotiate TLS 1.3 if it is supported": every ClientHello offers
// `version` once any of them did (a client that offers it only sometimes falls back); when none
// does, the rule binds nothing the wire can show (not applicable).
struct ClientAttemptsVersionRule {
  TlsVersion version = TlsVersion::TLSv1_3;
};

// Offered suites (GREASE and signalling values aside) judged per ClientHello: none matches
// `forbid`; with `allowed`, every suite of the listed versions is in it; with `require_one_of`,
// at least one of them is offered whenever the hello offers one of `versions`.
struct ClientSuitesRule {
  std::vector<TlsVersion> versions;  // which suites count: those negotiable in these versions
  std::vector<std::uint16_t> allowed;
  std::vector<std::uint16_t> require_one_of;
  std::vector<SuiteMatch> forbid;  // empty or one match
};

// An extension every ClientHello that offers one of `versions` must carry (expect offered) or
// must not carry (expect absent); `or_suites` are suite codes that stand for the extension
// (TLS_EMPTY_RENEGOTIATION_INFO_SCSV for renegotiation_info, RFC 5746 §3.4).
struct ClientExtensionRule {
  std::uint16_t extension = 0;
  bool expect_offered = true;
  std::vector<TlsVersion> versions;
  std::vector<std::uint16_t> or_suites;
};

// Codes a ClientHello's list must contain (all of `require_all`, at least one of
// `require_one_of`) and must not contain (`forbid`): supported_groups or signature_algorithms.
MEDTLS_ENUM(ClientList, groups, signature_algorithms)
struct ClientListRule {
  ClientList list = ClientList::groups;
  std::vector<std::uint16_t> require_all, require_one_of, forbid;
  std::vector<TlsVersion> versions;  // judged in hellos offering one of these (empty: all)
};

// Every ClientHello offers this ALPN protocol name.
struct ClientAlpnRule {
  std::string protocol;
};

// Scenarios the device must refuse. A refusal shows something only when the device accepted
// the `good` scenario in the same run (else it may simply not trust the listener's CA), so
// without that every listed scenario is undecidable. `alert`, when set, is the alert the
// refusal must carry (RFC 8996 §5: protocol_version for a TLS 1.0/1.1 ServerHello); another
// alert or a bare close is then a violation (of a requirement that is usually a should).
struct ClientRefusesRule {
  std::vector<obs::ClientScenario> scenarios;
  std::optional<std::uint8_t> alert;
};

// The device never connects in cleartext: no connection of the run began without a TLS
// handshake record (PS3.15 B.12/B.13: strict TLS; "a client shall attempt to negotiate TLS").
struct ClientNoCleartextRule {};

// The device presented a client certificate when asked (mutual authentication).
struct ClientCertificateRule {};

}  // namespace medtls::profile
