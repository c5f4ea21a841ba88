// fuzz_json_roundtrip: the JSON form of the observations, which every report saves and
// `medtls report` reads back to re-judge a scan.
//
// Properties checked, all on every input:
//  1. Identity (finding "roundtrip"): TlsObservations (with attempts, versions, suites, groups,
//     facts, dhe, certificate, client_auth) and DicomObservations built by FuzzedDataProvider
//     with valid UTF-8 strings: to_json -> dump_json -> json::parse -> from_json -> to_json gives
//     exactly the first JSON. On a mismatch the first differing key is printed to stderr.
//     Fields the JSON form loses are reported to the lead; while a fix is pending the generator
//     can normalise them (each guarded by a known-finding tag "roundtrip_<field>", see
//     fuzz_common.hpp), so that fuzzing gets past them.
//  2. Hostile strings (findings "dump_json_throws", "dump_unparsable", "utf8_copy_key_collision"):
//     arbitrary bytes (invalid UTF-8 included) from the raw input placed in string fields and
//     map keys never make dump_json throw, its output parses, and it equals valid_utf8_copy()
//     of the document; no two keys of one object collapse into one.
//  3. Hostile reports (finding "from_json_foreign_exception.<kind>"): json::parse(input,
//     nullptr, false) and, when it is an object, from_json into each observation type (on the
//     object, its members, targets[i] (the client role's observations are flat there) and
//     targets[i].tls/certificate/client_auth/dicom): only
//     nlohmann::json::exception and std::invalid_argument (a value that means nothing, e.g. a
//     bad code or an out-of-range number) may escape, and nothing is undefined (UBSan; see
//     clamp_floats()). A document that loads gives a JSON form that loads to itself again
//     (finding "from_json_not_idempotent").
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <typeinfo>
#include <vector>

#include "common/tls_names.hpp"
#include "common/tls_version.hpp"
#include "fuzz_common.hpp"
#include "obs/json.hpp"
#include "obs/json_dump.hpp"

using medtls::fuzz::finding;
using medtls::fuzz::known;
using nlohmann::json;
using namespace medtls::obs;

namespace {

// ---------------------------------------------------------------------------------------------
// Property 1: a generator of observations.

class Gen {
 public:
  explicit Gen(FuzzedDataProvider& p) : p_(p) {}

  bool flag() { return p_.ConsumeBool(); }
  std::size_t count(std::size_t max) { return p_.ConsumeIntegralInRange<std::size_t>(0, max); }
  template <class T>
  T num() {
    return p_.ConsumeIntegral<T>();
  }

  // Valid UTF-8: mostly printable ASCII, some C0 controls (NUL included), backslashes, quotes,
  // and any code point up to U+10FFFF except surrogates.
  std::string text(std::size_t max = 16) {
    std::string s;
    const std::size_t n = count(max);
    for (std::size_t i = 0; i < n && p_.remaining_bytes() > 0; ++i) {
      const auto kind = p_.ConsumeIntegral<std::uint8_t>();
      if (kind < 200) {
        s += static_cast<char>(0x20 + kind % 95);
      } else if (kind < 215) {
        s += static_cast<char>(kind % 32);
      } else {
        std::uint32_t cp = p_.ConsumeIntegralInRange<std::uint32_t>(0x80, 0x10FFFF);
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        utf8(s, cp);
      }
    }
    return s;
  }

  // One of `values` (what the prober writes) or any text.
  std::string word(std::initializer_list<const char*> values) {
    const std::size_t i = count(values.size());
    return i < values.size() ? std::string(values.begin()[i]) : text();
  }

