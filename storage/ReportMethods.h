#pragma once

// The methods chapter of the study report (issue #15 §1), written from the
// database's provenance so that it always matches what was run: image
// acquisition from the DICOM headers of the stored instances, the
// segmentations and radiomics parameter sets of the cohort's feature
// extractions, the protocol of every model trained on the cohort, and the
// software versions.

#include "Database.h"
#include "NamedCohorts.h"
#include "io/dicom/AcquisitionSummary.h"
#include "report/ReportDocument.h"

#include <string>
#include <vector>

namespace rgw::storage {

/// One image series of the cohort's included patients with its
/// representative header (the first instance by Instance Number).
struct CohortSeriesHeader {
    std::string patientId;
    std::string seriesInstanceUid;
    std::string file; ///< the instance read ("" when the series has none)
    dicom::AcquisitionHeader header;
    /// Why the header could not be read (missing or unreadable file); the
    /// header then holds the stored Modality only.
    std::string problem;
};

/// Every image series of `cohort`'s included patients, each with one header
/// read from its stored file. Never throws for a missing or unreadable file:
/// the series keeps its stored Modality and `problem` says why.
std::vector<CohortSeriesHeader> cohortSeriesHeaders(Database& db, const CohortRow& cohort);

/// Appends the level-1 section anchors::kMethods with its level-2
/// subsections kAcquisition (the acquisition table kAcquisitionTable and a
/// sentence), kSegmentation, kRadiomics (per parameter set a definition
/// list in IBSI terms with its SHA-256), kAnalysis (per model trained on
/// NAME@VERSION its protocol, modelProtocol) and kSoftware.
void appendMethods(Database& db, const CohortRow& cohort, report::Document& doc);

} // namespace rgw::storage
