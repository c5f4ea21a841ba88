#include "common/peer_text.hpp"

#include <cstdio>

namespace medtls {

namespace {

// Length of the well-formed UTF-8 sequence at s[i] and its code point; 0 when malformed.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char b0 = byte(0);
  std::size_t n = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Code points that are well-formed but must not reach a terminal or a reader as they are.
bool needs_escape(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||         // C0, DEL, C1
         cp == 0x061C || cp == 0x200B || cp == 0x200E || cp == 0x200F ||  // ALM, ZWSP, LRM, RLM
         (cp >= 0x2028 && cp <= 0x202E) ||  // line/paragraph separators, bidi embeddings
         (cp >= 0x2066 && cp <= 0x2069) ||  // bidi isolates
         cp == 0xFEFF;                      // zero-width no-break space (BOM)
}

void hex_byte(std::string& out, unsigned char b) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "\\x%02x", b);
  out += buf;
}

void code_point(std::string& out, char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(cp));
  out += buf;
}

// Appends the escaped form of `s`; backslashes doubled when `double_backslash`.
void escape_into(std::string& out, std::string_view s, bool double_backslash) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(s, i, cp);
    if (n == 0) {
      hex_byte(out, static_cast<unsigned char>(s[i]));
      ++i;
      continue;
    }
    if (cp < 0x20 || cp == 0x7F) {
      hex_byte(out, static_cast<unsigned char>(cp));
    } else if (needs_escape(cp)) {
      code_point(out, cp);
    } else if (cp == '\\' && double_backslash) {
      out += "\\\\";
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Index one past the last whole character within the first `max` bytes of valid-UTF-8 `s`.
std::size_t cut_point(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s.size();
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

std::string peer_text(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  escape_into(out, bytes, true);
  return out;
}

std::string peer_text(const std::uint8_t* data, std::size_t size) {
  if (data == nullptr || size == 0) return "";
  return peer_text(std::string_view(reinterpret_cast<const char*>(data), size));
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  escape_into(out, text, false);
  return out;
}

std::string peer_bytes(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    const char next = text[i + 1];
    if (next == '\\') {
      out += '\\';
      ++i;
    } else if (next == 'x' && i + 3 < text.size() && hex_value(text[i + 2]) >= 0 &&
               hex_value(text[i + 3]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 2]) * 16 + hex_value(text[i + 3]));
      i += 3;
    } else if (next == 'u' && i + 2 < text.size() && text[i + 2] == '{') {
      const std::size_t close = text.find('}', i + 3);
      char32_t cp = 0;
      bool ok = close != std::string_view::npos && close > i + 3 && close - (i + 3) <= 6;
      for (std::size_t k = i + 3; ok && k < close; ++k) {
        const int v = hex_value(text[k]);
        ok = v >= 0;
        cp = cp * 16 + static_cast<char32_t>(v < 0 ? 0 : v);
      }
      if (ok && cp <= 0x10FFFF) {
        append_utf8(out, cp);
        i = close;
      } else {
        out += text[i];
      }
    } else {
      out += text[i];
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool is_plain_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0 || needs_escape(cp) || cp == '\\') return false;
    i += n;
  }
  return true;
}

std::string bounded(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  const std::size_t cut = cut_point(text, max_bytes);
  return std::string(text.substr(0, cut)) + " … (" + std::to_string(text.size() - cut) +
         " more bytes)";
}

std::string one_line(std::string_view text, std::size_t max_bytes) {
  std::string joined;
  joined.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n' || c == '\r' || c == '\t') {
      bool line_break = false;
      while (i < text.size() &&
             (text[i] == '\n' || text[i] == '\r' || text[i] == '\t' || text[i] == ' ')) {
        line_break |= text[i] == '\n' || text[i] == '\r';
        ++i;
      }
      // Nothing before or after a break: drop it rather than leave a dangling separator.
      if (!joined.empty() && i < text.size()) joined += line_break ? "; " : " ";
      continue;
    }
    joined += c;
    ++i;
  }
  while (!joined.empty() && joined.back() == ' ') joined.pop_back();
  std::string escaped;
  escape_into(escaped, joined, false);
  return bounded(escaped, max_bytes);
}

}  // namespace medtls
