// The parts of the DICOM association engine that need no peer: the OpenSSL client context it
// builds, what the local OpenSSL can negotiate at all, the User Identity variants and the policy
// derived from their answers, and the synthetic store object.
#define BOOST_TEST_MODULE dicom_logic
#include <boost/test/unit_test.hpp>

#include <openssl/ssl.h>

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcuid.h"

#include "dicom/identity.hpp"
#include "dicom/local_support.hpp"
#include "dicom/synthetic_object.hpp"
#include "dicom/tls_context.hpp"
#include "support/words.hpp"

using namespace medtls;
using namespace medtls::dicom;

BOOST_AUTO_TEST_CASE(alpn_wire_format) {
  BOOST_TEST(alpn_wire({"dicom"}) == std::string("\x05"
                                                 "dicom"));
  BOOST_TEST(alpn_wire({"dicom", "h2"}) == std::string("\x05"
                                                       "dicom"
                                                       "\x02"
                                                       "h2"));
  BOOST_TEST(alpn_wire({}).empty());
}

BOOST_AUTO_TEST_CASE(client_context_settings) {
  TlsSettings s;
  s.min_version = TlsVersion::TLSv1_0;
  s.max_version = TlsVersion::TLSv1_3;
  s.disabled_versions = {TlsVersion::TLSv1_1};
  std::string error, ca_error;
  auto ctx = make_tls_context(s, error, ca_error);
  BOOST_TEST_REQUIRE(static_cast<bool>(ctx), error);
  BOOST_TEST(ca_error.empty());
  BOOST_TEST(SSL_CTX_get_min_proto_version(ctx.get()) == TLS1_VERSION);
  BOOST_TEST(SSL_CTX_get_max_proto_version(ctx.get()) == TLS1_3_VERSION);
  BOOST_TEST((SSL_CTX_get_options(ctx.get()) & SSL_OP_NO_TLSv1_1) != 0u);
  BOOST_TEST((SSL_CTX_get_options(ctx.get()) & SSL_OP_NO_TLSv1_2) == 0u);
  BOOST_TEST(SSL_CTX_get_security_level(ctx.get()) == 0);
  BOOST_TEST(SSL_CTX_get_verify_mode(ctx.get()) == SSL_VERIFY_NONE);

  s.ca_file = "/nonexistent/ca.pem";
  ctx = make_tls_context(s, error, ca_error);
  BOOST_TEST(static_cast<bool>(ctx));  // still usable: only the verification record is affected
  BOOST_TEST(!ca_error.empty());

  s.cipher_list = "NO-SUCH-CIPHER";
  error.clear();
  BOOST_TEST(!make_tls_context(s, error, ca_error));
  BOOST_TEST(error.find("NO-SUCH-CIPHER") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(what_the_local_openssl_can_negotiate) {
  const auto& reg = suites::Registry::builtin();
  BOOST_TEST(local_limitation(TlsVersion::TLSv1_2, std::nullopt, reg).empty());
  BOOST_TEST(local_limitation(TlsVersion::TLSv1_3, std::nullopt, reg).empty());
  BOOST_TEST(local_limitation(TlsVersion::TLSv1_0, std::nullopt, reg).empty());  // @SECLEVEL=0
  BOOST_TEST(!local_limitation(TlsVersion::SSLv3, std::nullopt, reg).empty());
  BOOST_TEST(local_limitation(TlsVersion::TLSv1_2, 0xC02F, reg).empty());
  BOOST_TEST(local_limitation(TlsVersion::TLSv1_3, 0x1301, reg).empty());
  BOOST_TEST(local_limitation(TlsVersion::TLSv1_3, 0x1304, reg).empty());  // CCM: not default
  // Camellia-GCM and 3DES: not in Debian's OpenSSL 3.0 (platform.md §3).
  BOOST_TEST(!local_limitation(TlsVersion::TLSv1_2, 0xC08B, reg).empty());
  BOOST_TEST(!local_limitation(TlsVersion::TLSv1_2, 0x000A, reg).empty());
  // A TLS 1.2 suite forced at TLS 1.3, and a PSK suite without PSK credentials.
  BOOST_TEST(!local_limitation(TlsVersion::TLSv1_3, 0xC02F, reg).empty());
  BOOST_TEST(
      !local_limitation(TlsVersion::TLSv1_2, 0x00A8, reg).empty());  // TLS_PSK_WITH_AES_128_GCM
  BOOST_TEST(local_tls_library().rfind("OpenSSL 3", 0) == 0);
}

BOOST_AUTO_TEST_CASE(identity_variants_in_order) {
  UserIdentityInput in;
  BOOST_TEST(identity_variants(in).empty());
  in.user = "alice";
  in.passcode = "pw";
  in.jwt = "a.b.c";
  const auto v = identity_variants(in);
  BOOST_TEST_REQUIRE(v.size() == 6u);
  BOOST_TEST(v[0].type == obs::IdentityType::username);
  BOOST_TEST(!v[0].positive_response);
  BOOST_TEST(v[1].type == obs::IdentityType::username);
  BOOST_TEST(v[1].positive_response);
  BOOST_TEST(v[2].type == obs::IdentityType::username_passcode);
  BOOST_TEST(v[2].passcode == "pw");
  BOOST_TEST(v[4].type == obs::IdentityType::jwt);
  BOOST_TEST(v[5].jwt == "a.b.c");
  BOOST_TEST(identity_purpose(v[3]) == "user identity username_passcode, response requested");
  in.user.clear();  // a passcode without a user is not sent
  BOOST_TEST(identity_variants(in).size() == 2u);
}

namespace {

obs::DicomAssociation answered(const std::string& result, bool requested,
                               const std::string& response = "absent") {
  obs::DicomAssociation a;
  a.result = test::as<obs::AssociationResult>(result);
  obs::DicomUserIdentity ui;
  ui.type = obs::IdentityType::username;
  ui.positive_response_requested = requested;
  ui.server_response = result == "accepted" ? test::as<obs::IdentityResponse>(response)
                                            : obs::IdentityResponse::not_applicable;
  a.user_identity = ui;
  if (result == "rejected")
    a.reject_text =
        "rejected-permanent; service-provider (ACSE); "
        "no-reason-given";
  return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(identity_policy) {
  const auto accepted = answered("accepted", false);
  const auto rejected = answered("rejected", false);
  BOOST_TEST(derive_identity_policy(accepted, {}).policy == obs::IdentityPolicy::not_tested);
  BOOST_TEST(derive_identity_policy(
                 accepted, {answered("accepted", false), answered("accepted", true, "present")})
                 .policy == obs::IdentityPolicy::accepts);
  BOOST_TEST(derive_identity_policy(
                 accepted, {answered("accepted", false), answered("accepted", true, "absent")})
                 .policy == obs::IdentityPolicy::ignores);
  const auto rejects =
      derive_identity_policy(accepted, {answered("accepted", false), answered("rejected", true)});
  BOOST_TEST(name_of(rejects.policy) == "rejects");
  BOOST_TEST(rejects.detail.find("username (response requested)") != std::string::npos);
  BOOST_TEST(
      derive_identity_policy(rejected, {answered("accepted", false), answered("rejected", true)})
          .policy == obs::IdentityPolicy::requires_);
  BOOST_TEST(derive_identity_policy(rejected, {answered("rejected", false)}).policy ==
             obs::IdentityPolicy::inconclusive);
  BOOST_TEST(derive_identity_policy(accepted, {answered("no_answer", false)}).policy ==
             obs::IdentityPolicy::inconclusive);

  // A passcode given: username alone is a weaker probe; its rejection shows the passcode is
  // needed, it does not make the node "reject" User Identity.
  auto with_passcode = [](obs::DicomAssociation a) {
    a.user_identity->type = obs::IdentityType::username_passcode;
    return a;
  };
  const auto full =
      derive_identity_policy(accepted, {answered("rejected", false), answered("rejected", true),
                                        with_passcode(answered("accepted", false)),
                                        with_passcode(answered("accepted", true, "present"))});
  BOOST_TEST(name_of(full.policy) == "accepts");
  BOOST_TEST(full.detail.find("username without passcode: username rejected") != std::string::npos,
             full.detail);
  BOOST_TEST(derive_identity_policy(accepted, {answered("accepted", false),
                                               with_passcode(answered("rejected", false))})
                 .policy == obs::IdentityPolicy::rejects);
}

BOOST_AUTO_TEST_CASE(synthetic_object_has_no_patient_data) {
  std::string error;
  auto a = make_synthetic_object(error);
  auto b = make_synthetic_object(error);
  BOOST_TEST_REQUIRE(static_cast<bool>(a), error);
  BOOST_TEST_REQUIRE(static_cast<bool>(b), error);
  auto text = [](DcmDataset& ds, const DcmTagKey& tag) {
    OFString v;
    ds.findAndGetOFString(tag, v);
    return std::string(v.c_str());
  };
  BOOST_TEST(text(*a, DCM_SOPClassUID) == UID_SecondaryCaptureImageStorage);
  BOOST_TEST(text(*a, DCM_PatientName) == "MEDTLS^SYNTHETIC");
  BOOST_TEST(text(*a, DCM_PatientID) == "MEDTLS-SYNTHETIC");
  BOOST_TEST(text(*a, DCM_PatientBirthDate).empty());
  BOOST_TEST(text(*a, DCM_StudyDescription).find("synthetic") != std::string::npos);
  BOOST_TEST(text(*a, DCM_ConversionType) == "WSD");
  BOOST_TEST(text(*a, DCM_Modality) == "OT");
  BOOST_TEST(text(*a, DCM_PhotometricInterpretation) == "MONOCHROME2");
  Uint16 rows = 0, columns = 0, bits = 0;
  a->findAndGetUint16(DCM_Rows, rows);
  a->findAndGetUint16(DCM_Columns, columns);
  a->findAndGetUint16(DCM_BitsAllocated, bits);
  BOOST_TEST(rows == 8);
  BOOST_TEST(columns == 8);
  BOOST_TEST(bits == 8);
  const Uint8* pixels = nullptr;
  unsigned long count = 0;
  BOOST_TEST(a->findAndGetUint8Array(DCM_PixelData, pixels, &count).good());
  BOOST_TEST(count == 64u);
  // Fresh UIDs each time.
  BOOST_TEST(text(*a, DCM_SOPInstanceUID) != text(*b, DCM_SOPInstanceUID));
  BOOST_TEST(text(*a, DCM_StudyInstanceUID) != text(*b, DCM_StudyInstanceUID));
  BOOST_TEST(text(*a, DCM_SeriesInstanceUID) != text(*b, DCM_SeriesInstanceUID));
}
