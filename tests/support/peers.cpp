#include "support/peers.hpp"

#include "support/ports.hpp"

#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace medtls::testing {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kListenTimeout = std::chrono::seconds(10);
constexpr int kAttemptsOnFreePort = 3;
constexpr auto kOracleTimeout = std::chrono::seconds(30);

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void append(std::vector<std::string>& argv, const std::vector<std::string>& more) {
  argv.insert(argv.end(), more.begin(), more.end());
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// "0x2f" or "0xC0" (as the suite listings write one byte of a code), else std::nullopt.
std::optional<unsigned> hex_byte(const std::string& text) {
  if (text.size() != 4 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X') ||
      !std::isxdigit(static_cast<unsigned char>(text[2])) ||
      !std::isxdigit(static_cast<unsigned char>(text[3]))) {
    return std::nullopt;
  }
  return static_cast<unsigned>(std::stoul(text.substr(2), nullptr, 16));
}

std::optional<std::uint16_t> suite_code(const std::string& hi, const std::string& lo) {
  const auto h = hex_byte(hi);
  const auto l = hex_byte(lo);
  if (!h || !l) return std::nullopt;
  return static_cast<std::uint16_t>(*h << 8 | *l);
}

// Runs an oracle command; its stdout on success, otherwise an exception with everything it said.
std::string oracle_output(const std::vector<std::string>& argv) {
  const CaptureResult r = run_capture(argv, kOracleTimeout);
  if (r.status != 0 || r.timed_out) {
    throw std::runtime_error(
        describe_command(argv) +
        (r.timed_out ? " timed out" : " exited with status " + std::to_string(r.status)) + ":\n" +
        r.out + r.err);
  }
  return r.out;
}

bool contains_text(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The first executable `name` in PATH, else the first existing fallback, else `name`.
std::string find_program(const std::string& name, const std::vector<std::string>& fallbacks) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  for (const std::string& candidate : fallbacks) {
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return name;
}

const char* scp_mode_name(ScpMode mode) {
  switch (mode) {
    case ScpMode::normal:
      return "normal";
    case ScpMode::silent:
      return "silent";
    case ScpMode::garbage:
      return "garbage";
    case ScpMode::close_after_rq:
      return "close-after-rq";
    case ScpMode::abort_after_rq:
      return "abort-after-rq";
    case ScpMode::drop_after_ac:
      return "drop-after-ac";
    case ScpMode::reject:
      return "reject";
  }
  return "normal";
}

// One stdout line of medtls_test_scp: `kind key=value key="quoted \"value\"" ...`.
std::optional<ScpLogLine> parse_scp_line(const std::string& line) {
  static const std::set<std::string> kinds{"assoc", "connection", "dimse", "end"};
  const auto space = line.find(' ');
  if (space == std::string::npos || kinds.count(line.substr(0, space)) == 0) return std::nullopt;
  ScpLogLine parsed;
  parsed.kind = line.substr(0, space);
  size_t i = space;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const auto eq = line.find('=', i);
    if (i >= line.size() || eq == std::string::npos) break;
    const std::string key = line.substr(i, eq - i);
    i = eq + 1;
    std::string value;
    if (i < line.size() && line[i] == '"') {
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] != '\\' || i + 1 >= line.size()) {
          value += line[i];
          continue;
        }
        const char c = line[++i];
        if (c == 'n') {
          value += '\n';
        } else if (c == 'r') {
          value += '\r';
        } else if (c == 't') {
          value += '\t';
        } else if (c == 'x' && i + 2 < line.size()) {
          value += static_cast<char>(std::stoi(line.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          value += c;
        }
      }
      ++i;  // closing quote
    } else {
      const auto end = line.find(' ', i);
      value = line.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? line.size() : end;
    }
    parsed.fields[key] = value;
  }
  return parsed;
}

}  // namespace

// ---- Peer ---------------------------------------------------------------------------------

Peer::Peer(std::string name)
    : name_(std::move(name)), work_("medtls-peer"), log_path_(work_.file("peer.log")) {}

std::string Peer::log() const {
  return read_file(log_path_);
}

