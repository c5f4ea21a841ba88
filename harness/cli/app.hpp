#pragma once

namespace medtls::cli {
// Parses the command line and runs the command; returns the process exit code
// (0 pass, 1 a profile fails, 2 usage/input error, 3 target unreachable, 4 inconclusive).
int run(int argc, char** argv);
}  // namespace medtls::cli
