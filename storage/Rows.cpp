#include "Rows.h"

#include "util/Error.h"

#include <string>

namespace rgw::storage {

const char* toString(SegmentationSource source) {
    switch (source) {
    case SegmentationSource::RtStruct:
        return "RTSTRUCT";
    case SegmentationSource::Seg:
        return "SEG";
    case SegmentationSource::Nifti:
        return "NIFTI";
    case SegmentationSource::Manual:
        return "MANUAL";
    }
    return "MANUAL";
}

SegmentationSource segmentationSourceFromString(std::string_view text) {
    for (auto source : {SegmentationSource::RtStruct, SegmentationSource::Seg,
                        SegmentationSource::Nifti, SegmentationSource::Manual})
        if (text == toString(source))
            return source;
    throw Error("unknown segmentation source '" + std::string(text) + "'");
}

const char* toString(ImportStatus status) {
    switch (status) {
    case ImportStatus::Running:
        return "running";
    case ImportStatus::Completed:
        return "completed";
    case ImportStatus::Cancelled:
        return "cancelled";
    case ImportStatus::Failed:
        return "failed";
    }
    return "failed";
}

} // namespace rgw::storage
