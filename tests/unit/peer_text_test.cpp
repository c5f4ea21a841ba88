// Bytes from a peer become report text without loss and without risk: valid UTF-8 with nothing a
// terminal would act on, reversible to the bytes, ordinary text unchanged. The JSON writer never
// throws, whatever string slipped through.
#define BOOST_TEST_MODULE peer_text
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "common/peer_text.hpp"
#include "obs/json_dump.hpp"

using namespace medtls;

BOOST_AUTO_TEST_CASE(ordinary_text_is_unchanged) {
  BOOST_TEST(peer_text("dicom") == "dicom");
  BOOST_TEST(peer_text("CN=病院 PACS, O=Ü") == "CN=病院 PACS, O=Ü");
  BOOST_TEST(is_plain_text("1.2.840.10008.1.1"));
  BOOST_TEST(peer_text("") == "");
}

BOOST_AUTO_TEST_CASE(what_is_not_printable_utf8_is_escaped) {
  BOOST_TEST(peer_text(std::string("\xc3\x28"
                                   "dicom\x00",
                                   8)) == "\\xc3(dicom\\x00");
  BOOST_TEST(peer_text("\x1b[31mred") == "\\x1b[31mred");
  BOOST_TEST(peer_text("a\\b") == "a\\\\b");
  BOOST_TEST(peer_text("\x7f") == "\\x7f");
  BOOST_TEST(peer_text("\xc2\x85") == "\\u{0085}");  // C1 control NEL
  BOOST_TEST(peer_text("abc\xe2\x80\xae"
                       "cba") == "abc\\u{202E}cba");                    // right-to-left override
  BOOST_TEST(peer_text("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
  BOOST_TEST(peer_text("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // a UTF-16 surrogate
  BOOST_TEST(peer_text("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  BOOST_TEST(peer_text("\xe6\x97") == "\\xe6\\x97");                    // cut inside a character
}

BOOST_AUTO_TEST_CASE(the_escape_is_lossless_and_always_valid_utf8) {
  std::mt19937 random(20261205);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(random() % 64, '\0');
    for (auto& c : bytes) c = static_cast<char>(random() % 256);
    if (round % 3 == 0) bytes += "\\x41\\u{202E}";  // text that looks like an escape already
    const std::string text = peer_text(bytes);
    BOOST_TEST_REQUIRE(is_valid_utf8(text));
    for (unsigned char c : text) BOOST_TEST_REQUIRE((c >= 0x20 && c != 0x7f));
    BOOST_TEST_REQUIRE(peer_bytes(text) == bytes);
  }
}

BOOST_AUTO_TEST_CASE(library_text_becomes_one_bounded_line) {
  BOOST_TEST(one_line("DUL Association Rejected\nResult: rejected-permanent\n\tSource: 1\n") ==
             "DUL Association Rejected; Result: rejected-permanent; Source: 1");
  BOOST_TEST(one_line("a\tb") == "a b");
  BOOST_TEST(one_line("C:\\path\x1b") == "C:\\path\\x1b");  // backslashes kept, control escaped
  const std::string text = one_line(std::string(5000, 'x'), 100);
  BOOST_TEST(text.size() < 140u);
  BOOST_TEST(text.find("(4900 more bytes)") != std::string::npos, text);
  BOOST_TEST(bounded("日本語", 4) == "日 … (6 more bytes)");  // cut at a character boundary
  BOOST_TEST(printable("CN=a\\, b\x1b") == "CN=a\\, b\\x1b");
}

BOOST_AUTO_TEST_CASE(the_json_writer_never_throws) {
  nlohmann::json j = {{"alpn", std::string("\xff\xfe", 2)},
                      {std::string("key\xc3", 4), {std::string("\x80", 1), "fine"}},
                      {"ok", "text"}};
  std::string out;
  BOOST_CHECK_NO_THROW(out = obs::dump_json(j, 2));
  BOOST_TEST(is_valid_utf8(out));
  const auto back = nlohmann::json::parse(out);
  BOOST_TEST(back.at("alpn") == "\\xff\\xfe");
  BOOST_TEST(back.at("key\\xc3").at(0) == "\\x80");
  BOOST_TEST(back.at("ok") == "text");
  // Valid documents are written exactly as nlohmann writes them.
  const nlohmann::json plain = {{"a", "é\n"}, {"b", 1}};
  BOOST_TEST(obs::dump_json(plain, 2) == plain.dump(2));
}