  std::uint16_t code() {
    static const std::uint16_t kCodes[] = {0xC02F, 0xC030, 0x009E, 0x1301, 0x1302, 0x0035,
                                           0x0000, 0x0303, 0x0304, 0x0301, 0x7F1C, 0x001D,
                                           0x0017, 0x0100, 0x0804, 0x0403, 0xFFFF};
    if (flag()) return kCodes[count(sizeof kCodes / sizeof kCodes[0] - 1)];
    return num<std::uint16_t>();
  }
  // A named group: one the report names (x25519 …) or any code.
  std::uint16_t group() {
    static const std::uint16_t kGroups[] = {0x001D, 0x0017, 0x0018, 0x0019, 0x001E, 0x0100, 0x0101};
    if (flag()) return kGroups[count(sizeof kGroups / sizeof kGroups[0] - 1)];
    return num<std::uint16_t>();
  }
  std::vector<std::uint16_t> codes(std::size_t max = 6) {
    std::vector<std::uint16_t> v(count(max));
    for (auto& c : v) c = code();
    return v;
  }
  std::vector<int> ints(std::size_t max = 4) {
    std::vector<int> v(count(max));
    for (auto& i : v) i = num<int>();
    return v;
  }
  std::vector<std::uint8_t> bytes(std::size_t max = 6) {
    std::vector<std::uint8_t> v(count(max));
    for (auto& b : v) b = num<std::uint8_t>();
    return v;
  }
  std::vector<std::string> texts(std::size_t max = 3) {
    std::vector<std::string> v(count(max));
    for (auto& s : v) s = text();
    return v;
  }
  // Times in milliseconds. Normalised: only finite numbers (JSON has no NaN or infinity; an
  // elapsed time is never one).
  double ms() {
    const double d = flag() ? p_.ConsumeFloatingPoint<double>()
                            : static_cast<double>(num<std::uint16_t>()) / 8.0;
    return std::isfinite(d) ? d : 0.0;
  }
  // Any value of a vocabulary, from its one table (values added later are covered too).
  template <class E>
  E pick() {
    const auto all = medtls::enum_values<E>();
    return all[count(all.size() - 1)];
  }
  Outcome outcome() { return pick<Outcome>(); }

  ClientHelloSpec hello() {
    ClientHelloSpec s;
    s.record_version = code();
    s.legacy_version = code();
    s.supported_versions = codes();
    s.suites = codes();
    s.compression = bytes(2);
    s.groups = codes();
    s.key_shares = codes(2);
    s.signature_algorithms = codes();
    s.alpn = texts();
    s.sni = text();
    s.ec_point_formats = flag();
    s.extended_master_secret = flag();
    s.renegotiation_info = flag();
    s.encrypt_then_mac = flag();
    s.truncated_hmac = flag();
    s.session_ticket = flag();
    s.status_request = flag();
    return s;
  }

  ServerReply reply() {
    ServerReply r;
    r.outcome = outcome();
    if (flag()) r.error = text();
    if (flag()) r.alert = Alert{num<std::uint8_t>(), num<std::uint8_t>()};
    r.bytes_received = num<std::size_t>();
    if (flag()) r.cut_short = outcome();
    r.violations = texts(2);
    r.record_version = code();
    r.legacy_version = code();
    r.version = code();
    r.suite = code();
    r.compression = num<std::uint8_t>();
    r.extensions = codes();
    if (flag()) r.alpn = text();
    if (flag()) r.key_share_group = group();
    r.session_id_hex = text();
    r.retry_request = flag();
    r.server_hello_hex = flag() ? text() : std::string();
    r.certificates.resize(count(3));
    for (auto& c : r.certificates) c = bytes(8);
    r.server_key_exchange = flag();
    if (flag()) r.ske_named_group = group();
    r.ske_dh_p_bits = num<int>();
    r.ske_dh_p_hex = text();
    if (flag()) r.ske_signature_scheme = code();
    r.certificate_status = flag();
    r.certificate_request = flag();
    r.cr_certificate_types = bytes();
    r.cr_signature_schemes = codes();
    r.cr_ca_names = texts();
    r.server_hello_done = flag();

    // Known losses, normalised while their fix is pending (see known-findings.txt):
    // ServerReply: certificate_count is written, the certificates are not (nor read back).
    if (known("roundtrip_certificate_count")) r.certificates.clear();
    // ServerReply: key_share_group and server_key_exchange.named_group are written by name;
    // a group the table does not know is written "unknown(0x…)" and not read back.
    if (known("roundtrip_unknown_group")) {
      if (r.key_share_group && !medtls::find_group(*r.key_share_group)) r.key_share_group.reset();
      if (r.ske_named_group && !medtls::find_group(*r.ske_named_group)) r.ske_named_group.reset();
    }
    return r;
  }

