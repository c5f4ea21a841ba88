#include "dicom/pdu_recorder.hpp"

#include <algorithm>

#include "common/codes.hpp"

namespace medtls::dicom {

namespace {

constexpr std::size_t kHeaderSize = 6;
constexpr std::uint8_t kAssociateRq = 0x01, kAssociateAc = 0x02, kAssociateRj = 0x03, kAbort = 0x07;
// A-ASSOCIATE-RQ/AC: the variable items start after the 74-byte fixed part (PS3.8 §9.3.2).
constexpr std::size_t kAssociateItemsOffset = 74;
constexpr std::uint8_t kUserInformationItem = 0x50;

bool is_pdu_type(std::uint8_t b) {
  return b >= 0x01 && b <= 0x07;
}

std::uint32_t be32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

std::size_t be16(const std::uint8_t* p) {
  return static_cast<std::size_t>(p[0]) << 8 | p[1];
}

void keep(RecordedPdu& pdu, const std::uint8_t* data, std::size_t size) {
  const std::size_t room =
      PduRecorder::kKeptBytes - std::min(pdu.bytes.size(), PduRecorder::kKeptBytes);
  pdu.bytes.insert(pdu.bytes.end(), data, data + std::min(room, size));
  pdu.received += size;
}

}  // namespace

void PduRecorder::feed(const std::uint8_t* data, std::size_t size) {
  total_ += size;
  std::size_t pos = 0;
  while (pos < size) {
    if (garbage_) {
      keep(pdus_.back(), data + pos, size - pos);
      return;
    }
    if (in_body_ && skipping_) {
      const std::size_t missing = kHeaderSize + skipped_.length - skipped_.received;
      const std::size_t take = std::min(missing, size - pos);
      skipped_.received += take;
      dropped_bytes_ += take;
      pos += take;
      in_body_ = skipped_.received < kHeaderSize + static_cast<std::size_t>(skipped_.length);
      continue;
    }
    if (in_body_) {
      RecordedPdu& pdu = pdus_.back();
      const std::size_t missing = kHeaderSize + pdu.length - pdu.received;
      const std::size_t take = std::min(missing, size - pos);
      keep(pdu, data + pos, take);
      pos += take;
      in_body_ = !pdu.complete();
      continue;
    }
    if (header_.empty() && !is_pdu_type(data[pos])) {
      garbage_ = true;
      RecordedPdu junk;
      junk.type = data[pos];
      junk.dicom = false;
      pdus_.push_back(std::move(junk));
      continue;
    }
    const std::size_t take = std::min(kHeaderSize - header_.size(), size - pos);
    header_.insert(header_.end(), data + pos, data + pos + take);
    pos += take;
    if (header_.size() < kHeaderSize) continue;
    RecordedPdu pdu;
    pdu.type = header_[0];
    pdu.length = be32(header_.data() + 2);
    pdu.bytes = header_;
    pdu.received = kHeaderSize;
    header_.clear();
    in_body_ = pdu.length > 0;
    const bool first_of_type = std::none_of(pdus_.begin(), pdus_.end(), [&](const RecordedPdu& p) {
      return p.dicom && p.type == pdu.type;
    });
    skipping_ = pdus_.size() >= kMaxKeptPdus && !first_of_type;
    if (skipping_) {
      ++dropped_pdus_;
      dropped_bytes_ += kHeaderSize;
      skipped_ = std::move(pdu);
    } else {
      pdus_.push_back(std::move(pdu));
    }
  }
}

void PduRecorder::end(StreamEnd how, const std::string& text) {
  if (end_ != StreamEnd::open) return;
  end_ = how;
  end_text_ = text;
}

const RecordedPdu* PduRecorder::first(std::uint8_t type) const {
  for (const auto& pdu : pdus_)
    if (pdu.dicom && pdu.type == type && pdu.complete()) return &pdu;
  return nullptr;
}

const RecordedPdu* PduRecorder::non_dicom() const {
  return garbage_ ? &pdus_.back() : nullptr;
}

const RecordedPdu* PduRecorder::truncated() const {
  if (!in_body_) return nullptr;
  return skipping_ ? &skipped_ : &pdus_.back();
}

std::vector<obs::DicomPdu> PduRecorder::evidence() const {
  std::vector<obs::DicomPdu> out;
  for (const auto& pdu : pdus_) {
    obs::DicomPdu e;
    e.type = pdu.type;
    e.length = pdu.length;
    e.name = pdu_type_name(pdu.type, pdu.dicom);
    e.head_hex = to_hex(pdu.bytes.data(), std::min(pdu.bytes.size(), kHeadBytes));
    out.push_back(std::move(e));
  }
  return out;
}

std::string pdu_type_name(std::uint8_t type, bool dicom) {
  if (dicom) switch (type) {
      case 0x01:
        return "A-ASSOCIATE-RQ";
      case 0x02:
        return "A-ASSOCIATE-AC";
      case 0x03:
        return "A-ASSOCIATE-RJ";
      case 0x04:
        return "P-DATA-TF";
      case 0x05:
        return "A-RELEASE-RQ";
      case 0x06:
        return "A-RELEASE-RP";
      case 0x07:
        return "A-ABORT";
      default:
        break;
    }
  return "not a DICOM PDU";
}

std::string spaced_hex(const std::vector<std::uint8_t>& bytes, std::size_t max) {
  std::string out;
  const std::size_t shown = std::min(max, bytes.size());
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) out += ' ';
    out += to_hex(&bytes[i], 1);
  }
  if (bytes.size() > shown) out += " …";
  return out;
}

