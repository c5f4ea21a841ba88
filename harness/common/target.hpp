#pragma once
// The endpoint one scan talks to and the limits it is scanned under, given once by the command
// line and read by every layer (TLS probes, DICOM associations) instead of a copy per layer.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/connection_budget.hpp"
#include "common/deadline.hpp"
#include "common/enum_names.hpp"

namespace medtls {

// The scheme of a target URL (tls://, dicom://, hl7://), as the report writes it.
MEDTLS_ENUM(Scheme, tls, dicom, hl7)

struct Target {
  std::optional<Scheme> scheme;  // nullopt when a layer is driven directly, as in tests
  std::string host;              // a name or an IP literal, without brackets
  std::uint16_t port = 0;
  // server_name to send: nullopt → the host when it is a DNS name (RFC 6066 forbids IP
  // literals); "" → none (--no-sni).
  std::optional<std::string> sni;
  std::chrono::milliseconds timeout{5000};  // per connection (per phase for DICOM)
  std::chrono::milliseconds delay{0};       // pause between connections (rate limit)
  int max_connections = 250;                // --max-connections, for the whole target
  Deadline deadline;                        // --deadline: the whole scan ends by then
  // Shared by the layers of one scan. Null: a layer driven on its own makes its own budget of
  // max_connections.
  std::shared_ptr<ConnectionBudget> budget;

  // The budget to spend from (the shared one, or a new one of max_connections).
  std::shared_ptr<ConnectionBudget> budget_or_own() const {
    return budget ? budget : std::make_shared<ConnectionBudget>(max_connections);
  }
};

// The server_name `target` asks for (see Target::sni).
std::string effective_sni(const Target& target);
bool is_ip_literal(const std::string& host);

}  // namespace medtls
