#include "obs/json_dump.hpp"

#include "common/peer_text.hpp"

namespace medtls::obs {

nlohmann::json valid_utf8_copy(const nlohmann::json& document) {
  switch (document.type()) {
    case nlohmann::json::value_t::string: {
      const auto& s = document.get_ref<const std::string&>();
      return is_valid_utf8(s) ? document : nlohmann::json(peer_text(s));
    }
    case nlohmann::json::value_t::array: {
      auto out = nlohmann::json::array();
      for (const auto& item : document) out.push_back(valid_utf8_copy(item));
      return out;
    }
    case nlohmann::json::value_t::object: {
      auto out = nlohmann::json::object();
      for (const auto& [key, value] : document.items()) {
        std::string name = is_valid_utf8(key) ? key : peer_text(key);
        // An escaped key may equal one that was already valid text: keep both.
        for (int n = 2; !is_valid_utf8(key) && out.contains(name); ++n)
          name = peer_text(key) + " (" + std::to_string(n) + ")";
        out[name] = valid_utf8_copy(value);
      }
      return out;
    }
    default:
      return document;
  }
}

std::string dump_json(const nlohmann::json& document, int indent) {
  try {
    return document.dump(indent);
  } catch (const nlohmann::json::type_error&) {
    // Only invalid UTF-8 makes dump() throw; the copy has none.
    return valid_utf8_copy(document).dump(indent, ' ', false,
                                          nlohmann::json::error_handler_t::replace);
  }
}

}  // namespace medtls::obs
