#pragma once
// The DICOM acceptor of `medtls listen`: after the listener has completed the TLS handshake with
// a device (its ClientHello recorded, its scenario's certificate served), DCMTK reads the
// device's A-ASSOCIATE-RQ over that same TLS connection, medtls accepts Verification and every
// Storage SOP Class with a transfer syntax the device proposed, answers C-ECHO and C-STORE with
// success (objects go to `keep_dir`, or nowhere) and the release. Everything it asked for is
// recorded in an obs::ClientAssociation. Every read and write is bounded by `timeout` per step.
#include <openssl/ssl.h>

#include <chrono>
#include <string>

#include "obs/client_association.hpp"

namespace medtls::dicom {

struct AcceptorOptions {
  std::string ae_title = "MEDTLS";  // the AE title medtls answers as
  std::string keep_dir;             // where received objects are written; "" discards them
  std::chrono::milliseconds timeout{10000};
  int max_commands = 1000;
  int connection = 0;  // the incoming connection's index (names kept files)  // DIMSE commands
                       // served on one association before it is aborted
};

// Serves one association on `fd`, whose TLS session `ssl` has completed its handshake. The
// caller keeps ownership of both (the acceptor takes its own reference and duplicate) and
// closes them afterwards.
obs::ClientAssociation serve_association(int fd, SSL* ssl, const AcceptorOptions& options);

}  // namespace medtls::dicom
