#pragma once
// Owning pointers for the DCMTK objects of one association: each is released by DCMTK's own
// function when the pointer goes out of scope.
#include <memory>

#include "dcmtk/config/osconfig.h"  // must come first among DCMTK headers
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmnet/assoc.h"

namespace medtls::dicom {

struct NetworkDeleter {
  void operator()(T_ASC_Network* network) const { ASC_dropNetwork(&network); }
};
// ASC_dropNetwork leaves a transport layer set with takeoverOwnership 0 alone.
using NetworkPtr = std::unique_ptr<T_ASC_Network, NetworkDeleter>;

struct ParametersDeleter {
  void operator()(T_ASC_Parameters* params) const { ASC_destroyAssociationParameters(&params); }
};
// Only until ASC_requestAssociation: from then on the association owns its parameters.
using ParametersPtr = std::unique_ptr<T_ASC_Parameters, ParametersDeleter>;

struct AssociationDeleter {
  // Drops the connection (no release, no abort) and frees the parameters.
  void operator()(T_ASC_Association* association) const { ASC_destroyAssociation(&association); }
};
using AssociationPtr = std::unique_ptr<T_ASC_Association, AssociationDeleter>;

using DatasetPtr = std::unique_ptr<DcmDataset>;

}  // namespace medtls::dicom
