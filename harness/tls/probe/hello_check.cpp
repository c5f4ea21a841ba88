#include "tls/probe/hello_check.hpp"

#include <algorithm>

#include "common/codes.hpp"
#include "common/peer_text.hpp"
#include "common/tls_names.hpp"
#include "tls/wire/code_points.hpp"

namespace medtls::probe {

namespace {

constexpr std::uint16_t kTls12 = 0x0303, kTls13 = 0x0304;
constexpr std::uint16_t kCookie = 44, kPreSharedKey = 41;
constexpr std::uint16_t kEmptyRenegotiationInfoScsv = 0x00FF;

template <class T>
bool contains(const std::vector<T>& list, const T& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string ext_text(std::uint16_t type) {
  return extension_name(type);
}

class Checker {
 public:
  Checker(const wire::OfferedHello& offered, const obs::ServerReply& reply,
          const suites::Registry& registry)
      : offered_(offered), reply_(reply), registry_(registry) {}

  std::vector<std::string> run() {
    hrr_ = reply_.outcome == obs::Outcome::hello_retry_request;
    selects_version_ = reply_.has_extension(wire::ext::kSupportedVersions);
    version();
    tls13_ = selects_version_ && reply_.version >= kTls13;
    suite();
    compression();
    extensions();
    if (tls13_ || hrr_) key_share();
    server_key_exchange();
    alpn();
    if (tls13_ || hrr_) session_id();
    return std::move(out_);
  }

 private:
  void add(const std::string& text) { out_.push_back(text); }

  void version() {
    const std::string chosen = wire_version_name(reply_.version);
    if (selects_version_) {
      if (!offered_.supported_versions.empty() &&
          !contains(offered_.supported_versions, reply_.version))
        add("supported_versions selects " + chosen +
            ", which the ClientHello did not offer (RFC 8446 §4.2.1)");
      else if (reply_.version < kTls13)
        add("supported_versions selects " + chosen +
            ", a version before TLS 1.3 (RFC 8446 §4.2.1)");
      if (reply_.legacy_version != kTls12)
        add("legacy_version " + wire_version_name(reply_.legacy_version) +
            " in a TLS 1.3 ServerHello, not 0x0303 (RFC 8446 §4.1.3)");
      return;
    }
    if (hrr_) {
      add("HelloRetryRequest without supported_versions (RFC 8446 §4.1.4)");
      return;
    }
    if (reply_.version > offered_.legacy_version)
      add("ServerHello version " + chosen + " is above the " +
          wire_version_name(offered_.legacy_version) +
          " the ClientHello offered (RFC 5246 §7.4.1.3, §E.1)");
    else if (reply_.version < 0x0300 || reply_.version >= kTls13)
      add("ServerHello version " + chosen +
          " without supported_versions (RFC 8446 §4.1.3, §4.2.1)");
  }

  void suite() {
    const std::string code = format_code(reply_.suite);
    if (!offered_.offers_suite(reply_.suite)) {
      add("cipher suite " + code + " " + registry_.name_of(reply_.suite) +
          " was not offered (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3)");
      return;
    }
    const auto* s = registry_.find(reply_.suite);
    if (s == nullptr) return;
    if (s->scsv)
      add("chose " + code + ", a signalling value, not a cipher suite (RFC 5746 §3.3, RFC 7507)");
    else if ((tls13_ || hrr_) && !s->tls13)
      add("TLS 1.3 with " + code + " " + s->name +
          ", which is not a TLS 1.3 suite (RFC 8446 §4.1.3)");
    else if (!tls13_ && !hrr_ && s->tls13)
      add(wire_version_name(reply_.version) + " with the TLS 1.3 suite " + code + " " + s->name +
          " (RFC 8446 §4.1.3)");
    else if (!tls13_ && !hrr_ && reply_.version < wire_code(s->min_version))
      add(code + " " + s->name + " cannot be negotiated in " + wire_version_name(reply_.version) +
          " (RFC 5246 §7.4.1.3)");
  }

  void compression() {
    if (!contains(offered_.compression, reply_.compression))
      add("compression method " + std::to_string(reply_.compression) +
          " was not offered (RFC 5246 §7.4.1.3)");
    else if ((tls13_ || hrr_) && reply_.compression != 0)
      add("TLS 1.3 with compression method " + std::to_string(reply_.compression) +
          " (RFC 8446 §4.1.3)");
  }

  void extensions() {
    std::vector<std::uint16_t> seen;
    for (auto type : reply_.extensions) {
      if (contains(seen, type)) {
        add("extension " + ext_text(type) + " appears twice (RFC 8446 §4.2, RFC 5246 §7.4.1.4)");
        continue;
      }
      seen.push_back(type);
      const bool offered = offered_.has_extension(type) ||
                           (type == wire::ext::kRenegotiationInfo &&
                            offered_.offers_suite(kEmptyRenegotiationInfoScsv)) ||  // RFC 5746 §3.6
                           (hrr_ && type == kCookie);
      if (!offered) {
        add("extension " + ext_text(type) + " was not offered (RFC 8446 §4.2, RFC 5246 §7.4.1.4)");
      } else if (hrr_ && type != wire::ext::kSupportedVersions && type != wire::ext::kKeyShare &&
                 type != kCookie) {
        add("extension " + ext_text(type) + " in a HelloRetryRequest (RFC 8446 §4.1.4, §4.2)");
      } else if (tls13_ && !hrr_ && type != wire::ext::kSupportedVersions &&
                 type != wire::ext::kKeyShare && type != kPreSharedKey) {
        add("extension " + ext_text(type) +
            " in a TLS 1.3 ServerHello (it belongs in EncryptedExtensions, RFC 8446 §4.2)");
      }
    }
  }

  void key_share() {
    if (hrr_) {
      if (!reply_.key_share_group) {
        if (!reply_.has_extension(kCookie))
          add("HelloRetryRequest that would change nothing in the ClientHello (RFC 8446 §4.1.4)");
        return;
      }
      const auto g = *reply_.key_share_group;
      if (!contains(offered_.groups, g))
        add("HelloRetryRequest asks for " + group_name(g) +
            ", which supported_groups did not offer (RFC 8446 §4.2.8)");
      else if (contains(offered_.key_share_groups, g))
        add("HelloRetryRequest asks for " + group_name(g) +
            ", for which a key share was already sent (RFC 8446 §4.2.8)");
      return;
    }
    if (!reply_.key_share_group) {
      add("TLS 1.3 ServerHello without key_share (RFC 8446 §4.2.8)");
      return;
    }
    if (!contains(offered_.key_share_groups, *reply_.key_share_group))
      add("key_share for " + group_name(*reply_.key_share_group) +
          ", for which the ClientHello sent no key share (RFC 8446 §4.2.8)");
  }

  // RFC 8422 §5.4 (and RFC 7919 §4 for ffdhe groups named by a TLS 1.2 server): an (EC)DHE
  // ServerKeyExchange uses a group the client listed.
  void server_key_exchange() {
    if (reply_.ske_named_group && !offered_.groups.empty() &&
        !contains(offered_.groups, *reply_.ske_named_group))
      add("ServerKeyExchange uses " + group_name(*reply_.ske_named_group) +
          ", which supported_groups did not offer (RFC 8422 §5.4)");
    // RFC 5246 §7.4.3: the signature's scheme is one the client listed in signature_algorithms.
    if (reply_.ske_signature_scheme && !offered_.signature_algorithms.empty() &&
        !contains(offered_.signature_algorithms, *reply_.ske_signature_scheme))
      add("ServerKeyExchange signed with " + signature_scheme_name(*reply_.ske_signature_scheme) +
          ", which signature_algorithms did not offer (RFC 5246 §7.4.3)");
  }

  void alpn() {
    if (!reply_.alpn || !offered_.has_extension(wire::ext::kAlpn)) return;
    for (const auto& name : offered_.alpn)
      if (peer_text(name) == *reply_.alpn) return;
    add("ALPN protocol \"" + *reply_.alpn + "\" was not offered (RFC 7301 §3.2)");
  }

  void session_id() {
    if (reply_.session_id_hex != to_hex(offered_.session_id))
      add("legacy_session_id_echo differs from the session id the ClientHello sent "
          "(RFC 8446 §4.1.3)");
  }

  const wire::OfferedHello& offered_;
  const obs::ServerReply& reply_;
  const suites::Registry& registry_;
  bool hrr_ = false, selects_version_ = false, tls13_ = false;
  std::vector<std::string> out_;
};

}  // namespace

std::vector<std::string> server_hello_violations(const wire::OfferedHello& offered,
                                                 const obs::ServerReply& reply,
                                                 const suites::Registry& registry) {
  if (reply.outcome != obs::Outcome::server_hello &&
      reply.outcome != obs::Outcome::hello_retry_request)
    return {};
  return Checker(offered, reply, registry).run();
}

}  // namespace medtls::probe
