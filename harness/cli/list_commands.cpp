#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "common/codes.hpp"
#include "profile/evaluator.hpp"
#include "profile/loader.hpp"
#include "suites/registry.hpp"

namespace medtls::cli {

int run_list_profiles(const std::string& profiles_dir) {
  try {
    for (const auto& id : profile::builtin_ids()) {
      auto p = profile::load_profile(id, profiles_dir, suites::Registry::builtin());
      std::cout << std::left << std::setw(18) << id << " " << p.section << " (" << p.edition << ", "
                << p.status << ")  " << p.name << "\n";
    }
  } catch (const std::exception& e) {
    return input_error(e.what());
  }
  return 0;
}

int run_list_suites(const std::string& version_filter) {
  const auto& reg = suites::Registry::builtin();
  std::vector<std::uint16_t> codes;
  if (!version_filter.empty()) {
    auto v = parse_version(version_filter);
    if (!v) return input_error("unknown version '" + version_filter + "' (e.g. TLSv1.2)");
    codes = reg.candidates(*v);
  } else {
    for (const auto& s : reg.all()) codes.push_back(s.code);
  }
  std::cout << "code    name                                            kx        auth    cipher   "
               "  mode      hash    bits  aead fs  min      openssl\n";
  for (auto c : codes) {
    const auto* s = reg.find(c);
    std::cout << format_code(c) << "  " << std::left << std::setw(47) << s->name << " "
              << std::setw(9) << s->kx << " " << std::setw(7) << s->auth << " " << std::setw(10)
              << s->cipher << " " << std::setw(9) << s->mode << " " << std::setw(7) << s->hash
              << " " << std::setw(5) << s->key_bits << " " << std::setw(4)
              << (s->aead ? "yes" : "no") << " " << std::setw(3)
              << (s->forward_secrecy ? "yes" : "no") << " " << std::setw(8)
              << version_name(s->min_version) << " "
              << (s->openssl_name.empty() ? "-" : s->openssl_name) << "\n";
  }
  return 0;
}

}  // namespace medtls::cli
