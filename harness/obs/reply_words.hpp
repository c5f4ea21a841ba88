#pragma once
// How one probe connection ended, in words. Probes record codes and facts (obs::ServerReply);
// every sentence about a reply is made here, once, so that a timeout is never called a close, a
// warning alert never a refusal, and each attempt is named exactly once.
#include <string>

#include "obs/tls_observations.hpp"

namespace medtls::obs {

// " (attempt 3)"; "" for a negative index.
std::string attempt_ref(int index);

// "fatal alert handshake_failure(40)", "warning alert unrecognized_name(112)", "close_notify".
std::string alert_text(const Alert& alert);

// What came back, e.g. "ServerHello TLSv1.2 with 0xC02F, then no more within 5003 ms (the last
// record incomplete (40 of 1204 bytes))", "fatal alert protocol_version(70)", "closed by the
// server (TCP FIN) before it sent anything", "no answer within 5001 ms (0 bytes received)",
// "not TLS: …". No attempt number: callers add attempt_ref() once.
std::string describe_reply(const ServerReply& reply, double elapsed_ms = -1);
inline std::string describe_reply(const Attempt& attempt) {
  return describe_reply(attempt.reply, attempt.elapsed_ms);
}

}  // namespace medtls::obs
