#include "dicom/scan_context.hpp"

#include <algorithm>
#include <thread>

namespace medtls::dicom {

namespace {

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
  s.sni = o.sni;
  s.ca_file = o.ca_file;
  s.verify_host = bare_host(o.host);
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
    if (it != tls.versions.end() && it->second.status == "accepted") out.push_back(v);
  }
  return out;
}

ScanContext::ScanContext(const DicomOptions& options, const obs::TlsObservations& tls,
                         const suites::Registry& registry, obs::DicomObservations& out)
    : options_(options),
      tls_(tls),
      registry_(registry),
      out_(out),
      main_tls_(make_main_tls(options, tls)) {}

AssociationRequest ScanContext::request(const std::string& purpose, const std::string& kind,
                                        std::optional<TlsSettings> tls) const {
  AssociationRequest r;
  r.purpose = purpose;
  r.kind = kind;
  r.host = options_.host;
  r.port = options_.port;
  r.calling_ae = options_.calling_ae;
  r.called_ae = options_.called_ae;
  r.tls = std::move(tls);
  r.contexts = {verification_context()};
  r.timeout = options_.timeout;
  return r;
}

obs::DicomAssociation ScanContext::run(const AssociationRequest& request) {
  if (out_.connections >= options_.max_connections) {
    out_.budget_exhausted = true;
    return not_attempted(request, "connection budget exhausted");
  }
  if (options_.delay.count() > 0) std::this_thread::sleep_for(options_.delay);
  AssociationRun run = run_association(request);
  if (run.connection_opened) ++out_.connections;
  return std::move(run.record);
}

obs::DicomAssociation not_attempted(const AssociationRequest& request, const std::string& reason) {
  obs::DicomAssociation a = requested_record(request);
  a.result = "not_attempted";
  a.detail = reason;
  return a;
}

}  // namespace medtls::dicom