void Peer::launch(std::uint16_t port, const CommandFor& command_for) {
  const bool pick = port == 0;
  for (int attempt = 1;; ++attempt) {
    port_ = pick ? free_port() : port;
    command_ = command_for(port_);
    process_.start(command_, log_path_);
    const auto deadline = Clock::now() + kListenTimeout;
    // The peer's own listening socket is the signal: a probe connect could be answered by
    // another process on a stolen port, and would show up in the peer's log.
    while (!is_listening_by(process_.pid(), port_) && process_.running() &&
           Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (is_listening_by(process_.pid(), port_)) return;

    const bool exited = !process_.running();
    const std::optional<int> status = process_.stop();
    if (exited && pick && attempt < kAttemptsOnFreePort) continue;
    throw std::runtime_error(
        name_ +
        (exited ? " exited with status " + std::to_string(status.value_or(-1)) +
                      " before listening on port "
                : " did not listen within 10 s on port ") +
        std::to_string(port_) + "\ncommand: " + describe_command(command_) + "\nlog:\n" + log());
  }
}

// ---- gnutls-serv --------------------------------------------------------------------------

GnutlsServer::GnutlsServer(GnutlsServerOptions options)
    : Peer("gnutls-serv"), options_(std::move(options)) {
  if (options_.credentials.empty()) {
    throw std::invalid_argument("GnutlsServer: at least one certificate/key pair is needed");
  }
  launch(options_.port, [this](std::uint16_t port) {
    const GnutlsServerOptions& o = options_;
    std::vector<std::string> argv{"gnutls-serv",        "--echo",     "--port",
                                  std::to_string(port), "--priority", o.priority};
    // gnutls-serv picks the pair that fits the negotiated suite (ECDHE-RSA or ECDHE-ECDSA).
    for (const CertKey& ck : o.credentials) {
      append(argv, {"--x509certfile", ck.cert, "--x509keyfile", ck.key});
    }
    // gnutls-serv requests a certificate by default, and --require-client-cert alone accepts a
    // certificate from an unknown CA: --verify-client-cert is what makes it check the chain.
    switch (o.client_auth) {
      case ClientAuth::none:
        argv.push_back("--disable-client-cert");
        break;
      case ClientAuth::request:
        argv.push_back("--verify-client-cert");
        break;
      case ClientAuth::require:
        append(argv, {"--require-client-cert", "--verify-client-cert"});
        break;
    }
    if (!o.ca_file.empty()) append(argv, {"--x509cafile", o.ca_file});
    if (!o.dhparams_file.empty()) append(argv, {"--dhparams", o.dhparams_file});
    append(argv, o.extra_args);
    return argv;
  });
}

// ---- strict SNI (OpenSSL through Python's ssl module) ---------------------------------------

StrictSniServer::StrictSniServer(const CertKey& credentials, std::vector<std::string> names)
    : Peer("strict-sni server") {
  launch(0, [&](std::uint16_t port) {
    std::vector<std::string> argv{
        "/usr/bin/python3", std::string(MEDTLS_SOURCE_DIR) + "/tests/support/strict_sni_server.py",
        std::to_string(port), credentials.cert, credentials.key};
    append(argv, names);
    return argv;
  });
}

// ---- openssl s_server ---------------------------------------------------------------------

OpensslServer::OpensslServer(OpensslServerOptions options)
    : Peer("openssl s_server"), options_(std::move(options)) {
  launch(options_.port, [this](std::uint16_t port) {
    const OpensslServerOptions& o = options_;
    // -rev: without it s_server relays its stdin, and EOF on /dev/null makes it stop accepting.
    std::vector<std::string> argv{
        "openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port), "-rev", "-cert",
        o.cert,    "-key",     o.key};
    if (o.second) append(argv, {"-dcert", o.second->cert, "-dkey", o.second->key});
    if (!o.cipher.empty()) append(argv, {"-cipher", o.cipher});
    if (o.ciphersuites) append(argv, {"-ciphersuites", *o.ciphersuites});
    if (!o.min_protocol.empty()) append(argv, {"-min_protocol", o.min_protocol});
    if (!o.max_protocol.empty()) append(argv, {"-max_protocol", o.max_protocol});
    // Without -verify_return_error s_server logs a failed client-certificate check and carries
    // on with the handshake.
    switch (o.client_auth) {
      case ClientAuth::none:
        break;
      case ClientAuth::request:
        append(argv, {"-verify", "1"});
        break;
      case ClientAuth::require:
        append(argv, {"-Verify", "1"});
        break;
    }
    if (o.client_auth != ClientAuth::none && !o.accept_any_client_certificate)
      argv.push_back("-verify_return_error");
    if (!o.ca_file.empty()) append(argv, {"-CAfile", o.ca_file});
    if (!o.dhparams_file.empty()) append(argv, {"-dhparam", o.dhparams_file});
    append(argv, o.extra_args);
    return argv;
  });
}

// ---- storescp -----------------------------------------------------------------------------

Storescp::Storescp(StorescpOptions options) : Peer("storescp"), options_(std::move(options)) {
  std::error_code ec;
  if (!std::filesystem::create_directory(output_dir(), ec) && ec) {
    throw std::system_error(ec, "create " + output_dir());
  }
  launch(options_.port, [this](std::uint16_t port) {
    const StorescpOptions& o = options_;
    std::vector<std::string> argv{"storescp"};
    if (o.tls) {
      // --null-passwd: the key is unencrypted; storescp would otherwise prompt on stdin.
      append(argv, {"--enable-tls", o.key, o.cert, "--null-passwd", "--pem-keys", o.profile});
      if (!o.ca.empty()) append(argv, {"--add-cert-file", o.ca});
      switch (o.client_auth) {
        case ClientAuth::none:
          argv.push_back("--ignore-peer-cert");
          break;
        case ClientAuth::request:
          argv.push_back("--verify-peer-cert");
          break;
        case ClientAuth::require:
          argv.push_back("--require-peer-cert");
          break;
      }
      if (!o.dhparams_file.empty()) append(argv, {"--dhparam", o.dhparams_file});
    }
    if (o.refuse_associations) argv.push_back("--refuse");
    append(argv, {"--aetitle", o.aetitle, "--output-directory", output_dir()});
    append(argv, o.extra_args);
    argv.push_back(std::to_string(port));
    return argv;
  });
}

std::string Storescp::output_dir() const {
  return work_dir() + "/incoming";
}

// ---- Orthanc ------------------------------------------------------------------------------

Orthanc::Orthanc(OrthancOptions options) : Peer("Orthanc"), options_(std::move(options)) {
  const OrthancOptions& o = options_;
  if (o.tls && (o.cert.empty() || o.key.empty())) {
    throw std::invalid_argument("Orthanc: DICOM TLS needs cert and key");
  }
  nlohmann::json extra = nlohmann::json::object();
  if (!o.extra_config.empty()) {
    extra = nlohmann::json::parse(o.extra_config);
    if (!extra.is_object()) throw std::invalid_argument("Orthanc: extra_config is not an object");
  }
  const std::string storage = work_dir() + "/storage";
  std::filesystem::create_directories(storage);
  const std::string program = find_program("Orthanc", {"/usr/sbin/Orthanc", "/usr/bin/Orthanc"});
  const bool pick_http = o.http_port == 0;

  for (int attempt = 1;; ++attempt) {
    launch(o.port, [&](std::uint16_t port) {
      http_port_ = o.http_port;
      while (pick_http && (http_port_ == 0 || http_port_ == port)) http_port_ = free_port();
      nlohmann::json config{
          {"Name", "medtls-test-orthanc"},
          {"StorageDirectory", storage},
          {"IndexDirectory", storage},
          {"Plugins", nlohmann::json::array()},
          {"LuaScripts", nlohmann::json::array()},
          {"HttpServerEnabled", true},
          {"HttpPort", http_port_},
          {"RemoteAccessAllowed", false},
          {"DicomServerEnabled", true},
          {"DicomAet", o.aetitle},
          {"DicomPort", port},
          {"DicomCheckCalledAet", o.check_called_aet},
          {"DicomAlwaysAllowEcho", o.always_allow_echo},
          {"DicomAlwaysAllowStore", o.always_allow_store},
          {"DicomCheckModalityHost", o.check_modality_host},
          {"DicomModalitiesInDatabase", false},
          {"DicomTlsEnabled", o.tls},
          {"DicomTlsRemoteCertificateRequired", o.remote_certificate_required},
          {"SaveJobs", false},
          {"DeidentifyLogs", false},
      };
      if (o.tls) {
        config["DicomTlsCertificate"] = o.cert;
        config["DicomTlsPrivateKey"] = o.key;
        if (!o.ca.empty()) config["DicomTlsTrustedCertificates"] = o.ca;
      }
      nlohmann::json modalities = nlohmann::json::object();
      for (const OrthancModality& m : o.modalities) {
        modalities[m.name] = nlohmann::json::array({m.aetitle, m.host, m.port});
      }
      config["DicomModalities"] = modalities;
      config.update(extra);
      std::ofstream(config_path()) << config.dump(2) << "\n";

      std::vector<std::string> argv{program};
      if (o.verbose) argv.push_back("--verbose");
      append(argv, o.extra_args);
      argv.push_back(config_path());
      return argv;
    });
    // The DICOM server starts before the HTTP server; Orthanc exits if the latter cannot bind.
    const auto deadline = Clock::now() + kListenTimeout;
    while (!is_listening_by(pid(), http_port_) && running() && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (is_listening_by(pid(), http_port_)) return;
    stop();
    if (!pick_http || attempt >= kAttemptsOnFreePort) {
      throw std::runtime_error("Orthanc did not listen on HTTP port " + std::to_string(http_port_) +
                               "\ncommand: " + describe_command(command()) + "\nlog:\n" + log());
    }
  }
}

std::string Orthanc::config_path() const {
  return work_dir() + "/orthanc.json";
}

// ---- medtls_test_scp ----------------------------------------------------------------------

std::string ScpLogLine::get(const std::string& key) const {
  const auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second;
}

DicomTestScp::DicomTestScp(DicomTestScpOptions options)
    : Peer("medtls_test_scp"), options_(std::move(options)) {
  if (options_.key.empty() != options_.cert.empty()) {
    throw std::invalid_argument("DicomTestScp: key and cert go together");
  }
  launch(options_.port, [this](std::uint16_t port) {
    const DicomTestScpOptions& o = options_;
    std::vector<std::string> argv{executable(), "--port", std::to_string(port), "--bind",
                                  o.bind_address};
    if (!o.key.empty()) {
      append(argv, {"--key", o.key, "--cert", o.cert, "--tls-profile", o.tls_profile});
      if (!o.ca.empty()) append(argv, {"--ca", o.ca});
      switch (o.client_auth) {
        case ClientAuth::none:
          break;
        case ClientAuth::request:
          append(argv, {"--client-cert", "request"});
          break;
        case ClientAuth::require:
          append(argv, {"--client-cert", "require"});
          break;
      }
      if (!o.min_tls.empty()) append(argv, {"--min-tls", o.min_tls});
      if (!o.max_tls.empty()) append(argv, {"--max-tls", o.max_tls});
      if (!o.dhparams_file.empty()) append(argv, {"--dhparam", o.dhparams_file});
      if (o.accept_any_client_cert_at_tls) argv.push_back("--accept-any-client-cert-at-tls");
      if (o.check_client_cert_at_association) {
        argv.push_back("--check-client-cert-at-association");
      }
    }
    append(argv, {"--aet", o.aetitle});
    if (o.check_called_aet) argv.push_back("--check-called-aet");
    for (const std::string& aet : o.allowed_calling_aets) {
      append(argv, {"--allowed-calling-aet", aet});
    }
    if (!o.implementation_class_uid.empty()) {
      append(argv, {"--implementation-class-uid", o.implementation_class_uid});
    }
    if (!o.implementation_version_name.empty()) {
      append(argv, {"--implementation-version-name", o.implementation_version_name});
    }
    append(argv, {"--max-pdu", std::to_string(o.max_pdu)});
    if (o.require_user) append(argv, {"--require-user", *o.require_user});
    if (o.require_password) append(argv, {"--require-password", *o.require_password});
    if (o.require_jwt) append(argv, {"--require-jwt", *o.require_jwt});
    if (!o.send_identity_ac) argv.push_back("--no-identity-ac");
    if (o.identity_optional) argv.push_back("--identity-optional");
    append(argv, {"--mode", scp_mode_name(o.mode), "--garbage", o.garbage});
    append(argv,
           {"--reject-result", std::to_string(o.reject_result), "--reject-source",
            std::to_string(o.reject_source), "--reject-reason", std::to_string(o.reject_reason)});
    if (!o.out_dir.empty()) append(argv, {"--out-dir", o.out_dir});
    append(argv,
           {"--acse-timeout", std::to_string(o.acse_timeout), "--socket-timeout",
            std::to_string(o.socket_timeout), "--dimse-timeout", std::to_string(o.dimse_timeout),
            "--silent-seconds", std::to_string(o.silent_seconds)});
    if (o.debug) argv.push_back("--debug");
    append(argv, o.extra_args);
    return argv;
  });
}

std::string DicomTestScp::executable() {
  return MEDTLS_TEST_SCP;
}

std::vector<ScpLogLine> DicomTestScp::lines() const {
  std::vector<ScpLogLine> out;
  std::istringstream text(log());
  for (std::string line; std::getline(text, line);) {
    if (auto parsed = parse_scp_line(line)) out.push_back(std::move(*parsed));
  }
  return out;
}

std::vector<ScpLogLine> DicomTestScp::associations() const {
  std::vector<ScpLogLine> out;
  for (ScpLogLine& line : lines()) {
    if (line.kind == "assoc") out.push_back(std::move(line));
  }
  return out;
}

// ---- Oracles ------------------------------------------------------------------------------

GnutlsSuites gnutls_priority_suites(const std::string& priority) {
  const std::string out = oracle_output({"gnutls-cli", "--list", "--priority", priority});
  // Suite lines: "TLS_ECDHE_RSA_AES_128_GCM_SHA256   0xc0, 0x2f   TLS1.2"; nothing else in the
  // listing has four words with a code in the middle.
  GnutlsSuites suites;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const auto w = words(line);
    if (w.size() != 4 || w[1].empty() || w[1].back() != ',') continue;
    const auto code = suite_code(w[1].substr(0, w[1].size() - 1), w[2]);
    if (!code) continue;
    suites.order.push_back(*code);
    ((*code >> 8) == 0x13 ? suites.tls13 : suites.tls12_and_below).insert(*code);
  }
  return suites;
}

std::set<std::uint16_t> openssl_cipher_suites(const std::string& cipher_string,
                                              const std::string& ciphersuites,
                                              const std::string& protocol_flag) {
  std::vector<std::string> argv{"openssl", "ciphers", "-V", "-s"};
  if (!protocol_flag.empty()) argv.push_back(protocol_flag);
  append(argv, {"-ciphersuites", ciphersuites, cipher_string});
  const std::string out = oracle_output(argv);
  // Lines: "          0xC0,0x2F - ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 Kx=ECDH ...".
  std::set<std::uint16_t> codes;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const auto w = words(line);
    if (w.size() < 3 || w[1] != "-" || w[0].size() != 9 || w[0][4] != ',') continue;
    if (const auto code = suite_code(w[0].substr(0, 4), w[0].substr(5))) codes.insert(*code);
  }
  return codes;
}

