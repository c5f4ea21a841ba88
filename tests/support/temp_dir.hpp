// A private scratch directory for one test, removed with everything in it when the owner goes away,
// so that keys, logs and peer output never outlive the test that made them.
#pragma once

#include <string>

namespace medtls::testing {

class TempDir {
 public:
  // Creates /tmp/<prefix>.XXXXXX (mkdtemp, mode 0700). Throws std::system_error on failure.
  explicit TempDir(const std::string& prefix = "medtls-test");
  ~TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;

  const std::string& path() const { return path_; }
  // path() + "/" + name; does not create anything.
  std::string file(const std::string& name) const;

 private:
  void remove() noexcept;

  std::string path_;  // empty once moved from
};

}  // namespace medtls::testing
