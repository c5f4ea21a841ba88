#pragma once
// Naming the attempts (TCP connections, numbered in tls.attempts) behind a sentence. Probes and
// the evaluator both cite attempts; they do it through these two functions only, so that an
// attempt reads the same everywhere and is named once per sentence.
#include <string>
#include <vector>

namespace medtls::words {

// " (attempt 3)"; "" for a negative index.
std::string attempt_ref(int index);
// " (attempt 3)", " (attempts 3, 4, 7)", " (attempts 1, 2, … 40 in all)"; "" when none.
std::string attempts_note(const std::vector<int>& attempts);

}  // namespace medtls::words
