#include "io/dicom/detail/SopClass.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <string>

namespace rgw::dicom::detail {

ObjectKind objectKindOf(std::string_view sopClassUid) {
    const std::string uid(sopClassUid);
    if (uid == UID_RTStructureSetStorage)
        return ObjectKind::RtStruct;
    if (uid == UID_SegmentationStorage)
        return ObjectKind::Segmentation;
    // Every SR storage class (and Key Object Selection, an SR document) lives
    // under 1.2.840.10008.5.1.4.1.1.88.
    if (uid.rfind("1.2.840.10008.5.1.4.1.1.88.", 0) == 0)
        return ObjectKind::StructuredReport;
    if (dcmIsImageStorageSOPClassUID(uid.c_str()))
        return ObjectKind::Image;
    return ObjectKind::Other;
}

} // namespace rgw::dicom::detail
