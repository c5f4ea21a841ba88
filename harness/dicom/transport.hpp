#pragma once
// A DCMTK transport layer of our own: DCMTK connects the socket and then asks the layer for a
// connection object (createConnection). Ours hands out connections that
//  - tee every byte read into a PduRecorder (DCMTK keeps the PDUs it parses to itself, e.g.
//    an A-ABORT's source and reason), read ahead so that bytes after a bad PDU header are
//    recorded too, and note how the stream ended;
//  - do every read, write and the TLS handshake themselves on a non-blocking socket, bounded by
//    the deadline of the current phase (handshake, A-ASSOCIATE, C-ECHO, C-STORE, A-RELEASE):
//    DCMTK bounds single reads at best, so a peer that drips bytes or streams PDUs endlessly
//    could otherwise hold an association for ever; and stop reading after kMaxReceivedBytes;
//  - over TLS, create the SSL object themselves (SNI, ALPN, client certificate, alert capture)
//    and read the channel back from it right after the handshake.
// Every piece of state goes into a ConnectionObserver that the caller owns and that outlives
// the layer, the association and the connection.
#include <openssl/ssl.h>

#include <chrono>
#include <optional>
#include <string>

#include "common/deadline.hpp"

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/dcmnet/dcmlayer.h"
#include "dcmtk/dcmnet/dcmtrans.h"
#include "dcmtk/dcmtls/tlstrans.h"

#include "dicom/pdu_recorder.hpp"
#include "dicom/tls_events.hpp"
#include "dicom/tls_settings.hpp"
#include "obs/dicom_observations.hpp"

namespace medtls::dicom {

using Clock = std::chrono::steady_clock;

// What one association may receive at most: an A-ASSOCIATE-AC and a few DIMSE responses are a
// few kilobytes (DCMTK itself refuses an A-ASSOCIATE PDU over 1 MiB); a peer that sends more is
// streaming, and reading stops.
inline constexpr std::size_t kMaxReceivedBytes = 2 * 1024 * 1024;

struct ConnectionObserver {
  std::chrono::milliseconds timeout{5000};  // each phase's time (the request's timeout)
  Deadline scan_deadline;                   // the target's --deadline: no phase runs past it
  const TlsSettings* tls = nullptr;         // settings of each SSL object (TLS layer only)

  // The phase under way and when it must end; reads, writes and the handshake never wait past
  // `phase_deadline`.
  std::string phase = "connect";
  Clock::time_point phase_deadline = Clock::time_point::max();
  std::size_t phase_start_bytes = 0;  // received.total_received() when the phase began
  void start_phase(const std::string& name, std::chrono::milliseconds length) {
    phase = name;
    phase_deadline = scan_deadline.cap(Clock::now() + length);
    phase_start_bytes = received.total_received();
  }
  void start_phase(const std::string& name) { start_phase(name, timeout); }

  PduRecorder received;
  // Reading stops after this many bytes (the recorder keeps only bounded evidence; the limit
  // bounds a streaming peer). The listener's acceptor raises it: images are large.
  std::size_t max_received = kMaxReceivedBytes;
  std::size_t bytes_sent = 0;
  std::string write_error;  // the first failed write, in words

  std::optional<Clock::time_point> connected_at;  // createConnection ran: TCP is up
  std::optional<Clock::time_point> handshake_at;  // clientSideHandshake returned
  bool handshake_ok = false;
  bool handshake_timed_out = false;  // no handshake within the phase's time
  std::string handshake_error;       // what ended it, with OpenSSL's errors, one line
  std::string setup_error;           // our SSL object could not be configured

  TlsEvents tls_events;       // alerts (bound to the SSL object as its app data)
  obs::DicomChannel channel;  // read back from the SSL object after the handshake
  bool channel_read = false;
};

// The transport layer of one association. DCMTK connects the socket and asks the layer for a
// connection object: cleartext, or TLS when the association parameters say so. TLS uses our
// own SSL_CTX (`tls_context`, see tls_context.hpp) rather than the one DcmTLSTransportLayer
// would configure (its restricted curve and signature lists are DCMTK's choice, not ours);
// DCMTK's DcmTLSConnection still does the TLS I/O on the SSL object we create.
class RecordingLayer : public DcmTransportLayer {
 public:
  // `tls_context` null: cleartext only (a TLS request then fails in createConnection).
  RecordingLayer(ConnectionObserver& observer, SSL_CTX* tls_context)
      : observer_(observer), tls_context_(tls_context) {}
  DcmTransportConnection* createConnection(DcmNativeSocketType socket,
                                           OFBool use_secure_layer) override;

 private:
  ConnectionObserver& observer_;
  SSL_CTX* tls_context_;  // not owned
};

}  // namespace medtls::dicom
