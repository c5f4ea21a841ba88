#include "cli/secret_value.hpp"

#include <cstdlib>
#include <fstream>

namespace medtls::cli {

namespace {

// PS3.7 D.3.3.7: a User Identity field holds at most 65535 bytes; a longer file is not a secret.
constexpr std::size_t kMaxSecretFile = 65535 + 2;

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

SecretValue resolve_secret(const std::string& option, const std::string& written) {
  if (starts_with(written, "pass:")) return {written.substr(5), ""};
  if (starts_with(written, "env:")) {
    const std::string name = written.substr(4);
    if (name.empty()) return {"", option + " env:NAME: the variable name is missing"};
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return {"", option + " env:" + name + ": the variable is not set"};
    if (*v == '\0') return {"", option + " env:" + name + ": the variable is empty"};
    return {v, ""};
  }
  if (starts_with(written, "file:")) {
    const std::string path = written.substr(5);
    std::ifstream in(path, std::ios::binary);
    if (path.empty() || !in) return {"", option + " file:" + path + ": cannot read file"};
    std::string text(kMaxSecretFile + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSecretFile)
      return {"", option + " file:" + path + ": longer than 65535 bytes (PS3.7 D.3.3.7)"};
    // The first line: an editor's final newline is not part of the secret.
    if (const auto eol = text.find('\n'); eol != std::string::npos) text.resize(eol);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty()) return {"", option + " file:" + path + ": the first line is empty"};
    return {text, ""};
  }
  return {written, ""};
}

}  // namespace medtls::cli
