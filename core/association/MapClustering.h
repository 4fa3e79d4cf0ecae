#pragma once

// The order of a correlation map's rows and columns for its clustered
// heatmap and its CSV: features clustered by their correlation profiles
// across the molecular values, and molecular values by theirs across the
// features.

#include "association/Clustering.h"
#include "association/CorrelationMap.h"

#include <Eigen/Core>
#include <optional>
#include <vector>

namespace rgw::association {

struct MapClustering {
    Linkage linkage = Linkage::Average;
    /// Every feature (row of the map) once, left to right: the clustered
    /// features in dendrogram order, then those without any tested pair in
    /// their input order.
    std::vector<Eigen::Index> featureOrder;
    std::vector<Eigen::Index> molecularOrder; ///< the same for the molecular values
    /// The trees over the clustered rows / columns; their leaf numbers index
    /// clusteredFeatures / clusteredMolecular. Absent with fewer than two.
    std::optional<Dendrogram> featureTree, molecularTree;
    std::vector<Eigen::Index> clusteredFeatures, clusteredMolecular;
};

/// Clusters the rows and the columns of map.r with `linkage` on Euclidean
/// distances between correlation profiles (R's dist(): a pair not tested is
/// left out of the sum and the rest scaled up, never read as r = 0). Rows or
/// columns without any tested pair are not clustered and go last. Throws
/// rgw::Error (from rowDissimilarities) naming two profiles that share no
/// tested pair.
MapClustering clusterCorrelationMap(const CorrelationMap& map, Linkage linkage);

} // namespace rgw::association
