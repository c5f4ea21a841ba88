// fuzz_profile_loader: a profile document (a site policy is a user-supplied file) through
// profile::parse_profile, and every profile that loads through profile::evaluate.
//
// Properties checked:
//  - no crash, UB, leak or hang (sanitizers, libFuzzer's -timeout);
//  - only profile::ProfileError escapes parse_profile (finding
//    "profile_foreign_exception.<kind of exception>");
//  - a profile that loads evaluates without throwing (finding "evaluate_throws.<kind>") against two
//    fixed servers built below (a conforming TLS 1.2/1.3 node and a weak legacy one), with and
//    without DICOM observations; every check has a verdict of the documented vocabulary and the
//    profile verdict is pass, fail or inconclusive (finding "bad_verdict").
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <typeinfo>

#include "fuzz_common.hpp"
#include "profile/error.hpp"
#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "suites/registry.hpp"

using medtls::TlsVersion;
using medtls::fuzz::finding;
using medtls::fuzz::message_shape;
namespace obs = medtls::obs;

namespace {

obs::Attempt attempt(int index, TlsVersion v, obs::Outcome outcome, std::uint16_t suite,
                     std::optional<std::uint8_t> alert = std::nullopt) {
  obs::Attempt a;
  a.index = index;
  a.purpose = "version " + std::string(medtls::version_name(v));
  a.sent.legacy_version = medtls::wire_code(v) > 0x0303 ? 0x0303 : medtls::wire_code(v);
  a.reply.outcome = outcome;
  a.reply.version = medtls::wire_code(v);
  a.reply.suite = suite;
  if (alert) a.reply.alert = obs::Alert{2, *alert};
  return a;
}

obs::CertificateInfo leaf(int key_bits, const char* hash, const char* not_after) {
  obs::CertificateInfo c;
  c.subject = "CN=localhost";
  c.issuer = "CN=Test CA,O=medtls vectors";
  c.serial = "01";
  c.not_before = "2025-01-01T00:00:00Z";
  c.not_after = not_after;
  c.key_type = "RSA";
  c.key_bits = key_bits;
  c.signature_algorithm = std::string(hash) + "WithRSAEncryption";
  c.signature_hash = hash;
  c.subject_alt_names = {"DNS:localhost", "IP:127.0.0.1"};
  c.key_usage = {"digitalSignature", "keyEncipherment"};
  c.extended_key_usage = {"serverAuth"};
  c.sha256 = std::string(64, 'a');
  return c;
}

// A TLS 1.2 + 1.3 node with ECDHE-GCM suites, a good chain and client certificates required.
obs::TlsObservations good_server() {
  obs::TlsObservations o;
  o.host = "localhost";
  o.port = 2762;
  o.address = "127.0.0.1";
  o.reachable = true;
  int n = 0;
  for (auto v : medtls::kAllVersions) {
    obs::VersionResult& r = o.versions[v];
    if (v == TlsVersion::TLSv1_2 || v == TlsVersion::TLSv1_3) {
      const std::uint16_t suite = v == TlsVersion::TLSv1_3 ? 0x1302 : 0xC030;
      o.attempts.push_back(attempt(n, v, obs::Outcome::server_hello, suite));
      r.status = obs::VersionStatus::accepted;
      obs::SuiteResult& s = o.suites[v];
      s.accepted = v == TlsVersion::TLSv1_3 ? std::vector<std::uint16_t>{0x1302, 0x1301, 0x1303}
                                            : std::vector<std::uint16_t>{0xC030, 0xC02F, 0xC02C};
      s.order = obs::SuiteOrder::server;
      s.complete = true;
      s.attempts = {n};
      s.kx[suite] = "x25519";
      obs::GroupResult& g = o.groups[v];
      g.supported = {0x001D, 0x0017, 0x0018};
      g.complete = true;
      g.method = v == TlsVersion::TLSv1_3 ? "HelloRetryRequest" : "ServerKeyExchange";
      g.attempts = {n};
    } else {
      o.attempts.push_back(attempt(n, v, obs::Outcome::alert, 0, 70));
      r.status = obs::VersionStatus::rejected;
      r.alert = 70;
    }
    r.attempts = {n++};
  }
  o.dhe.push_back({2048, "ffdhe2048", 0x009F, 1});
  o.certificate_request.status = obs::RequestSeen::requested;
  o.certificate_request.version = "TLSv1.2";
  o.certificate_request.signature_schemes = {0x0804, 0x0403};
  o.certificate_request.certificate_types = {1, 64};
  for (const auto& [fact, values] : obs::fact_values()) o.facts[fact] = {values.front(), "", {0}};
  o.certificate.status = obs::ChainStatus::observed;
  o.certificate.version = "TLSv1.2";
  o.certificate.chain = {leaf(2048, "SHA256", "2030-01-01T00:00:00Z"),
                         leaf(4096, "SHA384", "2035-01-01T00:00:00Z")};
  o.certificate.chain[1].is_ca = true;
  o.certificate.trust = obs::TrustStatus::trusted;
  o.certificate.hostname_checked = "localhost";
  o.certificate.hostname = obs::HostnameStatus::match;
  o.certificate.revocation = obs::RevocationStatus::good;
  o.certificate.ocsp_stapling = obs::StaplingStatus::not_stapled;
  o.client_auth.requested = obs::ClientAuthRequest::required;
  for (auto c : medtls::enum_values<obs::ClientCase>())
    for (const char* v : {"TLSv1.2", "TLSv1.3"})
      o.client_auth.matrix.push_back(
          {c, v,
           c == obs::ClientCase::good ? obs::CaseOutcome::accepted : obs::CaseOutcome::refused,
           std::uint8_t{42}, ""});
  o.connections = static_cast<int>(o.attempts.size());
  return o;
}

// TLS 1.0-1.2 with RSA key exchange and CBC, TLS 1.3 unknown, an expired SHA-1 1024-bit leaf,
// no client authentication, facts in their other states.
obs::TlsObservations weak_server() {
  obs::TlsObservations o;
  o.host = "pacs.example";
  o.port = 11112;
  o.reachable = true;
  int n = 0;
  for (auto v : medtls::kAllVersions) {
    obs::VersionResult& r = o.versions[v];
    if (v == TlsVersion::TLSv1_3) {
      o.attempts.push_back(attempt(n, v, obs::Outcome::timeout, 0));
      r.status = obs::VersionStatus::inconclusive;
    } else if (v == TlsVersion::SSLv3) {
      o.attempts.push_back(attempt(n, v, obs::Outcome::alert, 0, 40));
      r.status = obs::VersionStatus::rejected;
      r.alert = 40;
    } else {
      o.attempts.push_back(attempt(n, v, obs::Outcome::server_hello, 0x002F));
      r.status = obs::VersionStatus::accepted;
      obs::SuiteResult& s = o.suites[v];
      s.accepted = {0x002F, 0x0035, 0x000A, 0x0033};
      s.order = obs::SuiteOrder::client;
      s.complete = v != TlsVersion::TLSv1_1;
      o.groups[v].supported = {0x0017};
      o.groups[v].complete = false;
    }
    r.attempts = {n++};
  }
  o.dhe.push_back({1024, "", 0x0033, 2});
  o.certificate_request.status = obs::RequestSeen::not_requested;
  for (const auto& [fact, values] : obs::fact_values())
    o.facts[fact] = {values.size() > 1 ? values[1] : values.front(), "", {1}};
  o.certificate.status = obs::ChainStatus::observed;
  o.certificate.chain = {leaf(1024, "SHA1", "2020-01-01T00:00:00Z")};
  o.certificate.chain[0].self_signed = true;
  o.certificate.trust = obs::TrustStatus::no_trust_anchor;
  o.certificate.hostname = obs::HostnameStatus::mismatch;
  o.certificate.problems = {{obs::ProblemCode::expired, "", 0},
                            {obs::ProblemCode::weak_key, "", 0},
                            {obs::ProblemCode::self_signed, "", 0}};
  o.client_auth.requested = obs::ClientAuthRequest::not_requested;
  return o;
}

obs::DicomAssociation association(const char* kind, const char* result) {
  obs::DicomAssociation a;
  a.purpose = kind;
  a.kind = *medtls::parse_enum<obs::AssociationKind>(kind);
  a.result = *medtls::parse_enum<obs::AssociationResult>(result);
  a.calling_ae = "MEDTLS";
  a.called_ae = "ANY-SCP";
  a.port = 2762;
  a.channel.status = obs::ChannelStatus::established;
  a.channel.version = "TLSv1.3";
  a.channel.suite = 0x1302;
  a.channel.suite_name = "TLS_AES_256_GCM_SHA384";
  a.channel.group = "x25519";
  a.channel.peer_verification = obs::PeerVerification::trusted;
  a.presentation_contexts.push_back({1,
                                     "1.2.840.10008.1.1",
                                     {"1.2.840.10008.1.2"},
                                     obs::ContextResult::acceptance,
                                     "1.2.840.10008.1.2"});
  a.max_pdu = 16384;
  a.implementation_class_uid = "1.2.276.0.7230010.3.0.3.6.7";
  a.echo = obs::DimseResult::success;
  a.echo_status = 0;
  a.release = obs::ReleaseResult::released;
  a.received.push_back({0x02, 0xb8, "A-ASSOCIATE-AC", "0200000000b8"});
  return a;
}

obs::DicomObservations dicom() {
  obs::DicomObservations d;
  d.status = obs::LayerStatus::run;
  d.calling_ae = "MEDTLS";
  d.called_ae = "ANY-SCP";
  d.association = association("main", "accepted");
  d.plaintext_on_tls_port = obs::PlaintextResult::refused;
  d.plaintext_tls_port = association("plaintext_tls_port", "aborted");
  d.plaintext_tls_port.channel.status = obs::ChannelStatus::plaintext;
  d.plaintext_other_port = obs::OtherPortResult::accepted;
  d.plaintext_other = association("plaintext_other_port", "accepted");
  d.matrix = {association("version", "accepted"), association("suite", "rejected")};
  auto bad = association("client_certificate", "accepted");
  bad.client_case = "expired";
  d.client_certificates = {bad};
  d.connections = 6;
  return d;
}

// One of the vocabulary's values (an enum holding anything else has no name).
bool verdict_ok(medtls::profile::Verdict v) {
  return medtls::name_of(v) != "?";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& registry = medtls::suites::Registry::builtin();
  static const obs::TlsObservations servers[] = {good_server(), weak_server()};
  static const obs::DicomObservations node = dicom();

  const std::string text(reinterpret_cast<const char*>(data), size);
  medtls::profile::Profile profile;
  try {
    profile = medtls::profile::parse_profile(text, "fuzz.json", "", registry);
  } catch (const medtls::profile::ProfileError&) {
    return 0;  // the documented failure
  } catch (const std::exception& e) {
    finding("profile_foreign_exception." + medtls::fuzz::exception_kind(e), message_shape(e.what()),
            e.what(), data, size);
    return 0;
  } catch (...) {
    finding("profile_foreign_exception", "non-std exception", "", data, size);
    return 0;
  }

  for (const auto& server : servers)
    for (const obs::DicomObservations* d :
         {static_cast<const obs::DicomObservations*>(nullptr), &node}) {
      medtls::profile::Result result;
      try {
        result = medtls::profile::evaluate(profile, server, registry, d);
      } catch (const std::exception& e) {
        finding("evaluate_throws." + medtls::fuzz::exception_kind(e), message_shape(e.what()),
                e.what(), data, size);
        continue;
      }
      using medtls::profile::Verdict;
      if (result.verdict != Verdict::pass && result.verdict != Verdict::fail &&
          result.verdict != Verdict::inconclusive)
        finding("bad_verdict", "profile", "profile verdict " + result.verdict, data, size);
      for (const auto& check : result.checks)
        if (!verdict_ok(check.verdict))
          finding("bad_verdict", "check", check.id + ": verdict " + check.verdict, data, size);
    }
  return 0;
}
