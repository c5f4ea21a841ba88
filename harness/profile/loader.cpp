#include "profile/loader.hpp"
#include "common/text.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "common/resources.hpp"
#include "profile/json_node.hpp"
#include "profile/rule_parser.hpp"

namespace medtls::profile {

namespace {

constexpr const char* kPrefix = "profiles/";
constexpr const char* kSuffix = ".json";
constexpr std::size_t kMaxExtendsDepth = 8;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_path(const std::string& id_or_path) {
  return id_or_path.find('/') != std::string::npos || ends_with(id_or_path, kSuffix);
}

bool valid_id(const std::string& id, bool lower_only) {
  if (id.empty() || !std::isalnum(static_cast<unsigned char>(id[0]))) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (lower_only && std::isupper(u)) return false;
    return std::isalnum(u) || c == '-' || c == '_' || c == '.';
  });
}

std::string read_file(const std::string& path) {
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  errno = 0;
  std::unique_ptr<std::FILE, Closer> f(std::fopen(path.c_str(), "rb"));
  if (!f) throw ProfileError(path + ": cannot read: " + std::generic_category().message(errno));
  std::string text;
  char buf[8192];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) text.append(buf, n);
  if (std::ferror(f.get()))
    throw ProfileError(path + ": cannot read: " + std::generic_category().message(errno));
  return text;
}

