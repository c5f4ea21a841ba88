// dicom_bad_certificate_association: no association may follow a client certificate the
// server should have refused (the cases listed, from the mutual-authentication matrix). The TLS
// matrix (obs.client_auth) shows the refusals; for a case TLS let through (or did not decide),
// the DICOM layer's association with that certificate (dicom.client_certificates) decides. Cases
// not presented, or a server that admits clients without a certificate, leave it undecided.
#include <algorithm>

#include "common/tls_names.hpp"
#include "profile/certificate_view.hpp"
#include "profile/dicom_view.hpp"
#include "profile/evidence.hpp"
#include "profile/rule_eval.hpp"
#include "words/dicom.hpp"

namespace medtls::profile {

namespace {

// One association made with a client-certificate case.
struct CaseAssociation {
  const obs::DicomAssociation* a = nullptr;
  std::string pointer;
};

std::string version_of(const obs::DicomAssociation& a) {
  return !a.channel.version.empty() ? a.channel.version : a.channel.forced_version;
}

// "rsa1024 (TLSv1.2, A-ASSOCIATE-AC, C-ECHO success (status 0x0000))"
std::string association_text(const std::string& name, const obs::DicomAssociation& a) {
  std::vector<std::string> parts;
  if (!version_of(a).empty()) parts.push_back(version_of(a));
  parts.push_back(a.result == obs::AssociationResult::accepted
                      ? "A-ASSOCIATE-AC, " + words::echo_text(a)
                      : words::reply_text(a));
  return name + " (" + join(parts, ", ") + ")";
}

}  // namespace

Outcome evaluate_rule(const DicomBadCertificateAssociationRule& rule, const EvalContext& ctx) {
  Outcome o;
  const obs::DicomObservations* d = dicom_observed(ctx, o, "client_auth.requested");
  if (!d) return o;
  const obs::ClientAuthObservations& ca = ctx.obs.client_auth;

  // The associations made with each listed case. "none" also covers the main association when
  // it presented no certificate.
  std::vector<std::pair<std::string, CaseAssociation>> associations;
  for (std::size_t i = 0; i < d->client_certificates.size(); ++i) {
    const obs::DicomAssociation& a = d->client_certificates[i];
    if (!listed(rule.refuse, a.client_case)) continue;
    associations.push_back({a.client_case, {&a, dicom_list_pointer("client_certificates", i)}});
  }
  if (listed(rule.refuse, "none") && d->association.channel.client_certificate == "none")
    associations.push_back({"none", {&d->association, dicom_pointer("association")}});
  for (const auto& [name, ref] : associations) add_unique(o.evidence, ref.pointer);

  std::vector<std::string> accepted;
  for (const auto& [name, ref] : associations)
    if (ref.a->result == obs::AssociationResult::accepted)
      accepted.push_back(association_text(name, *ref.a));
  const std::string accepted_text = join(accepted, "; ");
  const std::string seen = ca.detail.empty() ? "" : " (" + ca.detail + ")";

  if (ca.requested == obs::ClientAuthRequest::not_requested) {
    if (listed(rule.refuse, "none") && !accepted.empty()) {
      o.state = State::violated;
      o.detail = "the server never asks for a client certificate" + seen +
                 ", and the association without one was accepted: " + accepted_text;
    } else {
      o.state = State::undecidable;
      o.detail = "the server never asks for a client certificate" + seen +
                 ", so no bad certificate reaches it" +
                 (listed(rule.refuse, "none") ? "; no association without a certificate was decided"
                                              : "; whether it would refuse one is not known");
    }
    return o;
  }
  if (ca.requested != obs::ClientAuthRequest::required &&
      ca.requested != obs::ClientAuthRequest::optional) {
    o.state = State::undecidable;
    o.detail = "whether the server asks for a client certificate is not known (" + ca.requested +
               ")" + seen;
    if (!accepted.empty())
      o.detail += "; associations were accepted with " + accepted_text +
                  ", but whether the certificate reached the server is not known";
    return o;
  }
  // Evidence: the matrix rows of the listed cases.
  for (std::size_t i = 0; i < ca.matrix.size(); ++i)
    if (listed(rule.refuse, name_of(ca.matrix[i].name))) o.evidence.push_back(matrix_pointer(i));

  const std::string requested = "client certificate " + ca.requested;
  if (!accepted.empty()) {
    o.state = State::violated;
    o.detail = requested + "; association accepted after client certificate " + accepted_text +
               ", although TLS should have refused it";
    return o;
  }

  // A DICOM-level rejection shows the certificate was the reason only when the main
  // association, with the same AE titles, was accepted.
  const bool main_accepted = d->association.result == obs::AssociationResult::accepted;
  std::vector<std::string> refused_tls, refused_dicom, undecided, missing, not_applicable;
  for (const std::string& name : rule.refuse) {
    std::vector<const obs::ClientAuthCase*> rows;
    for (const auto& c : ca.matrix)
      if (name_of(c.name) == name) rows.push_back(&c);
    if (rows.empty()) {
      missing.push_back(name);
      continue;
    }
    const bool all_na = std::all_of(rows.begin(), rows.end(), [](const obs::ClientAuthCase* c) {
      return c->outcome == obs::CaseOutcome::not_applicable;
    });
    if (all_na) {
      not_applicable.push_back(name + (rows.front()->detail.empty()
                                           ? std::string()
                                           : " (" + rows.front()->detail + ")"));
      continue;
    }
    // TLS let it through (or did not decide) in these versions: the association made with the
    // certificate must have failed. The DICOM layer tries each such case once, in the first
    // version TLS let it through; the application's check does not depend on the version.
    std::vector<std::string> open;
    for (const obs::ClientAuthCase* row : rows)
      if (row->outcome != obs::CaseOutcome::refused &&
          row->outcome != obs::CaseOutcome::not_applicable)
        open.push_back(row->version + " (TLS " + row->outcome +
                       (row->alert ? ", alert " + alert_name(*row->alert) : std::string()) + ")");
    std::vector<std::string> decided;
    if (!open.empty())
      for (const auto& [n, ref] : associations) {
        if (n != name) continue;
        const obs::AssociationResult r = ref.a->result;
        if (r == obs::AssociationResult::channel_failed ||
            ((r == obs::AssociationResult::rejected || r == obs::AssociationResult::aborted) &&
             main_accepted))
          decided.push_back(association_text(name, *ref.a));
      }
    if (!decided.empty()) open.clear();
    if (!open.empty()) {
      std::string why = name + " in " + join(open, ", ") + ": no refused association";
      const bool blocked =
          std::any_of(associations.begin(), associations.end(), [&](const auto& p) {
            return p.first == name && (p.second.a->result == obs::AssociationResult::rejected ||
                                       p.second.a->result == obs::AssociationResult::aborted);
          });
      if (blocked && !main_accepted)
        why +=
            " that shows the certificate was the reason (the main association was not "
            "accepted either)";
      undecided.push_back(why);
    } else if (!decided.empty()) {
      refused_dicom.push_back(join(decided, "; "));
    } else {
      refused_tls.push_back(name);
    }
  }

  std::vector<std::string> parts = {requested};
  if (!refused_tls.empty())
    parts.push_back("refused at the TLS layer in every version: " + join(refused_tls, ", "));
  if (!refused_dicom.empty())
    parts.push_back("let through by TLS, association refused: " + join(refused_dicom, "; "));
  if (!undecided.empty()) parts.push_back("not decided: " + join(undecided, "; "));
  if (!missing.empty())
    parts.push_back("not in the client-certificate matrix: " + join(missing, ", "));
  if (!not_applicable.empty()) parts.push_back("not presented: " + join(not_applicable, "; "));
  o.detail = join(parts, "; ");
  if (admits_anonymous(ca, rule.refuse)) {  // such a client gets an association too
    o.state = State::undecidable;
    o.detail += kAdmitsAnonymousText;
  } else if (!undecided.empty() || !missing.empty() || !not_applicable.empty()) {
    o.state = State::undecidable;
    if (!not_applicable.empty()) o.detail += kNotPresentedText;
  } else if (refused_tls.empty() && refused_dicom.empty()) {
    o.state = State::undecidable;
    o.detail += "; no listed client certificate could be presented";
  } else {
    o.state = State::met;
  }
  return o;
}

}  // namespace medtls::profile
