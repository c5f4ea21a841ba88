#pragma once
// Appends TLS structures to a byte vector; length-prefixed blocks are back-patched once their
// body is written, and overflowing a prefix throws instead of silently wrapping.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
  }
  void u24(std::uint32_t v) {
    out_.push_back(static_cast<std::uint8_t>(v >> 16));
    out_.push_back(static_cast<std::uint8_t>(v >> 8));
    out_.push_back(static_cast<std::uint8_t>(v));
  }
  void bytes(const std::uint8_t* data, std::size_t size) {
    out_.insert(out_.end(), data, data + size);
  }
  void bytes(const std::vector<std::uint8_t>& v) { bytes(v.data(), v.size()); }

  // Writes a `width`-byte (1..3) length prefix, then whatever `body(*this)` appends, then fills
  // in the length. `what` names the block in the error when the body is too long for the prefix.
  template <class Body>
  void prefixed(int width, const char* what, Body&& body) {
    const std::size_t at = out_.size();
    out_.insert(out_.end(), static_cast<std::size_t>(width), 0);
    body(*this);
    const std::size_t length = out_.size() - at - static_cast<std::size_t>(width);
    const std::size_t max = (std::size_t{1} << (8 * width)) - 1;
    if (length > max)
      throw WireError(std::string(what) + " is " + std::to_string(length) +
                      " bytes, more than its length field allows (" + std::to_string(max) + ")");
    for (int i = 0; i < width; ++i)
      out_[at + static_cast<std::size_t>(i)] =
          static_cast<std::uint8_t>(length >> (8 * (width - 1 - i)));
  }

  // Overwrites the `width`-byte big-endian field at `at` (a length written before its body was
  // known, or one that must deliberately lie).
  void patch(std::size_t at, int width, std::uint32_t value) {
    for (int i = 0; i < width; ++i)
      out_.at(at + static_cast<std::size_t>(i)) =
          static_cast<std::uint8_t>(value >> (8 * (width - 1 - i)));
  }

  std::size_t size() const { return out_.size(); }
  const std::vector<std::uint8_t>& data() const { return out_; }
  std::vector<std::uint8_t> take() { return std::move(out_); }

 private:
  std::vector<std::uint8_t> out_;
};

}  // namespace medtls::wire
