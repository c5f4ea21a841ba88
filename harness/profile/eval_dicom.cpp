// DICOM rules over associations: dicom_association (the main one), dicom_plaintext (cleartext
// on the TLS port or on --plain-port) and dicom_association_channels (--association-matrix).
// Which TLS channels count is the profile's own decision (dicom_view.cpp: judge_channel).
#include <algorithm>

#include "common/tls_names.hpp"
#include "profile/dicom_view.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "words/dicom.hpp"

namespace medtls::profile {

namespace {

constexpr std::uint8_t kCertificateRequired = 116;
constexpr std::uint8_t kNoApplicationProtocol = 120;

bool echo_succeeded(const obs::DicomAssociation& a) {
  return a.echo == obs::DimseResult::success && a.echo_status && *a.echo_status == 0x0000;
}

// An answered C-ECHO whose status is not Success (or "success" with a non-zero status).
bool echo_failed(const obs::DicomAssociation& a) {
  return a.echo == obs::DimseResult::failed_status ||
         (a.echo == obs::DimseResult::success && a.echo_status && *a.echo_status != 0x0000);
}

bool presented_certificate(const obs::DicomChannel& c) {
  return !c.client_certificate.empty() && c.client_certificate != "none";
}

// Which setting a rejection points at (PS3.8 §9.3.4: source 1 service-user, reason 3
// calling-AE-title-not-recognized, 7 called-AE-title-not-recognized).
std::string reject_hint(const obs::DicomAssociation& a) {
  if (a.reject_source == 1 && a.reject_reason == 7)
    return "check --called-ae (the device's own AE title)";
  if (a.reject_source == 1 && a.reject_reason == 3)
    return "check --calling-ae (an AE title the device is configured to accept)";
  return "check --called-ae (the device's AE title) and --calling-ae (an AE title the device "
         "is configured to accept)";
}

// Why a channel failed, and what the user can do about it.
std::string channel_hint(const EvalContext& ctx, const obs::DicomChannel& c) {
  const bool cert = presented_certificate(c);
  const auto alert = c.alert;
  const bool requires_cert = ctx.obs.client_auth.requested == obs::ClientAuthRequest::required;
  if (!cert && (alert == kCertificateRequired || requires_cert))
    return "the device requires a client certificate: give --cert/--key of a certificate the "
           "device trusts";
  if (cert && alert && *alert >= 42 && *alert <= 49 && *alert != 47)
    return "the device refused the client certificate (" + c.client_certificate +
           "): give --cert/--key of a certificate the device trusts";
  if (alert == kNoApplicationProtocol) return "the device refused the ALPN protocols offered";
  return "";
}

std::string alerts_text(const obs::DicomChannel& c) {
  std::vector<std::string> parts;
  if (c.alert) parts.push_back("alert received " + alert_name(*c.alert));
  if (c.alert_sent) parts.push_back("alert sent " + alert_name(*c.alert_sent));
  return join(parts, ", ");
}

// Version rows and suite rows often cover the same channel: each line once.
void add_once(std::vector<std::string>& lines, const std::string& line) {
  if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
}

// A row of the matrix in a few words: "accepted, C-ECHO success (status 0x0000)".
std::string row_text(const obs::DicomAssociation& a) {
  if (a.result == obs::AssociationResult::accepted) return "accepted, " + words::echo_text(a);
  return words::reply_text(a);
}

}  // namespace

Outcome evaluate_rule(const DicomAssociationRule&, const EvalContext& ctx) {
  Outcome o;
  const obs::DicomObservations* d = dicom_observed(ctx, o, dicom_pointer("association"));
  if (!d) return o;
  const obs::DicomAssociation& a = d->association;
  const std::string evidence = " [" + association_evidence(ctx, a) + "]";
  const std::string channel = channel_label(ctx, a.channel);

  if (a.result == obs::AssociationResult::accepted) {
    if (echo_failed(a)) {
      o.state = State::violated;
      o.detail = "association accepted, but " + words::echo_text(a) + evidence;
    } else if (!echo_succeeded(a)) {
      o.state = State::undecidable;
      o.detail = "association accepted, but " + words::echo_text(a) +
                 (a.error.empty() ? "" : " (" + a.error + ")") +
                 ": nothing shows that DICOM works over it" + evidence;
    } else if (a.channel.status != obs::ChannelStatus::established) {
      o.state = State::undecidable;
      o.detail =
          "association accepted, but the TLS channel is recorded as " + a.channel.status + evidence;
    } else {
      const ChannelJudgement j = judge_channel(ctx, a.channel);
      const std::string base =
          "association accepted and " + words::echo_text(a) + " over " + channel;
      switch (j.kind) {
        case ChannelJudgement::Kind::allowed:
          o.state = State::met;
          o.detail = base + evidence;
          break;
        case ChannelJudgement::Kind::discouraged:
          o.state = State::warn;
          o.detail = base + j.text() + evidence;
          break;
        case ChannelJudgement::Kind::excluded:
          o.state = State::violated;
          o.detail = base + j.text() + evidence;
          break;
        case ChannelJudgement::Kind::unknown:
          o.state = State::undecidable;
          o.detail = base + j.text() + evidence;
          break;
      }
    }
  } else if (a.result == obs::AssociationResult::rejected) {
    // A transient rejection (congestion, local limit) says nothing about the configuration.
    const bool transient = a.reject_result == 2;
    o.state = transient ? State::undecidable : State::violated;
    o.detail = "association rejected: " +
               (a.reject_text.empty() ? std::string("A-ASSOCIATE-RJ") : a.reject_text) + "; " +
               (transient ? std::string("transient, try again later") : reject_hint(a)) + evidence;
  } else if (a.result == obs::AssociationResult::aborted) {
    o.state = State::undecidable;
    o.detail =
        "association aborted: " + (a.abort_text.empty() ? a.detail : a.abort_text) + evidence;
  } else if (a.result == obs::AssociationResult::no_answer) {
    o.state = State::undecidable;
    o.detail = "no answer to the A-ASSOCIATE-RQ within the timeout" + evidence;
  } else if (a.result == obs::AssociationResult::channel_failed) {
    o.state = State::undecidable;
    const std::string alerts = alerts_text(a.channel);
    const std::string hint = channel_hint(ctx, a.channel);
    o.detail = "no association: the TLS channel could not be established" +
               (a.channel.detail.empty() ? "" : ": " + a.channel.detail) +
               (alerts.empty() ? "" : " (" + alerts + ")") + (hint.empty() ? "" : "; " + hint) +
               evidence;
  } else {
    o.state = State::undecidable;
    o.detail = "association " +
               (a.result == obs::AssociationResult::not_attempted ? std::string("not attempted")
                                                                  : name_of(a.result)) +
               (a.detail.empty() ? "" : ": " + a.detail) + evidence;
  }
  return o;
}

Outcome evaluate_rule(const DicomPlaintextRule& rule, const EvalContext& ctx) {
  Outcome o;
  const bool tls_port = rule.port == PlaintextPort::tls;
  const obs::DicomObservations* d =
      dicom_observed(ctx, o, dicom_pointer(tls_port ? "plaintext_tls_port" : "plaintext_other"));
  if (!d) return o;
  o.evidence.push_back(dicom_pointer(tls_port ? "plaintext_on_tls_port" : "plaintext_other_port"));
  const obs::OtherPortResult value =
      tls_port ? obs::as_port_result(d->plaintext_on_tls_port) : d->plaintext_other_port;
  const obs::DicomAssociation* a = tls_port             ? &d->plaintext_tls_port
                                   : d->plaintext_other ? &*d->plaintext_other
                                                        : nullptr;
  std::uint16_t port = a && a->port ? a->port : 0;
  if (tls_port && !port) port = ctx.obs.port;
  const std::string where =
      tls_port ? "the TLS port" + (port ? " " + std::to_string(port) : std::string())
               : "port " + (port ? std::to_string(port) : std::string("?")) + " (--plain-port)";
  const std::string seen = a ? words::reply_text(*a) : "";
  const std::string came_back = seen.empty() ? "" : ": " + seen;

  if (!tls_port && value == obs::OtherPortResult::not_checked) {
    o.state = State::undecidable;
    o.detail =
        "not checked: give --plain-port N (the device's cleartext DICOM port, e.g. 104 or "
        "11112) to see whether it accepts unencrypted associations";
  } else if (value == obs::OtherPortResult::refused && a &&
             a->result == obs::AssociationResult::accepted) {
    o.state = State::undecidable;
    o.detail = "recorded as refused, but the attempt on " + where + " shows" + came_back +
               ": the observations contradict each other";
  } else if (value == obs::OtherPortResult::refused && a &&
             a->result == obs::AssociationResult::rejected &&
             d->association.result != obs::AssociationResult::accepted) {
    // The port speaks cleartext DICOM; with the same AE titles refused over TLS too, the
    // rejection may concern the AE titles rather than the missing TLS.
    o.state = State::undecidable;
    o.evidence.push_back(dicom_pointer("association"));
    o.detail = "cleartext A-ASSOCIATE-RQ to " + where + " rejected" + came_back +
               "; the main association was not accepted either (" + d->association.result +
               "), so the rejection may concern the AE titles, not the missing TLS (check "
               "--called-ae/--calling-ae)";
  } else if (value == obs::OtherPortResult::refused) {
    o.state = State::met;
    o.detail = "cleartext A-ASSOCIATE-RQ to " + where + " refused" + came_back;
  } else if (value == obs::OtherPortResult::accepted) {
    o.state = State::violated;
    o.detail = "cleartext DICOM accepted on " + where + came_back +
               (a && !a->implementation_class_uid.empty()
                    ? " (Implementation Class UID " + a->implementation_class_uid + ")"
                    : "") +
               (tls_port ? "; the port meant for TLS also carries unencrypted associations"
                         : "; patient data can travel unencrypted (MDS2 TXCF-2)");
  } else {
    o.state = State::undecidable;
    o.detail =
        "whether " + where + " accepts cleartext DICOM is not known (" + value + ")" + came_back;
  }
  return o;
}

Outcome evaluate_rule(const DicomAssociationChannelsRule&, const EvalContext& ctx) {
  Outcome o;
  const obs::DicomObservations* d = dicom_observed(ctx, o, dicom_pointer("matrix"));
  if (!d) return o;
  if (d->matrix.empty()) {
    o.state = State::undecidable;
    o.detail =
        "not run: add --association-matrix (one association per accepted TLS version and "
        "suite)";
    return o;
  }
  std::vector<std::string> working, failing, undecided, not_possible, other;
  for (std::size_t i = 0; i < d->matrix.size(); ++i) {
    const obs::DicomAssociation& a = d->matrix[i];
    o.evidence.push_back(dicom_list_pointer("matrix", i));
    const std::string label = channel_label(ctx, a.channel);
    if (a.channel.status == obs::ChannelStatus::not_possible_locally) {
      add_once(not_possible, label +
                                 ": accepted at ServerHello, full handshake not possible with the "
                                 "local TLS library");
      continue;
    }
    const ChannelJudgement j = judge_channel(ctx, a.channel);
    const bool works = a.result == obs::AssociationResult::accepted && echo_succeeded(a);
    if (j.kind == ChannelJudgement::Kind::excluded ||
        j.kind == ChannelJudgement::Kind::discouraged) {
      // Not the profile's business to carry DICOM: information only.
      add_once(other, works ? "DICOM also works over " + label + j.text()
                            : label + ": " + row_text(a) + j.text());
      continue;
    }
    if (j.kind == ChannelJudgement::Kind::unknown) {
      add_once(undecided, label + ": " + row_text(a) + j.text());
      continue;
    }
    if (works) {
      add_once(working, label);
    } else if ((a.result == obs::AssociationResult::accepted && echo_failed(a)) ||
               (a.result == obs::AssociationResult::rejected && a.reject_result != 2) ||
               a.result == obs::AssociationResult::aborted) {
      add_once(failing, label + ": " + row_text(a));
    } else {
      add_once(undecided, label + ": " + row_text(a));
    }
  }
  std::vector<std::string> parts;
  if (!failing.empty()) parts.push_back("DICOM fails over " + join(failing, "; "));
  if (!undecided.empty()) parts.push_back("not decided: " + join(undecided, "; "));
  if (!working.empty())
    parts.push_back("DICOM works over " + std::to_string(working.size()) + " allowed channel" +
                    (working.size() == 1 ? "" : "s") + ": " + join(working, ", "));
  if (!not_possible.empty()) parts.push_back(join(not_possible, "; "));
  if (!other.empty()) parts.push_back(join(other, "; "));
  if (!failing.empty()) {
    o.state = State::violated;
  } else if (!undecided.empty()) {
    o.state = State::undecidable;
  } else if (!working.empty()) {
    o.state = State::met;
  } else {
    o.state = State::undecidable;
    parts.push_back("no association over a channel this profile allows was decided");
  }
  o.detail = join(parts, "; ");
  return o;
}

}  // namespace medtls::profile