// ---- DCMTK client oracles -----------------------------------------------------------------

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> scu_arguments(const EchoscuOptions& o) {
  const std::string t = std::to_string(o.network_timeout);
  std::vector<std::string> argv{"-d",  "-aet", o.calling_ae, "-aec", o.called_ae, "-to", t,
                                "-ta", t,      "-td",        t,      "-ts",       t};
  if (o.tls) {
    if (!o.key.empty() || !o.cert.empty()) {
      append(argv, {"+tls", o.key, o.cert, "-pw"});
    } else {
      argv.push_back("+tla");
    }
    if (!o.ca.empty()) append(argv, {"+cf", o.ca});
    if (!o.profile.empty()) argv.push_back(o.profile);
    if (!o.verify_server) argv.push_back("-ic");
  }
  append(argv, o.extra_args);
  return argv;
}

// Reads what `echoscu -d` / `storescu -d` printed (DCMTK 3.6.7 wording).
void parse_scu_output(EchoscuResult& r) {
  std::istringstream lines(r.output);
  bool in_ac = false;
  bool in_tls = false;
  bool after_reject = false;
  std::string message_type;
  for (std::string raw; std::getline(lines, raw);) {
    // "D: text", "I: text", "F: text" …
    const bool prefixed = raw.size() >= 3 && raw[1] == ':' && raw[2] == ' ';
    const char level = prefixed ? raw[0] : ' ';
    const std::string line = trimmed(prefixed ? raw.substr(3) : raw);
    if ((level == 'F' || level == 'E') && r.failure.empty()) r.failure = line;

    if (contains_text(line, "BEGIN TLS CONNECTION DETAILS")) {
      in_tls = r.tls_established = true;
      continue;
    }
    if (contains_text(line, "END TLS CONNECTION DETAILS")) in_tls = false;
    if (contains_text(line, "BEGIN A-ASSOCIATE-AC")) in_ac = true;
    if (contains_text(line, "END A-ASSOCIATE-AC")) in_ac = false;

    const auto colon = line.find(':');
    const std::string key = colon == std::string::npos ? line : trimmed(line.substr(0, colon));
    const std::string value = colon == std::string::npos ? "" : trimmed(line.substr(colon + 1));
    if (in_tls) {
      if (key == "Protocol") r.tls_protocol = value;
      if (key == "Ciphersuite") r.tls_ciphersuite = trimmed(value.substr(0, value.find(',')));
      if (key == "Subject" && r.server_subject.empty()) r.server_subject = value;
    }
    if (in_ac) {
      if (key == "Their Implementation Class UID") r.their_implementation_class_uid = value;
      if (key == "Their Implementation Version Name") r.their_implementation_version_name = value;
      if (key == "Their Max PDU Receive Size" && !value.empty()) {
        r.their_max_pdu = std::stol(value);
      }
      if (key == "User Identity Negotiation Response") r.identity_response = value != "none";
    }
    if (line.rfind("Association Accepted", 0) == 0) r.accepted = true;
    if (line.rfind("Association Rejected", 0) == 0) {
      r.rejected = after_reject = true;
      continue;
    }
    if (after_reject && line.rfind("Result: ", 0) == 0) {
      const std::string rest = line.substr(8);
      const auto source = rest.find(", Source: ");
      r.reject_result = rest.substr(0, source);
      if (source != std::string::npos) r.reject_source = rest.substr(source + 10);
    }
    if (after_reject && line.rfind("Reason: ", 0) == 0) {
      r.reject_reason = line.substr(8);
      after_reject = false;
    }
    if (contains_text(line, "Received Echo Response (Success)")) r.success = true;
    if (key == "Message Type") message_type = value;
    if (key == "DIMSE Status" && message_type == "C-STORE RSP" && value.rfind("0x0000", 0) == 0) {
      r.success = true;
    }
  }
}

