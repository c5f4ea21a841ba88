#pragma once
// The byte stream an association received, cut into PDUs by their 6-byte headers (PS3.8 §9.3):
// the transport connection tees every byte it reads into a PduRecorder, in whatever pieces the
// reads return, and the recorder keeps each PDU's type, length and first bytes. Anything whose
// first byte is not a PDU type (01H–07H) ends the parsing: from there on the stream is kept as
// one "not a DICOM PDU" entry (e.g. a TLS alert record answering a cleartext request).
// What is kept is bounded whatever the peer sends: the first kMaxKeptPdus PDUs and the first of
// each type, at most kKeptBytes of each; the others are counted (dropped_pdus, dropped_bytes).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "obs/dicom_observations.hpp"

namespace medtls::dicom {

// How the received stream ended, as the transport saw it.
enum class StreamEnd {
  open,     // no end seen (the association ended first, or is still running)
  closed,   // orderly close: TCP FIN, or TLS close_notify / EOF
  reset,    // TCP RST (ECONNRESET)
  timeout,  // the phase's time ran out before a complete answer
  limit,    // the peer sent more than an association may (kMaxReceivedBytes): reading stopped
  error,    // any other read error (TLS alert, broken record …); `end_text` says which
};

struct RecordedPdu {
  std::uint8_t type = 0;
  std::uint32_t length = 0;         // from the header (0 for "not a DICOM PDU")
  bool dicom = true;                // false: bytes that are not a DICOM PDU
  std::vector<std::uint8_t> bytes;  // header included; at most kKeptBytes
  std::size_t received = 0;         // bytes of this PDU received so far (header included)
  bool complete() const { return dicom && received == 6 + static_cast<std::size_t>(length); }
};

class PduRecorder {
 public:
  // The bytes kept of each PDU: enough for a whole A-ASSOCIATE-AC/RJ and A-ABORT.
  static constexpr std::size_t kKeptBytes = 64 * 1024;
  static constexpr std::size_t kHeadBytes = 64;  // shown as evidence (DicomPdu::head_hex)
  static constexpr std::size_t kMaxKeptPdus = 32;

  // Bytes as one read returned them.
  void feed(const std::uint8_t* data, std::size_t size);
  // The stream ended (read returned 0 or failed); the first end is kept.
  void end(StreamEnd how, const std::string& text);

  const std::vector<RecordedPdu>& pdus() const { return pdus_; }
  // Header bytes of a PDU whose 6-byte header had not fully arrived (0–5 bytes).
  const std::vector<std::uint8_t>& partial_header() const { return header_; }
  std::size_t total_received() const { return total_; }
  StreamEnd stream_end() const { return end_; }
  const std::string& end_text() const { return end_text_; }

  // The first complete PDU of `type`, or null.
  const RecordedPdu* first(std::uint8_t type) const;
  // The bytes that are not DICOM, or null.
  const RecordedPdu* non_dicom() const;
  // The last PDU, when its body had not fully arrived (header bytes only if it was not kept).
  const RecordedPdu* truncated() const;
  // PDUs not kept (beyond kMaxKeptPdus, not the first of their type), and their bytes.
  std::size_t dropped_pdus() const { return dropped_pdus_; }
  std::size_t dropped_bytes() const { return dropped_bytes_; }

  // The evidence form of every PDU received.
  std::vector<obs::DicomPdu> evidence() const;

 private:
  std::vector<RecordedPdu> pdus_;
  std::vector<std::uint8_t> header_;  // header being assembled
  bool in_body_ = false;              // pdus_.back() still receives its body
  bool garbage_ = false;              // non-DICOM bytes seen: everything goes to pdus_.back()
  bool skipping_ = false;             // the PDU being received is not kept
  RecordedPdu skipped_;               // its header, and how much of it arrived
  std::size_t dropped_pdus_ = 0, dropped_bytes_ = 0;
  std::size_t total_ = 0;
  StreamEnd end_ = StreamEnd::open;
  std::string end_text_;
};

// "A-ASSOCIATE-AC" …, or "not a DICOM PDU".
std::string pdu_type_name(std::uint8_t type, bool dicom = true);

// Space-separated lower-case hex of the first `max` bytes, "…" appended when there are more:
// "15 03 03 00 02 02 28".
std::string spaced_hex(const std::vector<std::uint8_t>& bytes, std::size_t max = 16);

// Reads the result/source/reason bytes of an A-ASSOCIATE-RJ (bytes 8, 9, 10 of the PDU,
// 1-based) or the source/reason of an A-ABORT (bytes 9, 10); nullopt when too short.
struct RejectCodes {
  std::uint8_t result = 0, source = 0, reason = 0;
};
std::optional<RejectCodes> reject_codes(const RecordedPdu& pdu);
struct AbortCodes {
  std::uint8_t source = 0, reason = 0;
};
std::optional<AbortCodes> abort_codes(const RecordedPdu& pdu);

// The User Information sub-items of an A-ASSOCIATE-RQ/AC (type → value bytes), in order.
struct UserItem {
  std::uint8_t type = 0;
  std::vector<std::uint8_t> value;
};
// Empty when the PDU is not an RQ/AC or is malformed (`error` then says where).
std::vector<UserItem> user_information_items(const RecordedPdu& pdu, std::string* error = nullptr);

}  // namespace medtls::dicom
