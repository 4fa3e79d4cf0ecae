#include "io/dicom/DicomScanner.h"

#include "io/dicom/detail/Attributes.h"
#include "io/dicom/detail/Nesting.h"
#include "io/dicom/detail/SopClass.h"
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <fstream>
#include <mutex>
#include <set>

namespace fs = std::filesystem;

namespace rgw::dicom {
namespace {

using detail::getDoubles;
using detail::getInt;
using detail::getString;

bool iequals(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
           });
}

bool isDicomDirName(const fs::path& p) {
    return iequals(p.filename().string(), "DICOMDIR");
}

// DICOMDIR file IDs are upper case (PS3.10 8.2) but media copied to a
// case-sensitive file system may not be: resolve each component leniently.
fs::path resolveCaseInsensitive(const fs::path& base, const std::vector<std::string>& components) {
    fs::path current = base;
    for (const auto& component : components) {
        fs::path exact = current / component;
        std::error_code ec;
        if (fs::exists(exact, ec)) {
            current = exact;
            continue;
        }
        fs::path found;
        for (fs::directory_iterator it(current, ec), end; !ec && it != end; it.increment(ec))
            if (iequals(it->path().filename().string(), component)) {
                found = it->path();
                break;
            }
        current = found.empty() ? exact : found;
    }
    return current;
}

// Files a DICOMDIR references (Referenced File ID (0004,1500) of every
// directory record); nullopt when the DICOMDIR cannot be read.
std::optional<std::vector<fs::path>> dicomDirFiles(const fs::path& dicomDir) {
    DcmFileFormat ff;
    if (detail::sequenceDepth(dicomDir) > detail::kMaxSequenceDepth ||
        ff.loadFile(dicomDir.string().c_str()).bad())
        return std::nullopt;
    DcmDataset* ds = ff.getDataset();
    std::vector<fs::path> files;
    for (unsigned long i = 0;; ++i) {
        DcmItem* record = detail::itemAt(*ds, DCM_DirectoryRecordSequence, i);
        if (!record)
            break;
        DcmElement* id = nullptr;
        if (record->findAndGetElement(DCM_ReferencedFileID, id).bad() || !id)
            continue;
        std::vector<std::string> components;
        for (unsigned long v = 0; v < id->getVM(); ++v) {
            OFString c;
            if (id->getOFString(c, v).good() && !c.empty())
                components.emplace_back(c.c_str());
        }
        if (!components.empty())
            files.push_back(resolveCaseInsensitive(dicomDir.parent_path(), components));
    }
    return files;
}

void addFile(const fs::path& file, std::set<fs::path>& out) {
    if (isDicomDirName(file)) {
        if (auto referenced = dicomDirFiles(file)) {
            out.insert(referenced->begin(), referenced->end());
            return;
        }
    }
    out.insert(file); // an unreadable DICOMDIR is listed and skipped with its reason
}

enum class Preamble { Part10, RawDataset, NotDicom };

// Cheap check before handing the file to DCMTK: a Part 10 file has "DICM" at
// byte 128; a bare dataset (no preamble) starts with a low group number.
Preamble sniff(const fs::path& file, std::uintmax_t size) {
    std::array<unsigned char, 132> head{};
    std::ifstream in(file, std::ios::binary);
    const auto n = static_cast<std::size_t>(
        in.read(reinterpret_cast<char*>(head.data()), head.size()).gcount());
    if (n == head.size() && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' &&
        head[131] == 'M')
        return Preamble::Part10;
    if (n < 8 || size < 8)
        return Preamble::NotDicom;
    const unsigned groupLe = head[0] | (head[1] << 8);
    const unsigned groupBe = (head[0] << 8) | head[1];
    const auto plausible = [](unsigned g) { return g == 0x0000 || g == 0x0002 || g == 0x0008; };
    return plausible(groupLe) || plausible(groupBe) ? Preamble::RawDataset : Preamble::NotDicom;
}

