// medtls_test_scp: a configurable DICOM SCP (DCMTK 3.6.7) used as an external peer by the
// integration tests. It serves one association per TCP (or TLS) connection, one connection after
// another, for ever, and can be told to check AE titles, client certificates and User Identity,
// to announce a given Implementation Class UID / Version Name / max PDU, or to misbehave after
// the A-ASSOCIATE-RQ (see --help and tests/support/peers.hpp, class DicomTestScp).
//
// It accepts connections itself (so that it can bind to a given address, which DCMTK 3.6.7
// cannot) and hands each accepted socket to DCMTK through dcmExternalSocketHandle, the mechanism
// storescp uses in inetd mode; DCMTK then runs the TLS handshake and reads the RQ.
//
// Every connection gives one line on stdout, written (and flushed) before the peer answers:
//   assoc n=1 peer=127.0.0.1 tls=TLSv1.3 suite=TLS_AES_256_GCM_SHA384 client_cert="/CN=x" ...
//   connection n=2 peer=127.0.0.1 error="DUL secure transport layer: ..."   (no RQ was read)
// and every DIMSE command answered gives a "dimse n=1 command=C-ECHO-RQ status=0x0000" line.
// Values with spaces or quotes are written in double quotes with backslash escapes.
//
// Exit status: 2 for bad arguments, 1 if the network cannot be set up; otherwise it runs until
// it is killed.

#include "dcmtk/config/osconfig.h"  // must come first

#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/assoc.h"
#include "dcmtk/dcmnet/dcmlayer.h"
#include "dcmtk/dcmnet/dcmtrans.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/diutil.h"
#include "dcmtk/dcmnet/dul.h"
#include "dcmtk/dcmtls/tlslayer.h"
#include "dcmtk/dcmtls/tlstrans.h"
#include "dcmtk/oflog/oflog.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

enum class Mode { normal, silent, garbage, close_after_rq, abort_after_rq, drop_after_ac, reject };
enum class ClientCert { none, request, require };

struct Config {
  int port = 0;
  std::string bind = "0.0.0.0";
  std::string key;
  std::string cert;
  std::string ca;
  std::string dhparam;
  std::string profile = "bcp195-nd";
  std::string min_tls;
  std::string max_tls;
  ClientCert client_cert = ClientCert::none;
  bool accept_any_client_cert = false;
  bool check_client_cert_at_association = false;
  std::string aet = "TESTSCP";
  bool check_called_aet = false;
  std::vector<std::string> allowed_calling;
  std::string implementation_class_uid;  // empty: DCMTK's default
  std::string implementation_version_name;
  long max_pdu = ASC_DEFAULTMAXPDU;
  std::optional<std::string> require_user;
  std::optional<std::string> require_password;
  std::optional<std::string> require_jwt;
  bool identity_ac = true;
  bool identity_optional = false;  // no 58H item: accepted; an item must satisfy the policy
  Mode mode = Mode::normal;
  std::string garbage = "HTTP/1.1 400 Bad Request\r\n\r\n";
  int reject_result = 1;
  int reject_source = 1;
  int reject_reason = 1;
  std::string out_dir;
  int acse_timeout = 30;
  int socket_timeout = 30;
  int dimse_timeout = 60;
  int silent_seconds = 120;
  bool debug = false;

  bool tls() const { return !key.empty(); }
};

// ---- stdout lines -------------------------------------------------------------------------

std::string quoted(const std::string& value) {
  bool plain = !value.empty();
  for (unsigned char c : value) {
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '=') plain = false;
  }
  if (plain) return value;
  std::string out = "\"";
  for (unsigned char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < ' ' || c == 0x7f) {
          char hex[8];
          std::snprintf(hex, sizeof hex, "\\x%02x", c);
          out += hex;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

class Line {
 public:
  Line(const char* kind, unsigned n) { text_ << kind << " n=" << n; }
  Line& add(const std::string& key, const std::string& value) {
    text_ << ' ' << key << '=' << quoted(value);
    return *this;
  }
  // Writes the line and flushes, so a test that reads the log right after its client returns
  // sees it.
  void emit() const { std::cout << text_.str() << std::endl; }

 private:
  std::ostringstream text_;
};

std::string hex4(unsigned value) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", value & 0xffff);
  return buf;
}

std::string condition_text(const OFCondition& cond) {
  OFString text;
  return DimseCondition::dump(text, cond).c_str();
}

// ---- transport layers that remember the connection DCMTK creates --------------------------

