#include "dicom/outcome.hpp"

#include <algorithm>

#include "dcmtk/dcmnet/cond.h"

#include "common/tls_names.hpp"
#include "dicom/condition_text.hpp"
#include "dicom/pdu_words.hpp"

namespace medtls::dicom {

namespace {

constexpr std::uint8_t kAssociateAc = 0x02, kAssociateRj = 0x03, kAbort = 0x07;
constexpr std::uint8_t kTlsAlert = 0x15, kTlsHandshake = 0x16;

std::string millis(std::chrono::milliseconds t) {
  return std::to_string(t.count()) + " ms";
}

std::string tls_alerts(const ConnectionObserver& o) {
  std::string out;
  if (o.tls_events.alert_received)
    out += "alert " + alert_name(*o.tls_events.alert_received) + " received";
  if (o.tls_events.alert_sent) {
    if (!out.empty()) out += ", ";
    out += "alert " + alert_name(*o.tls_events.alert_sent) + " sent";
  }
  return out;
}

// Complete PDUs that are no answer to an A-ASSOCIATE-RQ (P-DATA-TF, A-RELEASE-RQ/RP), counted:
// "P-DATA-TF ×3, A-RELEASE-RP"; "" when none came.
std::string other_pdus(const PduRecorder& rx) {
  std::vector<std::pair<std::string, std::size_t>> seen;
  for (const auto& pdu : rx.pdus()) {
    if (!pdu.dicom || pdu.type == kAssociateAc || pdu.type == kAssociateRj || pdu.type == kAbort)
      continue;
    const std::string name = pdu_type_name(pdu.type);
    auto it =
        std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == name; });
    if (it == seen.end())
      seen.emplace_back(name, 1);
    else
      ++it->second;
  }
  std::string out;
  for (const auto& [name, count] : seen) {
    if (!out.empty()) out += ", ";
    out += name + (count > 1 ? " ×" + std::to_string(count) : "");
  }
  if (rx.dropped_pdus() > 0) out += " and " + std::to_string(rx.dropped_pdus()) + " more PDUs";
  return out;
}

void aborted(obs::DicomAssociation& r, const std::string& text) {
  r.result = obs::AssociationResult::aborted;
  r.abort_text = text;
  r.detail = text;
}

}  // namespace

std::string describe_non_dicom(const std::vector<std::uint8_t>& bytes) {
  std::string text = "non-DICOM reply: " + spaced_hex(bytes);
  if (bytes.size() >= 3 && bytes[1] == 0x03 && bytes[2] <= 0x04) {
    if (bytes[0] == kTlsAlert && bytes.size() >= 7) {
      text += std::string(" (a TLS alert record: ") + (bytes[5] == 2 ? "fatal " : "warning ") +
              alert_name(bytes[6]) + ")";
    } else if (bytes[0] == kTlsAlert) {
      text += " (a TLS alert record)";
    } else if (bytes[0] == kTlsHandshake) {
      text += " (a TLS handshake record)";
    }
  } else if (bytes.size() >= 4 && bytes[0] == 'H' && bytes[1] == 'T' && bytes[2] == 'T' &&
             bytes[3] == 'P') {
    text += " (an HTTP response)";
  }
  return text;
}

