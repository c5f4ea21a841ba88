#pragma once
// Bounds-checked reading of TLS structures. Every read checks the remaining length first and
// throws WireError naming the structure, so parsers of hostile input never read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tls/wire/wire_error.hpp"

namespace medtls::wire {

class ByteReader {
 public:
  // `what` names the structure in error texts; it must outlive the reader (a string literal).
  ByteReader(const std::uint8_t* data, std::size_t size, const char* what)
      : data_(data), size_(size), what_(what) {}

  std::size_t remaining() const { return size_ - pos_; }
  bool empty() const { return pos_ == size_; }
  std::size_t offset() const { return pos_; }
  const std::uint8_t* current() const { return data_ + pos_; }

  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::uint16_t u16() {
    const std::uint8_t* p = take(2);
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
  }
  std::uint32_t u24() {
    const std::uint8_t* p = take(3);
    return static_cast<std::uint32_t>(p[0]) << 16 | static_cast<std::uint32_t>(p[1]) << 8 | p[2];
  }
  // The next n bytes as a reader of their own (same name in errors).
  ByteReader sub(std::size_t n, const char* what = nullptr) {
    const std::uint8_t* p = take(n);
    return ByteReader(p, n, what ? what : what_);
  }
  // TLS vectors: a length prefix of 1, 2 or 3 bytes followed by that many bytes.
  ByteReader vec8(const char* what = nullptr) { return sub(u8(), what); }
  ByteReader vec16(const char* what = nullptr) { return sub(u16(), what); }
  ByteReader vec24(const char* what = nullptr) { return sub(u24(), what); }
  std::vector<std::uint8_t> bytes(std::size_t n) {
    const std::uint8_t* p = take(n);
    return std::vector<std::uint8_t>(p, p + n);
  }
  std::vector<std::uint8_t> rest() { return bytes(remaining()); }
  // Structures with a fixed end: trailing bytes mean the peer and we disagree on the layout.
  void expect_end() const {
    if (!empty())
      throw WireError(std::string(what_) + ": " + std::to_string(remaining()) +
                      " unexpected trailing byte(s) at offset " + std::to_string(pos_));
  }

 private:
  const std::uint8_t* take(std::size_t n) {
    if (n > remaining())
      throw WireError(std::string(what_) + " too short: needs " + std::to_string(n) +
                      " byte(s) at offset " + std::to_string(pos_) + ", only " +
                      std::to_string(remaining()) + " left");
    const std::uint8_t* p = data_ + pos_;
    pos_ += n;
    return p;
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  const char* what_;
};

}  // namespace medtls::wire