// What the handshake of the current connection showed, recorded by OpenSSL callbacks: DCMTK
// frees the SSL* (with the connection) when the handshake or the RQ fails, so it is only read
// through these copies.
struct Tracker {
  // The connection DCMTK made for the current socket (null if it made none); it may only be
  // used while the association lives.
  DcmTransportConnection* connection = nullptr;
  std::string protocol;  // empty until the handshake completed
  std::string suite;
  std::string client_cert = "none";  // subject
  bool has_client_cert = false;
  long verify_result = X509_V_OK;  // SSL_get_verify_result after the handshake
  std::string verify_error;        // first certificate verification error
  std::string alert;               // last TLS alert sent or received
  void reset() { *this = Tracker{}; }
};
Tracker g_tracker;
bool g_accept_any_client_cert = false;

class PlainLayer : public DcmTransportLayer {
 public:
  DcmTransportConnection* createConnection(DcmNativeSocketType socket, OFBool secure) override {
    g_tracker.connection = DcmTransportLayer::createConnection(socket, secure);
    return g_tracker.connection;
  }
};

class TlsLayer : public DcmTLSTransportLayer {
 public:
  TlsLayer() : DcmTLSTransportLayer(NET_ACCEPTOR, nullptr, OFTrue) {}
  DcmTransportConnection* createConnection(DcmNativeSocketType socket, OFBool secure) override {
    g_tracker.connection = DcmTLSTransportLayer::createConnection(socket, secure);
    return g_tracker.connection;
  }
};

int verify_callback(int ok, X509_STORE_CTX* ctx) {
  if (!ok && g_tracker.verify_error.empty()) {
    g_tracker.verify_error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
    g_tracker.verify_error +=
        " (depth " + std::to_string(X509_STORE_CTX_get_error_depth(ctx)) + ")";
  }
  return g_accept_any_client_cert ? 1 : ok;
}

void info_callback(const SSL* ssl, int where, int value) {
  if (where & SSL_CB_ALERT) {
    g_tracker.alert = std::string((where & SSL_CB_READ) ? "received " : "sent ") +
                      SSL_alert_type_string_long(value) + " " + SSL_alert_desc_string_long(value);
  }
  if (!(where & SSL_CB_HANDSHAKE_DONE)) return;
  g_tracker.protocol = SSL_get_version(ssl);
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl);
  g_tracker.suite = cipher ? SSL_CIPHER_standard_name(cipher) : "unknown";
  g_tracker.verify_result = SSL_get_verify_result(ssl);
  X509* cert = SSL_get1_peer_certificate(ssl);
  g_tracker.has_client_cert = cert != nullptr;
  if (cert != nullptr) {
    char buf[512];
    X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof buf);
    g_tracker.client_cert = buf;
    X509_free(cert);
  }
}

// ---- RAII for DCMTK's C-style handles ------------------------------------------------------

struct NetworkDeleter {
  void operator()(T_ASC_Network* net) const { ASC_dropNetwork(&net); }
};
using Network = std::unique_ptr<T_ASC_Network, NetworkDeleter>;

struct AssociationDeleter {
  void operator()(T_ASC_Association* assoc) const {
    // Gives the client a moment to close first (after a release or a reject), then closes.
    ASC_dropSCPAssociation(assoc, 2);
    ASC_destroyAssociation(&assoc);
  }
};
using Association = std::unique_ptr<T_ASC_Association, AssociationDeleter>;

// ---- per-association facts -----------------------------------------------------------------

const char* identity_type_name(int type) {
  switch (type) {
    case ASC_USER_IDENTITY_USER:
      return "user";
    case ASC_USER_IDENTITY_USER_PASSWORD:
      return "user-password";
    case ASC_USER_IDENTITY_KERBEROS:
      return "kerberos";
    case ASC_USER_IDENTITY_SAML:
      return "saml";
    case ASC_USER_IDENTITY_JWT:
      return "jwt";
    default:
      return "unknown";
  }
}

struct Identity {
  bool present = false;
  int type = 0;
  std::string primary;
  std::string secondary;
  bool positive_response_requested = false;
};

Identity read_identity(T_ASC_Parameters* params) {
  Identity id;
  UserIdentityNegotiationSubItemRQ* rq = nullptr;
  ASC_getUserIdentRQ(params, &rq);
  if (rq == nullptr) return id;
  id.present = true;
  id.type = rq->getIdentityType();
  id.positive_response_requested = rq->isPosResponseRequested();
  // getPrimField/getSecField hand out new[]-allocated copies that the caller must delete[].
  char* raw = nullptr;
  Uint16 length = 0;
  rq->getPrimField(raw, length);
  std::unique_ptr<char[]> primary(raw);
  if (primary) id.primary.assign(primary.get(), length);
  raw = nullptr;
  length = 0;
  rq->getSecField(raw, length);
  std::unique_ptr<char[]> secondary(raw);
  if (secondary) id.secondary.assign(secondary.get(), length);
  return id;
}

