#pragma once
// Writing a report document as text. nlohmann's dump() throws on a string that is not valid
// UTF-8; peer text is escaped where it enters the observations (common/peer_text.hpp), and this
// is the net under that rule: it never throws, and a string that slipped through is written
// escaped the same way instead of aborting the report.
#include <string>

#include <nlohmann/json.hpp>

namespace medtls::obs {

std::string dump_json(const nlohmann::json& document, int indent = -1);

// A copy of `document` in which every string and object key that is not valid UTF-8 is replaced
// by its peer_text() form.
nlohmann::json valid_utf8_copy(const nlohmann::json& document);

}  // namespace medtls::obs
