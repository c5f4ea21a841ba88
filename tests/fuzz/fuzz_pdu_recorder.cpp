// fuzz_pdu_recorder: what a DICOM node sends back (hostile bytes) through dicom::PduRecorder,
// fed in chunks as the transport's reads might return them, then every reader of the recorded
// PDUs and the wording functions (pdu_words.hpp, describe_non_dicom).
//
// Input: 4 split-plan bytes (fuzz_common.hpp; the second also picks how the stream ends), then
// the stream.
// Properties checked:
//  - no crash, UB or leak (sanitizers);
//  - what the recorder keeps is bounded whatever the input length: at most kMaxKeptPdus PDUs
//    (finding "pdu_count_unbounded") and at most kMaxKeptBytes bytes in all (finding
//    "pdu_bytes_unbounded"), each PDU at most PduRecorder::kKeptBytes;
//  - the recording does not depend on how the stream was split (finding "split_dependent");
//  - total_received() counts every byte, and each is in a kept PDU, a dropped one
//    (dropped_bytes()) or the partial header; evidence() has one entry per PDU, a bounded head;
//  - the evidence serialises (obs::to_json + obs::dump_json) and its strings are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dicom/outcome.hpp"
#include "dicom/pdu_recorder.hpp"
#include "dicom/pdu_words.hpp"
#include "fuzz_common.hpp"
#include "obs/json.hpp"
#include "obs/json_dump.hpp"

using medtls::dicom::PduRecorder;
using medtls::dicom::RecordedPdu;
using medtls::dicom::StreamEnd;
using medtls::fuzz::finding;