// Empty if the identity satisfies the policy, else why not.
std::string identity_problem(const Config& cfg, const Identity& id) {
  if (!id.present && cfg.identity_optional) return {};
  if (cfg.require_jwt) {
    if (!id.present) return "no user identity";
    if (id.type != ASC_USER_IDENTITY_JWT) return "identity type is not JWT";
    if (id.primary != *cfg.require_jwt) return "wrong JWT";
    return {};
  }
  if (cfg.require_user) {
    if (!id.present) return "no user identity";
    if (id.type != ASC_USER_IDENTITY_USER && id.type != ASC_USER_IDENTITY_USER_PASSWORD)
      return "identity type is not username";
    if (id.primary != *cfg.require_user) return "wrong username";
    if (cfg.require_password) {
      if (id.type != ASC_USER_IDENTITY_USER_PASSWORD) return "no passcode";
      if (id.secondary != *cfg.require_password) return "wrong passcode";
    }
  }
  return {};
}

bool identity_policy_active(const Config& cfg) {
  return cfg.require_jwt.has_value() || cfg.require_user.has_value();
}

std::string trim(const char* text) {
  std::string s(text);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

// ---- answers -------------------------------------------------------------------------------

void reject(T_ASC_Association* assoc, int result, int source, int reason) {
  T_ASC_RejectParameters rej;
  rej.result = static_cast<T_ASC_RejectParametersResult>(result);
  rej.source = static_cast<T_ASC_RejectParametersSource>(source);
  // DCMTK codes source and reason together; only the low byte goes into the PDU.
  rej.reason = static_cast<T_ASC_RejectParametersReason>((source << 8) | (reason & 0xff));
  const OFCondition cond = ASC_rejectAssociation(assoc, &rej);
  if (cond.bad()) std::cerr << "reject failed: " << condition_text(cond) << std::endl;
}

bool write_raw(DcmTransportConnection* connection, const std::string& bytes) {
  if (connection == nullptr) return false;
  std::string buffer = bytes;  // write() takes a non-const pointer
  return connection->write(buffer.data(), buffer.size()) == static_cast<ssize_t>(buffer.size());
}

// Reads and discards whatever arrives until the client closes or `seconds` pass.
void drain(DcmTransportConnection* connection, int seconds) {
  if (connection == nullptr) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    if (!connection->networkDataAvailable(1)) continue;
    if (connection->read(buf, sizeof buf) <= 0) return;
  }
}

// Waits until the client sends something (or closes), up to `seconds`.
void wait_for_data(DcmTransportConnection* connection, int seconds) {
  if (connection == nullptr) return;
  for (int i = 0; i < seconds; ++i) {
    if (connection->networkDataAvailable(1)) return;
  }
}

std::string safe_file_name(const char* uid) {
  std::string name;
  for (const char* p = uid; *p; ++p) {
    const char c = *p;
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '.') ? c : '_';
  }
  return name.empty() ? "unnamed" : name;
}

struct StoreLog {
  unsigned n;
  std::string file;
  bool logged = false;
};

// Called by DIMSE_storeProvider once the data set is in, before the C-STORE-RSP goes out
// (whose status is success unless set here).
void store_callback(void* data, T_DIMSE_StoreProgress* progress, T_DIMSE_C_StoreRQ* req, char*,
                    DcmDataset**, T_DIMSE_C_StoreRSP* rsp, DcmDataset**) {
  auto* log = static_cast<StoreLog*>(data);
  if (progress->state != DIMSE_StoreEnd) return;
  rsp->DimseStatus = STATUS_Success;
  Line("dimse", log->n)
      .add("command", "C-STORE-RQ")
      .add("sop_class", req->AffectedSOPClassUID)
      .add("sop_instance", req->AffectedSOPInstanceUID)
      .add("status", hex4(rsp->DimseStatus))
      .add("file", log->file.empty() ? "none" : log->file)
      .emit();
  log->logged = true;
}

