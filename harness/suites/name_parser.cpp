#include "suites/name_parser.hpp"

#include <initializer_list>
#include <string>
#include <vector>

namespace medtls::suites {

namespace {

// The name split on '_', read left to right.
class Tokens {
 public:
  explicit Tokens(std::string_view text) {
    std::size_t start = 0;
    for (;;) {
      const std::size_t end = text.find('_', start);
      tokens_.push_back(text.substr(start, end - start));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }
  bool done() const { return pos_ >= tokens_.size(); }
  std::size_t left() const { return tokens_.size() - pos_; }
  std::string_view peek() const { return done() ? std::string_view{} : tokens_[pos_]; }
  std::string_view next() { return done() ? std::string_view{} : tokens_[pos_++]; }
  bool take(std::string_view expected) {
    if (peek() != expected) return false;
    ++pos_;
    return true;
  }
  void expect(std::string_view expected, std::string_view after) {
    if (!take(expected))
      throw NameError("expected " + std::string(expected) + " after " + std::string(after) +
                      ", found '" + std::string(peek()) + "'");
  }

 private:
  std::vector<std::string_view> tokens_;
  std::size_t pos_ = 0;
};

struct KeyExchange {
  std::string_view spelling;  // as written between "TLS_" and "_WITH_", without _EXPORT
  const char* kx;
  const char* auth;
  bool forward_secrecy;
};

// Anonymous (EC)DH: the server key is generated per handshake, so a later key compromise
// does not expose recorded sessions. That is forward secrecy in the usual sense; these suites
// are still unauthenticated (auth ANON), which profiles judge separately.
// SRP and ECCPWD derive the session key from per-handshake ephemeral values as well
// (RFC 5054, RFC 8492), hence forward secrecy. GOST (RFC 9189) encrypts the premaster secret
// to the server's long-term key, like static RSA: no forward secrecy.
constexpr KeyExchange kKeyExchanges[] = {
    {"NULL", "NULL", "NULL", false},
    {"RSA", "RSA", "RSA", false},
    {"DH_DSS", "DH", "DSS", false},
    {"DH_RSA", "DH", "RSA", false},
    {"DHE_DSS", "DHE", "DSS", true},
    {"DHE_RSA", "DHE", "RSA", true},
    {"DH_anon", "DH", "ANON", true},
    {"ECDH_ECDSA", "ECDH", "ECDSA", false},
    {"ECDH_RSA", "ECDH", "RSA", false},
    {"ECDHE_ECDSA", "ECDHE", "ECDSA", true},
    {"ECDHE_RSA", "ECDHE", "RSA", true},
    {"ECDH_anon", "ECDH", "ANON", true},
    {"KRB5", "KRB5", "KRB5", false},
    {"PSK", "PSK", "PSK", false},
    {"DHE_PSK", "DHE_PSK", "PSK", true},
    {"PSK_DHE", "DHE_PSK", "PSK", true},  // RFC 6655's spelling of the same exchange
    {"RSA_PSK", "RSA_PSK", "RSA", false},
    {"ECDHE_PSK", "ECDHE_PSK", "PSK", true},
    {"SRP_SHA", "SRP", "SRP", true},
    {"SRP_SHA_RSA", "SRP", "RSA", true},
    {"SRP_SHA_DSS", "SRP", "DSS", true},
    {"ECCPWD", "ECCPWD", "ECCPWD", true},
    {"GOSTR341112_256", "GOST", "GOST", false},
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Reads "_EXPORT" / "_EXPORT1024" off the key-exchange part and looks it up.
void apply_key_exchange(std::string_view spelling, CipherSuite& s) {
  for (std::string_view suffix : {"_EXPORT1024", "_EXPORT"}) {
    if (ends_with(spelling, suffix)) {
      spelling.remove_suffix(suffix.size());
      s.export_grade = true;
      break;
    }
  }
  for (const auto& k : kKeyExchanges) {
    if (k.spelling != spelling) continue;
    s.kx = k.kx;
    s.auth = k.auth;
    s.forward_secrecy = k.forward_secrecy;
    if (s.export_grade) {
      // Export variants existed for RSA key transport, (ephemeral/anon) DH and Kerberos only.
      if (s.kx == "RSA")
        s.kx = "RSA_EXPORT";
      else if (s.kx != "DH" && s.kx != "DHE" && s.kx != "KRB5")
        throw NameError("no export variant of key exchange " + std::string(spelling));
    }
    return;
  }
  throw NameError("unknown key exchange '" + std::string(spelling) + "'");
}

int read_bits(Tokens& t, std::initializer_list<int> allowed, std::string_view cipher) {
  const std::string token(t.next());
  for (int bits : allowed)
    if (token == std::to_string(bits)) return bits;
  throw NameError("unexpected key size '" + token + "' for " + std::string(cipher));
}

// Modes written after AES/CAMELLIA/ARIA/SM4: CBC, GCM, CCM, CCM_8.
void read_block_mode(Tokens& t, CipherSuite& s, bool allow_cbc) {
  const std::string_view mode = t.next();
  if (mode == "CBC" && allow_cbc) {
    s.mode = "CBC";
  } else if (mode == "GCM") {
    s.mode = "GCM";
  } else if (mode == "CCM") {
    s.mode = t.take("8") ? "CCM_8" : "CCM";
  } else {
    throw NameError("unknown mode '" + std::string(mode) + "' for " + s.cipher);
  }
  s.aead = s.mode != "CBC";
}

// Cipher, key size and mode: the part between "_WITH_" and the hash (or after "TLS_" in
// TLS 1.3 names).
void apply_bulk_cipher(Tokens& t, CipherSuite& s) {
  const std::string_view c = t.next();
  auto set = [&s](const char* cipher, const char* mode, int key_bits, int strength_bits) {
    s.cipher = cipher;
    s.mode = mode;
    s.key_bits = key_bits;
    s.strength_bits = strength_bits;
  };
  if (c == "NULL") {
    set("NULL", "NULL", 0, 0);
  } else if (c == "RC4") {
    const int bits = read_bits(t, {40, 56, 128}, c);
    set("RC4", "STREAM", bits, bits);
  } else if (c == "RC2") {
    t.expect("CBC", c);
    const int bits = read_bits(t, {40, 56}, c);
    set("RC2", "CBC", bits, bits);
  } else if (c == "IDEA" || c == "SEED") {
    t.expect("CBC", c);
    set(c == "IDEA" ? "IDEA" : "SEED", "CBC", 128, 128);
  } else if (c == "DES40") {
    t.expect("CBC", c);
    set("DES40", "CBC", 40, 40);
  } else if (c == "DES") {
    // DES_CBC (56), DES_CBC_40 (Kerberos export spelling), DES_CBC_56 (EXPORT1024 drafts).
    t.expect("CBC", c);
    if (t.peek() == "40") {
      t.next();
      set("DES40", "CBC", 40, 40);
    } else {
      t.take("56");
      set("DES", "CBC", 56, 56);
    }
  } else if (c == "3DES") {
    t.expect("EDE", c);
    t.expect("CBC", "3DES_EDE");
    set("3DES", "CBC", 168, 112);  // meet-in-the-middle leaves 112 bits
  } else if (c == "AES" || c == "CAMELLIA" || c == "ARIA") {
    const int bits = read_bits(t, {128, 256}, c);
    set(c == "AES" ? "AES" : c == "ARIA" ? "ARIA" : "CAMELLIA", "", bits, bits);
    read_block_mode(t, s, true);
  } else if (c == "SM4") {
    set("SM4", "", 128, 128);
    read_block_mode(t, s, false);
  } else if (c == "CHACHA20") {
    t.expect("POLY1305", c);
    set("CHACHA20", "POLY1305", 256, 256);
    s.aead = true;
  } else if (c == "KUZNYECHIK" || c == "MAGMA") {
    // RFC 9189 (CTR_OMAC) and RFC 9367 (MGM_L / MGM_S: light and strong rekeying).
    set(c == "MAGMA" ? "MAGMA" : "KUZNYECHIK", "", 256, 256);
    if (t.take("CTR")) {
      t.expect("OMAC", "CTR");
      s.mode = "CTR_OMAC";
    } else if (t.take("MGM")) {
      if (!t.take("L") && !t.take("S"))
        throw NameError("expected MGM_L or MGM_S, found MGM_" + std::string(t.peek()));
      s.mode = "MGM";
      s.aead = true;
    } else {
      throw NameError("unknown mode '" + std::string(t.peek()) + "' for " + s.cipher);
    }
  } else if (c == "28147") {
    t.expect("CNT", c);
    t.expect("IMIT", "28147_CNT");
    set("GOST28147", "CNT", 256, 256);
  } else if (c == "AEGIS") {
    const std::string_view variant = t.next();
    if (variant == "256")
      set("AEGIS", "AEGIS", 256, 256);
    else if (variant == "128L")
      set("AEGIS", "AEGIS", 128, 128);
    else
      throw NameError("unknown AEGIS variant '" + std::string(variant) + "'");
    s.aead = true;
  } else {
    throw NameError("unknown cipher '" + std::string(c) + "'");
  }
}

const char* hash_of(std::string_view token) {
  if (token == "MD5") return "MD5";
  if (token == "SHA") return "SHA1";
  if (token == "SHA256") return "SHA256";
  if (token == "SHA384") return "SHA384";
  if (token == "SM3") return "SM3";
  if (token == "NULL") return "NULL";
  return nullptr;
}

// The trailing hash; names that omit it imply one (RFC 6655 CCM: SHA-256 PRF; RFC 9189/9367
// GOST suites: Streebog).
void apply_hash(Tokens& t, CipherSuite& s) {
  if (t.done()) {
    if (s.mode == "CCM" || s.mode == "CCM_8")
      s.hash = "SHA256";
    else if (s.kx == "GOST")
      s.hash = "GOSTR341112";
    else
      throw NameError("no hash named after cipher " + s.cipher);
    return;
  }
  const std::string_view token = t.next();
  const char* hash = hash_of(token);
  if (!hash) throw NameError("unknown hash '" + std::string(token) + "'");
  if (!t.done()) throw NameError("unexpected '" + std::string(t.peek()) + "' after hash");
  s.hash = hash;
}

void derive_tls13(std::string_view rest, CipherSuite& s) {
  s.kx = "TLS13";  // key exchange and authentication are negotiated outside the suite
  s.auth = "TLS13";
  s.tls13 = true;
  s.forward_secrecy = true;
  Tokens t(rest);
  if (const char* integrity = hash_of(t.peek()); integrity && t.left() == 2) {
    // RFC 9150 integrity-only suites: TLS_SHA256_SHA256, TLS_SHA384_SHA384.
    t.next();
    s.cipher = "NULL";
    s.mode = "NULL";
    apply_hash(t, s);
    if (s.hash != integrity || s.hash == "NULL")
      throw NameError("integrity-only suite must repeat its hash");
    return;
  }
  apply_bulk_cipher(t, s);
  if (!s.aead) throw NameError("TLS 1.3 suite without an AEAD cipher");
  if (t.done()) throw NameError("TLS 1.3 suite without a hash");
  apply_hash(t, s);
}

}  // namespace

CipherSuite derive_suite(std::uint16_t code, std::string_view iana_name) {
  CipherSuite s;
  s.code = code;
  s.name = std::string(iana_name);
  constexpr std::string_view kPrefix = "TLS_";
  if (iana_name.substr(0, kPrefix.size()) != kPrefix) throw NameError("name does not start TLS_");
  std::string_view rest = iana_name.substr(kPrefix.size());
  if (rest.empty()) throw NameError("empty name after TLS_");

  if (ends_with(rest, "_SCSV")) {  // TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV
    s.kx = s.auth = s.cipher = s.mode = s.hash = "SCSV";
    s.scsv = true;
    return s;
  }

  constexpr std::string_view kWith = "_WITH_";
  const std::size_t with = rest.find(kWith);
  if (with == std::string_view::npos) {
    derive_tls13(rest, s);
  } else {
    apply_key_exchange(rest.substr(0, with), s);
    Tokens t(rest.substr(with + kWith.size()));
    apply_bulk_cipher(t, s);
    apply_hash(t, s);
  }

  if (s.tls13)
    s.min_version = TlsVersion::TLSv1_3;
  else if (s.aead || s.hash == "SHA256" || s.hash == "SHA384" || s.hash == "GOSTR341112")
    s.min_version = TlsVersion::TLSv1_2;  // AEAD and SHA-2 PRFs (and GOST, RFC 9189) are 1.2+
  else
    s.min_version = TlsVersion::SSLv3;
  return s;
}

}  // namespace medtls::suites