  Attempt attempt() {
    Attempt a;
    a.index = num<int>();
    a.purpose = text();
    a.sent = hello();
    a.reply = reply();
    a.elapsed_ms = ms();
    return a;
  }

  CertificateInfo certificate() {
    CertificateInfo c;
    c.subject = text();
    c.issuer = text();
    c.serial = text();
    c.not_before = text();
    c.not_after = text();
    c.key_type = word({"RSA", "EC", "DSA", "ED25519", "ED448"});
    c.key_bits = num<int>();
    c.curve = text();
    c.signature_algorithm = text();
    c.signature_hash = word({"SHA256", "SHA384", "SHA1", "MD5", "NONE"});
    c.subject_alt_names = texts();
    c.key_usage = texts();
    c.extended_key_usage = texts();
    c.is_ca = flag();
    c.path_length = num<int>();
    c.self_signed = flag();
    c.sha256 = text();
    c.pem = text(40);
    if (flag()) c.parse_error = text();
    c.der_bytes = num<std::size_t>();
    return c;
  }

  ServerCertificate server_certificate() {
    ServerCertificate s;
    s.status = pick<ChainStatus>();
    s.detail = text();
    s.version = text();
    s.chain.resize(count(3));
    for (auto& c : s.chain) c = certificate();
    s.trust = pick<TrustStatus>();
    s.trust_detail = text();
    s.hostname_checked = text();
    s.hostname = pick<HostnameStatus>();
    s.revocation = pick<RevocationStatus>();
    s.revocation_detail = text();
    s.ocsp_stapling = pick<StaplingStatus>();
    s.expiry_warning_days = num<int>();
    s.problems.resize(count(4));
    for (auto& p : s.problems) {
      p.code = pick<ProblemCode>();
      p.detail = text();
      p.depth = num<int>();
    }
    s.attempts = ints();
    return s;
  }

  ClientAuthObservations client_auth() {
    ClientAuthObservations c;
    c.requested = pick<ClientAuthRequest>();
    c.detail = text();
    c.ca_names = texts();
    c.matrix.resize(count(4));
    for (auto& m : c.matrix) {
      m.name = pick<ClientCase>();
      m.version = word({"TLSv1.2", "TLSv1.3"});
      m.outcome = pick<CaseOutcome>();
      if (flag()) m.alert = num<std::uint8_t>();
      m.detail = text();
    }
    return c;
  }

