#define BOOST_TEST_MODULE registry
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/tls_version.hpp"
#include "suites/name_parser.hpp"
#include "suites/openssl_names.hpp"
#include "suites/registry.hpp"

using medtls::TlsVersion;
using medtls::suites::CipherSuite;
using medtls::suites::derive_suite;
using medtls::suites::known_values;
using medtls::suites::NameError;
using medtls::suites::Registry;
using medtls::suites::RegistryError;

namespace {

const Registry& reg() {
  return Registry::builtin();
}

// The message of the RegistryError that parsing csv throws, or "" when it parses.
std::string error_of(const std::string& csv) {
  try {
    Registry::from_csv(csv);
  } catch (const RegistryError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

bool has(const std::vector<std::uint16_t>& codes, std::uint16_t code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

const std::string kHeader =
    "# comment line one\n"
    "# comment line two\n"
    "Value,Description,DTLS-OK,Recommended,Reference\n";

struct Expected {
  std::uint16_t code;
  const char* name;
  const char* kx;
  const char* auth;
  const char* cipher;
  const char* mode;
  const char* hash;
  int key_bits;
  int strength_bits;
  bool aead;
  bool forward_secrecy;
  bool export_grade;
  bool tls13;
  bool scsv;
  TlsVersion min_version;
};

void check(const CipherSuite& s, const Expected& e) {
  BOOST_TEST_CONTEXT(e.name) {
    BOOST_TEST(s.code == e.code);
    BOOST_TEST(s.name == e.name);
    BOOST_TEST(s.kx == e.kx);
    BOOST_TEST(s.auth == e.auth);
    BOOST_TEST(s.cipher == e.cipher);
    BOOST_TEST(s.mode == e.mode);
    BOOST_TEST(s.hash == e.hash);
    BOOST_TEST(s.key_bits == e.key_bits);
    BOOST_TEST(s.strength_bits == e.strength_bits);
    BOOST_TEST(s.aead == e.aead);
    BOOST_TEST(s.forward_secrecy == e.forward_secrecy);
    BOOST_TEST(s.export_grade == e.export_grade);
    BOOST_TEST(s.tls13 == e.tls13);
    BOOST_TEST(s.scsv == e.scsv);
    BOOST_TEST(medtls::version_name(s.min_version) == medtls::version_name(e.min_version));
  }
}

constexpr auto S3 = TlsVersion::SSLv3;
constexpr auto T12 = TlsVersion::TLSv1_2;
constexpr auto T13 = TlsVersion::TLSv1_3;

// One or more suites of every family the name grammar knows.
// clang-format off
const Expected kSpotChecks[] = {
  // code    name                                         kx           auth      cipher        mode        hash           key  str  aead   fs     exp    tls13  scsv   min
  {0x0000, "TLS_NULL_WITH_NULL_NULL",                     "NULL",      "NULL",   "NULL",       "NULL",     "NULL",        0,   0,   false, false, false, false, false, S3},
  {0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5",              "RSA_EXPORT","RSA",    "RC4",        "STREAM",   "MD5",         40,  40,  false, false, true,  false, false, S3},
  {0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5",          "RSA_EXPORT","RSA",    "RC2",        "CBC",      "MD5",         40,  40,  false, false, true,  false, false, S3},
  {0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA",                   "RSA",       "RSA",    "IDEA",       "CBC",      "SHA1",        128, 128, false, false, false, false, false, S3},
  {0x0009, "TLS_RSA_WITH_DES_CBC_SHA",                    "RSA",       "RSA",    "DES",        "CBC",      "SHA1",        56,  56,  false, false, false, false, false, S3},
  {0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA",               "RSA",       "RSA",    "3DES",       "CBC",      "SHA1",        168, 112, false, false, false, false, false, S3},
  {0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",       "DHE",       "DSS",    "DES40",      "CBC",      "SHA1",        40,  40,  false, true,  true,  false, false, S3},
  {0x0017, "TLS_DH_anon_EXPORT_WITH_RC4_40_MD5",          "DH",        "ANON",   "RC4",        "STREAM",   "MD5",         40,  40,  false, true,  true,  false, false, S3},
  {0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA",         "KRB5",      "KRB5",   "DES40",      "CBC",      "SHA1",        40,  40,  false, false, true,  false, false, S3},
  {0x0024, "TLS_KRB5_WITH_RC4_128_MD5",                   "KRB5",      "KRB5",   "RC4",        "STREAM",   "MD5",         128, 128, false, false, false, false, false, S3},
  {0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA",             "DH",        "RSA",    "AES",        "CBC",      "SHA1",        128, 128, false, false, false, false, false, S3},
  {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA",            "DH",        "ANON",   "AES",        "CBC",      "SHA1",        128, 128, false, true,  false, false, false, S3},
  {0x003B, "TLS_RSA_WITH_NULL_SHA256",                    "RSA",       "RSA",    "NULL",       "NULL",     "SHA256",      0,   0,   false, false, false, false, false, T12},
  {0x0096, "TLS_RSA_WITH_SEED_CBC_SHA",                   "RSA",       "RSA",    "SEED",       "CBC",      "SHA1",        128, 128, false, false, false, false, false, S3},
  {0x008C, "TLS_PSK_WITH_AES_128_CBC_SHA",                "PSK",       "PSK",    "AES",        "CBC",      "SHA1",        128, 128, false, false, false, false, false, S3},
  {0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256",         "DHE_PSK",   "PSK",    "AES",        "GCM",      "SHA256",      128, 128, true,  true,  false, false, false, T12},
  {0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256",         "RSA_PSK",   "RSA",    "AES",        "GCM",      "SHA256",      128, 128, true,  false, false, false, false, T12},
  {0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8",              "DHE_PSK",   "PSK",    "AES",        "CCM_8",    "SHA256",      128, 128, true,  true,  false, false, false, T12},
  {0xD003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256",     "ECDHE_PSK", "PSK",    "AES",        "CCM_8",    "SHA256",      128, 128, true,  true,  false, false, false, T12},
  {0xC005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA",         "ECDH",      "ECDSA",  "AES",        "CBC",      "SHA1",        256, 256, false, false, false, false, false, S3},
  {0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",          "ECDH",      "ANON",   "AES",        "CBC",      "SHA1",        128, 128, false, true,  false, false, false, S3},
  {0xC01E, "TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA",        "SRP",       "RSA",    "AES",        "CBC",      "SHA1",        128, 128, false, true,  false, false, false, S3},
  {0xC01D, "TLS_SRP_SHA_WITH_AES_128_CBC_SHA",            "SRP",       "SRP",    "AES",        "CBC",      "SHA1",        128, 128, false, true,  false, false, false, S3},
  {0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",       "ECDHE",     "RSA",    "AES",        "GCM",      "SHA256",      128, 128, true,  true,  false, false, false, T12},
  {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",     "ECDHE",     "ECDSA",  "AES",        "CBC",      "SHA384",      256, 256, false, true,  false, false, false, T12},
  {0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",          "ECDHE",     "ECDSA",  "AES",        "CCM_8",    "SHA256",      256, 256, true,  true,  false, false, false, T12},
  {0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",            "ECDHE",     "ECDSA",  "AES",        "CCM",      "SHA256",      256, 256, true,  true,  false, false, false, T12},
  {0xC08A, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256",  "ECDHE",     "RSA",    "CAMELLIA",   "GCM",      "SHA256",      128, 128, true,  true,  false, false, false, T12},
  {0xC03C, "TLS_RSA_WITH_ARIA_128_CBC_SHA256",            "RSA",       "RSA",    "ARIA",       "CBC",      "SHA256",      128, 128, false, false, false, false, false, T12},
  {0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256","ECDHE",    "ECDSA",  "CHACHA20",   "POLY1305", "SHA256",      256, 256, true,  true,  false, false, false, T12},
  {0xC0B0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256",          "ECCPWD",    "ECCPWD", "AES",        "GCM",      "SHA256",      128, 128, true,  true,  false, false, false, T12},
  {0xC100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC","GOST",      "GOST",   "KUZNYECHIK", "CTR_OMAC", "GOSTR341112", 256, 256, false, false, false, false, false, T12},
  {0xC102, "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT",     "GOST",      "GOST",   "GOST28147",  "CNT",      "GOSTR341112", 256, 256, false, false, false, false, false, T12},
  {0xC104, "TLS_GOSTR341112_256_WITH_MAGMA_MGM_L",        "GOST",      "GOST",   "MAGMA",      "MGM",      "GOSTR341112", 256, 256, true,  false, false, false, false, T12},
  {0xC105, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_S",   "GOST",      "GOST",   "KUZNYECHIK", "MGM",      "GOSTR341112", 256, 256, true,  false, false, false, false, T12},
  {0x1301, "TLS_AES_128_GCM_SHA256",                      "TLS13",     "TLS13",  "AES",        "GCM",      "SHA256",      128, 128, true,  true,  false, true,  false, T13},
  {0x1303, "TLS_CHACHA20_POLY1305_SHA256",                "TLS13",     "TLS13",  "CHACHA20",   "POLY1305", "SHA256",      256, 256, true,  true,  false, true,  false, T13},
  {0x1305, "TLS_AES_128_CCM_8_SHA256",                    "TLS13",     "TLS13",  "AES",        "CCM_8",    "SHA256",      128, 128, true,  true,  false, true,  false, T13},
  {0x1306, "TLS_AEGIS_256_SHA384",                        "TLS13",     "TLS13",  "AEGIS",      "AEGIS",    "SHA384",      256, 256, true,  true,  false, true,  false, T13},
  {0x1307, "TLS_AEGIS_128L_SHA256",                       "TLS13",     "TLS13",  "AEGIS",      "AEGIS",    "SHA256",      128, 128, true,  true,  false, true,  false, T13},
  {0x00C6, "TLS_SM4_GCM_SM3",                             "TLS13",     "TLS13",  "SM4",        "GCM",      "SM3",         128, 128, true,  true,  false, true,  false, T13},
  {0xC0B4, "TLS_SHA256_SHA256",                           "TLS13",     "TLS13",  "NULL",       "NULL",     "SHA256",      0,   0,   false, true,  false, true,  false, T13},
  {0xC0B5, "TLS_SHA384_SHA384",                           "TLS13",     "TLS13",  "NULL",       "NULL",     "SHA384",      0,   0,   false, true,  false, true,  false, T13},
  {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",           "SCSV",      "SCSV",   "SCSV",       "SCSV",     "SCSV",        0,   0,   false, false, false, false, true,  S3},
  {0x5600, "TLS_FALLBACK_SCSV",                           "SCSV",      "SCSV",   "SCSV",       "SCSV",     "SCSV",        0,   0,   false, false, false, false, true,  S3},
};
// clang-format on

}  // namespace

BOOST_AUTO_TEST_SUITE(builtin_registry)

BOOST_AUTO_TEST_CASE(counts_named_suites_scsvs_and_tls13) {
  const auto& all = reg().all();
  BOOST_TEST(all.size() == 352u);
  BOOST_TEST(std::count_if(all.begin(), all.end(), [](auto& s) { return s.scsv; }) == 2);
  // 0x1301-0x1307, TLS_SM4_GCM_SM3/TLS_SM4_CCM_SM3, TLS_SHA256_SHA256/TLS_SHA384_SHA384.
  BOOST_TEST(std::count_if(all.begin(), all.end(), [](auto& s) { return s.tls13; }) == 11);
  BOOST_TEST(&Registry::builtin() == &reg());  // one instance per process
}

BOOST_AUTO_TEST_CASE(registry_keeps_csv_order) {
  const auto& all = reg().all();
  BOOST_TEST(all.front().code == 0x0000);
  BOOST_TEST(all.back().code == 0xD005);
  // The IANA CSV is sorted by code; the registry must not reorder it.
  BOOST_TEST(
      std::is_sorted(all.begin(), all.end(), [](auto& a, auto& b) { return a.code < b.code; }));
}

BOOST_AUTO_TEST_CASE(spot_checks_cover_every_family) {
  for (const auto& e : kSpotChecks) {
    const CipherSuite* s = reg().find(e.code);
    BOOST_TEST_REQUIRE(s != nullptr, e.name);
    check(*s, e);
  }
}

BOOST_AUTO_TEST_CASE(every_attribute_is_in_the_vocabulary) {
  const auto& vocab = known_values();
  BOOST_TEST(vocab.size() == 5u);
  for (const auto& s : reg().all()) {
    BOOST_TEST_CONTEXT(s.name) {
      for (const auto& [key, value] : {std::pair{"kx", &s.kx},
                                       {"auth", &s.auth},
                                       {"cipher", &s.cipher},
                                       {"mode", &s.mode},
                                       {"hash", &s.hash}}) {
        const auto& words = vocab.at(key);
        BOOST_TEST((std::find(words.begin(), words.end(), *value) != words.end()),
                   key << " = '" << *value << "'");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_vocabulary_word_is_used_by_some_suite) {
  // A word no suite carries would let a profile rule silently match nothing.
  std::map<std::string, std::set<std::string>> used;
  for (const auto& s : reg().all()) {
    used["kx"].insert(s.kx);
    used["auth"].insert(s.auth);
    used["cipher"].insert(s.cipher);
    used["mode"].insert(s.mode);
    used["hash"].insert(s.hash);
  }
  for (const auto& [key, words] : known_values())
    for (const auto& word : words) BOOST_TEST(used[key].count(word) == 1u, key << " " << word);
}

BOOST_AUTO_TEST_CASE(attributes_are_consistent) {
  const std::set<std::string> aead_modes = {"GCM", "CCM", "CCM_8", "POLY1305", "MGM", "AEGIS"};
  for (const auto& s : reg().all()) {
    BOOST_TEST_CONTEXT(s.name) {
      BOOST_TEST(s.aead == (aead_modes.count(s.mode) == 1));
      BOOST_TEST(s.strength_bits <= s.key_bits);
      BOOST_TEST((s.key_bits == 0) == (s.cipher == "NULL" || s.scsv));
      BOOST_TEST(s.tls13 == (s.min_version == TlsVersion::TLSv1_3));
      BOOST_TEST(s.tls13 == (s.kx == "TLS13"));
      if (s.export_grade) BOOST_TEST(s.key_bits <= 56);
      if (s.aead && !s.tls13) BOOST_TEST((s.min_version == TlsVersion::TLSv1_2));
      if (s.kx == "ECDHE" || s.kx == "DHE") BOOST_TEST(s.forward_secrecy);
      if (s.kx == "RSA" || s.kx == "PSK" || (s.kx == "ECDH" && s.auth != "ANON"))
        BOOST_TEST(!s.forward_secrecy);
    }
  }
}

BOOST_AUTO_TEST_CASE(find_by_code_and_by_name) {
  const CipherSuite* by_code = reg().find(std::uint16_t{0xC030});
  const CipherSuite* by_name = reg().find("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  BOOST_TEST_REQUIRE(by_code != nullptr);
  BOOST_TEST(by_code == by_name);
  BOOST_TEST(by_code->name == "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
  BOOST_TEST(reg().find(std::uint16_t{0x0A0A}) == nullptr);  // GREASE: reserved, not a suite
  BOOST_TEST(reg().find(std::uint16_t{0x001C}) == nullptr);  // inside a skipped range
  BOOST_TEST(reg().find("TLS_NO_SUCH_SUITE") == nullptr);
  BOOST_TEST(reg().find("tls_ecdhe_rsa_with_aes_256_gcm_sha384") == nullptr);  // exact names
  for (const auto& s : reg().all()) {
    BOOST_TEST(reg().find(s.code) == &s);
    BOOST_TEST(reg().find(s.name) == &s);
  }
}

BOOST_AUTO_TEST_CASE(name_of_known_and_unknown_codes) {
  BOOST_TEST(reg().name_of(0xC02F) == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  BOOST_TEST(reg().name_of(0x5600) == "TLS_FALLBACK_SCSV");
  BOOST_TEST(reg().name_of(0x0A0A) == "unknown 0x0A0A");
  BOOST_TEST(reg().name_of(0xABCD) == "unknown 0xABCD");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(candidates)

BOOST_AUTO_TEST_CASE(tls13_offers_exactly_the_tls13_suites_in_registry_order) {
  std::vector<std::uint16_t> expected;
  for (const auto& s : reg().all())
    if (s.tls13) expected.push_back(s.code);
  const auto codes = reg().candidates(TlsVersion::TLSv1_3);
  BOOST_TEST(codes == expected, boost::test_tools::per_element());
  BOOST_TEST(codes.size() == 11u);
  BOOST_TEST(has(codes, 0x1301));
  BOOST_TEST(has(codes, 0xC0B4));
  BOOST_TEST(!has(codes, 0xC02F));
}

BOOST_AUTO_TEST_CASE(tls12_offers_every_non_tls13_suite_but_the_scsvs) {
  const auto codes = reg().candidates(TlsVersion::TLSv1_2);
  BOOST_TEST(codes.size() == 352u - 2u - 11u);
  BOOST_TEST(has(codes, 0xC02F));
  BOOST_TEST(has(codes, 0x002F));
  BOOST_TEST(has(codes, 0xC08A));  // OpenSSL cannot offer it; the raw prober can
  BOOST_TEST(!has(codes, 0x00FF));
  BOOST_TEST(!has(codes, 0x5600));
  for (auto code : codes) {
    const CipherSuite* s = reg().find(code);
    BOOST_TEST_REQUIRE(s != nullptr);
    BOOST_TEST(!s->tls13, s->name);
    BOOST_TEST(!s->scsv, s->name);
  }
  // Registry order: strictly increasing positions in all().
  BOOST_TEST(std::is_sorted(codes.begin(), codes.end()));
}

BOOST_AUTO_TEST_CASE(older_versions_leave_out_tls12_only_suites) {
  for (auto v : {TlsVersion::SSLv3, TlsVersion::TLSv1_0, TlsVersion::TLSv1_1}) {
    BOOST_TEST_CONTEXT(medtls::version_name(v)) {
      const auto codes = reg().candidates(v);
      BOOST_TEST(codes.size() == 126u);
      BOOST_TEST(has(codes, 0x002F));
      BOOST_TEST(has(codes, 0x000A));
      BOOST_TEST(has(codes, 0xC013));
      BOOST_TEST(!has(codes, 0xC02F));  // GCM
      BOOST_TEST(!has(codes, 0x003C));  // SHA-256 MAC
      BOOST_TEST(!has(codes, 0x1301));
      for (auto code : codes) {
        const CipherSuite* s = reg().find(code);
        BOOST_TEST_REQUIRE(s != nullptr);
        BOOST_TEST(s->mode != "GCM", s->name);
        BOOST_TEST(!s->aead, s->name);
        BOOST_TEST((s->min_version == TlsVersion::SSLv3), s->name);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(openssl_names)

BOOST_AUTO_TEST_CASE(names_of_suites_the_linked_openssl_negotiates) {
  BOOST_TEST(reg().find(std::uint16_t{0xC02F})->openssl_name == "ECDHE-RSA-AES128-GCM-SHA256");
  BOOST_TEST(reg().find(std::uint16_t{0x002F})->openssl_name == "AES128-SHA");
  BOOST_TEST(reg().find(std::uint16_t{0xCCA8})->openssl_name == "ECDHE-RSA-CHACHA20-POLY1305");
  BOOST_TEST(reg().find(std::uint16_t{0x1301})->openssl_name == "TLS_AES_128_GCM_SHA256");
  // The CCM TLS 1.3 suites are off by default and must have been enabled explicitly.
  BOOST_TEST(reg().find(std::uint16_t{0x1304})->openssl_name == "TLS_AES_128_CCM_SHA256");
  BOOST_TEST(reg().find(std::uint16_t{0x1305})->openssl_name == "TLS_AES_128_CCM_8_SHA256");
  // eNULL and anonymous suites need the full cipher string at level 0.
  BOOST_TEST(reg().find(std::uint16_t{0x0001})->openssl_name == "NULL-MD5");
  BOOST_TEST(reg().find(std::uint16_t{0x0034})->openssl_name == "ADH-AES128-SHA");
}

BOOST_AUTO_TEST_CASE(suites_openssl_3_0_on_debian_12_lacks) {
  BOOST_TEST(reg().find(std::uint16_t{0xC08A})->openssl_name == "");  // Camellia-GCM
  BOOST_TEST(reg().find(std::uint16_t{0x000A})->openssl_name == "");  // 3DES
  BOOST_TEST(reg().find(std::uint16_t{0x0005})->openssl_name == "");  // RC4
  BOOST_TEST(reg().find(std::uint16_t{0x00FF})->openssl_name == "");  // SCSV: not a suite
  BOOST_TEST(reg().find(std::uint16_t{0x1306})->openssl_name == "");  // AEGIS
}

BOOST_AUTO_TEST_CASE(registry_agrees_with_the_openssl_table) {
  const auto& names = medtls::suites::openssl_suite_names();
  BOOST_TEST(names.size() > 100u);
  std::size_t with_name = 0;
  for (const auto& s : reg().all()) {
    const auto it = names.find(s.code);
    BOOST_TEST(s.openssl_name == (it == names.end() ? std::string() : it->second), s.name);
    with_name += !s.openssl_name.empty();
  }
  BOOST_TEST(with_name > 100u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(name_derivation)

BOOST_AUTO_TEST_CASE(export1024_draft_suites) {
  // Not in the IANA registry (0x0060-66 are reserved for them), but seen on old servers.
  const auto rc4 = derive_suite(0x0064, "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA");
  BOOST_TEST(rc4.kx == "RSA_EXPORT");
  BOOST_TEST(rc4.cipher == "RC4");
  BOOST_TEST(rc4.key_bits == 56);
  BOOST_TEST(rc4.export_grade);
  const auto des = derive_suite(0x0063, "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA");
  BOOST_TEST(des.kx == "DHE");
  BOOST_TEST(des.cipher == "DES");
  BOOST_TEST(des.strength_bits == 56);
  BOOST_TEST(des.export_grade);
  BOOST_TEST(des.forward_secrecy);
  const auto rc2 = derive_suite(0x0061, "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5");
  BOOST_TEST(rc2.cipher == "RC2");
  BOOST_TEST(rc2.key_bits == 56);
  BOOST_TEST(rc2.hash == "MD5");
}

BOOST_AUTO_TEST_CASE(names_outside_the_grammar_are_refused) {
  for (const char* name : {
           "TLS_FOO_WITH_BAR_BAZ",                  // unknown key exchange
           "TLS_RSA_WITH_BAR_128_CBC_SHA",          // unknown cipher
           "TLS_RSA_WITH_AES_128_SHA",              // no mode
           "TLS_RSA_WITH_AES_192_GCM_SHA256",       // no such key size
           "TLS_RSA_WITH_AES_128_CBC",              // no hash
           "TLS_RSA_WITH_AES_128_GCM_SHA512",       // unknown hash
           "TLS_RSA_WITH_AES_128_GCM_SHA256_X",     // trailing junk
           "TLS_ECDHE_RSA_EXPORT_WITH_RC4_40_MD5",  // no export variant of ECDHE
           "TLS_AES_128_CBC_SHA256",                // TLS 1.3 needs an AEAD
           "TLS_SHA256_SHA384",                     // integrity-only must repeat its hash
           "TLS_GOSTR341112_256_WITH_MAGMA_MGM_X",  // MGM_L or MGM_S only
           "SSL_RSA_WITH_NULL_MD5",                 // not an IANA TLS name
           "TLS_",
       }) {
    BOOST_CHECK_THROW(derive_suite(0x1234, name), NameError);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(csv_input)

BOOST_AUTO_TEST_CASE(small_csv_with_quotes_ranges_and_crlf) {
  const std::string csv =
      "# comment\r\n"
      "Value,Description,DTLS-OK,Recommended,Reference\r\n"
      "\"0x00,0x00\",TLS_NULL_WITH_NULL_NULL,Y,N,[RFC5246]\r\n"
      "\"0x00,0x47-4F\",\"Reserved to avoid conflicts with\r\ndeployed, implementations\",,,"
      "[Pasi_Eronen]\r\n"
      "\"0xC0,0x2F\",TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,Y,Y,\"[RFC5289]\"\"x\"\"\"\r\n"
      "\"0x0A,0x0A\",Reserved,Y,N,[RFC8701]\r\n";
  const Registry r = Registry::from_csv(csv);
  BOOST_TEST_REQUIRE(r.all().size() == 2u);
  BOOST_TEST(r.all()[0].code == 0x0000);
  BOOST_TEST(r.all()[1].code == 0xC02F);
  BOOST_TEST(r.all()[1].kx == "ECDHE");
  BOOST_TEST(r.find(std::uint16_t{0x0A0A}) == nullptr);
}

BOOST_AUTO_TEST_CASE(bad_code_names_the_line) {
  const auto msg = error_of(kHeader +
                            "\"0x00,0x2F\",TLS_RSA_WITH_AES_128_CBC_SHA,Y,N,[RFC5246]\n"
                            "\"0xZZ,0x01\",TLS_RSA_WITH_AES_256_CBC_SHA,Y,N,[RFC5246]\n");
  BOOST_TEST(contains(msg, "line 5:"), msg);
  BOOST_TEST(contains(msg, "0xZZ,0x01"), msg);
  BOOST_TEST(contains(msg, "TLS_RSA_WITH_AES_256_CBC_SHA"), msg);
}

BOOST_AUTO_TEST_CASE(underivable_name_names_the_line_and_the_name) {
  const auto msg = error_of(kHeader + "\"0x00,0x2F\",TLS_FOO_WITH_BAR_BAZ,Y,N,[RFC5246]\n");
  BOOST_TEST(contains(msg, "line 4:"), msg);
  BOOST_TEST(contains(msg, "TLS_FOO_WITH_BAR_BAZ"), msg);
}

BOOST_AUTO_TEST_CASE(unterminated_quote_names_the_line) {
  // The quote opened on line 5 runs to the end of the text.
  const auto msg = error_of(kHeader +
                            "\"0x00,0x2F\",TLS_RSA_WITH_AES_128_CBC_SHA,Y,N,[RFC5246]\n"
                            "\"0x00,0x30,TLS_DH_DSS_WITH_AES_128_CBC_SHA,Y,N,[RFC5246]\n"
                            "0x00,0x31,TLS_DH_RSA_WITH_AES_128_CBC_SHA,Y,N\n");
  BOOST_TEST(contains(msg, "line 5:"), msg);
  BOOST_TEST(contains(msg, "unterminated"), msg);
}

BOOST_AUTO_TEST_CASE(unbalanced_quote_mid_file_names_the_line) {
  // The quote opened on line 5 is closed by the first quote of line 6; what follows it is junk.
  const auto msg = error_of(kHeader +
                            "\"0x00,0x2F\",TLS_RSA_WITH_AES_128_CBC_SHA,Y,N,[RFC5246]\n"
                            "\"0x00,0x30,TLS_DH_DSS_WITH_AES_128_CBC_SHA,Y,N,[RFC5246]\n"
                            "\"0x00,0x31\",TLS_DH_RSA_WITH_AES_128_CBC_SHA,Y,N\n");
  BOOST_TEST(contains(msg, "line 5:"), msg);
}

BOOST_AUTO_TEST_CASE(line_numbers_count_newlines_inside_quotes) {
  // The reserved row spans lines 4-6, so the bad row is on line 7.
  const auto msg = error_of(kHeader +
                            "\"0x00,0x47-4F\",\"Reserved\nto avoid\nconflicts\",,,[Pasi_Eronen]\n"
                            "\"0x00,0x2F\",TLS_RSA_WITH_AES_128_CBC_SHAX,Y,N,[RFC5246]\n");
  BOOST_TEST(contains(msg, "line 7:"), msg);
}

BOOST_AUTO_TEST_CASE(other_malformed_inputs) {
  BOOST_TEST(!error_of("").empty());
  BOOST_TEST(!error_of("# only a comment\n").empty());
  const auto no_description = error_of("Value,Name\n\"0x00,0x2F\",TLS_RSA_WITH_AES_128_CBC_SHA\n");
  BOOST_TEST(contains(no_description, "Description"), no_description);
  const auto short_row = error_of(kHeader + "\"0x00,0x2F\"\n");
  BOOST_TEST(contains(short_row, "line 4:"), short_row);
  const auto duplicate = error_of(kHeader +
                                  "\"0x00,0x2F\",TLS_RSA_WITH_AES_128_CBC_SHA,Y,N,[RFC5246]\n"
                                  "\"0x00,0x2F\",TLS_RSA_WITH_AES_256_CBC_SHA,Y,N,[RFC5246]\n");
  BOOST_TEST(contains(duplicate, "line 5:"), duplicate);
  BOOST_TEST(contains(duplicate, "duplicate"), duplicate);
  const auto junk_after_quote =
      error_of(kHeader + "\"0x00,0x2F\"x,TLS_RSA_WITH_AES_128_CBC_SHA,Y,N,[RFC5246]\n");
  BOOST_TEST(contains(junk_after_quote, "line 4:"), junk_after_quote);
}

BOOST_AUTO_TEST_SUITE_END()
