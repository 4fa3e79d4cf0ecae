#include "io/dicom/DicomHeader.h"

namespace rgw::dicom {

const char* toString(ObjectKind kind) {
    switch (kind) {
    case ObjectKind::Image:
        return "image";
    case ObjectKind::RtStruct:
        return "RTSTRUCT";
    case ObjectKind::Segmentation:
        return "SEG";
    case ObjectKind::StructuredReport:
        return "SR";
    case ObjectKind::Other:
        return "other";
    }
    return "unknown";
}

} // namespace rgw::dicom
