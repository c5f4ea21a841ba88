#pragma once
// The DICOM association a device in its client role opened to `medtls listen` over an accepted
// TLS connection: what it asked for (PS3.8 A-ASSOCIATE-RQ), what medtls granted, and the DIMSE
// traffic that followed. Never a User Identity's value, never anything of a stored object beyond
// its SOP Class UID.
#include <cstdint>
#include <string>
#include <vector>

#include "common/enum_names.hpp"

namespace medtls::obs {

// How the association ended.
MEDTLS_ENUM(AssociationEnd,
            released,    // A-RELEASE-RQ answered with A-RELEASE-RP
            aborted,     // the device sent an A-ABORT
            closed,      // the connection ended without a release
            timed_out,   // the device went silent within the association
            no_request,  // no A-ASSOCIATE-RQ arrived (or not a valid one)
            rejected,    // medtls rejected it (no presentation context it could accept)
            error)       // a local failure (in `error`)

// The User Identity type a device requested (PS3.7 D.3.3.7.1), never its value.
MEDTLS_ENUM(RequestedIdentity, none, username, username_passcode, kerberos, saml, jwt, unknown)

struct ProposedContext {
  int id = 0;
  std::string abstract_syntax;                 // UID, as sent
  std::vector<std::string> transfer_syntaxes;  // as proposed, in order
  bool accepted = false;
  std::string transfer_syntax;  // the one medtls accepted
};

struct ClientAssociation {
  int connection = 0;                 // the incoming connection (1-based)
  std::string scenario;               // the scenario that accepted the handshake
  std::string calling_ae, called_ae;  // as sent
  std::vector<ProposedContext> contexts;
  std::uint32_t max_pdu = 0;  // the device's maximum PDU receive length (0: unlimited)
  std::string implementation_class_uid, implementation_version_name;
  RequestedIdentity user_identity = RequestedIdentity::none;
  bool accepted = false;                        // medtls sent an A-ASSOCIATE-AC
  int echoes = 0;                               // C-ECHO-RQ answered with success
  int stores = 0;                               // C-STORE-RQ received and answered with success
  int store_failures = 0;                       // C-STORE-RQ whose object could not be received
  std::vector<std::string> stored_sop_classes;  // SOP Class UIDs of received objects (distinct)
  int other_commands = 0;                       // DIMSE commands medtls does not serve
  AssociationEnd end = AssociationEnd::no_request;
  std::int64_t duration_ms = 0;
  std::string error;  // DCMTK's condition or our reason, one line
};

}  // namespace medtls::obs
