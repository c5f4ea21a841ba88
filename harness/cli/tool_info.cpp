#include "cli/tool_info.hpp"

#include <openssl/crypto.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcuid.h"

#ifndef MEDTLS_VERSION
#define MEDTLS_VERSION "0.0.0"
#endif

namespace medtls::cli {

report::ToolInfo tool_info() {
  report::ToolInfo t;
  t.version = MEDTLS_VERSION;
  t.openssl = OpenSSL_version(OPENSSL_VERSION);
  t.dcmtk = std::string("DCMTK ") + OFFIS_DCMTK_VERSION_STRING;
  return t;
}

}  // namespace medtls::cli
