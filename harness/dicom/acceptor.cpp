#include "dicom/acceptor.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmdata/dcxfer.h"
#include "dcmtk/dcmnet/assoc.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/dul.h"

#include "common/codes.hpp"
#include "dicom/condition_text.hpp"
#include "dicom/dcmtk_handles.hpp"
#include "dicom/recording_connection.hpp"
#include "dicom/transport.hpp"
#include "tls/handshake/sigpipe_guard.hpp"

namespace medtls::dicom {

namespace {

// Hands DCMTK the connection the listener has already secured: the duplicate descriptor DCMTK
// will close, and a reference to the SSL object DcmTLSConnection will free.
class AcceptedTlsLayer : public DcmTransportLayer {
 public:
  AcceptedTlsLayer(ConnectionObserver& observer, SSL* ssl) : observer_(observer), ssl_(ssl) {}
  DcmTransportConnection* createConnection(DcmNativeSocketType socket,
                                           OFBool use_secure_layer) override {
    observer_.connected_at = Clock::now();
    if (!use_secure_layer || handed_out_) return nullptr;
    handed_out_ = true;
    SSL_up_ref(ssl_);
    if (!make_non_blocking(socket))
      observer_.setup_error = "could not make the socket non-blocking";
    // DCMTK deletes the connection when the association is dropped.
    return new RecordingTlsConnection(socket, ssl_, observer_);
  }