EchoscuResult run_scu(std::vector<std::string> argv, const EchoscuOptions& o) {
  EchoscuResult r;
  const CaptureResult c = run_capture(argv, o.timeout);
  r.command = std::move(argv);
  r.status = c.status;
  r.timed_out = c.timed_out;
  r.output = c.err + c.out;
  parse_scu_output(r);
  return r;
}

// A Secondary Capture object without pixel data: enough for storescu to propose a context and
// send a C-STORE.
constexpr const char* kTestObjectDump =
    "(0008,0016) UI =SecondaryCaptureImageStorage\n"
    "(0008,0018) UI [1.2.826.0.1.3680043.10.1234.1]\n"
    "(0008,0060) CS [OT]\n"
    "(0010,0010) PN [Test^Medtls]\n"
    "(0010,0020) LO [MEDTLS1]\n"
    "(0020,000d) UI [1.2.826.0.1.3680043.10.1234.2]\n"
    "(0020,000e) UI [1.2.826.0.1.3680043.10.1234.3]\n";

}  // namespace

EchoscuResult echoscu(const std::string& host, std::uint16_t port, const EchoscuOptions& options) {
  if (!options.user.empty() || !options.password.empty() || !options.jwt.empty() ||
      options.positive_response) {
    throw std::invalid_argument(
        "echoscu 3.6.7 cannot send User Identity; use storescu() for these options");
  }
  std::vector<std::string> argv{"echoscu"};
  append(argv, scu_arguments(options));
  append(argv, {host, std::to_string(port)});
  return run_scu(std::move(argv), options);
}

EchoscuResult storescu(const std::string& host, std::uint16_t port, const EchoscuOptions& options) {
  const TempDir dir("medtls-storescu");
  const std::string dump = dir.file("object.dump");
  const std::string object = dir.file("object.dcm");
  std::ofstream(dump) << kTestObjectDump;
  oracle_output({"dump2dcm", dump, object});

  // -R: propose only the context the object needs (one instead of 128).
  std::vector<std::string> argv{"storescu", "-R"};
  append(argv, scu_arguments(options));
  if (!options.user.empty()) {
    append(argv, {"--user", options.user});
    if (!options.password.empty()) append(argv, {"--password", options.password});
  }
  if (!options.jwt.empty()) {
    const std::string jwt = dir.file("token.jwt");
    std::ofstream(jwt, std::ios::binary) << options.jwt;
    append(argv, {"--jwt", jwt});
  }
  if (options.positive_response) argv.push_back("--pos-response");
  append(argv, {host, std::to_string(port), object});
  return run_scu(std::move(argv), options);
}

}  // namespace medtls::testing
