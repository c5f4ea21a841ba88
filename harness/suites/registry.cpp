#include "suites/registry.hpp"

#include <algorithm>
#include <set>

#include "common/codes.hpp"
#include "common/resources.hpp"
#include "suites/csv_reader.hpp"
#include "suites/name_parser.hpp"
#include "suites/openssl_names.hpp"

namespace medtls::suites {

namespace {

constexpr std::string_view kResource = "profiles/iana-tls-cipher-suites.csv";

RegistryError error_at(std::size_t line, const std::string& what) {
  return RegistryError("IANA cipher-suite registry, line " + std::to_string(line) + ": " + what);
}

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t column(const CsvRecord& header, std::string_view name) {
  for (std::size_t i = 0; i < header.fields.size(); ++i)
    if (trim(header.fields[i]) == name) return i;
  throw error_at(header.line, "header has no '" + std::string(name) + "' column");
}

// The deriver and the vocabulary live apart; a word missing from known_values() would let
// profiles name values no suite has, so the mismatch is an error here rather than later.
void check_vocabulary(const CipherSuite& s, std::size_t line) {
  const auto& vocab = known_values();
  const std::pair<const char*, const std::string*> fields[] = {{"kx", &s.kx},
                                                               {"auth", &s.auth},
                                                               {"cipher", &s.cipher},
                                                               {"mode", &s.mode},
                                                               {"hash", &s.hash}};
  for (const auto& [key, value] : fields) {
    const auto& words = vocab.at(key);
    if (std::find(words.begin(), words.end(), *value) == words.end())
      throw error_at(line, s.name + ": derived " + key + " '" + *value +
                               "' is not in the attribute vocabulary");
  }
}

}  // namespace

Registry Registry::from_csv(std::string_view csv_text) {
  if (csv_text.substr(0, 3) == "\xEF\xBB\xBF") csv_text.remove_prefix(3);  // UTF-8 BOM

  std::vector<CsvRecord> records;
  try {
    records = read_csv(csv_text);
  } catch (const CsvError& e) {
    throw error_at(e.line(), e.what());
  }
  if (records.empty()) throw RegistryError("IANA cipher-suite registry: no header line");

  const CsvRecord& header = records.front();
  const std::size_t value_col = column(header, "Value");
  const std::size_t name_col = column(header, "Description");

  Registry registry;
  std::set<std::string, std::less<>> names;
  for (auto it = records.begin() + 1; it != records.end(); ++it) {
    const CsvRecord& row = *it;
    if (row.fields.size() <= std::max(value_col, name_col))
      throw error_at(row.line, "expected at least " +
                                   std::to_string(std::max(value_col, name_col) + 1) +
                                   " fields, found " + std::to_string(row.fields.size()));
    const std::string_view name = trim(row.fields[name_col]);
    // Ranges, "Unassigned", "Reserved…" (incl. GREASE) carry no suite name: nothing to offer.
    if (name.substr(0, 4) != "TLS_") continue;

    const std::string_view value = trim(row.fields[value_col]);
    const auto code = parse_code(value);
    if (!code)
      throw error_at(row.line, "bad code '" + std::string(value) + "' for " + std::string(name));

    CipherSuite suite;
    try {
      suite = derive_suite(*code, name);
    } catch (const NameError& e) {
      throw error_at(row.line,
                     "cannot derive attributes of " + std::string(name) + ": " + e.what());
    }
    check_vocabulary(suite, row.line);

    if (registry.by_code_.count(*code))
      throw error_at(row.line,
                     "duplicate code " + format_code(*code) + " (" + std::string(name) + ")");
    if (!names.insert(suite.name).second) throw error_at(row.line, "duplicate name " + suite.name);

    const auto& openssl = openssl_suite_names();
    if (auto found = openssl.find(*code); found != openssl.end())
      suite.openssl_name = found->second;

    registry.by_code_.emplace(*code, registry.suites_.size());
    registry.suites_.push_back(std::move(suite));
  }
  return registry;
}

const Registry& Registry::builtin() {
  static const Registry registry = [] {
    const auto text = embedded_resource(kResource);
    if (!text)
      throw RegistryError("IANA cipher-suite registry not embedded: " + std::string(kResource));
    return from_csv(*text);
  }();
  return registry;
}

const CipherSuite* Registry::find(std::uint16_t code) const {
  const auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &suites_[it->second];
}

const CipherSuite* Registry::find(std::string_view iana_name) const {
  const auto it = std::find_if(suites_.begin(), suites_.end(),
                               [&](const CipherSuite& s) { return s.name == iana_name; });
  return it == suites_.end() ? nullptr : &*it;
}

std::vector<std::uint16_t> Registry::candidates(TlsVersion v) const {
  const bool want_tls13 = v == TlsVersion::TLSv1_3;
  std::vector<std::uint16_t> codes;
  for (const auto& s : suites_) {
    // Versions compare by wire value (0x0300 < 0x0301 < … < 0x0304).
    const bool too_new = static_cast<std::uint16_t>(s.min_version) > static_cast<std::uint16_t>(v);
    if (s.scsv || s.tls13 != want_tls13 || too_new) continue;
    codes.push_back(s.code);
  }
  return codes;
}

std::string Registry::name_of(std::uint16_t code) const {
  const CipherSuite* s = find(code);
  return s ? s->name : "unknown " + format_code(code);
}

const std::map<std::string, std::vector<std::string>>& known_values() {
  static const std::map<std::string, std::vector<std::string>> values = {
      {"kx",
       {"NULL", "RSA", "RSA_EXPORT", "DH", "DHE", "ECDH", "ECDHE", "PSK", "DHE_PSK", "RSA_PSK",
        "ECDHE_PSK", "SRP", "KRB5", "ECCPWD", "GOST", "TLS13", "SCSV"}},
      {"auth",
       {"NULL", "RSA", "DSS", "ECDSA", "ANON", "PSK", "KRB5", "SRP", "ECCPWD", "GOST", "TLS13",
        "SCSV"}},
      {"cipher",
       {"NULL", "RC4", "RC2", "IDEA", "DES", "DES40", "3DES", "AES", "CAMELLIA", "ARIA", "SEED",
        "CHACHA20", "SM4", "GOST28147", "KUZNYECHIK", "MAGMA", "AEGIS", "SCSV"}},
      {"mode",
       {"NULL", "STREAM", "CBC", "GCM", "CCM", "CCM_8", "POLY1305", "CTR_OMAC", "MGM", "AEGIS",
        "CNT", "SCSV"}},
      {"hash", {"NULL", "MD5", "SHA1", "SHA256", "SHA384", "SM3", "GOSTR341112", "SCSV"}},
  };
  return values;
}

}  // namespace medtls::suites