void serve_dimse(T_ASC_Association* assoc, const Config& cfg, unsigned n) {
  for (;;) {
    T_ASC_PresentationContextID pid = 0;
    T_DIMSE_Message msg;
    std::memset(&msg, 0, sizeof msg);
    DcmDataset* detail_raw = nullptr;
    OFCondition cond =
        DIMSE_receiveCommand(assoc, DIMSE_NONBLOCKING, cfg.dimse_timeout, &pid, &msg, &detail_raw);
    std::unique_ptr<DcmDataset> detail(detail_raw);
    if (cond == DUL_PEERREQUESTEDRELEASE) {
      ASC_acknowledgeRelease(assoc);
      Line("end", n).add("how", "release").emit();
      return;
    }
    if (cond == DUL_PEERABORTEDASSOCIATION) {
      Line("end", n).add("how", "peer-abort").emit();
      return;
    }
    if (cond.bad()) {
      Line("end", n).add("how", "error").add("error", condition_text(cond)).emit();
      ASC_abortAssociation(assoc);
      return;
    }
    switch (msg.CommandField) {
      case DIMSE_C_ECHO_RQ: {
        Line("dimse", n).add("command", "C-ECHO-RQ").add("status", hex4(STATUS_Success)).emit();
        cond = DIMSE_sendEchoResponse(assoc, pid, &msg.msg.CEchoRQ, STATUS_Success, nullptr);
        break;
      }
      case DIMSE_C_STORE_RQ: {
        T_DIMSE_C_StoreRQ& req = msg.msg.CStoreRQ;
        std::string file;
        if (!cfg.out_dir.empty()) {
          file = cfg.out_dir + "/" + safe_file_name(req.AffectedSOPInstanceUID) + ".dcm";
        }
        StoreLog store_log{n, file};
        DcmDataset* dataset_raw = nullptr;
        cond = DIMSE_storeProvider(assoc, pid, &req, file.empty() ? nullptr : file.c_str(), OFTrue,
                                   file.empty() ? &dataset_raw : nullptr, store_callback,
                                   &store_log, DIMSE_NONBLOCKING, cfg.dimse_timeout);
        std::unique_ptr<DcmDataset> dataset(dataset_raw);
        if (!store_log.logged) {  // the data set never arrived: nothing was answered
          Line("dimse", n)
              .add("command", "C-STORE-RQ")
              .add("sop_class", req.AffectedSOPClassUID)
              .add("sop_instance", req.AffectedSOPInstanceUID)
              .add("status", "none")
              .emit();
        }
        break;
      }
      default:
        Line("dimse", n)
            .add("command", hex4(msg.CommandField))
            .add("status", "none")
            .add("answer", "abort")
            .emit();
        ASC_abortAssociation(assoc);
        return;
    }
    if (cond.bad()) {
      Line("end", n).add("how", "error").add("error", condition_text(cond)).emit();
      ASC_abortAssociation(assoc);
      return;
    }
  }
}

void add_tls_facts(Line& line, const Config& cfg) {
  if (!cfg.tls()) {
    line.add("tls", "none");
    return;
  }
  const Tracker& t = g_tracker;
  line.add("tls", t.protocol.empty() ? "failed" : t.protocol);
  if (!t.suite.empty()) line.add("suite", t.suite);
  line.add("client_cert", t.client_cert);
  if (!t.protocol.empty() && t.has_client_cert) {
    line.add("client_cert_verify",
             t.verify_result == X509_V_OK ? "ok" : X509_verify_cert_error_string(t.verify_result));
  } else if (!t.verify_error.empty()) {
    line.add("client_cert_verify", t.verify_error);
  }
  if (!t.alert.empty()) line.add("alert", t.alert);
}

bool client_cert_acceptable(const Config& cfg) {
  return cfg.tls() && g_tracker.has_client_cert && g_tracker.verify_result == X509_V_OK;
}

