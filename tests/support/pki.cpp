#include "support/pki.hpp"

#include "support/process.hpp"

#include <chrono>
#include <stdexcept>

namespace medtls::testing {

TestPki test_pki_paths(const std::string& dir) {
  const auto at = [&dir](const char* name) { return dir + "/" + name; };
  TestPki pki;
  pki.dir = dir;
  pki.ca = at("ca.pem");
  pki.ca_key = at("ca.key");
  pki.server_rsa_cert = at("server-rsa.pem");
  pki.server_rsa_key = at("server-rsa.key");
  pki.server_ec_cert = at("server-ec.pem");
  pki.server_ec_key = at("server-ec.key");
  pki.client_cert = at("client.pem");
  pki.client_key = at("client.key");
  pki.dhparams = at("ffdhe2048.pem");
  return pki;
}

TestPki make_test_pki(const std::string& dir) {
  const std::vector<std::string> argv{"bash", MEDTLS_SOURCE_DIR "/vectors/pki/make-test-pki.sh",
                                      dir};
  // Normally well under 2 s; the generous limit only guards against a hung openssl.
  const CaptureResult r = run_capture(argv, std::chrono::seconds(60));
  if (r.status != 0 || r.timed_out) {
    throw std::runtime_error(
        describe_command(argv) +
        (r.timed_out ? " timed out" : " failed with status " + std::to_string(r.status)) + ":\n" +
        r.out + r.err);
  }
  return test_pki_paths(dir);
}

}  // namespace medtls::testing
