#pragma once
// Observations of the DICOM layer of a dicom:// target: each association medtls requested (over
// TLS, or deliberately in cleartext), what the node answered, and the TLS channel that carried
// it. Plain facts; the profiles judge them (rules dicom_*).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/enum_names.hpp"
#include "obs/step_observations.hpp"

namespace medtls::obs {

// How the TLS channel of an association went: established | handshake_failed | connect_failed |
// not_possible_locally (the local TLS library cannot negotiate what was to be forced, e.g.
// Camellia-GCM) | plaintext (no TLS by design) | not_attempted.
MEDTLS_ENUM(ChannelStatus, established, handshake_failed, connect_failed, not_possible_locally,
            plaintext, not_attempted)
MEDTLS_ENUM(PeerVerification, trusted, untrusted, not_checked)
// A presentation context's result in the A-ASSOCIATE-AC (PS3.8 §9.3.3.2), or not_answered.
MEDTLS_ENUM(ContextResult, acceptance, user_rejection, no_reason, abstract_syntax_not_supported,
            transfer_syntaxes_not_supported, not_answered)
MEDTLS_ENUM(IdentityType, username, username_passcode, jwt)
// The A-ASSOCIATE-AC's 59H item: present | absent | not_applicable (no AC).
MEDTLS_ENUM(IdentityResponse, present, absent, not_applicable)
// What an association attempt was for.
MEDTLS_ENUM(AssociationKind, main, version, suite, plaintext_tls_port, plaintext_other_port,
            calling_ae, called_ae, client_certificate, user_identity, store)
// accepted (A-ASSOCIATE-AC) | rejected (A-ASSOCIATE-RJ) | aborted (A-ABORT, or the connection
// closed or broke after the request) | no_answer (nothing within the timeout) | channel_failed
// (TCP or TLS could not be established: no request was sent) | not_attempted (budget, or a
// precondition missing; `detail` says which).
MEDTLS_ENUM(AssociationResult, accepted, rejected, aborted, no_answer, channel_failed,
            not_attempted)
// A C-ECHO or C-STORE over the association.
MEDTLS_ENUM(DimseResult, success, failed_status, no_response, error, not_sent)
MEDTLS_ENUM(ReleaseResult, released, no_reply, aborted, error, not_sent)
// run | not_run (not a dicom:// target, or the TLS layer was unreachable).
MEDTLS_ENUM(LayerStatus, run, not_run)
// A plain (non-TLS) A-ASSOCIATE-RQ to the TLS port.
MEDTLS_ENUM(PlaintextResult, refused, accepted, inconclusive)
// --plain-port N: the same node in cleartext on another port.
MEDTLS_ENUM(OtherPortResult, accepted, refused, inconclusive, not_checked)
// The same three answers, read as a port's (not_checked never arises for the TLS port).
inline OtherPortResult as_port_result(PlaintextResult r) {
  switch (r) {
    case PlaintextResult::accepted:
      return OtherPortResult::accepted;
    case PlaintextResult::refused:
      return OtherPortResult::refused;
    case PlaintextResult::inconclusive:
      break;
  }
  return OtherPortResult::inconclusive;
}
// What the node does with User Identity negotiation.
MEDTLS_ENUM(IdentityPolicy, requires_, accepts, ignores, rejects, inconclusive, not_tested)

// The TLS connection that carried one association, as OpenSSL saw it when the handshake ended.
struct DicomChannel {
  ChannelStatus status = ChannelStatus::not_attempted;
  std::string version;                    // TLSv1.3 … ("" when no handshake finished)
  std::uint16_t suite = 0;                // IANA code
  std::string suite_name;                 // IANA name
  std::string group;                      // key-exchange group: x25519, secp256r1, ffdhe2048 …
  std::string sni;                        // server_name sent ("" none)
  std::vector<std::string> alpn_offered;  // protocols offered ("dicom")
  std::string alpn_selected;              // what the server chose ("" none)
  std::string forced_version;             // --association-matrix: version forced (min = max)
  std::optional<std::uint16_t> forced_suite;  // --association-matrix: the only suite offered
  std::string client_certificate;  // what we presented: "none", "--cert FILE", "vector expired" …
  std::string peer_subject;        // leaf of the server's chain, RFC 2253
  std::string peer_sha256;         // its fingerprint, lower-case hex of the DER
  // The server's chain against --ca (OpenSSL's verdict, host name included); the association
  // is attempted whatever it says, so that the DICOM layer can still be examined.
  PeerVerification peer_verification = PeerVerification::not_checked;
  std::string peer_verification_detail;
  std::optional<std::uint8_t> alert;       // alert received from the server
  std::optional<std::uint8_t> alert_sent;  // alert OpenSSL sent (our side gave up)
  std::string detail;                      // what happened, with OpenSSL's error text
};

// One presentation context we proposed and what the acceptor answered.
struct DicomPresentationContext {
  int id = 0;                   // odd, 1–255
  std::string abstract_syntax;  // UID
  std::vector<std::string> proposed_transfer_syntaxes;
  ContextResult result = ContextResult::not_answered;
  std::string transfer_syntax;  // accepted one ("" unless acceptance)
};

// One PDU received from the node (evidence of what came back, byte for byte at the start).
struct DicomPdu {
  std::uint8_t type = 0;     // 01H … 07H; anything else is not a DICOM PDU
  std::uint32_t length = 0;  // from the PDU header
  std::string name;          // A-ASSOCIATE-AC, A-ASSOCIATE-RJ, P-DATA-TF, A-RELEASE-RP, A-ABORT,
                             // or "not a DICOM PDU"
  std::string head_hex;      // the first bytes (at most 64), lower-case hex
};

// User Identity negotiation (PS3.7 D.3.3.7) as requested and as answered.
struct DicomUserIdentity {
  IdentityType type = IdentityType::username;
  bool positive_response_requested = false;
  IdentityResponse server_response = IdentityResponse::not_applicable;
  std::uint16_t server_response_length = 0;
};

// One association request on one connection, from the TCP connect to the release.
struct DicomAssociation {
  // What this attempt was for: "association", "TLSv1.2", "suite 0xC02F", "plaintext on the TLS
  // port", "plaintext on port 11112", "unknown calling AE title", "wrong called AE title",
  // "client certificate expired TLSv1.2", "user identity username_passcode, response
  // requested", "store test".
  std::string purpose;
  AssociationKind kind = AssociationKind::main;
  std::string client_case;  // kind client_certificate: the matrix case (expired, rsa1024 …)
  AssociationResult result = AssociationResult::not_attempted;
  std::string calling_ae, called_ae;
  std::uint16_t port = 0;  // port connected to
  DicomChannel channel;