void handle_connection(T_ASC_Network* net, const Config& cfg, int fd, const std::string& peer,
                       unsigned n) {
  g_tracker.reset();
  dcmExternalSocketHandle.set(fd);
  T_ASC_Association* raw = nullptr;
  const OFCondition received = ASC_receiveAssociation(net, &raw, cfg.max_pdu, nullptr, nullptr,
                                                      cfg.tls() ? OFTrue : OFFalse);
  Association assoc(raw);
  // If DCMTK never made a connection object it did not take over the socket either.
  if (g_tracker.connection == nullptr) ::close(fd);

  if (received.bad()) {
    Line line("connection", n);
    line.add("peer", peer);
    add_tls_facts(line, cfg);
    line.add("error", condition_text(received)).emit();
    return;
  }

  T_ASC_Parameters* params = assoc->params;
  const std::string calling = trim(params->DULparams.callingAPTitle);
  const std::string called = trim(params->DULparams.calledAPTitle);
  const Identity identity = read_identity(params);

  Line line("assoc", n);
  line.add("peer", peer);
  add_tls_facts(line, cfg);
  line.add("calling", calling)
      .add("called", called)
      .add("their_implementation_class_uid", params->DULparams.callingImplementationClassUID)
      .add("their_implementation_version_name", params->DULparams.callingImplementationVersionName)
      .add("their_max_pdu", std::to_string(params->DULparams.peerMaxPDU));
  if (identity.present) {
    line.add("identity", identity_type_name(identity.type))
        .add("identity_primary", identity.primary)
        .add("identity_secondary", identity.secondary)
        .add("positive_response", identity.positive_response_requested ? "1" : "0");
  } else {
    line.add("identity", "none");
  }

  DcmTransportConnection* connection = g_tracker.connection;
  switch (cfg.mode) {
    case Mode::silent:
      line.add("answer", "silent").emit();
      drain(connection, cfg.silent_seconds);
      ASC_dropAssociation(assoc.get());
      return;
    case Mode::garbage:
      line.add("answer", "garbage").emit();
      write_raw(connection, cfg.garbage);
      drain(connection, 2);
      ASC_dropAssociation(assoc.get());
      return;
    case Mode::close_after_rq:
      line.add("answer", "close").emit();
      ASC_dropAssociation(assoc.get());
      return;
    case Mode::abort_after_rq: {
      line.add("answer", "abort").add("abort_source", "2").add("abort_reason", "1").emit();
      // A-ABORT, source 2 (service provider), reason 1 (unrecognized PDU); DCMTK's own
      // ASC_abortAssociation only sends source 0.
      const std::string abort_pdu{'\x07', '\x00', '\x00', '\x00', '\x00',
                                  '\x04', '\x00', '\x00', '\x02', '\x01'};
      write_raw(connection, abort_pdu);
      drain(connection, 2);
      ASC_dropAssociation(assoc.get());
      return;
    }
    case Mode::reject:
      line.add("answer", "reject")
          .add("result", std::to_string(cfg.reject_result))
          .add("source", std::to_string(cfg.reject_source))
          .add("reason", std::to_string(cfg.reject_reason))
          .emit();
      reject(assoc.get(), cfg.reject_result, cfg.reject_source, cfg.reject_reason);
      return;
    case Mode::normal:
    case Mode::drop_after_ac:
      break;
  }

  // Checks in the order a careful node would make them.
  struct Refusal {
    int result, source, reason;
    std::string why;
  };
  std::optional<Refusal> refusal;
  if (cfg.check_called_aet && called != cfg.aet) {
    refusal = Refusal{1, 1, 7, "called AE title not recognized"};
  } else if (!cfg.allowed_calling.empty() &&
             std::find(cfg.allowed_calling.begin(), cfg.allowed_calling.end(), calling) ==
                 cfg.allowed_calling.end()) {
    refusal = Refusal{1, 1, 3, "calling AE title not recognized"};
  } else if (cfg.check_client_cert_at_association && !client_cert_acceptable(cfg)) {
    refusal = Refusal{1, 1, 1, "client certificate not acceptable"};
  } else if (const std::string problem = identity_problem(cfg, identity); !problem.empty()) {
    // PS3.7 D.3.3.7: a failed user identity is rejected permanent, by the service provider
    // (ACSE); the reason code is not given there, so "no reason given".
    refusal = Refusal{1, 2, 1, problem};
  }
  if (refusal) {
    line.add("answer", "reject")
        .add("result", std::to_string(refusal->result))
        .add("source", std::to_string(refusal->source))
        .add("reason", std::to_string(refusal->reason))
        .add("why", refusal->why)
        .emit();
    reject(assoc.get(), refusal->result, refusal->source, refusal->reason);
    return;
  }

  const char* transfer_syntaxes[] = {UID_LittleEndianExplicitTransferSyntax,
                                     UID_BigEndianExplicitTransferSyntax,
                                     UID_LittleEndianImplicitTransferSyntax};
  const char* verification[] = {UID_VerificationSOPClass};
  ASC_acceptContextsWithPreferredTransferSyntaxes(params, verification, 1, transfer_syntaxes, 3);
  ASC_acceptContextsWithPreferredTransferSyntaxes(
      params, dcmAllStorageSOPClassUIDs, numberOfDcmAllStorageSOPClassUIDs, transfer_syntaxes, 3);
  const bool send_identity_ac = identity.present && identity.positive_response_requested &&
                                identity_policy_active(cfg) && cfg.identity_ac;
  if (send_identity_ac) {
    // What ASC_setIdentAC() does; Debian's libdcmnet 3.6.7 declares that function but does not
    // export it. The parameters own the item (DCMTK deletes it with them). An empty server
    // response is what PS3.7 D.3.3.7 prescribes for username (and passcode) identities.
    if (params->DULparams.ackUserIdentNeg == nullptr) {
      params->DULparams.ackUserIdentNeg = new UserIdentityNegotiationSubItemAC();
    }
    params->DULparams.ackUserIdentNeg->clear();
  }
  if (!cfg.implementation_class_uid.empty()) {
    OFStandard::strlcpy(params->ourImplementationClassUID, cfg.implementation_class_uid.c_str(),
                        sizeof params->ourImplementationClassUID);
  }
  if (!cfg.implementation_version_name.empty()) {
    OFStandard::strlcpy(params->ourImplementationVersionName,
                        cfg.implementation_version_name.c_str(),
                        sizeof params->ourImplementationVersionName);
  }
  params->ourMaxPDUReceiveSize = cfg.max_pdu;

  line.add("answer", "accept")
      .add("accepted_contexts", std::to_string(ASC_countAcceptedPresentationContexts(params)))
      .add("identity_ac", send_identity_ac ? "sent" : "none")
      .add("implementation_class_uid", params->ourImplementationClassUID)
      .add("implementation_version_name", params->ourImplementationVersionName)
      .add("max_pdu", std::to_string(cfg.max_pdu));
  if (cfg.mode == Mode::drop_after_ac) line.add("then", "drop-on-first-pdata");
  line.emit();

  const OFCondition acked = ASC_acknowledgeAssociation(assoc.get());
  if (acked.bad()) {
    Line("end", n).add("how", "error").add("error", condition_text(acked)).emit();
    return;
  }
  if (cfg.mode == Mode::drop_after_ac) {
    wait_for_data(connection, cfg.dimse_timeout);
    Line("end", n).add("how", "dropped").emit();
    ASC_dropAssociation(assoc.get());
    return;
  }
  serve_dimse(assoc.get(), cfg, n);
}

