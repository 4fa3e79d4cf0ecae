#pragma once

#include "io/dicom/DicomHeader.h"

#include <string_view>

namespace rgw::dicom::detail {

/// The kind of object a SOP Class UID stores (PS3.4 Annex B storage classes).
ObjectKind objectKindOf(std::string_view sopClassUid);

} // namespace rgw::dicom::detail
