#pragma once
// What the dicom_* rules share: whether there is a DICOM layer to judge, pointers into
// obs.dicom, how an association and its channel are described in a detail, and which TLS
// channels the profile being judged allows.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "profile/outcome.hpp"

namespace medtls::profile {

std::string dicom_pointer(const std::string& field);                     // "dicom.association"
std::string dicom_list_pointer(const std::string& list, std::size_t i);  // "dicom.matrix[3]"

// The DICOM observations when there is something to judge. Otherwise fills `o` and returns
// null: not applicable "not a dicom:// target" (ctx.dicom null), undecidable with the layer's
// own reason when it did not run.
const obs::DicomObservations* dicom_observed(const EvalContext& ctx, Outcome& o,
                                             const std::string& pointer);

// "TLSv1.3 0x1302 TLS_AES_256_GCM_SHA384" as negotiated; what was forced when no handshake
// finished ("TLSv1.2 (forced) 0xC08A TLS_…"); "no TLS" for a cleartext attempt.
std::string channel_label(const EvalContext& ctx, const obs::DicomChannel& c);
// The evidence of one association: AEs, port, channel (group, ALPN, client certificate, peer
// verification), implementation class UID and version name, C-ECHO status.
std::string association_evidence(const EvalContext& ctx, const obs::DicomAssociation& a);

// Whether the profile being judged allows a TLS channel, from its own data: a shall `version`
// requirement expecting the version rejected, or a shall `suites_allowed` / `suites_forbidden`
// requirement covering the version that the suite does not pass, excludes it. The same
// requirements at should/may level, or marked "interpretation", only discourage it: they can
// never make a shall DICOM requirement fail.
struct ChannelJudgement {
  enum class Kind { allowed, discouraged, excluded, unknown } kind = Kind::unknown;
  std::vector<std::string> excluded_by;     // requirement ids (shall)
  std::vector<std::string> discouraged_by;  // requirement ids (should/may/interpretation)
  std::string why;                          // kind unknown: why it cannot be told
  // ", which this profile does not allow (B12-TLS10-REJECTED)", ", which this profile
  // discourages (B12-NO-DHE)", "" when allowed, ", which cannot be judged: …" when unknown.
  std::string text() const;
};
// `version`: the report name ("TLSv1.2"); `suite`: nullopt when not known (a handshake that
// did not finish).
ChannelJudgement judge_channel(const EvalContext& ctx, const std::string& version,
                               std::optional<std::uint16_t> suite);
// The channel an association ran over (negotiated, else forced).
ChannelJudgement judge_channel(const EvalContext& ctx, const obs::DicomChannel& c);

}  // namespace medtls::profile