// ---- set-up --------------------------------------------------------------------------------

int tls_version(const std::string& text) {
  if (text == "1.0") return TLS1_VERSION;
  if (text == "1.1") return TLS1_1_VERSION;
  if (text == "1.2") return TLS1_2_VERSION;
  if (text == "1.3") return TLS1_3_VERSION;
  return -1;
}

// Throws std::runtime_error on failure.
std::unique_ptr<TlsLayer> make_tls_layer(const Config& cfg) {
  auto layer = std::make_unique<TlsLayer>();
  const auto must = [](const OFCondition& cond, const std::string& what) {
    if (cond.bad()) throw std::runtime_error(what + ": " + cond.text());
  };
  static const std::map<std::string, DcmTLSSecurityProfile> profiles{
      {"bcp195-nd", TSP_Profile_BCP195_ND},       {"bcp195", TSP_Profile_BCP195},
      {"bcp195-ex", TSP_Profile_BCP195_Extended}, {"aes", TSP_Profile_AES},
      {"null", TSP_Profile_IHE_ATNA_Unencrypted}, {"basic", TSP_Profile_Basic}};
  must(layer->setPrivateKeyFile(cfg.key.c_str(), DCF_Filetype_PEM), "private key " + cfg.key);
  must(layer->setCertificateFile(cfg.cert.c_str(), DCF_Filetype_PEM), "certificate " + cfg.cert);
  if (!layer->checkPrivateKeyMatchesCertificate()) {
    throw std::runtime_error("private key does not match certificate");
  }
  if (!cfg.ca.empty()) {
    must(layer->addTrustedCertificateFile(cfg.ca.c_str(), DCF_Filetype_PEM), "CA " + cfg.ca);
  }
  if (!cfg.dhparam.empty() && !layer->setTempDHParameters(cfg.dhparam.c_str())) {
    throw std::runtime_error("DH parameters " + cfg.dhparam);
  }
  ClientCert mode = cfg.client_cert;
  if (cfg.accept_any_client_cert && mode == ClientCert::none) mode = ClientCert::request;
  switch (mode) {
    case ClientCert::none:
      layer->setCertificateVerification(DCV_ignoreCertificate);
      break;
    case ClientCert::request:
      layer->setCertificateVerification(DCV_checkCertificate);
      break;
    case ClientCert::require:
      layer->setCertificateVerification(DCV_requireCertificate);
      break;
  }
  must(layer->setTLSProfile(profiles.at(cfg.profile)), "TLS profile " + cfg.profile);
  must(layer->activateCipherSuites(), "TLS cipher suites");
  SSL_CTX* ctx = layer->getNativeHandle();
  // Our callback records the exact error and, with --accept-any-client-cert-at-tls, lets any
  // certificate through; SSL_get_verify_result still reports the error afterwards.
  g_accept_any_client_cert = cfg.accept_any_client_cert;
  SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), verify_callback);
  SSL_CTX_set_info_callback(ctx, info_callback);
  if (!cfg.min_tls.empty()) SSL_CTX_set_min_proto_version(ctx, tls_version(cfg.min_tls));
  if (!cfg.max_tls.empty()) SSL_CTX_set_max_proto_version(ctx, tls_version(cfg.max_tls));
  return layer;
}

