#pragma once
// A small RFC 4180 reader for the IANA registry CSV: quoted fields may hold commas, doubled
// quotes and line breaks, so records cannot be split on '\n'. Each record keeps the line it
// starts on so that errors can point into the file.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace medtls::suites {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

// Thrown on malformed CSV; `line` is where the offending record starts.
class CsvError : public std::runtime_error {
 public:
  CsvError(std::size_t line, const std::string& what) : std::runtime_error(what), line_(line) {}
  std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

// Splits text into records. Lines starting with '#' (outside quotes) and blank lines are
// skipped; CRLF and LF line ends are both accepted.
std::vector<CsvRecord> read_csv(std::string_view text);

}  // namespace medtls::suites
