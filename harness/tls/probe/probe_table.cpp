#include "tls/probe/probe_table.hpp"

#include <utility>

#include "words/reply.hpp"

namespace medtls::probe {

std::string ended(const obs::Attempt& a) {
  return words::describe_reply(a);
}

Classification by_answer(OnHello on_hello, OnAlert on_alert, std::string unknown_prefix) {
  return [on_hello = std::move(on_hello), on_alert = std::move(on_alert),
          prefix = std::move(unknown_prefix)](const obs::Attempt& a) -> FactValue {
    const auto& r = a.reply;
    if (r.outcome == obs::Outcome::server_hello) return on_hello(r);
    // A refusal is a fatal alert (or close_notify); a warning alert on its own refuses nothing.
    if (on_alert && r.outcome == obs::Outcome::alert && r.alert) return on_alert(a);
    return {"unknown", prefix + ended(a)};
  };
}

OnAlert alert_means(std::string value, std::string prefix) {
  return [value = std::move(value), prefix = std::move(prefix)](const obs::Attempt& a) {
    return FactValue{value, prefix + ended(a)};
  };
}

void run_probe_rows(Session& session, const std::vector<ProbeRow>& rows,
                    const obs::ClientHelloSpec& base, int base_attempt,
                    const std::string& version_name) {
  auto& o = session.observations();
  for (const auto& row : rows) {
    int index = base_attempt;
    if (row.mutate) {
      auto spec = base;
      row.mutate(spec, session.registry());
      index = session.exchange_confirmed(std::string(row.purpose) + " " + version_name, spec).index;
    }
    // By index: exchanges append to the attempts, so references into them do not last.
    const auto& a = o.attempts.at(static_cast<std::size_t>(index));
    auto value = row.classify(a);
    o.facts[row.fact] = {std::move(value.value), std::move(value.detail), {a.index}};
  }
}

}  // namespace medtls::probe