  TlsObservations tls() {
    TlsObservations o;
    o.host = text();
    o.port = num<std::uint16_t>();
    o.address = text();
    o.sni = text();
    o.reachable = flag();
    o.unreachable_reason = text();
    for (auto v : medtls::kAllVersions) {
      if (flag()) {
        VersionResult r;
        r.status = pick<VersionStatus>();
        if (flag()) r.alert = num<std::uint8_t>();
        r.detail = text();
        r.attempts = ints();
        r.handshake = pick<HandshakeStatus>();
        r.handshake_attempt = num<int>();
        o.versions[v] = r;
      }
      if (flag()) {
        SuiteResult s;
        s.accepted = codes();
        s.order = pick<SuiteOrder>();
        s.complete = flag();
        s.detail = text();
        s.attempts = ints();
        for (std::size_t i = count(3); i > 0; --i) s.kx[code()] = text();
        o.suites[v] = s;
      }
      if (flag()) {
        GroupResult g;
        g.supported.resize(count(4));
        for (auto& c : g.supported) c = group();
        g.complete = flag();
        g.method = word({"HelloRetryRequest", "ServerKeyExchange"});
        g.detail = text();
        g.attempts = ints();
        o.groups[v] = g;
      }
    }
    o.dhe.resize(count(3));
    for (auto& d : o.dhe) {
      d.bits = num<int>();
      d.name = text();
      d.suite = code();
      d.attempt = num<int>();
    }
    auto& cr = o.certificate_request;
    cr.status = pick<RequestSeen>();
    cr.version = text();
    cr.ca_names = texts();
    cr.signature_schemes = codes();
    cr.certificate_types = bytes();
    cr.detail = text();
    cr.attempts = ints();
    for (std::size_t i = count(4); i > 0; --i) {
      Fact f;
      f.value = word({"yes", "no", "supported", "not_supported", "unknown"});
      f.detail = text();
      f.attempts = ints();
      o.facts[word({"tls13_preferred", "alpn_dicom", "compression", "sni_unknown_name"})] = f;
    }
    o.certificate = server_certificate();
    o.client_auth = client_auth();
    o.attempts.resize(count(4));
    for (auto& a : o.attempts) a = attempt();
    o.connections = num<int>();
    o.budget_exhausted = flag();
    o.stopped_early = text();
    o.internal_errors = texts(2);
    o.started = text();
    o.finished = text();
    return o;
  }

  DicomChannel channel() {
    DicomChannel c;
    c.status = pick<ChannelStatus>();
    c.version = word({"TLSv1.2", "TLSv1.3", ""});
    c.suite = flag() ? code() : 0;
    c.suite_name = text();
    c.group = text();
    c.sni = text();
    c.alpn_offered = texts();
    c.alpn_selected = text();
    c.forced_version = text();
    if (flag()) c.forced_suite = code();
    c.client_certificate = text();
    c.peer_subject = text();
    c.peer_sha256 = text();
    c.peer_verification = pick<PeerVerification>();
    c.peer_verification_detail = text();
    if (flag()) c.alert = num<std::uint8_t>();
    if (flag()) c.alert_sent = num<std::uint8_t>();
    c.detail = text();
    return c;
  }

  DicomAssociation association() {
    DicomAssociation a;
    a.purpose = text();
    a.kind = pick<AssociationKind>();
    a.client_case = text();
    a.result = pick<AssociationResult>();
    a.calling_ae = text();
    a.called_ae = text();
    a.port = num<std::uint16_t>();
    a.channel = channel();
    if (flag()) a.reject_result = num<std::uint8_t>();
    if (flag()) a.reject_source = num<std::uint8_t>();
    if (flag()) a.reject_reason = num<std::uint8_t>();
    a.reject_text = text();
    if (flag()) a.abort_source = num<std::uint8_t>();
    if (flag()) a.abort_reason = num<std::uint8_t>();
    a.abort_text = text();
    a.presentation_contexts.resize(count(3));
    for (auto& p : a.presentation_contexts) {
      p.id = num<int>();
      p.abstract_syntax = text();
      p.proposed_transfer_syntaxes = texts();
      p.result = pick<ContextResult>();
      p.transfer_syntax = text();
    }
    a.max_pdu = num<std::uint32_t>();
    a.implementation_class_uid = text();
    a.implementation_version_name = text();
    if (flag()) {
      DicomUserIdentity u;
      u.type = pick<IdentityType>();
      u.positive_response_requested = flag();
      u.server_response = pick<IdentityResponse>();
      u.server_response_length = num<std::uint16_t>();
      a.user_identity = u;
    }
    a.echo = pick<DimseResult>();
    if (flag()) a.echo_status = num<std::uint16_t>();
    a.store = pick<DimseResult>();
    if (flag()) a.store_status = num<std::uint16_t>();
    a.store_sop_instance_uid = text();
    a.release = pick<ReleaseResult>();
    a.received.resize(count(3));
    for (auto& r : a.received) {
      r.type = num<std::uint8_t>();
      r.length = num<std::uint32_t>();
      r.name = text();
      r.head_hex = text();
    }
    a.received_bytes = num<std::size_t>();
    a.received_pdus_dropped = num<std::size_t>();
    a.connect_ms = ms();
    a.associate_ms = ms();
    a.echo_ms = ms();
    a.store_ms = ms();
    a.release_ms = ms();
    a.error = text();
    a.detail = text();
    return a;
  }

