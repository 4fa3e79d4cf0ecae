#pragma once

// Checks of a genomic data set before anything is written: which records the
// import can store and, for the others, the problem that leaves them out.

#include "genomics/GenomicRecords.h"

#include <cstddef>
#include <vector>

namespace rgw::storage::detail {

/// One flag per record of each list of the data set: true = store it.
struct RecordSelection {
    std::vector<bool> patients, samples, attributes, values, profiles, panels, samplePanels,
        mutations, matrices, genotypes, calls;
};

/// Flags every record that cannot be stored (empty ids, a profile that is
/// not in the data set, a matrix of the wrong size or kind, a value outside
/// its column's range, a record given twice in contradiction, ...) and
/// appends one problem for each to `problems`. Needs no database.
RecordSelection checkDataSet(const genomics::GenomicDataSet& data,
                             std::vector<genomics::InputProblem>& problems);

} // namespace rgw::storage::detail
