#pragma once
// What this process has used so far, for the report: a scan's peak memory is one of its
// bounds, and the number users compare with other tools.
namespace medtls {

// The peak resident set size of this process image (VmHWM of /proc/self/status, which exec
// resets, unlike getrusage's ru_maxrss), in KiB; 0 when unknown.
long peak_rss_kb();

}  // namespace medtls
