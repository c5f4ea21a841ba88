#pragma once
// How one probe connection ended, in words. Probes record codes and facts (obs::ServerReply);
// every sentence about a reply is made here, once, so that a timeout is never called a close and
// a warning alert never a refusal.
#include <string>

#include "obs/tls_observations.hpp"
#include "words/attempts.hpp"

namespace medtls::words {

// "fatal alert handshake_failure(40)", "warning alert unrecognized_name(112)", "close_notify".
std::string alert_text(const obs::Alert& alert);

// What came back, e.g. "ServerHello TLSv1.2 with 0xC02F, then no more within 5003 ms (the last
// record incomplete (40 of 1204 bytes))", "fatal alert protocol_version(70)", "closed by the
// server (TCP FIN) before it sent anything", "no answer within 5001 ms (0 bytes received)",
// "not TLS: …". No attempt number: callers add attempt_ref() once.
std::string describe_reply(const obs::ServerReply& reply, double elapsed_ms = -1);
inline std::string describe_reply(const obs::Attempt& attempt) {
  return describe_reply(attempt.reply, attempt.elapsed_ms);
}

}  // namespace medtls::words
