#include "profile/client_view.hpp"

#include <algorithm>

#include "common/codes.hpp"
#include "tls/wire/hello_types.hpp"

namespace medtls::profile {

std::vector<std::uint16_t> offered_versions(const obs::ObservedClientHello& hello) {
  std::vector<std::uint16_t> out;
  for (auto v : hello.versions)
    if (!wire::is_grease(v)) out.push_back(v);
  if (hello.versions.empty()) out.push_back(hello.legacy_version);
  return out;
}

bool offers_any(const obs::ObservedClientHello& hello, const std::vector<TlsVersion>& versions) {
  if (versions.empty()) return true;
  const auto offered = offered_versions(hello);
  return std::any_of(versions.begin(), versions.end(), [&](TlsVersion v) {
    return std::find(offered.begin(), offered.end(), wire_code(v)) != offered.end();
  });
}

std::string hello_label(const obs::ObservedClientHello& hello) {
  return "ClientHello of connection " + std::to_string(hello.connection) +
         (hello.scenario.empty() ? "" : " (scenario " + hello.scenario + ")");
}

std::string hello_evidence(std::size_t index, const char* field) {
  return "client_hellos[" + std::to_string(index) + "]" + (*field ? "." : "") + field;
}

JudgedHellos judged_hellos(const EvalContext& ctx) {
  JudgedHellos out;
  if (!ctx.client) {
    out.none = Outcome{State::not_applicable, "the device was not tested in its client role", {}};
    return out;
  }
  std::size_t malformed = 0;
  for (std::size_t i = 0; i < ctx.client->client_hellos.size(); ++i) {
    if (ctx.client->client_hellos[i].parse_error.empty())
      out.indices.push_back(i);
    else
      ++malformed;
  }
  if (out.indices.empty())
    out.none =
        Outcome{State::undecidable,
                malformed ? std::to_string(malformed) + " ClientHello(s) received, none well formed"
                          : "no ClientHello was received: the device did not connect",
                {"client_hellos"}};
  return out;
}

}  // namespace medtls::profile
