#include "dicom/association.hpp"

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/assoc.h"
#include "dcmtk/dcmnet/dul.h"

#include "common/text.hpp"
#include "dicom/acceptance.hpp"
#include "dicom/channel_info.hpp"
#include "dicom/condition_text.hpp"
#include "dicom/dcmtk_handles.hpp"
#include "dicom/dimse_steps.hpp"
#include "dicom/outcome.hpp"
#include "dicom/tls_context.hpp"
#include "dicom/transport.hpp"
#include "tls/handshake/sigpipe_guard.hpp"

namespace medtls::dicom {

namespace {

// Sending an A-ABORT needs no answer; it gets little time.
constexpr std::chrono::milliseconds kAbortTime{1000};

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// DCMTK's "host:port" (IPv6 literals keep their brackets off: DCMTK splits at the last colon).
std::string peer_address(const std::string& host, std::uint16_t port) {
  std::string h = host;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return h + ":" + std::to_string(port);
}

bool set_identity(T_ASC_Parameters* params, const IdentityRequest& id, std::string& error) {
  OFCondition c;
  const OFBool respond = id.positive_response ? OFTrue : OFFalse;
  if (id.type == obs::IdentityType::username) {
    c = ASC_setIdentRQUserOnly(params, id.user.c_str(), respond);
  } else if (id.type == obs::IdentityType::username_passcode) {
    c = ASC_setIdentRQUserPassword(params, id.user.c_str(), id.passcode.c_str(), respond);
  } else if (id.type == obs::IdentityType::jwt) {
    if (id.jwt.size() > 0xFFFF) {
      error = "the JWT is longer than a User Identity item can carry (65535 bytes)";
      return false;
    }
    c = ASC_setIdentRQJwt(params, id.jwt.data(), static_cast<Uint16>(id.jwt.size()), respond);
  } else {
    error = "unknown User Identity type " + id.type;
    return false;
  }
  if (c.bad()) error = condition_text(c);
  return c.good();
}

// Everything before the request: network, parameters, contexts, identity. Null with `error`.
ParametersPtr make_parameters(const AssociationRequest& request, std::string& error) {
  T_ASC_Parameters* raw = nullptr;
  OFCondition c = ASC_createAssociationParameters(&raw, ASC_DEFAULTMAXPDU);
  ParametersPtr params(raw);
  if (c.bad()) {
    error = condition_text(c);
    return nullptr;
  }
  ASC_setAPTitles(params.get(), request.calling_ae.c_str(), request.called_ae.c_str(), nullptr);
  c = ASC_setTransportLayerType(params.get(), request.tls ? OFTrue : OFFalse);
  if (c.good())
    c = ASC_setPresentationAddresses(params.get(), "localhost",
                                     peer_address(request.host, request.port).c_str());
  T_ASC_PresentationContextID id = 1;
  for (const auto& spec : request.contexts) {
    if (c.bad()) break;
    std::vector<const char*> syntaxes;
    for (const auto& ts : spec.transfer_syntaxes) syntaxes.push_back(ts.c_str());
    c = ASC_addPresentationContext(params.get(), id, spec.abstract_syntax.c_str(), syntaxes.data(),
                                   static_cast<int>(syntaxes.size()));
    id = static_cast<T_ASC_PresentationContextID>(id + 2);
  }
  if (c.bad()) {
    error = condition_text(c);
    return nullptr;
  }
  if (request.identity && !set_identity(params.get(), *request.identity, error)) return nullptr;
  return params;
}

void finish_detail(obs::DicomAssociation& r, const std::vector<std::string>& notes) {
  std::vector<std::string> parts{r.detail};
  parts.insert(parts.end(), notes.begin(), notes.end());
  r.detail = join(parts, "; ");
}

}  // namespace

PresentationContextSpec verification_context() {
  return {UID_VerificationSOPClass,
          {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax}};
}

obs::DicomAssociation requested_record(const AssociationRequest& request) {
  obs::DicomAssociation r;
  r.purpose = request.purpose;
  r.kind = request.kind;
  r.client_case = request.client_case;
  r.calling_ae = request.calling_ae;
  r.called_ae = request.called_ae;
  r.port = request.port;
  r.presentation_contexts = proposed_contexts(request.contexts);
  if (request.tls) describe_offer(*request.tls, r.channel);
  return r;
}

AssociationRun run_association(const AssociationRequest& request) {
  AssociationRun run;
  run.record = requested_record(request);
  obs::DicomAssociation& r = run.record;

  // Declared in this order so that they are destroyed in reverse: the association (and its
  // connection, whose SSL object points at observer.tls_events) first, the observer last.
  ConnectionObserver observer;
  observer.timeout = request.timeout;
  observer.scan_deadline = request.deadline;
  observer.tls = request.tls ? &*request.tls : nullptr;
  ossl::SslCtxPtr context;
  std::string ca_error;
  if (request.tls) {
    std::string error;
    context = make_tls_context(*request.tls, error, ca_error);
    if (!context) {
      r.result = obs::AssociationResult::not_attempted;
      r.channel.status = obs::ChannelStatus::not_possible_locally;
      r.detail = "the local TLS library refused the settings: " + error;
      return run;
    }
  }
  RecordingLayer layer(observer, context.get());

  const int seconds = whole_seconds(request.timeout);
  // DCMTK 3.6.7 reads the TCP connect timeout from this global of its own when it connects
  // (no per-association setting exists); -1 would mean "block", so it is set every time.
  dcmConnectionTimeout.set(seconds);
  T_ASC_Network* raw_network = nullptr;
  OFCondition c = ASC_initializeNetwork(NET_REQUESTOR, 0, seconds, &raw_network);
  NetworkPtr network(raw_network);
  if (c.good()) c = ASC_setTransportLayer(network.get(), &layer, 0);  // the layer stays ours
  if (c.bad()) {
    r.result = obs::AssociationResult::not_attempted;
    r.error = condition_text(c);
    r.detail = "DCMTK could not set up its network: " + r.error;
    return run;
  }
  std::string error;
  ParametersPtr params = make_parameters(request, error);
  if (!params) {
    r.result = obs::AssociationResult::not_attempted;
    r.error = error;
    r.detail = "DCMTK refused the association parameters: " + error;
    return run;
  }

  handshake::SigpipeGuard no_sigpipe;  // a peer that has gone must not end the process
  run.connection_opened = true;
  const auto start = Clock::now();
  T_ASC_Association* raw_association = nullptr;
  c = ASC_requestAssociation(network.get(), params.get(), &raw_association, nullptr, nullptr,
                             DUL_NOBLOCK, seconds);
  const auto answered = Clock::now();
  AssociationPtr association(raw_association);
  T_ASC_Parameters* live_params = params.get();
  if (association) params.release();  // now owned by the association

  const auto handshake_end = observer.handshake_at.value_or(answered);
  r.connect_ms = ms_between(start, observer.connected_at ? handshake_end : answered);
  if (observer.handshake_at) r.associate_ms = ms_between(*observer.handshake_at, answered);
  if (request.tls && observer.channel_read) {
    const obs::ChannelStatus status = r.channel.status;
    r.channel = observer.channel;
    r.channel.status = status;
  }
  if (!ca_error.empty()) {
    r.channel.peer_verification = obs::PeerVerification::not_checked;
    r.channel.peer_verification_detail = ca_error;
  }
  classify_request(c, observer, request.tls.has_value(), request.timeout, r);

  std::vector<std::string> notes;
  const bool accepted = r.result == obs::AssociationResult::accepted;
  if (accepted && association) {
    read_acceptance(live_params, observer.received, r);
    if (c.bad()) notes.push_back("DCMTK did not take the A-ASSOCIATE-AC: " + r.error);
  }
  if (request.identity)
    r.user_identity =
        read_user_identity(*request.identity, live_params, observer.received, accepted);

  if (accepted && association && c.good()) {
    AfterStep state = AfterStep::usable;
    std::string note;
    if (request.echo) {
      observer.start_phase("C-ECHO");
      state = send_echo(association.get(), request.timeout, observer.received, r, note);
      if (!note.empty()) notes.push_back(note);
    }
    if (state == AfterStep::usable && request.store != nullptr) {
      note.clear();
      observer.start_phase("C-STORE");
      state = send_store(association.get(), *request.store, request.timeout, observer.received, r,
                         note);
      if (!note.empty()) notes.push_back(note);
    }
    if (state == AfterStep::usable && !request.abort_instead_of_release) {
      note.clear();
      observer.start_phase("A-RELEASE");
      release(association.get(), observer.received, r, note);
      notes.push_back(note);
    } else if (state != AfterStep::gone) {
      // A-ABORT rather than a release that would wait for a node that does not answer.
      observer.start_phase("A-ABORT", std::min(request.timeout, kAbortTime));
      ASC_abortAssociation(association.get());
      notes.push_back(state == AfterStep::usable
                          ? "A-ABORT sent instead of A-RELEASE (the node had not answered before)"
                          : "A-ABORT sent instead of A-RELEASE");
    } else {
      notes.push_back("no A-RELEASE: the association had ended");
    }
  }
  association.reset();  // drops the connection (and its SSL object) before reading the rest

  if (request.tls) {
    r.channel.alert = observer.tls_events.alert_received;
    r.channel.alert_sent = observer.tls_events.alert_sent;
  }
  r.received = observer.received.evidence();
  r.received_bytes = observer.received.total_received();
  r.received_pdus_dropped = observer.received.dropped_pdus();
  finish_detail(r, notes);
  return run;
}

}  // namespace medtls::dicom
