#include "demo/DemoCohort.h"

#include "demo/DemoDicomWriter.h"
#include "demo/DemoPhantom.h"
#include "util/Error.h"

#include <cstdio>

namespace rgw::demo {

std::filesystem::path demoStudyFolder(const std::filesystem::path& outputFolder) {
    return outputFolder / "genomics";
}

DemoSummary writeCohort(const DemoOptions& options, const ProgressFn& progress,
                        const CancelToken* cancel) {
    if (options.outputFolder.empty())
        throw Error("demo cohort: no output folder given");
    if (options.patients < 1 || options.patients > 999)
        throw Error("demo cohort: the number of patients must be 1 .. 999, got " +
                    std::to_string(options.patients));

    DemoSummary summary;
    std::vector<DemoStudyPatient> studyPatients;
    const auto total = static_cast<std::size_t>(options.patients);
    for (int p = 1; p <= options.patients; ++p) {
        if (cancel && cancel->isCancelled())
            break; // patients already written stay complete
        const DemoPatientPhantom phantom = makePatientPhantom(options.seed, p);
        const std::int64_t slices = phantom.ctHu.geometry.size[2];
        const DemoUids uids = makeDemoUids(options.seed, p, slices);
        if (progress)
            progress(static_cast<std::size_t>(p - 1), total, phantom.demographics.patientId);

        const auto patientFolder = options.outputFolder / phantom.demographics.patientId;
        std::error_code ec;
        for (const char* sub : {"CT", "RTSTRUCT"}) {
            std::filesystem::create_directories(patientFolder / sub, ec);
            if (ec)
                throw Error("demo cohort: cannot create folder " + (patientFolder / sub).string() +
                            ": " + ec.message());
        }
        for (std::int64_t k = 0; k < slices; ++k) {
            char name[32];
            std::snprintf(name, sizeof name, "CT_%03d.dcm", static_cast<int>(k + 1));
            writeCtSlice(phantom, uids, k, patientFolder / "CT" / name);
            ++summary.filesWritten;
        }
        writeStructureSet(phantom, uids, patientFolder / "RTSTRUCT" / "RS.dcm");
        ++summary.filesWritten;

        DemoPatient patient;
        patient.patientId = phantom.demographics.patientId;
        patient.studyInstanceUid = uids.studyInstanceUid;
        patient.ctSeriesInstanceUid = uids.ctSeriesInstanceUid;
        patient.rtStructSopInstanceUid = uids.rtSopInstanceUid;
        for (const auto& lesion : phantom.lesions)
            patient.roiNames.push_back(lesion.roiName);
        summary.patients.push_back(std::move(patient));
        studyPatients.push_back(studyPatientOf(phantom, p));
    }
    if (!studyPatients.empty()) {
        if (progress)
            progress(summary.patients.size(), total, "genomic study");
        summary.genomics =
            writeGenomicStudy(demoStudyFolder(options.outputFolder), options.seed, studyPatients);
        summary.filesWritten += summary.genomics.filesWritten;
    }
    if (progress)
        progress(summary.patients.size(), total, "done");
    return summary;
}

} // namespace rgw::demo
