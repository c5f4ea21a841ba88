#include "profile/json_node.hpp"

#include <set>

#include "common/peer_text.hpp"
#include "profile/error.hpp"

namespace medtls::profile {

namespace {

std::string display_pointer(const std::string& pointer) {
  return pointer.empty() ? "/" : pointer;
}

const char* article_type(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::object:
      return "an object";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::string:
      return "a string";
    case nlohmann::json::value_t::boolean:
      return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "an integer";
    case nlohmann::json::value_t::number_float:
      return "a number";
    default:
      return "something else";
  }
}

// Tracks where the parser is, to name a repeated key by its pointer. nlohmann keeps the last
// of two equal keys silently; in a profile that would hide an edit.
class DuplicateKeyCheck {
 public:
  explicit DuplicateKeyCheck(const std::string& file) : file_(file) {}

  bool operator()(int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start:
        count_element();
        frames_.push_back(Frame{event == E::array_start, {}, {}, -1});
        break;
      case E::object_end:
      case E::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case E::key: {
        Frame& top = frames_.back();
        std::string key = parsed.get<std::string>();
        if (!top.keys.insert(key).second)
          throw ProfileError(one_line(file_ + ": " + pointer_append(path(), key) + ": key \"" +
                                      key + "\" appears twice in this object"));
        top.key = std::move(key);
        break;
      }
      case E::value:
        count_element();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool array;
    std::set<std::string> keys;
    std::string key;
    long index;
  };
  void count_element() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }
  // Pointer of the innermost open container.
  std::string path() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i)
      p = pointer_append(p, frames_[i].array ? std::to_string(frames_[i].index) : frames_[i].key);
    return p;
  }

  const std::string& file_;
  std::vector<Frame> frames_;
};

}  // namespace

nlohmann::json parse_json(const std::string& text, const std::string& file) {
  DuplicateKeyCheck check(file);
  try {
    return nlohmann::json::parse(text, std::ref(check));
  } catch (const nlohmann::json::exception& e) {
    // parse_error, or out_of_range for a number too large for a double (1e999).
    // what() reads "[json.exception.parse_error.101] parse error at line 3, column 5: …"
    std::string message = e.what();
    if (auto close = message.find("] ");
        message.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      message.erase(0, close + 2);
    throw ProfileError(one_line(file + ": invalid JSON: " + message));
  }
}

std::string or_list(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

std::string pointer_append(const std::string& pointer, const std::string& token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

void Node::fail(const std::string& reason) const {
  // Room for the longest list of choices (every rule type) besides the user's own value.
  constexpr std::size_t kMaxBytes = 1200;
  throw ProfileError(one_line(file_ + ": " + display_pointer(pointer_) + ": " + reason, kMaxBytes));
}

std::string Node::as_string() const {
  if (!value_->is_string()) fail(std::string("expected a string, found ") + article_type(*value_));
  std::string s = value_->get<std::string>();
  if (s.empty()) fail("must not be empty");
  return s;
}

bool Node::as_bool() const {
  if (!value_->is_boolean())
    fail(std::string("expected true or false, found ") + article_type(*value_));
  return value_->get<bool>();
}

int Node::as_int() const {
  if (!value_->is_number_integer())
    fail(std::string("expected an integer, found ") + article_type(*value_));
  const auto v = value_->get<long long>();
  if (v < -1000000 || v > 1000000) fail("integer out of range");
  return static_cast<int>(v);
}

std::vector<Node> Node::as_array() const {
  if (!value_->is_array()) fail(std::string("expected an array, found ") + article_type(*value_));
  if (value_->empty()) fail("must not be empty");
  std::vector<Node> out;
  for (std::size_t i = 0; i < value_->size(); ++i)
    out.emplace_back((*value_)[i], file_, pointer_append(pointer_, std::to_string(i)));
  return out;
}

std::vector<std::string> Node::as_strings() const {
  std::vector<std::string> out;
  for (const Node& n : as_array()) {
    std::string s = n.as_string();
    for (const auto& seen : out)
      if (seen == s) n.fail("\"" + s + "\" is listed twice");
    out.push_back(std::move(s));
  }
  return out;
}

ObjectNode::ObjectNode(const Node& node, const std::vector<const char*>& allowed) : node_(node) {
  if (!node.json().is_object())
    node.fail(std::string("expected an object, found ") + article_type(node.json()));
  for (const auto& item : node.json().items()) {
    bool known = false;
    for (const char* a : allowed) known = known || item.key() == a;
    if (known) continue;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    Node(item.value(), node.file(), pointer_append(node.pointer(), item.key()))
        .fail("unknown key \"" + item.key() + "\" (expected one of: " + list + ")");
  }
}

bool ObjectNode::has(const char* key) const {
  return node_.json().contains(key);
}

std::optional<Node> ObjectNode::find(const char* key) const {
  if (!has(key)) return std::nullopt;
  return Node(node_.json().at(key), node_.file(), pointer_append(node_.pointer(), key));
}

Node ObjectNode::get(const char* key) const {
  if (auto n = find(key)) return *n;
  Node(node_.json(), node_.file(), pointer_append(node_.pointer(), key))
      .fail("missing (required here)");
}

std::vector<std::string> ObjectNode::keys() const {
  std::vector<std::string> out;
  for (const auto& item : node_.json().items()) out.push_back(item.key());
  return out;
}

Node ObjectNode::member(const std::string& key) const {
  return Node(node_.json().at(key), node_.file(), pointer_append(node_.pointer(), key));
}

}  // namespace medtls::profile
