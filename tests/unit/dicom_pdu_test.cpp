// The PDU recorder of the DICOM association engine, fed with bytes captured from real peers:
//  - storescp 3.6.7 (plain, port 21113) answering `echoscu -aet MEDTLS -aec STORESCP`,
//    captured with tcpdump on loopback: A-ASSOCIATE-AC, the C-ECHO-RSP P-DATA-TF (which storescp
//    wrote in two pieces: PDU and PDV headers, then the command), A-RELEASE-RP;
//  - `storescp --refuse` answering the same echoscu: A-ASSOCIATE-RJ;
//  - storescp answering a lone P-DATA-TF header sent before any association: A-ABORT;
//  - gnutls-serv 3.7.9 answering a cleartext A-ASSOCIATE-RQ on its TLS port: a TLS alert record.
#define BOOST_TEST_MODULE dicom_pdu
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "common/codes.hpp"
#include "dicom/outcome.hpp"
#include "dicom/pdu_recorder.hpp"
#include "dicom/pdu_words.hpp"

using namespace medtls;
using namespace medtls::dicom;

namespace {

const char* const kAssociateAc =
    "0200000000b80001000053544f524553435020202020202020204d4544544c53202020202020202020200000"
    "00000000000000000000000000000000000000000000000000000000000010000015312e322e3834302e3130"
    "3030382e332e312e312e31210000190100000040000011312e322e3834302e31303030382e312e325000003a"
    "51000004000040005200001b312e322e3237362e302e373233303031302e332e302e332e362e375500000f4f"
    "464649535f44434d544b5f333637";
// The C-ECHO-RSP as storescp wrote it: two TCP segments.
const char* const kEchoRspPart1 = "040000000054000000500103";
const char* const kEchoRspPart2 =
    "0000000004000000420000000000020012000000312e322e3834302e31303030382e312e3100000000010200"
    "00003080000020010200000001000000000802000000010100000009020000000000";
const char* const kReleaseRp = "06000000000400000000";
const char* const kAssociateRj = "03000000000400010101";
const char* const kAbort = "07000000000400000000";
const char* const kGnutlsAlert = "1503030002020a";

std::vector<std::uint8_t> bytes(const char* hex) {
  auto b = from_hex(hex);
  BOOST_TEST_REQUIRE(b.has_value());
  return *b;
}

void feed(PduRecorder& r, const std::vector<std::uint8_t>& b) {
  r.feed(b.data(), b.size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(associate_ac_in_one_read) {
  PduRecorder r;
  const auto ac = bytes(kAssociateAc);
  feed(r, ac);
  BOOST_TEST_REQUIRE(r.pdus().size() == 1u);
  const RecordedPdu& pdu = r.pdus().front();
  BOOST_TEST(pdu.dicom);
  BOOST_TEST(pdu.type == 0x02);
  BOOST_TEST(pdu.length == 0xb8u);
  BOOST_TEST(pdu.complete());
  BOOST_TEST(r.first(0x02) == &pdu);
  BOOST_TEST(r.truncated() == nullptr);
  BOOST_TEST(r.non_dicom() == nullptr);
  BOOST_TEST(r.total_received() == ac.size());

  const auto evidence = r.evidence();
  BOOST_TEST_REQUIRE(evidence.size() == 1u);
  BOOST_TEST(evidence[0].name == "A-ASSOCIATE-AC");
  BOOST_TEST(evidence[0].length == 0xb8u);
  BOOST_TEST(evidence[0].head_hex == std::string(kAssociateAc).substr(0, 128));

  // User information: maximum length 16384, DCMTK 3.6.7's implementation class UID and name.
  std::string error;
  const auto items = user_information_items(pdu, &error);
  BOOST_TEST(error.empty());
  BOOST_TEST_REQUIRE(items.size() == 3u);
  BOOST_TEST(items[0].type == 0x51);
  BOOST_TEST(to_hex(items[0].value) == "00004000");
  BOOST_TEST(items[1].type == 0x52);
  BOOST_TEST(std::string(items[1].value.begin(), items[1].value.end()) ==
             "1.2.276.0.7230010.3.0.3.6.7");
  BOOST_TEST(items[2].type == 0x55);
  BOOST_TEST(std::string(items[2].value.begin(), items[2].value.end()) == "OFFIS_DCMTK_367");
}

BOOST_AUTO_TEST_CASE(associate_ac_one_byte_per_read) {
  PduRecorder r;
  const auto ac = bytes(kAssociateAc);
  for (std::uint8_t b : ac) r.feed(&b, 1);
  BOOST_TEST_REQUIRE(r.pdus().size() == 1u);
  BOOST_TEST(r.pdus()[0].complete());
  BOOST_TEST(r.pdus()[0].bytes == ac, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pdu_split_across_reads_then_release) {
  PduRecorder r;
  feed(r, bytes(kEchoRspPart1));
  BOOST_TEST_REQUIRE(r.pdus().size() == 1u);
  BOOST_TEST(!r.pdus()[0].complete());
  BOOST_TEST(r.truncated() == &r.pdus()[0]);  // not yet whole
  feed(r, bytes(kEchoRspPart2));
  feed(r, bytes(kReleaseRp));
  BOOST_TEST_REQUIRE(r.pdus().size() == 2u);
  BOOST_TEST(r.pdus()[0].type == 0x04);
  BOOST_TEST(r.pdus()[0].length == 0x54u);
  BOOST_TEST(r.pdus()[0].complete());
  BOOST_TEST(r.pdus()[1].type == 0x06);
  BOOST_TEST(r.pdus()[1].complete());
  BOOST_TEST(r.truncated() == nullptr);
  const auto evidence = r.evidence();
  BOOST_TEST(evidence[0].name == "P-DATA-TF");
  BOOST_TEST(evidence[1].name == "A-RELEASE-RP");
  BOOST_TEST(evidence[1].head_hex == kReleaseRp);
}

BOOST_AUTO_TEST_CASE(associate_rj_codes_and_words) {
  PduRecorder r;
  feed(r, bytes(kAssociateRj));
  const RecordedPdu* rj = r.first(0x03);
  BOOST_TEST_REQUIRE(rj != nullptr);
  const auto codes = reject_codes(*rj);
  BOOST_TEST_REQUIRE(codes.has_value());
  BOOST_TEST(codes->result == 1);
  BOOST_TEST(codes->source == 1);
  BOOST_TEST(codes->reason == 1);
  BOOST_TEST(reject_text(codes->result, codes->source, codes->reason) ==
             "rejected-permanent; service-user; no-reason-given");
  BOOST_TEST(r.evidence()[0].name == "A-ASSOCIATE-RJ");
  BOOST_TEST(!abort_codes(*rj).has_value());
}

BOOST_AUTO_TEST_CASE(reject_and_abort_words) {
  BOOST_TEST(reject_text(1, 1, 7) ==
             "rejected-permanent; service-user; called-AE-title-not-recognized");
  BOOST_TEST(reject_text(2, 1, 3) ==
             "rejected-transient; service-user; calling-AE-title-not-recognized");
  BOOST_TEST(reject_text(1, 2, 2) ==
             "rejected-permanent; service-provider (ACSE); protocol-version-not-supported");
  BOOST_TEST(reject_text(2, 3, 1) ==
             "rejected-transient; service-provider (presentation); temporary-congestion");
  BOOST_TEST(reject_text(9, 1, 5) == "result 9; service-user; reserved reason 5");
  BOOST_TEST(abort_text(2, 2) == "service-provider; unexpected-PDU");
  BOOST_TEST(abort_text(2, 6) == "service-provider; invalid-PDU-parameter-value");
  BOOST_TEST(abort_text(0, 0) == "service-user");
  BOOST_TEST(name_of(presentation_result(0)) == "acceptance");
  BOOST_TEST(name_of(presentation_result(4)) == "transfer_syntaxes_not_supported");
  BOOST_TEST(name_of(presentation_result(255)) == "not_answered");
}

BOOST_AUTO_TEST_CASE(abort_source_and_reason) {
  PduRecorder r;
  feed(r, bytes(kAbort));
  const RecordedPdu* ab = r.first(0x07);
  BOOST_TEST_REQUIRE(ab != nullptr);
  const auto codes = abort_codes(*ab);
  BOOST_TEST_REQUIRE(codes.has_value());
  BOOST_TEST(codes->source == 0);  // byte 9
  BOOST_TEST(codes->reason == 0);  // byte 10
  BOOST_TEST(abort_text(codes->source, codes->reason) == "service-user");
  BOOST_TEST(r.evidence()[0].name == "A-ABORT");
}

BOOST_AUTO_TEST_CASE(tls_alert_record_is_not_dicom) {
  PduRecorder r;
  const auto alert = bytes(kGnutlsAlert);
  feed(r, alert);
  const RecordedPdu* junk = r.non_dicom();
  BOOST_TEST_REQUIRE(junk != nullptr);
  BOOST_TEST(!junk->dicom);
  BOOST_TEST(junk->type == 0x15);
  BOOST_TEST(junk->bytes == alert, boost::test_tools::per_element());
  BOOST_TEST(r.first(0x15) == nullptr);
  const auto evidence = r.evidence();
  BOOST_TEST_REQUIRE(evidence.size() == 1u);
  BOOST_TEST(evidence[0].name == "not a DICOM PDU");
  BOOST_TEST(evidence[0].head_hex == kGnutlsAlert);
  BOOST_TEST(describe_non_dicom(junk->bytes) ==
             "non-DICOM reply: 15 03 03 00 02 02 0a (a TLS alert record: fatal "
             "unexpected_message(10))");
}

BOOST_AUTO_TEST_CASE(bytes_after_a_pdu_that_are_not_dicom) {
  PduRecorder r;
  const auto rp = bytes(kReleaseRp);
  const auto alert = bytes(kGnutlsAlert);
  std::vector<std::uint8_t> both(rp);
  both.insert(both.end(), alert.begin(), alert.end());
  feed(r, both);
  BOOST_TEST_REQUIRE(r.pdus().size() == 2u);
  BOOST_TEST(r.pdus()[0].complete());
  BOOST_TEST(r.non_dicom() == &r.pdus()[1]);
  BOOST_TEST(r.pdus()[1].bytes == alert, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(truncated_input) {
  const auto ac = bytes(kAssociateAc);
  {
    PduRecorder r;
    r.feed(ac.data(), 100);
    r.end(StreamEnd::closed, "the peer closed the connection (TCP FIN)");
    const RecordedPdu* partial = r.truncated();
    BOOST_TEST_REQUIRE(partial != nullptr);
    BOOST_TEST(partial->received == 100u);
    BOOST_TEST(!partial->complete());
    BOOST_TEST(r.first(0x02) == nullptr);  // an incomplete AC is not an AC
    BOOST_TEST((r.stream_end() == StreamEnd::closed));
    BOOST_TEST(r.evidence()[0].name == "A-ASSOCIATE-AC");
    std::string error;
    BOOST_TEST(user_information_items(*partial, &error).empty());
    BOOST_TEST(!error.empty());
  }
  {
    PduRecorder r;
    const auto rj = bytes(kAssociateRj);
    r.feed(rj.data(), 3);  // half a header
    r.end(StreamEnd::reset, "reset");
    r.end(StreamEnd::closed, "later ends are ignored");
    BOOST_TEST(r.pdus().empty());
    BOOST_TEST(r.partial_header().size() == 3u);
    BOOST_TEST((r.stream_end() == StreamEnd::reset));
    BOOST_TEST(r.end_text() == "reset");
    BOOST_TEST(r.evidence().empty());
  }
  {
    PduRecorder r;  // an RJ cut after its header: codes unreadable
    const auto rj = bytes(kAssociateRj);
    r.feed(rj.data(), 7);
    BOOST_TEST_REQUIRE(r.truncated() != nullptr);
    BOOST_TEST(!reject_codes(*r.truncated()).has_value());
  }
}

BOOST_AUTO_TEST_CASE(hex_for_evidence) {
  BOOST_TEST(spaced_hex(bytes(kGnutlsAlert)) == "15 03 03 00 02 02 0a");
  BOOST_TEST(spaced_hex(bytes(kAssociateRj), 4) == "03 00 00 00 …");
  BOOST_TEST(pdu_type_name(0x05) == "A-RELEASE-RQ");
  BOOST_TEST(pdu_type_name(0x02, false) == "not a DICOM PDU");
  BOOST_TEST(pdu_type_name(0x09) == "not a DICOM PDU");
}

// An endless stream of PDUs (a node that answers the association with P-DATA-TF for ever)
// costs a bounded amount of memory: the first PDUs and the first of each type are kept, the
// rest only counted, and the A-RELEASE-RP that finally comes is still found.
BOOST_AUTO_TEST_CASE(what_is_kept_is_bounded) {
  PduRecorder r;
  feed(r, bytes(kAssociateAc));
  const auto part1 = bytes(kEchoRspPart1), part2 = bytes(kEchoRspPart2);
  for (int i = 0; i < 10000; ++i) {
    feed(r, part1);
    feed(r, part2);
  }
  feed(r, bytes(kReleaseRp));
  BOOST_TEST(r.pdus().size() == PduRecorder::kMaxKeptPdus + 1);  // + the A-RELEASE-RP
  BOOST_TEST(r.dropped_pdus() == 10001u - PduRecorder::kMaxKeptPdus);
  BOOST_TEST(r.first(0x02) != nullptr);
  BOOST_TEST(r.first(0x06) != nullptr);
  BOOST_TEST(r.truncated() == nullptr);
  std::size_t kept = 0;
  for (const auto& pdu : r.pdus()) kept += pdu.bytes.size();
  BOOST_TEST(kept < 64u * 1024);
  BOOST_TEST(r.dropped_bytes() == r.total_received() - kept);
}

// A dropped PDU that never completes is still reported as the truncated one.
BOOST_AUTO_TEST_CASE(a_dropped_pdu_cut_short_is_still_seen) {
  PduRecorder r;
  const auto part1 = bytes(kEchoRspPart1), part2 = bytes(kEchoRspPart2);
  for (std::size_t i = 0; i < PduRecorder::kMaxKeptPdus; ++i) {
    feed(r, part1);
    feed(r, part2);
  }
  feed(r, part1);  // header of one more P-DATA-TF, body never comes
  r.end(StreamEnd::timeout, "no complete answer");
  const RecordedPdu* partial = r.truncated();
  BOOST_TEST_REQUIRE(partial != nullptr);
  BOOST_TEST(partial->type == 0x04);
  BOOST_TEST(r.dropped_pdus() == 1u);
}
