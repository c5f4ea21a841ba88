#pragma once
// Observations of a device in its TLS client role (`medtls listen`): every ClientHello it sent,
// every scenario served to it and what it did, and every connection that did not start with TLS.
// Plain facts, no judgement: the profile's client-role rules judge them, and `medtls report`
// re-judges them from report.json.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/enum_names.hpp"
#include "obs/certificate_observations.hpp"

namespace medtls::obs {

// Whose side of the TLS connection the device under test took.
MEDTLS_ENUM(Role, server, client)

// What an incoming connection began with.
MEDTLS_ENUM(ConnectionStart,
            tls,              // a TLS handshake record (content type 22)
            dicom_cleartext,  // a DICOM PDU in the clear (type 0x01 A-ASSOCIATE-RQ, …)
            mllp_cleartext,   // an MLLP start block (0x0B): HL7 v2 in the clear
            other_cleartext,  // any other bytes
            silent,           // the connection stayed silent until the timeout
            closed)           // closed (FIN or RST) before sending a byte

// The scenarios served to a device, one per connection (issue 11's fixed ids, in default order;
// `good` is also served last, to show the device still works after the bad ones).
MEDTLS_ENUM(ClientScenario,
            good,                // a valid chain for --server-name; the association completes
            expired,             // server certificate past notAfter
            not_yet_valid,       // server certificate before notBefore
            self_signed,         // self-signed leaf
            untrusted_ca,        // chain to a root the device does not trust
            wrong_host,          // SAN that is not --server-name
            wrong_key,           // CertificateVerify / ServerKeyExchange signature that fails
            revoked,             // listed on the CRL the device was given
            rsa1024,             // RSA-1024 server key
            sha1,                // certificate signed with SHA-1
            wrong_eku,           // no serverAuth in extendedKeyUsage
            tls10_server_hello,  // a ServerHello at TLS 1.0 (RFC 8996: abort, protocol_version)
            tls11_server_hello,  // a ServerHello at TLS 1.1
            unoffered_suite,     // a ServerHello with a suite the client did not offer
            dhe1024)             // a 1024-bit finite-field DHE group (when DHE was offered)

// What the device did with a scenario.
MEDTLS_ENUM(ScenarioOutcome,
            refused,         // it aborted the handshake (alert or close) or closed right after it
            accepted,        // it completed the handshake and kept the connection
            no_connection,   // it did not connect while the scenario waited
            cleartext,       // it connected without TLS
            not_applicable,  // the scenario could not be served (e.g. dhe1024 without DHE)
            error)           // medtls could not serve it (a local failure, in `error`)

// Where the device ended a connection it refused.
MEDTLS_ENUM(ClientEnd,
            during_handshake,  // before its Finished: the answer to our flight
            after_handshake,   // the handshake completed, then an alert or close before any data
            none)              // it did not end the connection (accepted, or not connected)

struct HelloExtension {
  std::uint16_t type = 0;
  std::vector<std::uint8_t> body;  // extension_data exactly as sent
};

// One ClientHello as the device sent it, every field in the order offered, GREASE included. The
// peer strings (alpn, sni) are the raw bytes sent, not peer text: the JSON writes them as such.
struct ObservedClientHello {
  int connection = 0;                   // index of the incoming connection (1-based)
  std::string scenario;                 // the scenario served on it
  std::uint16_t record_version = 0;     // record layer version of the first record
  std::uint16_t legacy_version = 0;     // ClientHello.legacy_version
  std::vector<std::uint16_t> versions;  // supported_versions (empty: extension absent)
  std::vector<std::uint16_t> suites;    // cipher_suites, in offered order
  std::vector<std::uint8_t> compression_methods;
  std::vector<std::uint16_t> groups;                     // supported_groups
  std::vector<std::uint16_t> key_share_groups;           // groups of the key_share entries
  std::vector<std::uint16_t> signature_algorithms;       // signature_algorithms
  std::vector<std::uint16_t> signature_algorithms_cert;  // signature_algorithms_cert
  std::vector<std::string> alpn;                         // protocol names as sent
  std::string sni;                                       // host_name of server_name, "" absent
  std::vector<HelloExtension> extensions;                // every extension, in order
  std::uint64_t size = 0;                                // bytes of its records
  std::string parse_error;  // TLS, but not a well-formed ClientHello (lists may be partial)
};

// One scenario served (or waited for) and what the device did.
struct ScenarioResult {
  ClientScenario id = ClientScenario::good;
  int position = 0;               // 1-based place in the served sequence
  std::optional<int> connection;  // the incoming connection that served it
  ScenarioOutcome outcome = ScenarioOutcome::no_connection;
  ClientEnd ended = ClientEnd::none;
  std::optional<std::uint8_t> alert;  // the alert description the device sent, if any
  std::uint16_t version = 0;          // negotiated protocol version when the handshake completed
  std::uint16_t suite = 0;            // negotiated suite when the handshake completed
  bool client_certificate = false;    // the device presented a certificate
  bool association = false;           // it then sent an A-ASSOCIATE-RQ (PDU type 0x01)
  std::uint64_t data_bytes = 0;       // application bytes it sent after the handshake
  std::optional<std::uint8_t> first_pdu_type;  // DICOM PDU type of the first data, if any
  std::int64_t wait_ms = 0;                    // from the announcement to the connection
  std::int64_t handshake_ms = 0;  // from the first byte to the handshake's end (either way)
  std::int64_t duration_ms = 0;   // the whole connection
  std::string error;              // outcome error: what went wrong on our side, one line
};

// A connection that did not start with a TLS handshake record.
struct CleartextConnection {
  int connection = 0;    // index of the incoming connection (1-based)
  std::string scenario;  // the scenario that was waiting for it
  ConnectionStart start = ConnectionStart::other_cleartext;
  std::uint64_t bytes = 0;               // bytes read (bounded)
  std::optional<std::uint8_t> pdu_type;  // first byte when it is a DICOM PDU type
  std::string calling_ae, called_ae;     // from a cleartext A-ASSOCIATE-RQ, as sent (raw bytes)
  bool after_failed_handshake = false;   // an earlier connection's handshake had failed
};

struct ClientRoleObservations {
  std::vector<ObservedClientHello> client_hellos;
  std::vector<ScenarioResult> scenarios;
  std::vector<CleartextConnection> cleartext;
  int connections = 0;      // incoming connections accepted
  std::string server_name;  // the name the good certificate carries (--server-name)
  bool require_client_certificate = false;
  // The chain the device presented as its client certificate (the first it sent), analysed as
  // a server's is: key, hash, validity, EKU, trust against the listener's CA.
  ServerCertificate client_certificate;
};

}  // namespace medtls::obs
