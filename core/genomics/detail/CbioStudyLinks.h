#pragma once

// The cross-file steps of reading a cBioPortal study (CbioPortalStudy.h):
// sample references checked against the clinical sample file, case lists
// and the gene panel matrix mapped onto the profiles' coverage.

#include "genomics/CbioMeta.h"
#include "genomics/GenomicRecords.h"

#include <string>
#include <vector>

namespace rgw::genomics::detail {

/// Checks every sample id of mutations, matrix columns and case lists
/// against data.samples: a MAF's long TCGA barcode is resolved to the
/// study's sample; an unknown id is a problem and its record (mutation,
/// matrix column, case-list entry) is not used.
void resolveSampleReferences(GenomicDataSet& data, std::vector<CaseList>& caseLists);

/// The case list that says which samples `profile` covers, or null (rules
/// in CbioPortalStudy.h).
const CaseList* caseListFor(const GenomicProfile& profile, const std::string& studyId,
                            const std::vector<CaseList>& caseLists);

/// Fills profiledSamples / allSamplesProfiled of every profile from its case
/// list, the gene panel matrix and (matrices) its sample columns.
void assignCoverage(GenomicDataSet& data, const std::vector<CaseList>& caseLists);

/// The unit of a profile's values: "z-score" (Z-SCORE), "GISTIC -2..2"
/// (discrete CNA), "beta" (methylation), "log2" (LOG2-VALUE), else what the
/// profile's name or description says ("TPM", "FPKM", "RPKM", "RSEM",
/// "log2(TPM)", ...), else "".
std::string unitOf(ProfileKind kind, const std::string& datatype, const std::string& name,
                   const std::string& description);

} // namespace rgw::genomics::detail
