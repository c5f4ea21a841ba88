#pragma once
// The options of `medtls scan` and `medtls report`, declared to CLI11 with what CLI11 can check
// itself: options that need or exclude each other, numeric ranges. What depends on the target
// URL or on files is checked by the commands.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace medtls::cli {

CLI::App* add_scan_command(CLI::App& app, ScanArgs& args);
CLI::App* add_report_command(CLI::App& app, RejudgeArgs& args);

}  // namespace medtls::cli