namespace {

// Bounds on what one association may make the recorder keep: a hostile node streaming
// zero-length PDUs must not grow the recording without limit. The recorder keeps the first
// PduRecorder::kMaxKeptPdus PDUs and the first of each type (7 types), plus one entry for
// non-DICOM bytes; adjust here if that rule changes.
constexpr std::size_t kMaxKeptPdus = PduRecorder::kMaxKeptPdus + 7 + 1;
constexpr std::size_t kMaxKeptBytes = 4u << 20;  // 4 MiB

// Presentation-context results in an A-ASSOCIATE-AC's 21H items (PS3.8 §9.3.3.2), read
// independently of the harness so that presentation_result_name() gets codes from the bytes.
std::vector<int> presentation_results(const RecordedPdu& pdu) {
  std::vector<int> out;
  const auto& b = pdu.bytes;
  std::size_t pos = 74;
  while (pos + 4 <= b.size()) {
    const std::size_t length = static_cast<std::size_t>(b[pos + 2]) << 8 | b[pos + 3];
    if (b[pos] == 0x21 && length >= 4 && pos + 4 + length <= b.size()) out.push_back(b[pos + 6]);
    pos += 4 + length;
  }
  return out;
}

bool same_recording(const PduRecorder& a, const PduRecorder& b) {
  if (a.pdus().size() != b.pdus().size() || a.partial_header() != b.partial_header() ||
      a.total_received() != b.total_received() || a.dropped_pdus() != b.dropped_pdus() ||
      a.dropped_bytes() != b.dropped_bytes() ||
      (a.truncated() == nullptr) != (b.truncated() == nullptr) ||
      (a.non_dicom() == nullptr) != (b.non_dicom() == nullptr))
    return false;
  for (std::size_t i = 0; i < a.pdus().size(); ++i) {
    const RecordedPdu &x = a.pdus()[i], &y = b.pdus()[i];
    if (x.type != y.type || x.length != y.length || x.dicom != y.dicom || x.bytes != y.bytes ||
        x.received != y.received)
      return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* input, std::size_t input_size) {
  const std::uint8_t* data = input;
  std::size_t size = input_size;
  medtls::fuzz::SplitPlan plan(data, size);

  PduRecorder split;
  std::size_t pos = 0;
  while (pos < size) {
    const std::size_t n = plan.next(size - pos);
    split.feed(data + pos, n);
    pos += n;
  }
  static const StreamEnd kEnds[] = {StreamEnd::open,    StreamEnd::closed, StreamEnd::reset,
                                    StreamEnd::timeout, StreamEnd::limit,  StreamEnd::error};
  const StreamEnd how = kEnds[plan.byte(1) % (sizeof kEnds / sizeof kEnds[0])];
  split.end(how, "the stream ended");
  split.end(StreamEnd::closed, "a later end is ignored");
  if (how != StreamEnd::open &&
      (split.stream_end() != how || split.end_text() != "the stream ended"))
    finding("end_not_first", "end", "a later end() replaced the first", input, input_size);

  // Bounds.
  const auto& pdus = split.pdus();
  std::size_t kept = 0;
  for (const auto& pdu : pdus) {
    kept += pdu.bytes.size();
    if (pdu.bytes.size() > PduRecorder::kKeptBytes)
      finding("pdu_bytes_unbounded", "one PDU", "a PDU keeps more than kKeptBytes", input,
              input_size);
  }
  if (pdus.size() > kMaxKeptPdus)
    finding("pdu_count_unbounded", "count",
            std::to_string(pdus.size()) + " PDUs kept from " + std::to_string(size) +
                " bytes (limit here " + std::to_string(kMaxKeptPdus) + ")",
            input, input_size);
  if (kept > kMaxKeptBytes)
    finding("pdu_bytes_unbounded", "sum", std::to_string(kept) + " bytes kept", input, input_size);
  if (split.total_received() != size)
    finding("total_received", "count", "total_received() is not the number of bytes fed", input,
            input_size);
  // Every byte is accounted for: in a kept PDU, in a dropped one, or in a partial header.
  std::size_t accounted = split.dropped_bytes() + split.partial_header().size();
  for (const auto& pdu : pdus) accounted += pdu.received;
  if (accounted != size)
    finding("byte_accounting", "sum",
            std::to_string(accounted) + " bytes accounted for, " + std::to_string(size) + " fed",
            input, input_size);

  // The same stream in one read records the same.
  PduRecorder whole;
  if (size > 0) whole.feed(data, size);
  if (!same_recording(whole, split))
    finding("split_dependent", "recording", "one read and the split plan record differently", input,
            input_size);

  // Readers.
  const auto evidence = split.evidence();
  if (evidence.size() != pdus.size())
    finding("evidence_count", "count", "evidence() does not have one entry per PDU", input,
            input_size);
  for (const auto& e : evidence)
    if (e.head_hex.size() > 2 * PduRecorder::kHeadBytes)
      finding("evidence_head", "head", "head_hex longer than kHeadBytes", input, input_size);
  for (int type = 0; type <= 8; ++type) {
    if (const RecordedPdu* first = split.first(static_cast<std::uint8_t>(type)))
      if (!first->complete() || first->type != type)
        finding("first_wrong", "first", "first() returned an incomplete or other PDU", input,
                input_size);
    (void)medtls::dicom::pdu_type_name(static_cast<std::uint8_t>(type));
  }
  std::string words;
  if (const RecordedPdu* junk = split.non_dicom()) {
    words += medtls::dicom::describe_non_dicom(junk->bytes);
    words += medtls::dicom::pdu_type_name(junk->type, false);
  }
  if (const RecordedPdu* partial = split.truncated())
    words += medtls::dicom::spaced_hex(partial->bytes);
  words += medtls::dicom::spaced_hex(split.partial_header(), plan.byte(2));
  for (const auto& pdu : pdus) {
    if (auto rj = medtls::dicom::reject_codes(pdu))
      words += medtls::dicom::reject_text(rj->result, rj->source, rj->reason);
    if (auto ab = medtls::dicom::abort_codes(pdu))
      words += medtls::dicom::abort_text(ab->source, ab->reason);
    std::string error;
    for (const auto& item : medtls::dicom::user_information_items(pdu, &error))
      words += std::to_string(item.type) + ":" + std::to_string(item.value.size());
    words += error;
    for (int result : presentation_results(pdu))
      words += medtls::name_of(medtls::dicom::presentation_result(result));
    // The wording functions on whatever the PDU bytes say, not only where the type fits.
    if (pdu.bytes.size() >= 10) {
      words += medtls::dicom::reject_text(pdu.bytes[7], pdu.bytes[8], pdu.bytes[9]);
      words += medtls::dicom::abort_text(pdu.bytes[8], pdu.bytes[9]);
      words += medtls::name_of(
          medtls::dicom::presentation_result(static_cast<std::int8_t>(pdu.bytes[9])));
    }
    words += medtls::dicom::describe_non_dicom(pdu.bytes);
  }
  // describe_non_dicom of the raw stream, as a transport might show the first bytes.
  words += medtls::dicom::describe_non_dicom(std::vector<std::uint8_t>(data, data + size));

  // Evidence serialises as valid UTF-8.
  const nlohmann::json j = evidence;
  const std::string text = medtls::obs::dump_json(j);
  if (nlohmann::json::parse(text, nullptr, false).is_discarded())
    finding("dump_unparsable", "evidence", "dump_json output does not parse", input, input_size);
  try {
    (void)j.dump();
    (void)nlohmann::json(words).dump();
  } catch (const nlohmann::json::type_error& e) {
    finding("invalid_utf8_in_observation", "evidence/words", e.what(), input, input_size);
  }
  return 0;
}
