#pragma once
// Secret option values (--passcode, --jwt) without putting the secret on the command line,
// where `ps` and shell history see it: "env:NAME" reads the environment variable NAME,
// "file:PATH" the first line of a file, "pass:TEXT" is TEXT itself (for a secret that starts
// with "env:" or "file:"); anything else is the secret as written. The names follow OpenSSL's
// pass-phrase arguments (openssl-passphrase-options(1)).
#include <string>

namespace medtls::cli {

struct SecretValue {
  std::string value;
  std::string error;  // "" or one line naming the option, never the secret
};

SecretValue resolve_secret(const std::string& option, const std::string& written);

}  // namespace medtls::cli