std::vector<std::string> ids_in_dir(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == kSuffix) out.push_back(entry.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

class Loader {
 public:
  Loader(const std::string& profiles_dir, const suites::Registry& registry)
      : dir_(profiles_dir), registry_(registry) {}

  Profile load(const std::string& id_or_path) {
    if (is_path(id_or_path)) return parse(read_file(id_or_path), id_or_path, "");
    if (!dir_.empty()) {
      const std::string path = dir_ + "/" + id_or_path + kSuffix;
      std::error_code ec;
      if (!std::filesystem::exists(path, ec))
        throw ProfileError("unknown profile \"" + id_or_path + "\" in " + dir_ +
                           " (known: " + join(ids_in_dir(dir_)) + ")");
      return parse(read_file(path), path, id_or_path);
    }
    const std::string name = kPrefix + id_or_path + kSuffix;
    const auto text = embedded_resource(name);
    if (!text)
      throw ProfileError("unknown profile \"" + id_or_path + "\" (known: " + join(builtin_ids()) +
                         ")");
    return parse(std::string(*text), name, id_or_path);
  }

  Profile parse(const std::string& text, const std::string& file, const std::string& expect_id) {
    const nlohmann::json doc = parse_json(text, file);
    const Node root(doc, file, "");
    const ObjectNode obj(root, {"$schema", "id", "name", "section", "edition", "status",
                                "description", "extends", "remove", "requirements"});
    Profile p;
    p.source = file;
    const Node id = obj.get("id");
    p.id = id.as_string();
    if (!valid_id(p.id, true))
      id.fail("\"" + p.id + "\" is not a profile id (lower-case letters, digits, '-', '_', '.')");
    if (!expect_id.empty() && p.id != expect_id)
      id.fail("\"" + p.id + "\" does not match the requested profile \"" + expect_id + "\"");
    p.name = obj.get("name").as_string();

    const bool extends = obj.has("extends");
    if (extends) {
      const Node base_id = obj.get("extends");
      Profile base = load_base(base_id);
      p.section = base.section;
      p.edition = base.edition;
      p.status = base.status;
      p.description = base.description;
      p.requirements = std::move(base.requirements);
    } else if (auto remove = obj.find("remove")) {
      remove->fail("\"remove\" needs \"extends\" (it removes requirements of the base profile)");
    }
    const std::pair<const char*, std::string*> fields[] = {{"section", &p.section},
                                                           {"edition", &p.edition},
                                                           {"status", &p.status},
                                                           {"description", &p.description}};
    for (const auto& [key, field] : fields) {
      if (extends && !obj.has(key)) continue;  // inherited
      *field = obj.get(key).as_string();
    }
    std::vector<std::string> removed;
    if (auto remove = obj.find("remove")) removed = apply_remove(*remove, p);
    if (obj.has("requirements") || !extends) merge(obj.get("requirements"), p, extends, removed);
    return p;
  }

 private:
  Profile load_base(const Node& base_id) {
    const std::string base = base_id.as_string();
    if (chain_.size() >= kMaxExtendsDepth ||
        std::find(chain_.begin(), chain_.end(), base) != chain_.end())
      base_id.fail("\"extends\" chain loops or is deeper than " + std::to_string(kMaxExtendsDepth) +
                   ": " + join(chain_) + ", " + base);
    chain_.push_back(base);
    Profile p = load(base);
    chain_.pop_back();
    return p;
  }

  static std::vector<std::string> apply_remove(const Node& remove, Profile& p) {
    const auto ids = remove.as_strings();
    const auto nodes = remove.as_array();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      auto it = std::find_if(p.requirements.begin(), p.requirements.end(),
                             [&](const Requirement& r) { return r.id == ids[i]; });
      if (it == p.requirements.end())
        nodes[i].fail("\"" + ids[i] + "\" is not a requirement of the base profile");
      p.requirements.erase(it);
    }
    return ids;
  }

  // Adds the file's requirements; with "extends", one whose id the base has replaces it in
  // place, and a removed id may not come back (one of the two edits would be a mistake).
  void merge(const Node& list, Profile& p, bool extends, const std::vector<std::string>& removed) {
    const std::size_t inherited = p.requirements.size();
    for (const Node& n : list.as_array()) {
      Requirement r = read_requirement(n);
      if (std::find(removed.begin(), removed.end(), r.id) != removed.end())
        Node(n.json(), n.file(), pointer_append(n.pointer(), "id"))
            .fail("\"" + r.id + "\" is removed and defined again; keep one of the two");
      auto same = [&](const Requirement& q) { return q.id == r.id; };
      auto own_begin = p.requirements.begin() + static_cast<std::ptrdiff_t>(inherited);
      auto dup = std::find_if(own_begin, p.requirements.end(), same);
      if (dup != p.requirements.end())
        Node(n.json(), n.file(), pointer_append(n.pointer(), "id"))
            .fail("\"" + r.id + "\" is already the id of another requirement in this file");
      auto base = std::find_if(p.requirements.begin(), own_begin, same);
      if (extends && base != own_begin)
        *base = std::move(r);  // keeps the base's order
      else
        p.requirements.push_back(std::move(r));
    }
  }

  Requirement read_requirement(const Node& n) const {
    const ObjectNode obj(
        n, {"id", "title", "level", "cite", "note", "interpretation", "role", "rule"});
    Requirement r;
    const Node id = obj.get("id");
    r.id = id.as_string();
    if (!valid_id(r.id, false))
      id.fail("\"" + r.id + "\" is not a requirement id (letters, digits, '-', '_', '.')");
    r.title = obj.get("title").as_string();
    r.level = read_enum<Level>(obj.get("level"), "a level");
    r.cite = obj.get("cite").as_string();
    if (auto note = obj.find("note")) r.note = note->as_string();
    if (auto i = obj.find("interpretation")) r.interpretation = i->as_string();
    if (auto role = obj.find("role")) r.role = read_enum<obs::Role>(*role, "a role");
    const Node rule = obj.get("rule");
    r.rule = read_rule(rule, registry_);
    if (!judges_role(r.rule, r.role))
      rule.fail(std::string("a ") + rule_type(r.rule) + " rule cannot judge a device in the " +
                name_of(r.role) + " role (set \"role\" to match the rule)");
    return r;
  }

  std::string dir_;
  const suites::Registry& registry_;
  std::vector<std::string> chain_;  // bases being loaded, to stop loops
};

}  // namespace

std::vector<std::string> builtin_ids() {
  std::vector<std::string> ids;
  const std::string prefix = kPrefix;
  for (const auto& [name, data] : embedded_resources()) {
    if (name.rfind(prefix, 0) != 0 || !ends_with(name, kSuffix)) continue;
    const std::string id = name.substr(prefix.size(), name.size() - prefix.size() - 5);
    if (id.find('/') == std::string::npos) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Profile load_profile(const std::string& id_or_path, const std::string& profiles_dir,
                     const suites::Registry& registry) {
  return Loader(profiles_dir, registry).load(id_or_path);
}

Profile parse_profile(const std::string& text, const std::string& file,
                      const std::string& profiles_dir, const suites::Registry& registry) {
  return Loader(profiles_dir, registry).parse(text, file, "");
}

}  // namespace medtls::profile
