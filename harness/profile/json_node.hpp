#pragma once
// Strict reading of profile JSON. Every value travels with its file name and JSON pointer, so
// that any problem becomes the one line "<file>: <pointer>: <reason>" (ProfileError).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/enum_names.hpp"

namespace medtls::profile {

// Parses text; a syntax error (with nlohmann's line and column) or a key repeated within one
// object throws ProfileError naming `file`.
nlohmann::json parse_json(const std::string& text, const std::string& file);

// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901).
std::string pointer_append(const std::string& pointer, const std::string& token);

class Node {
 public:
  Node(const nlohmann::json& value, std::string file, std::string pointer)
      : value_(&value), file_(std::move(file)), pointer_(std::move(pointer)) {}

  const nlohmann::json& json() const { return *value_; }
  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }

  [[noreturn]] void fail(const std::string& reason) const;

  std::string as_string() const;  // a non-empty string
  bool as_bool() const;
  int as_int() const;
  std::vector<Node> as_array() const;           // a non-empty array
  std::vector<std::string> as_strings() const;  // a non-empty array of non-empty strings

 private:
  const nlohmann::json* value_;
  std::string file_, pointer_;
};

// "a, b or c": the words a profile may write, for an error message.
std::string or_list(const std::vector<std::string>& words);

// One word of E's table, limited to `allowed` (default: all of it); anything else fails
// "\"word\" is not <what> (write a, b or c)".
template <class E>
E read_enum(const Node& node, const char* what, const std::vector<E>& allowed = enum_values<E>()) {
  const std::string word = node.as_string();
  std::vector<std::string> words;
  for (E e : allowed) {
    if (name_of(e) == word) return e;
    words.push_back(name_of(e));
  }
  node.fail("\"" + word + "\" is not " + what + " (write " + or_list(words) + ")");
}

// A JSON object whose keys are checked against `allowed` when it is opened.
class ObjectNode {
 public:
  ObjectNode(const Node& node, const std::vector<const char*>& allowed);

  const Node& node() const { return node_; }
  bool has(const char* key) const;
  Node get(const char* key) const;  // fails "missing" when absent
  std::optional<Node> find(const char* key) const;
  std::vector<std::string> keys() const;
  Node member(const std::string& key) const;  // for keys() entries

 private:
  Node node_;
};

}  // namespace medtls::profile