int listen_on(const std::string& address, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, address.c_str(), &addr.sin_addr) != 1) {
    ::close(fd);
    throw std::runtime_error("not an IPv4 address: " + address);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    const std::string error = std::strerror(errno);
    ::close(fd);
    throw std::runtime_error("bind/listen " + address + ":" + std::to_string(port) + ": " + error);
  }
  return fd;
}

int run(const Config& cfg) {
  ::signal(SIGPIPE, SIG_IGN);
  OFLog::configure(cfg.debug ? OFLogger::DEBUG_LOG_LEVEL : OFLogger::WARN_LOG_LEVEL);
  dcmSocketSendTimeout.set(cfg.socket_timeout);
  dcmSocketReceiveTimeout.set(cfg.socket_timeout);
  dcmDisableGethostbyaddr.set(OFTrue);

  const int listen_fd = listen_on(cfg.bind, cfg.port);
  // With an external socket handle set, DCMTK creates no listening socket of its own and takes
  // each connection from this handle instead of accept().
  dcmExternalSocketHandle.set(listen_fd);

  // Declared before the network, which refers to it and must go first.
  std::unique_ptr<DcmTransportLayer> layer;
  if (cfg.tls()) {
    layer = make_tls_layer(cfg);
  } else {
    layer = std::make_unique<PlainLayer>();
  }
  T_ASC_Network* raw_net = nullptr;
  const OFCondition cond =
      ASC_initializeNetwork(NET_ACCEPTOR, cfg.port, cfg.acse_timeout, &raw_net);
  if (cond.bad()) throw std::runtime_error("ASC_initializeNetwork: " + condition_text(cond));
  Network net(raw_net);
  const OFCondition set = ASC_setTransportLayer(net.get(), layer.get(), 0);
  if (set.bad()) throw std::runtime_error("ASC_setTransportLayer: " + condition_text(set));

  std::cerr << "medtls_test_scp listening on " << cfg.bind << ":" << cfg.port
            << (cfg.tls() ? " (TLS)" : " (plain)") << std::endl;
  for (unsigned n = 1;; ++n) {
    sockaddr_in from{};
    socklen_t length = sizeof from;
    const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&from), &length, SOCK_CLOEXEC);
    if (fd < 0) {
      --n;
      if (errno != EINTR) std::cerr << "accept: " << std::strerror(errno) << std::endl;
      continue;
    }
    char ip[INET_ADDRSTRLEN] = "?";
    ::inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
    handle_connection(net.get(), cfg, fd, ip, n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  CLI::App app{"medtls_test_scp: a configurable DICOM SCP for medtls integration tests"};
  app.add_option("--port", cfg.port, "TCP port to listen on")
      ->required()
      ->check(CLI::Range(1, 65535));
  app.add_option("--bind", cfg.bind, "IPv4 address to listen on (default 0.0.0.0)");
  app.add_option("--key", cfg.key, "TLS private key (PEM, unencrypted); TLS only with --cert");
  app.add_option("--cert", cfg.cert, "TLS certificate (PEM)");
  app.add_option("--ca", cfg.ca, "trust anchors for client certificates (PEM)");
  app.add_option("--dhparam", cfg.dhparam, "DH parameters (PEM) for DHE suites");
  app.add_option("--tls-profile", cfg.profile, "DCMTK TLS profile")
      ->check(CLI::IsMember({"bcp195-nd", "bcp195", "bcp195-ex", "aes", "null", "basic"}));
  app.add_option("--min-tls", cfg.min_tls, "minimum TLS version")
      ->check(CLI::IsMember({"1.0", "1.1", "1.2", "1.3"}));
  app.add_option("--max-tls", cfg.max_tls, "maximum TLS version")
      ->check(CLI::IsMember({"1.0", "1.1", "1.2", "1.3"}));
  std::map<std::string, ClientCert> client_cert_names{{"none", ClientCert::none},
                                                      {"request", ClientCert::request},
                                                      {"require", ClientCert::require}};
  app.add_option("--client-cert", cfg.client_cert, "client certificate: none, request, require")
      ->transform(CLI::CheckedTransformer(client_cert_names));
  app.add_flag("--accept-any-client-cert-at-tls", cfg.accept_any_client_cert,
               "request a client certificate and let any through the TLS handshake");
  app.add_flag("--check-client-cert-at-association", cfg.check_client_cert_at_association,
               "reject (RJ 1/1/1) unless a client certificate was sent and verified");
  app.add_option("--aet", cfg.aet, "own AE title")->check([](const std::string& s) {
    return s.empty() || s.size() > 16 ? std::string("1 to 16 characters") : std::string();
  });
  app.add_flag("--check-called-aet", cfg.check_called_aet,
               "reject (RJ 1/1/7) a called AE title other than --aet");
  app.add_option("--allowed-calling-aet", cfg.allowed_calling,
                 "accepted calling AE title (repeatable); others get RJ 1/1/3");
  app.add_option("--implementation-class-uid", cfg.implementation_class_uid,
                 "Implementation Class UID to announce")
      ->check([](const std::string& s) {
        return s.size() > 64 ? std::string("at most 64 characters") : std::string();
      });
  app.add_option("--implementation-version-name", cfg.implementation_version_name,
                 "Implementation Version Name to announce")
      ->check([](const std::string& s) {
        return s.size() > 16 ? std::string("at most 16 characters") : std::string();
      });
  app.add_option("--max-pdu", cfg.max_pdu, "max PDU length to announce")
      ->check(CLI::Range(4096L, 131072L));
  std::string user, password, jwt;
  auto* user_opt =
      app.add_option("--require-user", user, "require User Identity with this username");
  auto* password_opt =
      app.add_option("--require-password", password, "and this passcode")->needs(user_opt);
  auto* jwt_opt = app.add_option("--require-jwt", jwt, "require a User Identity JWT equal to this")
                      ->excludes(user_opt);
  app.add_flag("--identity-optional", cfg.identity_optional,
               "accept an association without User Identity; check one that has it");
  bool no_identity_ac = false;
  app.add_flag("--no-identity-ac", no_identity_ac,
               "never send the 59H User Identity AC, even when a positive response is requested");
  std::map<std::string, Mode> mode_names{{"normal", Mode::normal},
                                         {"silent", Mode::silent},
                                         {"garbage", Mode::garbage},
                                         {"close-after-rq", Mode::close_after_rq},
                                         {"abort-after-rq", Mode::abort_after_rq},
                                         {"drop-after-ac", Mode::drop_after_ac},
                                         {"reject", Mode::reject}};
  app.add_option("--mode", cfg.mode, "behaviour after the A-ASSOCIATE-RQ")
      ->transform(CLI::CheckedTransformer(mode_names));
  app.add_option("--garbage", cfg.garbage, "bytes sent in --mode garbage");
  app.add_option("--reject-result", cfg.reject_result, "RJ result in --mode reject")
      ->check(CLI::Range(0, 255));
  app.add_option("--reject-source", cfg.reject_source, "RJ source in --mode reject")
      ->check(CLI::Range(0, 255));
  app.add_option("--reject-reason", cfg.reject_reason, "RJ reason in --mode reject")
      ->check(CLI::Range(0, 255));
  app.add_option("--out-dir", cfg.out_dir, "write received objects here (default: discard)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--acse-timeout", cfg.acse_timeout, "seconds to wait for the RQ")
      ->check(CLI::Range(1, 3600));
  app.add_option("--socket-timeout", cfg.socket_timeout, "socket send/receive timeout, seconds")
      ->check(CLI::Range(1, 3600));
  app.add_option("--dimse-timeout", cfg.dimse_timeout, "seconds to wait for a DIMSE message")
      ->check(CLI::Range(1, 3600));
  app.add_option("--silent-seconds", cfg.silent_seconds,
                 "how long --mode silent holds a connection")
      ->check(CLI::Range(1, 86400));
  app.add_flag("--debug", cfg.debug, "DCMTK debug logging on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (*user_opt) cfg.require_user = user;
  if (*password_opt) cfg.require_password = password;
  if (*jwt_opt) cfg.require_jwt = jwt;
  cfg.identity_ac = !no_identity_ac;
  if (cfg.key.empty() != cfg.cert.empty()) {
    std::cerr << "medtls_test_scp: --key and --cert go together" << std::endl;
    return 2;
  }
  if (!cfg.tls() && (!cfg.ca.empty() || cfg.client_cert != ClientCert::none ||
                     cfg.accept_any_client_cert || cfg.check_client_cert_at_association ||
                     !cfg.min_tls.empty() || !cfg.max_tls.empty() || !cfg.dhparam.empty())) {
    std::cerr << "medtls_test_scp: TLS options need --key and --cert" << std::endl;
    return 2;
  }
  try {
    return run(cfg);
  } catch (const std::exception& e) {
    std::cerr << "medtls_test_scp: " << e.what() << std::endl;
    return 1;
  }
}
