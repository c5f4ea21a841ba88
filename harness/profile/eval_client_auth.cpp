// mutual_authentication: how the server answered each client certificate of the matrix
// (obs.client_auth), per TLS version. A bad certificate accepted in any version violates;
// refusals prove the rule only when the server insists on a certificate (unless the rule itself
// judges "none"), every listed case was presented and refused, and the good certificate was not
// refused too. A case the harness could not build is not a refusal: the rule stays undecided
// and says how to present it.
#include <algorithm>
#include <map>

#include "common/tls_names.hpp"
#include "profile/certificate_view.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"

namespace medtls::profile {

namespace {

// Versions (with alerts) grouped under each case, in the order cases appear in the matrix:
// "expired in TLSv1.2 (certificate_expired(45)), TLSv1.3".
class ByCase {
 public:
  void add(const obs::ClientAuthCase& c, const std::string& extra = "") {
    auto it = std::find_if(items_.begin(), items_.end(),
                           [&](const auto& item) { return item.first == name_of(c.name); });
    if (it == items_.end()) it = items_.insert(items_.end(), {name_of(c.name), {}});
    std::string v = c.version.empty() ? "(version unknown)" : c.version;
    if (c.alert) v += " (alert " + alert_name(*c.alert) + ")";
    if (!extra.empty()) v += " (" + extra + ")";
    it->second.push_back(v);
  }
  bool empty() const { return items_.empty(); }
  bool has(const std::string& name) const {
    return std::any_of(items_.begin(), items_.end(),
                       [&](const auto& item) { return item.first == name; });
  }
  std::string text() const {
    std::vector<std::string> parts;
    for (const auto& [name, versions] : items_)
      parts.push_back(name + " in " + join(versions, ", "));
    return join(parts, "; ");
  }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> items_;
};

}  // namespace

Outcome evaluate_rule(const MutualAuthenticationRule& rule, const EvalContext& ctx) {
  Outcome o;
  const obs::ClientAuthObservations& ca = ctx.obs.client_auth;
  o.evidence.push_back("client_auth.requested");
  const bool requires_cert = listed(rule.refuse, "none");
  const std::string seen = ca.detail.empty() ? "" : " (" + ca.detail + ")";
  if (ca.requested == obs::ClientAuthRequest::not_requested) {
    o.state = requires_cert ? State::violated : State::undecidable;
    o.detail = requires_cert ? "the server does not ask for a client certificate" + seen +
                                   ", so it accepts a connection without one"
                             : rule.not_requested + seen;
    return o;
  }
  if (ca.requested != obs::ClientAuthRequest::required &&
      ca.requested != obs::ClientAuthRequest::optional) {
    o.state = State::undecidable;
    o.detail = "whether the server asks for a client certificate is not known (" + ca.requested +
               ")" + seen;
    return o;
  }

  ByCase accepted, refused, undecided, good_refused;
  // Cases not presented, grouped by what presenting them needs (the vector's own words).
  std::vector<std::pair<std::string, std::vector<std::string>>> not_presented;
  auto add_not_presented = [&](const obs::ClientAuthCase& c) {
    auto it = std::find_if(not_presented.begin(), not_presented.end(),
                           [&](const auto& p) { return p.first == c.detail; });
    if (it == not_presented.end()) it = not_presented.insert(not_presented.end(), {c.detail, {}});
    if (!listed(it->second, name_of(c.name))) it->second.push_back(name_of(c.name));
  };
  bool none_decided = false;
  for (std::size_t i = 0; i < ca.matrix.size(); ++i) {
    const obs::ClientAuthCase& c = ca.matrix[i];
    const bool judged = listed(rule.refuse, name_of(c.name));
    if (c.name == obs::ClientCase::none &&
        (c.outcome == obs::CaseOutcome::refused || c.outcome == obs::CaseOutcome::accepted))
      none_decided = true;
    if (c.name == obs::ClientCase::good && c.outcome == obs::CaseOutcome::refused) {
      good_refused.add(c);
      o.evidence.push_back(matrix_pointer(i));
    }
    if (!judged) continue;
    o.evidence.push_back(matrix_pointer(i));
    if (c.outcome == obs::CaseOutcome::accepted)
      accepted.add(c);
    else if (c.outcome == obs::CaseOutcome::refused)
      refused.add(c);
    else if (c.outcome == obs::CaseOutcome::not_applicable)
      add_not_presented(c);
    else
      undecided.add(c, c.detail);
  }
  std::vector<std::string> missing;
  for (const auto& name : rule.refuse)
    if (!accepted.has(name) && !refused.has(name) && !undecided.has(name) &&
        std::none_of(not_presented.begin(), not_presented.end(),
                     [&](const auto& p) { return listed(p.second, name); }))
      missing.push_back(name);

  const std::string requested = "client certificate " + ca.requested;
  std::vector<std::string> parts = {requested};
  if (!accepted.empty()) parts.push_back("accepted: " + accepted.text());
  if (!refused.empty()) parts.push_back("refused: " + refused.text());
  if (!undecided.empty()) parts.push_back("inconclusive: " + undecided.text());
  if (!missing.empty()) parts.push_back("not run: " + join(missing, ", "));
  for (const auto& [why, names] : not_presented)
    parts.push_back("not presented: " + join(names, ", ") + " (" + why + ")");
  if (!good_refused.empty()) parts.push_back("good certificate refused: " + good_refused.text());
  o.detail = join(parts, "; ");

  // Optional client authentication: a client without a certificate gets in, so refusing bad
  // certificates does not show that clients are authenticated (unless this rule judges "none").
  if (!accepted.empty()) {
    o.state = State::violated;
  } else if (admits_anonymous(ca, rule.refuse)) {
    o.state = State::undecidable;
    o.detail += kAdmitsAnonymousText;
  } else if (!undecided.empty() || !missing.empty() || !not_presented.empty()) {
    o.state = State::undecidable;
    if (!not_presented.empty()) o.detail += kNotPresentedText;
  } else if (!none_decided) {
    o.state = State::undecidable;
    o.detail += "; the connection without a client certificate was not decided";
  } else if (refused.empty()) {
    o.state = State::undecidable;
    o.detail += "; no bad client certificate could be presented";
  } else if (!good_refused.empty()) {
    // A server that refuses every certificate also refuses the bad ones: no proof of checking.
    o.state = State::undecidable;
    o.detail +=
        "; with the good certificate refused too, the refusals do not show that "
        "certificates are checked (is --cert trusted by the device?)";
  } else {
    o.state = State::met;
  }
  return o;
}

}  // namespace medtls::profile
