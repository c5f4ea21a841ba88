#include "dicom/scan_context.hpp"

#include <algorithm>
#include <thread>

namespace medtls::dicom {

namespace {

// After this many associations in a row without any answer the node is taken as gone: a
// fragile device is not hammered, and the layer ends within a few timeouts.
constexpr int kMaxUnansweredInARow = 2;

std::string bare_host(const std::string& host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    return host.substr(1, host.size() - 2);
  return host;
}

TlsSettings make_main_tls(const DicomOptions& o, const obs::TlsObservations& tls) {
  TlsSettings s;
  const auto versions = accepted_versions(tls);
  if (!versions.empty()) {
    s.min_version = versions.front();
    s.max_version = versions.back();
    for (auto w = wire_code(s.min_version); w < wire_code(s.max_version); ++w) {
      const auto v = static_cast<TlsVersion>(w);
      if (std::find(versions.begin(), versions.end(), v) == versions.end())
        s.disabled_versions.push_back(v);
    }
  }
  s.sni = effective_sni(o.target);
  s.ca_file = o.ca_file;
  s.verify_host = bare_host(o.target.host);
  s.client_cert = o.client_cert;
  s.client_key = o.client_key;
  s.client_chain = o.client_chain;
  if (o.client_cert != nullptr && o.client_key != nullptr)
    s.client_certificate =
        o.client_certificate_label.empty() ? "--cert" : o.client_certificate_label;
  return s;
}

}  // namespace

std::vector<TlsVersion> accepted_versions(const obs::TlsObservations& tls) {
  std::vector<TlsVersion> out;
  for (TlsVersion v : kAllVersions) {
    if (v == TlsVersion::SSLv3) continue;  // no OpenSSL here speaks it
    auto it = tls.versions.find(v);
    if (it != tls.versions.end() && it->second.status == obs::VersionStatus::accepted)
      out.push_back(v);
  }
  return out;
}

ScanContext::ScanContext(const DicomOptions& options, const obs::TlsObservations& tls,
                         const suites::Registry& registry, obs::DicomObservations& out)
    : options_(options),
      tls_(tls),
      registry_(registry),
      out_(out),
      budget_(options.target.budget_or_own()),
      main_tls_(make_main_tls(options, tls)) {}

AssociationRequest ScanContext::request(const std::string& purpose, obs::AssociationKind kind,
                                        std::optional<TlsSettings> tls) const {
  AssociationRequest r;
  r.purpose = purpose;
  r.kind = kind;
  r.host = options_.target.host;
  r.port = options_.target.port;
  r.calling_ae = options_.calling_ae;
  r.called_ae = options_.called_ae;
  r.tls = std::move(tls);
  r.contexts = {verification_context()};
  r.timeout = options_.target.timeout;
  r.deadline = options_.target.deadline;
  return r;
}

obs::DicomAssociation ScanContext::run(const AssociationRequest& request) {
  const Target& target = options_.target;
  if (target.deadline.passed()) {
    out_.deadline_reached = true;
    return not_attempted(request, target.deadline.reached_text());
  }
  if (!stop_reason_.empty()) return not_attempted(request, stop_reason_);
  if (budget_->exhausted()) {
    out_.budget_exhausted = true;
    return not_attempted(request, "connection budget exhausted");
  }
  if (target.delay.count() > 0)
    std::this_thread::sleep_until(
        target.deadline.cap(std::chrono::steady_clock::now() + target.delay));
  AssociationRequest adjusted = request;
  if (silent_after_accept_) {
    adjusted.echo = false;
    adjusted.store = nullptr;
    adjusted.abort_instead_of_release = true;
  }
  AssociationRun run = run_association(adjusted);
  if (run.connection_opened) {
    budget_->spend();
    ++out_.connections;
  }
  if (silent_after_accept_ && request.echo && run.record.result == obs::AssociationResult::accepted)
    run.record.detail +=
        "; C-ECHO not sent: an earlier C-ECHO or A-RELEASE of this node got no "
        "usable answer";
  note(run.record);
  return std::move(run.record);
}

void ScanContext::note(const obs::DicomAssociation& record) {
  // Silence, a drip or a flood after the A-ASSOCIATE-AC: later associations would meet the same.
  if (record.echo == obs::DimseResult::no_response || record.echo == obs::DimseResult::error ||
      record.store == obs::DimseResult::no_response || record.store == obs::DimseResult::error ||
      record.release == obs::ReleaseResult::no_reply || record.release == obs::ReleaseResult::error)
    silent_after_accept_ = true;
  const bool unanswered =
      record.result == obs::AssociationResult::no_answer ||
      (record.result == obs::AssociationResult::channel_failed &&
       record.channel.detail.find("did not finish within") != std::string::npos);
  unanswered_in_a_row_ = unanswered ? unanswered_in_a_row_ + 1 : 0;
  if (unanswered_in_a_row_ >= kMaxUnansweredInARow)
    stop_reason_ = "not attempted: the node stopped answering (" +
                   std::to_string(kMaxUnansweredInARow) +
                   " associations in a row got no answer within the timeout)";
}

obs::DicomAssociation not_attempted(const AssociationRequest& request, const std::string& reason) {
  obs::DicomAssociation a = requested_record(request);
  a.result = obs::AssociationResult::not_attempted;
  a.detail = reason;
  return a;
}

}  // namespace medtls::dicom
