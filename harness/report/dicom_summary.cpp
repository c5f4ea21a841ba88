#include "report/dicom_summary.hpp"

#include <cstdio>

#include "common/codes.hpp"
#include "common/text.hpp"
#include "common/tls_names.hpp"
#include "profile/dicom_view.hpp"
#include "suites/registry.hpp"
#include "words/dicom.hpp"

namespace medtls::report {

namespace {

std::string ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", v);
  return buf;
}

std::string suite_text(const obs::DicomChannel& c) {
  std::uint16_t code = c.suite;
  if (!code && c.forced_suite) code = *c.forced_suite;
  if (!code) return "";
  std::string name = c.suite_name;
  if (name.empty() || !c.suite) name = suites::Registry::builtin().name_of(code);
  return name + " (" + format_code(code) + ")";
}

// "TLSv1.3 TLS_AES_256_GCM_SHA384 (0x1302), group x25519, ALPN dicom; server certificate trusted"
std::string channel_text(const obs::DicomChannel& c) {
  if (c.status == obs::ChannelStatus::plaintext) return "no TLS (cleartext)";
  std::vector<std::string> head;
  if (!c.version.empty())
    head.push_back(c.version);
  else if (!c.forced_version.empty())
    head.push_back(c.forced_version + " (forced)");
  head.push_back(suite_text(c));
  std::vector<std::string> parts = {join(head, " ")};
  if (c.status != obs::ChannelStatus::established) parts.push_back("channel " + c.status);
  if (!c.group.empty()) parts.push_back("group " + c.group);
  parts.push_back("ALPN " + (c.alpn_selected.empty() ? std::string("none") : c.alpn_selected));
  std::string text = join(parts, ", ");
  std::vector<std::string> more;
  more.push_back(
      "server certificate " + c.peer_verification +
      (c.peer_verification_detail.empty() ? "" : " (" + c.peer_verification_detail + ")"));
  if (!c.client_certificate.empty()) more.push_back("client certificate " + c.client_certificate);
  if (c.alert) more.push_back("alert received " + alert_name(*c.alert));
  if (c.alert_sent) more.push_back("alert sent " + alert_name(*c.alert_sent));
  return text + "; " + join(more, "; ");
}

// The outcome of any association in a few words.
std::string result_text(const obs::DicomAssociation& a) {
  if (a.result == obs::AssociationResult::accepted) return "accepted, " + words::echo_text(a);
  return words::reply_text(a);
}

// Two lines: the outcome and the channel; then what the acceptor said (or why there was none).
void main_association(std::ostream& out, const obs::DicomAssociation& a) {
  out << "  DICOM association: " << a.result << "  " << a.calling_ae << " → " << a.called_ae << "  "
      << channel_text(a.channel) << "\n";
  if (a.result == obs::AssociationResult::accepted) {
    out << "    Implementation Class UID "
        << (a.implementation_class_uid.empty() ? "(none)" : a.implementation_class_uid)
        << ", version name "
        << (a.implementation_version_name.empty() ? "(none)" : a.implementation_version_name)
        << "; max PDU " << (a.max_pdu ? std::to_string(a.max_pdu) : std::string("unlimited"))
        << "; " << words::echo_text(a) << "; connect " << ms(a.connect_ms) << ", associate "
        << ms(a.associate_ms) << ", C-ECHO " << ms(a.echo_ms) << ", release " << ms(a.release_ms)
        << " (" << a.release << ")\n";
  } else {
    out << "    " << words::reply_text(a) << "\n";
  }
}

void list(std::ostream& out, const char* title, const std::vector<obs::DicomAssociation>& items) {
  if (items.empty()) return;
  out << "  " << title << ":\n";
  for (const auto& a : items) out << "    " << a.purpose << " → " << result_text(a) << "\n";
}

void matrix(std::ostream& out, const std::vector<obs::DicomAssociation>& rows) {
  if (rows.empty()) return;
  out << "  association matrix (one association per accepted version and suite):\n";
  for (const auto& a : rows) {
    const auto& c = a.channel;
    std::string version = !c.version.empty() ? c.version : c.forced_version;
    // A version row forces only the version; the suite shown is the one the server chose.
    if (a.kind == obs::AssociationKind::version) version += " (version)";
    const std::string result = c.status == obs::ChannelStatus::not_possible_locally
                                   ? "not possible locally (" + c.detail + ")"
                                   : result_text(a);
    char line[512];
    std::snprintf(line, sizeof line, "    %-18s %-52s %s\n", version.c_str(), suite_text(c).c_str(),
                  result.c_str());
    out << line;
  }
}

}  // namespace

