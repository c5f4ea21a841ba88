#include "suites/csv_reader.hpp"

namespace medtls::suites {

namespace {

// Consumes one line ending ("\n", "\r\n" or a lone "\r") at pos, if there is one.
bool skip_line_end(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) return false;
  if (text[pos] == '\n') {
    ++pos;
    return true;
  }
  if (text[pos] == '\r') {
    ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
    return true;
  }
  return false;
}

bool at_line_end(std::string_view text, std::size_t pos) {
  return pos >= text.size() || text[pos] == '\n' || text[pos] == '\r';
}

}  // namespace

std::vector<CsvRecord> read_csv(std::string_view text) {
  std::vector<CsvRecord> records;
  std::size_t pos = 0;
  std::size_t line = 1;
  while (pos < text.size()) {
    // Blank and comment lines sit between records only.
    if (skip_line_end(text, pos)) {
      ++line;
      continue;
    }
    if (text[pos] == '#') {
      while (!at_line_end(text, pos)) ++pos;
      if (skip_line_end(text, pos)) ++line;
      continue;
    }

    CsvRecord record;
    record.line = line;
    std::string field;
    bool done = false;
    while (!done) {
      if (pos < text.size() && text[pos] == '"') {
        const std::size_t quote_line = line;
        ++pos;
        for (;;) {
          if (pos >= text.size())
            throw CsvError(quote_line, "unterminated quoted field starting on line " +
                                           std::to_string(quote_line));
          const char c = text[pos];
          if (c == '"') {
            if (pos + 1 < text.size() && text[pos + 1] == '"') {  // escaped quote
              field += '"';
              pos += 2;
              continue;
            }
            ++pos;
            break;
          }
          if (c == '\n' || (c == '\r' && !(pos + 1 < text.size() && text[pos + 1] == '\n')))
            ++line;  // count "\r\n" once, at its '\n'
          field += c;
          ++pos;
        }
        // After a closing quote only a separator or the end of the record may follow.
        if (pos < text.size() && text[pos] != ',' && !at_line_end(text, pos))
          throw CsvError(record.line, "unexpected character after closing quote on line " +
                                          std::to_string(line));
      } else {
        while (pos < text.size() && text[pos] != ',' && !at_line_end(text, pos)) {
          if (text[pos] == '"')
            throw CsvError(record.line,
                           "stray quote inside unquoted field on line " + std::to_string(line));
          field += text[pos++];
        }
      }
      record.fields.push_back(std::move(field));
      field.clear();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
      } else {
        if (skip_line_end(text, pos)) ++line;
        done = true;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace medtls::suites
