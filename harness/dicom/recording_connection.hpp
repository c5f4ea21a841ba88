#pragma once
// The connection objects our transport layers hand to DCMTK (see transport.hpp). Both own every
// byte of I/O on a non-blocking socket: reads, writes and (over TLS) the handshake wait at most
// until the observer's phase deadline, whatever the peer sends or withholds.
#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "dicom/transport.hpp"

namespace medtls::dicom {

// Serves DCMTK's reads from one larger read of the transport, so that the recorder sees what
// arrived even when DCMTK stops after a bad PDU header.
class ReadAhead {
 public:
  bool empty() const { return next_ == buffer_.size(); }
  // Copies buffered bytes to `out`; the count.
  std::size_t take(void* out, std::size_t size);
  // Replaces the (empty) buffer with `size` bytes.
  void fill(const std::uint8_t* data, std::size_t size);

 private:
  std::vector<std::uint8_t> buffer_;
  std::size_t next_ = 0;
};

class RecordingTcpConnection : public DcmTCPConnection {
 public:
  RecordingTcpConnection(DcmNativeSocketType socket, ConnectionObserver& observer);
  OFCondition clientSideHandshake() override;
  ssize_t read(void* buf, size_t nbyte) override;
  ssize_t write(void* buf, size_t nbyte) override;
  OFBool networkDataAvailable(int timeout) override;

 private:
  // One transport read into ahead_; false (errno set, the stream's end recorded) when none.
  bool fill();
  ConnectionObserver& observer_;
  ReadAhead ahead_;
};

// Takes ownership of `ssl` (DcmTLSConnection frees it).
class RecordingTlsConnection : public DcmTLSConnection {
 public:
  RecordingTlsConnection(DcmNativeSocketType socket, SSL* ssl, ConnectionObserver& observer);
  OFCondition clientSideHandshake() override;
  // The acceptor side (`medtls listen`): the listener usually completed the handshake already
  // (it judged the ClientHello and chose the certificate); otherwise SSL_accept, bounded.
  OFCondition serverSideHandshake() override;
  ssize_t read(void* buf, size_t nbyte) override;
  ssize_t write(void* buf, size_t nbyte) override;
  OFBool networkDataAvailable(int timeout) override;

 private:
  // One TLS read into ahead_, waiting up to the phase deadline (or, `waiting` false, only for
  // what has arrived already); false (errno set, the stream's end recorded) when none.
  bool fill(bool waiting = true);
  SSL* ssl_;  // owned by DcmTLSConnection
  ConnectionObserver& observer_;
  ReadAhead ahead_;
};

// Sets O_NONBLOCK; false when the kernel refuses.
bool make_non_blocking(int socket);

}  // namespace medtls::dicom
