#pragma once
// Probes as a table (in the spirit of BoringSSL's ssl/test/runner cases and tlsfuzzer's
// conversations): each row names a fact, says how its ClientHello differs from the base hello,
// and how the answer becomes the fact's value. One engine sends, confirms refusals and records;
// a new probe is a new row.
#include <functional>
#include <string>
#include <vector>

#include "obs/tls_observations.hpp"
#include "suites/registry.hpp"
#include "tls/probe/session.hpp"

namespace medtls::probe {

struct FactValue {
  std::string value;  // one of the fact's values in obs::fact_values()
  std::string detail;
};

using HelloMutation = std::function<void(obs::ClientHelloSpec&, const suites::Registry&)>;
using Classification = std::function<FactValue(const obs::Attempt&)>;

struct ProbeRow {
  const char* fact;  // name in obs::fact_values()
  // Attempt purpose; the engine appends the version name ("ALPN dicom TLSv1.2").
  const char* purpose;
  // Changes the base hello; empty: no hello is sent and `classify` reads the base attempt (the
  // version probe's answer), which costs no connection.
  HelloMutation mutate;
  Classification classify;  // the answer (confirmed when a refusal) → value and detail
  // The answer moves into the encrypted EncryptedExtensions in TLS 1.3 (ALPN, SNI), so a
  // TLS 1.3-only server leaves the fact unknown rather than not_applicable.
  bool answer_encrypted_in_tls13 = false;
};

// Runs the rows in order against `base` (the hello for `version_name`); `base_attempt` is the
// attempt whose answer rows without a mutation read. Each fact records its one attempt.
void run_probe_rows(Session& session, const std::vector<ProbeRow>& rows,
                    const obs::ClientHelloSpec& base, int base_attempt,
                    const std::string& version_name);

// Classification building blocks. A reply is answered (a ServerHello: `on_hello`), refused (a
// fatal alert or close_notify: `on_alert`; none given: unknown) or anything else: unknown, with
// `unknown_prefix` + how the attempt ended as the detail.
using OnHello = std::function<FactValue(const obs::ServerReply&)>;
using OnAlert = std::function<FactValue(const obs::Attempt&)>;
Classification by_answer(OnHello on_hello, OnAlert on_alert = {}, std::string unknown_prefix = "");
// on_alert giving `value` with `prefix` + how the attempt ended.
OnAlert alert_means(std::string value, std::string prefix);
// How the attempt ended, in words (obs::describe_reply).
std::string ended(const obs::Attempt& a);

}  // namespace medtls::probe