 private:
  ConnectionObserver& observer_;
  SSL* ssl_;
  bool handed_out_ = false;
};

// DCMTK takes an accepted socket through a global of its own (its inetd mode); it is set for
// the one ASC_receiveAssociation call and cleared again, whatever happens.
class ExternalSocket {
 public:
  explicit ExternalSocket(int fd) { dcmExternalSocketHandle.set(fd); }
  ~ExternalSocket() { dcmExternalSocketHandle.set(DCMNET_INVALID_SOCKET); }
  ExternalSocket(const ExternalSocket&) = delete;
  ExternalSocket& operator=(const ExternalSocket&) = delete;
};

bool is_storage(const char* uid) {
  for (int i = 0; i < numberOfDcmAllStorageSOPClassUIDs; ++i)
    if (std::strcmp(dcmAllStorageSOPClassUIDs[i], uid) == 0) return true;
  return false;
}

obs::RequestedIdentity identity_of(T_ASC_Parameters* params) {
  UserIdentityNegotiationSubItemRQ* rq = nullptr;
  ASC_getUserIdentRQ(params, &rq);
  if (rq == nullptr) return obs::RequestedIdentity::none;
  switch (rq->getIdentityType()) {
    case ASC_USER_IDENTITY_NONE:
      return obs::RequestedIdentity::none;
    case ASC_USER_IDENTITY_USER:
      return obs::RequestedIdentity::username;
    case ASC_USER_IDENTITY_USER_PASSWORD:
      return obs::RequestedIdentity::username_passcode;
    case ASC_USER_IDENTITY_KERBEROS:
      return obs::RequestedIdentity::kerberos;
    case ASC_USER_IDENTITY_SAML:
      return obs::RequestedIdentity::saml;
    case ASC_USER_IDENTITY_JWT:
      return obs::RequestedIdentity::jwt;
    default:
      return obs::RequestedIdentity::unknown;
  }
}

// Records what the device proposed and accepts Verification and Storage contexts with the first
// transfer syntax DCMTK knows; the count accepted.
int record_and_accept(T_ASC_Parameters* params, obs::ClientAssociation& out) {
  int accepted = 0;
  const int n = ASC_countPresentationContexts(params);
  for (int i = 0; i < n && i < 128; ++i) {
    T_ASC_PresentationContext pc;
    if (ASC_getPresentationContext(params, i, &pc).bad()) continue;
    obs::ProposedContext c;
    c.id = pc.presentationContextID;
    c.abstract_syntax = pc.abstractSyntax;
    for (int t = 0; t < pc.transferSyntaxCount && t < DICOM_MAXTRANSFERSYNTAXES; ++t)
      c.transfer_syntaxes.emplace_back(pc.proposedTransferSyntaxes[t]);
    const bool wanted = std::strcmp(pc.abstractSyntax, UID_VerificationSOPClass) == 0 ||
                        is_storage(pc.abstractSyntax);
    if (wanted) {
      for (const auto& ts : c.transfer_syntaxes) {
        if (DcmXfer(ts.c_str()).getXfer() == EXS_Unknown) continue;
        if (ASC_acceptPresentationContext(params, pc.presentationContextID, ts.c_str()).good()) {
          c.accepted = true;
          c.transfer_syntax = ts;
          ++accepted;
        }
        break;
      }
    }
    if (!c.accepted)
      ASC_refusePresentationContext(
          params, pc.presentationContextID,
          wanted ? ASC_P_TRANSFERSYNTAXESNOTSUPPORTED : ASC_P_ABSTRACTSYNTAXNOTSUPPORTED);
    out.contexts.push_back(std::move(c));
  }
  return accepted;
}

struct StoreProgress {
  bool ended = false;
};

void store_callback(void* data, T_DIMSE_StoreProgress* progress, T_DIMSE_C_StoreRQ*, char*,
                    DcmDataset**, T_DIMSE_C_StoreRSP* response, DcmDataset**) {
  if (progress->state != DIMSE_StoreEnd) return;
  static_cast<StoreProgress*>(data)->ended = true;
  response->DimseStatus = STATUS_Success;
}

std::int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace

obs::ClientAssociation serve_association(int fd, SSL* ssl, const AcceptorOptions& options) {
  obs::ClientAssociation out;
  out.connection = options.connection;
  const auto start = Clock::now();
  handshake::SigpipeGuard no_sigpipe;
  const int seconds = std::max(1, static_cast<int>((options.timeout.count() + 999) / 1000));

  const int dcmtk_fd = ::dup(fd);  // DCMTK closes the descriptor it is given
  if (dcmtk_fd < 0) {
    out.end = obs::AssociationEnd::error;
    out.error = "dup() failed";
    return out;
  }
  ConnectionObserver observer;
  observer.timeout = options.timeout;
  observer.max_received = std::size_t{1} << 40;  // images are large; time bounds the rest
  AcceptedTlsLayer layer(observer, ssl);

  dcmDisableGethostbyaddr.set(OFTrue);  // no DNS lookups of the device's address
  T_ASC_Network* raw_network = nullptr;
  OFCondition c;
  T_ASC_Association* raw_association = nullptr;
  {
    const ExternalSocket external(dcmtk_fd);
    c = ASC_initializeNetwork(NET_ACCEPTOR, 0, seconds, &raw_network);
    if (c.good()) c = ASC_setTransportLayer(raw_network, &layer, 0);
    if (c.good()) {
      observer.start_phase("A-ASSOCIATE");
      c = ASC_receiveAssociation(raw_network, &raw_association, ASC_DEFAULTMAXPDU, nullptr, nullptr,
                                 OFTrue, DUL_NOBLOCK, seconds);
    }
  }
  NetworkPtr network(raw_network);
  AssociationPtr association(raw_association);
  if (!association || c.bad()) {
    out.end = obs::AssociationEnd::no_request;
    out.error = c.bad() ? condition_text(c) : "no association";
    if (!association && !observer.connected_at) ::close(dcmtk_fd);  // DCMTK never took it
    out.duration_ms = ms_since(start);
    return out;
  }
  T_ASC_Parameters* params = association->params;
  out.calling_ae = params->DULparams.callingAPTitle;
  out.called_ae = params->DULparams.calledAPTitle;
  out.max_pdu = static_cast<std::uint32_t>(params->theirMaxPDUReceiveSize);
  out.implementation_class_uid = params->DULparams.callingImplementationClassUID;
  out.implementation_version_name = params->DULparams.callingImplementationVersionName;
  out.user_identity = identity_of(params);
  ASC_setAPTitles(params, nullptr, nullptr, options.ae_title.c_str());

  if (record_and_accept(params, out) == 0) {
    T_ASC_RejectParameters reject = {ASC_RESULT_REJECTEDPERMANENT, ASC_SOURCE_SERVICEUSER,
                                     ASC_REASON_SU_NOREASON};
    ASC_rejectAssociation(association.get(), &reject);
    out.end = obs::AssociationEnd::rejected;
    out.error =
        "no proposed presentation context is Verification or Storage with a known "
        "transfer syntax";
    out.duration_ms = ms_since(start);
    return out;
  }
  observer.start_phase("A-ASSOCIATE-AC");
  c = ASC_acknowledgeAssociation(association.get());
  if (c.bad()) {
    out.end = obs::AssociationEnd::error;
    out.error = condition_text(c);
    out.duration_ms = ms_since(start);
    return out;
  }
  out.accepted = true;

  int stored = 0;
  for (int commands = 0;; ++commands) {
    if (commands >= options.max_commands) {
      ASC_abortAssociation(association.get());
      out.end = obs::AssociationEnd::error;
      out.error = "more than " + std::to_string(options.max_commands) +
                  " DIMSE commands on one association: medtls aborted it";
      break;
    }
    observer.start_phase("DIMSE");
    T_DIMSE_Message message;
    T_ASC_PresentationContextID context = 0;
    DcmDataset* status_detail = nullptr;
    c = DIMSE_receiveCommand(association.get(), DIMSE_NONBLOCKING, seconds, &context, &message,
                             &status_detail);
    delete status_detail;
    if (c == DUL_PEERREQUESTEDRELEASE) {
      observer.start_phase("A-RELEASE");
      ASC_acknowledgeRelease(association.get());
      out.end = obs::AssociationEnd::released;
      break;
    }
    if (c == DUL_PEERABORTEDASSOCIATION) {
      out.end = obs::AssociationEnd::aborted;
      break;
    }
    if (c == DIMSE_NODATAAVAILABLE) {
      out.end = obs::AssociationEnd::timed_out;
      ASC_abortAssociation(association.get());
      break;
    }
    if (c.bad()) {
      out.end = obs::AssociationEnd::closed;
      out.error = condition_text(c);
      break;
    }
    if (message.CommandField == DIMSE_C_ECHO_RQ) {
      c = DIMSE_sendEchoResponse(association.get(), context, &message.msg.CEchoRQ, STATUS_Success,
                                 nullptr);
      if (c.good()) ++out.echoes;
    } else if (message.CommandField == DIMSE_C_STORE_RQ) {
      T_DIMSE_C_StoreRQ& request = message.msg.CStoreRQ;
      const std::string sop_class = request.AffectedSOPClassUID;
      std::string path = "/dev/null";
      if (!options.keep_dir.empty())
        path = (std::filesystem::path(options.keep_dir) /
                ("connection" + std::to_string(options.connection) + "-" +
                 std::to_string(++stored) + ".dcm"))
                   .string();
      StoreProgress progress;
      c = DIMSE_storeProvider(association.get(), context, &request, path.c_str(), OFTrue, nullptr,
                              store_callback, &progress, DIMSE_NONBLOCKING, seconds);
      if (c.good() && progress.ended) {
        ++out.stores;
        if (std::find(out.stored_sop_classes.begin(), out.stored_sop_classes.end(), sop_class) ==
                out.stored_sop_classes.end() &&
            out.stored_sop_classes.size() < 64)
          out.stored_sop_classes.push_back(sop_class);
      } else {
        ++out.store_failures;
        out.error = condition_text(c);
      }
    } else {
      // Worklist, commitment, queries: not served; the device would wait for an answer.
      ++out.other_commands;
      ASC_abortAssociation(association.get());
      out.end = obs::AssociationEnd::error;
      out.error = "DIMSE command " + format_code(static_cast<std::uint16_t>(message.CommandField)) +
                  " is not served by medtls listen: it aborted the association";
      break;
    }
    if (c.bad()) {
      out.end = obs::AssociationEnd::closed;
      if (out.error.empty()) out.error = condition_text(c);
      break;
    }
  }
  out.duration_ms = ms_since(start);
  return out;
}

}  // namespace medtls::dicom