void classify_request(const OFCondition& request, const ConnectionObserver& o, bool tls,
                      std::chrono::milliseconds timeout, obs::DicomAssociation& r) {
  const PduRecorder& rx = o.received;
  if (request.bad()) r.error = condition_text(request);
  if (!o.connected_at) {
    r.result = obs::AssociationResult::channel_failed;
    r.channel.status = obs::ChannelStatus::connect_failed;
    r.detail =
        "TCP connection to port " + std::to_string(r.port) + " failed: " + condition_text(request);
    r.channel.detail = r.detail;
    return;
  }
  if (!o.handshake_at) {  // createConnection gave up (our setup) or DCMTK failed before
    r.result = obs::AssociationResult::channel_failed;
    r.channel.status =
        tls ? obs::ChannelStatus::handshake_failed : obs::ChannelStatus::connect_failed;
    r.detail = "the connection could not be set up: " +
               (o.setup_error.empty() ? condition_text(request) : o.setup_error);
    r.channel.detail = r.detail;
    return;
  }
  if (tls && !o.handshake_ok) {
    r.result = obs::AssociationResult::channel_failed;
    r.channel.status = obs::ChannelStatus::handshake_failed;
    const std::string alerts = tls_alerts(o);
    r.channel.detail = (alerts.empty() ? "" : alerts + "; ") + o.handshake_error;
    r.detail = "TLS handshake failed: " + r.channel.detail;
    return;
  }
  r.channel.status = tls ? obs::ChannelStatus::established : obs::ChannelStatus::plaintext;

  if (rx.first(kAssociateAc) != nullptr) {
    r.result = obs::AssociationResult::accepted;
    r.detail = "A-ASSOCIATE-AC";
    return;
  }
  if (const RecordedPdu* rj = rx.first(kAssociateRj)) {
    r.result = obs::AssociationResult::rejected;
    if (auto codes = reject_codes(*rj)) {
      r.reject_result = codes->result;
      r.reject_source = codes->source;
      r.reject_reason = codes->reason;
      r.reject_text = reject_text(codes->result, codes->source, codes->reason);
    }
    r.detail = "A-ASSOCIATE-RJ: " + r.reject_text;
    return;
  }
  if (const RecordedPdu* ab = rx.first(kAbort)) {
    r.result = obs::AssociationResult::aborted;
    if (auto codes = abort_codes(*ab)) {
      r.abort_source = codes->source;
      r.abort_reason = codes->reason;
      r.abort_text = "A-ABORT: " + abort_text(codes->source, codes->reason);
    } else {
      r.abort_text = "A-ABORT (too short to read its source and reason)";
    }
    r.detail = r.abort_text + " in answer to the A-ASSOCIATE-RQ";
    return;
  }
  if (const RecordedPdu* junk = rx.non_dicom()) {
    aborted(r, describe_non_dicom(junk->bytes));
    return;
  }
  if (tls && o.tls_events.alert_received) {
    // TLS 1.3: our side finished the handshake before the server judged it (typically our
    // client certificate) and the server's verdict came as an alert instead of a DICOM answer.
    r.result = obs::AssociationResult::channel_failed;
    r.channel.status = obs::ChannelStatus::handshake_failed;
    r.channel.detail = tls_alerts(o) + " after our side completed the handshake" +
                       (rx.end_text().empty() ? "" : "; " + rx.end_text());
    r.detail = "the server refused the TLS connection (" + r.channel.detail +
               "); the A-ASSOCIATE-RQ got no DICOM answer";
    return;
  }
  if (const std::string other = other_pdus(rx); !other.empty()) {
    aborted(r, "the node answered the A-ASSOCIATE-RQ with " + other +
                   ", not an A-ASSOCIATE-AC, -RJ or A-ABORT" +
                   (rx.end_text().empty() ? "" : "; " + rx.end_text()));
    return;
  }
  if (const RecordedPdu* partial = rx.truncated()) {
    aborted(r, "no complete answer: the " + pdu_type_name(partial->type) + " PDU stopped after " +
                   std::to_string(partial->received) + " of the " +
                   std::to_string(6 + static_cast<std::size_t>(partial->length)) +
                   " bytes its header announced" +
                   (rx.end_text().empty() ? "" : " (" + rx.end_text() + ")"));
    return;
  }
  if (!rx.partial_header().empty()) {
    aborted(r, "the connection ended after " + std::to_string(rx.partial_header().size()) +
                   " bytes of a PDU header: " + spaced_hex(rx.partial_header()));
    return;
  }
  const bool sent = o.bytes_sent > 0;
  if (!sent && tls) {
    // Our side finished the handshake, the server did not keep the connection: in TLS 1.3 the
    // server judges our certificate after our Finished, so this is how a refusal can look
    // when its alert was lost with the reset.
    r.result = obs::AssociationResult::channel_failed;
    r.channel.detail =
        "the connection ended right after the handshake, before the "
        "A-ASSOCIATE-RQ could be sent" +
        (o.write_error.empty() ? std::string() : " (" + o.write_error + ")") +
        (rx.end_text().empty() ? std::string() : "; " + rx.end_text());
    r.detail = r.channel.detail;
    return;
  }
  switch (rx.stream_end()) {
    case StreamEnd::closed:
      aborted(r, sent ? "connection closed by the peer after A-ASSOCIATE-RQ"
                      : "connection closed by the peer before the A-ASSOCIATE-RQ was sent");
      r.detail += " (" + rx.end_text() + ")";
      return;
    case StreamEnd::reset:
      aborted(r, sent ? "connection reset by the peer after A-ASSOCIATE-RQ"
                      : "connection reset by the peer before the A-ASSOCIATE-RQ was sent");
      return;
    case StreamEnd::timeout:
      r.result = obs::AssociationResult::no_answer;
      r.detail = "no reply to the A-ASSOCIATE-RQ: " + rx.end_text();
      return;
    case StreamEnd::limit:
    case StreamEnd::error:
      aborted(r, "the connection broke after A-ASSOCIATE-RQ: " + rx.end_text());
      return;
    case StreamEnd::open:
      break;
  }
  if (request == DUL_READTIMEOUT) {
    r.result = obs::AssociationResult::no_answer;
    r.detail = "no reply to the A-ASSOCIATE-RQ within " + millis(timeout);
    return;
  }
  if (!sent) {
    aborted(r, "the A-ASSOCIATE-RQ could not be sent" +
                   (o.write_error.empty() ? std::string() : ": " + o.write_error));
    return;
  }
  aborted(r, "the association failed without a reply (DCMTK: " + condition_text(request) + ")");
}

}  // namespace medtls::dicom