std::optional<RejectCodes> reject_codes(const RecordedPdu& pdu) {
  if (!pdu.dicom || pdu.type != kAssociateRj || pdu.bytes.size() < 10) return std::nullopt;
  return RejectCodes{pdu.bytes[7], pdu.bytes[8], pdu.bytes[9]};
}

std::optional<AbortCodes> abort_codes(const RecordedPdu& pdu) {
  if (!pdu.dicom || pdu.type != kAbort || pdu.bytes.size() < 10) return std::nullopt;
  return AbortCodes{pdu.bytes[8], pdu.bytes[9]};
}

std::vector<UserItem> user_information_items(const RecordedPdu& pdu, std::string* error) {
  auto fail = [&](const std::string& why) {
    if (error) *error = why;
    return std::vector<UserItem>{};
  };
  if (!pdu.dicom || (pdu.type != kAssociateRq && pdu.type != kAssociateAc))
    return fail("not an A-ASSOCIATE-RQ/AC");
  if (!pdu.complete() || pdu.bytes.size() != pdu.received)
    return fail("PDU incomplete or longer than kept");
  const auto& b = pdu.bytes;
  std::size_t pos = kAssociateItemsOffset;
  while (pos + 4 <= b.size()) {
    const std::uint8_t type = b[pos];
    const std::size_t length = be16(&b[pos + 2]);
    const std::size_t value = pos + 4;
    if (value + length > b.size()) return fail("item " + format_code(type) + " overruns the PDU");
    if (type == kUserInformationItem) {
      std::vector<UserItem> items;
      std::size_t sub = value;
      while (sub + 4 <= value + length) {
        const std::size_t sub_length = be16(&b[sub + 2]);
        if (sub + 4 + sub_length > value + length)
          return fail("user information sub-item overruns its item");
        items.push_back(UserItem{b[sub],
                                 {b.begin() + static_cast<std::ptrdiff_t>(sub + 4),
                                  b.begin() + static_cast<std::ptrdiff_t>(sub + 4 + sub_length)}});
        sub += 4 + sub_length;
      }
      return items;
    }
    pos = value + length;
  }
  return fail("no user information item");
}

}  // namespace medtls::dicom