  std::vector<DicomAssociation> associations(std::size_t max = 2) {
    std::vector<DicomAssociation> v(count(max));
    for (auto& a : v) a = association();
    return v;
  }

  DicomObservations dicom() {
    DicomObservations d;
    d.status = pick<LayerStatus>();
    d.detail = text();
    d.calling_ae = text();
    d.called_ae = text();
    d.association = association();
    d.plaintext_on_tls_port = pick<PlaintextResult>();
    d.plaintext_tls_port = association();
    d.plaintext_other_port = pick<OtherPortResult>();
    if (flag()) d.plaintext_other = association();
    d.matrix = associations();
    d.ae_titles = associations();
    d.client_certificates = associations();
    d.user_identity = associations();
    d.user_identity_policy = pick<IdentityPolicy>();
    d.user_identity_detail = text();
    if (flag()) d.store_test = association();
    d.connections = num<int>();
    d.budget_exhausted = flag();
    d.deadline_reached = flag();
    d.started = text();
    d.finished = text();
    return d;
  }

 private:
  static void utf8(std::string& s, std::uint32_t cp) {
    if (cp < 0x800) {
      s += static_cast<char>(0xC0 | cp >> 6);
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | cp >> 12);
      s += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | cp >> 18);
      s += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      s += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    }
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }

  FuzzedDataProvider& p_;
};

// The report's shape: TlsObservations without certificate and client_auth, which sit next to it.
json document(const TlsObservations& tls, const DicomObservations& dicom) {
  return {{"tls", tls},
          {"certificate", tls.certificate},
          {"client_auth", tls.client_auth},
          {"dicom", dicom}};
}

// "/tls/attempts/3/reply/suite" -> "/tls/attempts/#/reply/suite"
std::string path_shape(const std::string& pointer) {
  std::string out, segment;
  auto flush = [&] {
    const bool index =
        !segment.empty() && segment.find_first_not_of("0123456789") == std::string::npos;
    out += index ? "#" : segment;
    segment.clear();
  };
  for (char c : pointer) {
    if (c == '/') {
      flush();
      out += '/';
    } else {
      segment += c;
    }
  }
  flush();
  return out;
}

void property_identity(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider provider(data, size);
  Gen gen(provider);
  const TlsObservations tls = gen.tls();
  const DicomObservations dicom = gen.dicom();
  const json first = document(tls, dicom);
  const std::string text = dump_json(first);
  const json parsed = json::parse(text);  // must parse: a throw here is a crash
  TlsObservations tls2;
  from_json(parsed.at("tls"), tls2);
  from_json(parsed.at("certificate"), tls2.certificate);
  from_json(parsed.at("client_auth"), tls2.client_auth);
  DicomObservations dicom2;
  from_json(parsed.at("dicom"), dicom2);
  const json second = document(tls2, dicom2);
  if (first == second) return;
  const json patch = json::diff(first, second);
  const std::string path = patch.empty() ? std::string() : patch[0].value("path", "");
  std::string detail =
      "first difference at " + path + " (" + (patch.empty() ? "" : patch[0].value("op", "")) + ")";
  const json::json_pointer pointer(path);
  detail += "\n  written: " + (first.contains(pointer) ? dump_json(first.at(pointer)) : "(absent)");
  detail += "\n  read back and written: " +
            (second.contains(pointer) ? dump_json(second.at(pointer)) : "(absent)");
  finding("roundtrip", path_shape(path), detail, data, size);
}

