#pragma once
#include <string>
#include <vector>

namespace medtls::cli {
// Parses the command line and runs the command; returns the process exit code
// (0 pass, 1 a profile fails, 2 usage/input error, 3 target unreachable, 4 inconclusive).
int run(int argc, char** argv);

// The command line with the values of secret options (--passcode, --jwt) replaced by
// "<redacted>", as every report keeps it.
std::vector<std::string> redact_secrets(std::vector<std::string> args);
}  // namespace medtls::cli