  // A-ASSOCIATE-RJ (PS3.8 §9.3.4): codes and their meaning in words.
  std::optional<std::uint8_t> reject_result, reject_source, reject_reason;
  std::string reject_text;  // "rejected-permanent; service-user; called-AE-title-not-recognized"
  // A-ABORT (PS3.8 §9.3.8): codes when an A-ABORT PDU came; the text also covers a dropped
  // connection ("connection closed by the peer after A-ASSOCIATE-RQ") or non-DICOM bytes.
  std::optional<std::uint8_t> abort_source, abort_reason;
  std::string abort_text;

  // A-ASSOCIATE-AC
  std::vector<DicomPresentationContext> presentation_contexts;
  std::uint32_t max_pdu = 0;  // the acceptor's maximum PDU receive length (0: no limit / unknown)
  std::string implementation_class_uid;
  std::string implementation_version_name;
  std::optional<DicomUserIdentity> user_identity;

  // DIMSE over the association
  DimseResult echo = DimseResult::not_sent;
  std::optional<std::uint16_t> echo_status;
  DimseResult store = DimseResult::not_sent;
  std::optional<std::uint16_t> store_status;
  std::string store_sop_instance_uid;
  ReleaseResult release = ReleaseResult::not_sent;

  std::vector<DicomPdu> received;  // PDUs received, in order (A-ASSOCIATE-AC/RJ, A-ABORT …)
  std::size_t received_bytes = 0;  // every byte received on this association
  std::size_t received_pdus_dropped = 0;  // PDUs received but not kept (see PduRecorder)
  double connect_ms = 0;                  // TCP connect + TLS handshake
  double associate_ms = 0;                // A-ASSOCIATE-RQ to AC/RJ/abort
  double echo_ms = 0;
  double store_ms = 0;
  double release_ms = 0;
  std::string error;   // DCMTK's condition text when something failed
  std::string detail;  // one line: what happened, in words
};

struct DicomObservations {
  LayerStatus status = LayerStatus::not_run;  // `detail` says why
  std::string detail;
  std::string calling_ae, called_ae;  // as used for the main association
  DicomAssociation association;       // the main association (kind main)

  PlaintextResult plaintext_on_tls_port = PlaintextResult::inconclusive;
  DicomAssociation plaintext_tls_port;
  OtherPortResult plaintext_other_port = OtherPortResult::not_checked;
  std::optional<DicomAssociation> plaintext_other;

  std::vector<DicomAssociation> matrix;               // --association-matrix (kinds version, suite)
  std::vector<DicomAssociation> ae_titles;            // kinds calling_ae, called_ae
  std::vector<DicomAssociation> client_certificates;  // bad certificates TLS let through
  std::vector<DicomAssociation> user_identity;        // --user / --passcode / --jwt variants
  IdentityPolicy user_identity_policy = IdentityPolicy::not_tested;
  std::string user_identity_detail;
  std::optional<DicomAssociation> store_test;  // --store-test

  int connections = 0;  // TCP connections the DICOM layer opened
  bool budget_exhausted = false;
  bool deadline_reached = false;  // --deadline ended the layer: later requests not attempted
  std::vector<StepRecord> steps;  // each DICOM step (report: targets[i].steps, layer dicom)
  std::string started, finished;  // UTC, ISO 8601
};

}  // namespace medtls::obs
