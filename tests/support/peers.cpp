#include "support/peers.hpp"

#include "support/ports.hpp"

#include <cctype>
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
    // --null-passwd: the key is unencrypted; storescp would otherwise prompt on stdin.
    std::vector<std::string> argv{"storescp",      "--enable-tls", o.key,    o.cert,
                                  "--null-passwd", "--pem-keys",   o.profile};
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
    append(argv, {"--aetitle", o.aetitle, "--output-directory", output_dir()});
    append(argv, o.extra_args);
    argv.push_back(std::to_string(port));
    return argv;
  });
}

std::string Storescp::output_dir() const {
  return work_dir() + "/incoming";
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

}  // namespace medtls::testing