std::vector<std::string> dicom_banners(const obs::DicomObservations& d,
                                       const obs::TlsObservations& tls) {
  std::vector<std::string> out;
  if (d.status != obs::LayerStatus::run) return out;
  if (d.plaintext_on_tls_port == obs::PlaintextResult::accepted) {
    const std::uint16_t port = d.plaintext_tls_port.port ? d.plaintext_tls_port.port : tls.port;
    out.push_back("CLEARTEXT DICOM ACCEPTED on the TLS port " + std::to_string(port) +
                  ": A-ASSOCIATE-AC to an unencrypted A-ASSOCIATE-RQ");
  }
  // A certificate reaches the server only when it asks for one.
  if (tls.client_auth.requested == obs::ClientAuthRequest::required ||
      tls.client_auth.requested == obs::ClientAuthRequest::optional)
    for (const auto& a : d.client_certificates)
      if (a.result == obs::AssociationResult::accepted && a.client_case != "good" &&
          a.client_case != "none") {
        const std::string version = !a.channel.version.empty() ? " in " + a.channel.version : "";
        out.push_back("DICOM ASSOCIATION ACCEPTED AFTER BAD CLIENT CERTIFICATE " + a.client_case +
                      version + " (" + words::echo_text(a) + ")");
      }
  return out;
}

void render_dicom(std::ostream& out, const obs::DicomObservations& d,
                  const obs::TlsObservations& tls) {
  if (d.status != obs::LayerStatus::run) {
    out << "  DICOM: " << d.status << (d.detail.empty() ? "" : " (" + d.detail + ")") << "\n";
    return;
  }
  main_association(out, d.association);
  const std::uint16_t port = d.plaintext_tls_port.port ? d.plaintext_tls_port.port : tls.port;
  out << "  cleartext on the TLS port " << port << ": " << d.plaintext_on_tls_port << " ("
      << words::reply_text(d.plaintext_tls_port) << ")\n";
  out << "  cleartext on ";
  if (d.plaintext_other)
    out << "port " << d.plaintext_other->port << " (MDS2 TXCF-2): " << d.plaintext_other_port
        << " (" << words::reply_text(*d.plaintext_other) << ")\n";
  else
    out << "another port (MDS2 TXCF-2): " << d.plaintext_other_port << " (--plain-port N)\n";
  list(out, "AE-title checks (informational)", d.ae_titles);
  list(out, "associations with client certificates the TLS layer let through",
       d.client_certificates);
  if (d.user_identity_policy != obs::IdentityPolicy::not_tested || !d.user_identity.empty()) {
    out << "  User Identity: " << d.user_identity_policy
        << (d.user_identity_detail.empty() ? "" : " (" + d.user_identity_detail + ")") << "\n";
    for (const auto& a : d.user_identity) {
      out << "    " << a.purpose << " → " << result_text(a);
      if (a.user_identity)
        out << " (server response " << a.user_identity->server_response
            << (a.user_identity->server_response_length
                    ? ", " + std::to_string(a.user_identity->server_response_length) + " bytes"
                    : "")
            << ")";
      out << "\n";
    }
  }
  matrix(out, d.matrix);
  if (d.store_test) {
    const auto& s = *d.store_test;
    out << "  store test: ";
    if (s.result != obs::AssociationResult::accepted) {
      out << words::reply_text(s);
    } else {
      out << s.store;
      if (s.store_status) out << " (status " << format_code(*s.store_status) << ")";
      if (!s.store_sop_instance_uid.empty())
        out << ", SOP Instance UID " << s.store_sop_instance_uid;
      out << ", " << ms(s.store_ms);
    }
    out << "\n";
  }
  out << "  DICOM layer: " << d.connections << " connection" << (d.connections == 1 ? "" : "s")
      << (d.budget_exhausted ? ", connection budget exhausted" : "") << "\n";
}

}  // namespace medtls::report
