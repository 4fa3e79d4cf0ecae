#pragma once

// cBioPortal's gene panel matrix (data_gene_panel_matrix.txt; meta
// genetic_alteration_type GENE_PANEL_MATRIX): which panel profiled each
// sample in each profile.
//   SAMPLE_ID<TAB>mutations<TAB>gistic
//   S1<TAB>IMPACT410<TAB>IMPACT410
//   S3<TAB>NA<TAB>NA          (not profiled in that profile)

#include "genomics/GenomicRecords.h"

#include <filesystem>
#include <set>
#include <string>

namespace rgw::genomics {

/// Appends one SamplePanel per cell (panel id "" for NA) to out.samplePanels.
/// When `knownSamples` is given, a sample not in it is a problem and its row
/// is not used. A bad row (ragged, not UTF-8, empty or repeated sample id) is
/// one problem and is not used; no SAMPLE_ID column or an unreadable file is
/// one problem, nothing is appended and this returns false.
bool readGenePanelMatrix(const std::filesystem::path& file,
                         const std::set<std::string>* knownSamples, GenomicDataSet& out);

} // namespace rgw::genomics