// ---------------------------------------------------------------------------------------------
// Property 2: arbitrary bytes in string fields and keys.

void property_hostile_strings(const std::uint8_t* data, std::size_t size) {
  // Cut the raw input into strings at 0xFF bytes (so the fuzzer controls where they end), each
  // at most 128 bytes and 64 of them (what is past that is not used: a few KiB per document).
  std::vector<std::string> pieces(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0xFF || pieces.back().size() == 128) {
      if (pieces.size() == 64) break;
      pieces.emplace_back();
      if (data[i] == 0xFF) continue;
    }
    pieces.back() += static_cast<char>(data[i]);
  }
  std::size_t next = 0;
  auto piece = [&]() -> const std::string& { return pieces[next++ % pieces.size()]; };

  TlsObservations o;
  o.host = piece();
  o.unreachable_reason = piece();
  o.facts[piece()].detail = piece();
  o.facts[piece()].value = piece();
  o.certificate.chain.resize(1);
  o.certificate.chain[0].subject = piece();
  o.certificate.chain[0].subject_alt_names = {piece(), piece()};
  o.certificate.problems.push_back({ProblemCode::expired, piece(), 0});
  o.client_auth.ca_names = {piece()};
  o.suites[medtls::TlsVersion::TLSv1_2].kx[0xC02F] = piece();
  Attempt a;
  a.purpose = piece();
  a.sent.alpn = {piece()};
  a.sent.sni = piece();
  a.reply.outcome = Outcome::server_hello;
  a.reply.error = piece();
  a.reply.alpn = piece();
  a.reply.cr_ca_names = {piece(), piece()};
  a.reply.certificate_request = true;
  o.attempts.push_back(a);
  DicomObservations d;
  d.status = LayerStatus::run;
  d.association.implementation_version_name = piece();
  d.association.implementation_class_uid = piece();
  d.association.channel.peer_subject = piece();
  d.association.received.push_back({0x02, 0, piece(), piece()});
  d.association.presentation_contexts.push_back(
      {1, piece(), {piece()}, ContextResult::acceptance, piece()});
  d.detail = piece();

  json doc = document(o, d);
  doc["extra " + piece()] = piece();  // a key of arbitrary bytes at the top level too
  std::string text;
  try {
    text = dump_json(doc);
  } catch (const std::exception& e) {
    finding("dump_json_throws." + medtls::fuzz::exception_kind(e), "", e.what(), data, size);
    return;
  }
  const json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    finding("dump_unparsable", "hostile strings", text, data, size);
    return;
  }
  const json safe = valid_utf8_copy(doc);
  if (parsed != safe) finding("dump_not_copy", "hostile strings", text, data, size);
  // Keys that differ as bytes must stay apart once escaped ("nothing is lost", peer_text.hpp).
  if (safe.size() != doc.size() || safe.at("tls").at("facts").size() != o.facts.size())
    finding("utf8_copy_key_collision", "object keys",
            "two keys became one in valid_utf8_copy: " + text, data, size);
}

// ---------------------------------------------------------------------------------------------
// Property 3: a hostile report read back.

