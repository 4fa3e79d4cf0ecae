#include "SourceObjects.h"

#include "io/dicom/RtStruct.h"
#include "io/dicom/Seg.h"

#include <algorithm>

namespace rgw::storage::detail {

bool isSourceObject(const dicom::InstanceHeader& h) {
    return h.kind == dicom::ObjectKind::RtStruct || h.kind == dicom::ObjectKind::Segmentation;
}

SourceObject readSourceObject(const dicom::InstanceHeader& h) {
    SourceObject object;
    if (h.kind == dicom::ObjectKind::RtStruct) {
        const dicom::RtStructSet set = dicom::readRtStruct(h.file);
        object.source = SegmentationSource::RtStruct;
        object.referencedSeriesInstanceUid = set.referencedSeriesInstanceUid;
        for (const dicom::RtRoi& roi : set.rois) {
            object.rois.push_back({roi.roiNumber, roi.roiName, roi.displayColor});
            object.notes.insert(object.notes.end(), roi.skippedContours.begin(),
                                roi.skippedContours.end());
            if (object.contourImageSopInstanceUids.empty())
                object.contourImageSopInstanceUids = roi.contourImageSopInstanceUids;
        }
    } else if (h.kind == dicom::ObjectKind::Segmentation) {
        const dicom::Segmentation seg = dicom::readSegmentation(h.file);
        object.source = SegmentationSource::Seg;
        object.referencedSeriesInstanceUid = seg.referencedSeriesInstanceUid;
        for (const dicom::SegSegment& segment : seg.segments)
            object.rois.push_back(
                {segment.segmentNumber, segment.segmentLabel,
                 segment.hasDisplayColor ? std::optional(segment.displayColor) : std::nullopt});
    }
    return object;
}

SourceObjectPrefetch::SourceObjectPrefetch(std::vector<const dicom::InstanceHeader*> objects)
    : objects_(std::move(objects)), slots_(objects_.size()) {
    for (std::size_t i = 0; i < objects_.size(); ++i)
        index_.emplace(objects_[i]->sopInstanceUid, i);
    const std::size_t workers =
        std::min<std::size_t>(objects_.size(), std::max(1u, std::thread::hardware_concurrency()));
    for (std::size_t w = 0; w < workers; ++w)
        threads_.emplace_back([this] { work(); });
}

SourceObjectPrefetch::~SourceObjectPrefetch() {
    {
        std::lock_guard lock(mutex_);
        next_ = objects_.size(); // unread objects are not needed any more
    }
    for (auto& thread : threads_)
        thread.join();
}

void SourceObjectPrefetch::work() {
    for (;;) {
        std::size_t i = 0;
        {
            std::lock_guard lock(mutex_);
            if (next_ >= objects_.size())
                return;
            i = next_++;
        }
        Slot result;
        try {
            result.object = readSourceObject(*objects_[i]);
        } catch (...) {
            result.error = std::current_exception();
        }
        result.done = true;
        {
            std::lock_guard lock(mutex_);
            slots_[i] = std::move(result);
        }
        ready_.notify_all();
    }
}

SourceObject SourceObjectPrefetch::get(const dicom::InstanceHeader& h) {
    const auto it = index_.find(h.sopInstanceUid);
    if (it == index_.end() || objects_[it->second]->file != h.file)
        return readSourceObject(h);
    std::unique_lock lock(mutex_);
    Slot& slot = slots_[it->second];
    if (!slot.done && it->second >= next_) {
        // Not started (the destructor may have stopped the queue): read here.
        lock.unlock();
        return readSourceObject(h);
    }
    ready_.wait(lock, [&] { return slot.done; });
    if (slot.error)
        std::rethrow_exception(slot.error);
    return *slot.object;
}

} // namespace rgw::storage::detail
