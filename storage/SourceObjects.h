#pragma once

#include "Rows.h"
#include "io/dicom/DicomHeader.h"

#include <array>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace rgw::storage::detail {

/// One ROI (RTSTRUCT) or segment (SEG) of a segmentation object.
struct SourceRoi {
    int number = 0;
    std::string name;
    std::optional<std::array<int, 3>> color;
};

/// What the import needs from an RTSTRUCT / SEG file (no database access).
struct SourceObject {
    SegmentationSource source = SegmentationSource::RtStruct;
    std::string referencedSeriesInstanceUid;
    /// Contour image SOP Instance UIDs, to find the image series of an
    /// RTSTRUCT that lacks a Referenced Frame of Reference Sequence.
    std::vector<std::string> contourImageSopInstanceUids;
    std::vector<SourceRoi> rois;
    /// What the object holds but a segmentation leaves out, e.g. RTSTRUCT
    /// contours of fewer than 3 points (one message each, naming ROI and contour).
    std::vector<std::string> notes;
};

bool isSourceObject(const dicom::InstanceHeader& header);

/// Reads the ROIs of an RTSTRUCT / SEG instance. Throws rgw::Error naming the file.
SourceObject readSourceObject(const dicom::InstanceHeader& header);

/// Reads source objects on worker threads while the import writes other
/// series (parsing contours dominates the import of RTSTRUCTs). Files only:
/// all database work stays on the caller's thread.
class SourceObjectPrefetch {
public:
    explicit SourceObjectPrefetch(std::vector<const dicom::InstanceHeader*> objects);
    ~SourceObjectPrefetch();
    SourceObjectPrefetch(const SourceObjectPrefetch&) = delete;
    SourceObjectPrefetch& operator=(const SourceObjectPrefetch&) = delete;

    /// The object of `header`: waits for its prefetch (rethrowing its read
    /// error), or reads it now when it was not prefetched.
    SourceObject get(const dicom::InstanceHeader& header);

private:
    struct Slot {
        std::optional<SourceObject> object;
        std::exception_ptr error;
        bool done = false;
    };
    void work();

    std::vector<const dicom::InstanceHeader*> objects_;
    std::unordered_map<std::string, std::size_t> index_; ///< SOP Instance UID -> slot
    std::vector<Slot> slots_;
    std::size_t next_ = 0;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::vector<std::thread> threads_;
};

} // namespace rgw::storage::detail