template <class T>
void load_as(const json& j, const char* type, const std::uint8_t* data, std::size_t size) {
  T value{};
  try {
    from_json(j, value);
  } catch (const json::exception&) {
    return;  // the documented failures: nlohmann's own, and
  } catch (const std::invalid_argument&) {
    return;  // a value of the right type that means nothing (a bad code, an unknown version)
  } catch (const std::exception& e) {
    finding("from_json_foreign_exception." + medtls::fuzz::exception_kind(e),
            std::string(type) + " " + medtls::fuzz::message_shape(e.what()),
            std::string(type) + ": " + e.what(), data, size);
    return;
  }
  // What loaded writes a JSON form that loads to the same again, and dumps without the net.
  json once;
  to_json(once, value);
  T again{};
  try {
    from_json(json::parse(dump_json(once)), again);
  } catch (const std::exception& e) {
    finding("from_json_not_idempotent", std::string(type) + " throws",
            std::string(type) + ": its own JSON does not load: " + e.what(), data, size);
    return;
  }
  json twice;
  to_json(twice, again);
  if (once != twice) {
    const json patch = json::diff(once, twice);
    const std::string path = patch.empty() ? std::string() : patch[0].value("path", "");
    finding("from_json_not_idempotent", std::string(type) + " " + path_shape(path),
            std::string(type) + ": loading its own JSON changes " + path, data, size);
  }
}

void load_all(const json& j, const std::uint8_t* data, std::size_t size) {
  load_as<TlsObservations>(j, "TlsObservations", data, size);
  load_as<ServerCertificate>(j, "ServerCertificate", data, size);
  load_as<ClientAuthObservations>(j, "ClientAuthObservations", data, size);
  load_as<DicomObservations>(j, "DicomObservations", data, size);
  load_as<ServerReply>(j, "ServerReply", data, size);
  load_as<Attempt>(j, "Attempt", data, size);
  load_as<ClientHelloSpec>(j, "ClientHelloSpec", data, size);
  load_as<DicomAssociation>(j, "DicomAssociation", data, size);
  load_as<DicomChannel>(j, "DicomChannel", data, size);
  load_as<DicomPdu>(j, "DicomPdu", data, size);
  load_as<DicomPresentationContext>(j, "DicomPresentationContext", data, size);
  load_as<DicomUserIdentity>(j, "DicomUserIdentity", data, size);
  load_as<ClientRoleObservations>(j, "ClientRoleObservations", data, size);
  load_as<ObservedClientHello>(j, "ObservedClientHello", data, size);
  load_as<ScenarioResult>(j, "ScenarioResult", data, size);
  load_as<CleartextConnection>(j, "CleartextConnection", data, size);
}

// Known finding "from_json_float_to_int_ub": nlohmann's get<int>() (get<std::uint8_t>() …) of a
// floating-point number outside the integer type's range is a float-to-integer conversion with
// undefined behaviour (UBSan: "1e+10 is outside the range of representable values"), which every
// get_opt() of an integer field in obs/json.cpp and obs/dicom_json.cpp reaches. While tolerated,
// floating-point numbers are clamped to [0, 255] (in range of every integer field) first.
void clamp_floats(json& j) {
  if (j.is_number_float()) {
    const double d = j.get<double>();
    j = d < 0 ? 0.0 : d > 255 ? 255.0 : d;
  } else if (j.is_structured()) {
    for (auto& item : j) clamp_floats(item);
  }
}

void property_hostile_report(const std::uint8_t* data, std::size_t size) {
  json j = json::parse(data, data + size, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  if (known("from_json_float_to_int_ub")) clamp_floats(j);
  std::vector<const json*> candidates = {&j};
  for (const auto& [key, value] : j.items())
    if (value.is_object() && candidates.size() < 12) candidates.push_back(&value);
  if (auto targets = j.find("targets"); targets != j.end() && targets->is_array())
    for (const auto& target : *targets)
      if (target.is_object()) {
        // A target holds the client role's observations flat (ClientRoleObservations).
        if (candidates.size() < 24) candidates.push_back(&target);
        for (const char* part : {"tls", "certificate", "client_auth", "dicom"})
          if (auto it = target.find(part); it != target.end() && candidates.size() < 24)
            candidates.push_back(&*it);
      }
  for (const json* c : candidates) load_all(*c, data, size);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  property_identity(data, size);
  property_hostile_strings(data, size);
  property_hostile_report(data, size);
  return 0;
}