std::int64_t modifiedSeconds(const fs::path& file) {
    std::error_code ec;
    const auto t = fs::last_write_time(file, ec);
    if (ec)
        return 0;
    const auto sys = std::chrono::file_clock::to_sys(t);
    return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

// Reads the header into `h`; returns the reason the file is unusable, or "".
std::string readHeader(const fs::path& file, InstanceHeader& h) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return fs::exists(file, ec) ? "not a regular file" : "file not found";
    h.file = file;
    h.fileSize = fs::file_size(file, ec);
    if (ec)
        return "cannot read file";
    h.fileModified = modifiedSeconds(file);

    const Preamble preamble = sniff(file, h.fileSize);
    if (preamble == Preamble::NotDicom)
        return "not DICOM";

    // Values longer than DCM_MaxReadLength (pixel data) are not read, only
    // skipped: the header costs one pass over the tags, and an element longer
    // than the rest of the file still shows up as a truncated file.
    if (detail::sequenceDepth(file) > detail::kMaxSequenceDepth)
        return "sequences nested more than " + std::to_string(detail::kMaxSequenceDepth) +
               " deep (not a DICOM object this workstation reads)";
    DcmFileFormat ff;
    const OFCondition status = ff.loadFile(file.string().c_str(), EXS_Unknown, EGL_noChange,
                                           DCM_MaxReadLength, ERM_autoDetect);
    if (status.bad()) {
        if (preamble == Preamble::RawDataset)
            return "not DICOM";
        // DCMTK reports an element longer than the rest of the file as an
        // invalid stream ("premature end of stream").
        if (status == EC_InvalidStream || status == EC_StreamNotifyClient ||
            status == EC_EndOfStream || status == EC_PrematureSequDelimitationItem)
            return "truncated";
        return std::string("unreadable (") + status.text() + ")";
    }
    DcmDataset& ds = *ff.getDataset();
    DcmMetaInfo& meta = *ff.getMetaInfo();

    h.transferSyntaxUid = getString(meta, DCM_TransferSyntaxUID);
    if (h.transferSyntaxUid.empty())
        h.transferSyntaxUid = DcmXfer(ds.getOriginalXfer()).getXferID();

    h.sopClassUid = getString(ds, DCM_SOPClassUID);
    if (h.sopClassUid.empty())
        h.sopClassUid = getString(meta, DCM_MediaStorageSOPClassUID);
    if (h.sopClassUid == UID_MediaStorageDirectoryStorage)
        return "DICOMDIR (a directory, not an instance)";
    if (h.sopClassUid.empty())
        return "no SOP Class UID";
    h.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
    if (h.sopInstanceUid.empty())
        return "no SOP Instance UID";
    h.kind = detail::objectKindOf(h.sopClassUid);

    h.patientId = getString(ds, DCM_PatientID);
    h.patientName = getString(ds, DCM_PatientName);
    h.patientBirthDate = getString(ds, DCM_PatientBirthDate);
    h.patientSex = getString(ds, DCM_PatientSex);

    h.studyInstanceUid = getString(ds, DCM_StudyInstanceUID);
    if (h.studyInstanceUid.empty())
        return "no Study Instance UID";
    h.studyDate = getString(ds, DCM_StudyDate);
    h.studyTime = getString(ds, DCM_StudyTime);
    h.studyDescription = getString(ds, DCM_StudyDescription);
    h.accessionNumber = getString(ds, DCM_AccessionNumber);

    h.seriesInstanceUid = getString(ds, DCM_SeriesInstanceUID);
    if (h.seriesInstanceUid.empty())
        return "no Series Instance UID";
    h.modality = getString(ds, DCM_Modality);
    h.seriesDescription = getString(ds, DCM_SeriesDescription);
    h.seriesNumber = getInt(ds, DCM_SeriesNumber);
    h.frameOfReferenceUid = getString(ds, DCM_FrameOfReferenceUID);

    h.instanceNumber = getInt(ds, DCM_InstanceNumber);
    h.rows = getInt(ds, DCM_Rows).value_or(0);
    h.columns = getInt(ds, DCM_Columns).value_or(0);
    h.numberOfFrames = std::max(1, getInt(ds, DCM_NumberOfFrames).value_or(1));
    // An image without pixels cannot be a slice of anything: indexing it
    // would only fail later, far from the file.
    if (h.kind == ObjectKind::Image && (h.rows <= 0 || h.columns <= 0))
        return "image without pixels (Rows (0028,0010) " + std::to_string(h.rows) +
               ", Columns (0028,0011) " + std::to_string(h.columns) + ")";
    if (auto ipp = getDoubles(ds, DCM_ImagePositionPatient); ipp.size() == 3)
        h.imagePositionPatient = std::move(ipp);
    if (auto iop = getDoubles(ds, DCM_ImageOrientationPatient); iop.size() == 6)
        h.imageOrientationPatient = std::move(iop);
    return {};
}

} // namespace

std::vector<fs::path> collectFiles(const std::vector<fs::path>& roots) {
    std::set<fs::path> files;
    for (const auto& root : roots) {
        std::error_code ec;
        if (fs::is_directory(root, ec)) {
            for (fs::recursive_directory_iterator
                     it(root, fs::directory_options::skip_permission_denied, ec),
                 end;
                 !ec && it != end; it.increment(ec))
                if (it->is_regular_file(ec))
                    addFile(it->path(), files);
        } else {
            addFile(root, files); // missing files are reported by the scan
        }
    }
    return {files.begin(), files.end()};
}

InstanceHeader readInstanceHeader(const fs::path& file) {
    InstanceHeader h;
    if (std::string reason = readHeader(file, h); !reason.empty())
        throw Error(file.string() + ": " + reason);
    return h;
}

ScanResult scan(const std::vector<fs::path>& roots, const ProgressFn& progress,
                const CancelToken* cancel) {
    const std::vector<fs::path> files = collectFiles(roots);
    struct Outcome {
        InstanceHeader header;
        std::string reason;
        bool done = false;
    };
    std::vector<Outcome> outcomes(files.size());
    std::atomic<std::size_t> done{0};
    std::mutex progressMutex;
    const std::size_t total = files.size();

    parallelFor(
        files.size(), ioWorkerCount(files.size()),
        [&](std::size_t i) {
            Outcome& o = outcomes[i];
            try {
                o.reason = readHeader(files[i], o.header);
            } catch (const std::exception& e) { // DCMTK or allocation failure: skip, never throw
                o.reason = std::string("unreadable (") + e.what() + ")";
            }
            o.done = true;
            const std::size_t n = done.fetch_add(1) + 1;
            if (progress && (n % 64 == 0 || n == total)) {
                std::lock_guard lock(progressMutex);
                progress(n, total, files[i].string());
            }
        },
        [&] { return cancel && cancel->isCancelled(); });

    ScanResult result;
    result.cancelled = cancel && cancel->isCancelled() && done.load() < total;
    for (std::size_t i = 0; i < files.size(); ++i) {
        Outcome& o = outcomes[i];
        if (!o.done)
            continue;
        ++result.filesScanned;
        if (o.reason.empty())
            result.instances.push_back(std::move(o.header));
        else
            result.skipped.push_back({files[i], std::move(o.reason)});
    }
    return result;
}

} // namespace rgw::dicom
