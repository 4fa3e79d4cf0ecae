#include "association/MapClustering.h"

#include <cmath>

namespace rgw::association {

namespace {

/// Clusters the rows of `r` that have a value; fills order, tree and members.
void clusterRowsWithValues(const Eigen::MatrixXd& r, Linkage linkage,
                           std::vector<Eigen::Index>& order, std::optional<Dendrogram>& tree,
                           std::vector<Eigen::Index>& members) {
    std::vector<Eigen::Index> empty;
    for (Eigen::Index i = 0; i < r.rows(); ++i) {
        const bool any = (r.row(i).array() == r.row(i).array()).any(); // not all NaN
        (any ? members : empty).push_back(i);
    }
    if (members.size() >= 2) {
        Eigen::MatrixXd rows(static_cast<Eigen::Index>(members.size()), r.cols());
        for (std::size_t k = 0; k < members.size(); ++k)
            rows.row(static_cast<Eigen::Index>(k)) = r.row(members[k]);
        tree = clusterRows(rows, Dissimilarity::Euclidean, linkage);
        for (const Eigen::Index leaf : tree->order)
            order.push_back(members[static_cast<std::size_t>(leaf)]);
    } else {
        order = members;
    }
    order.insert(order.end(), empty.begin(), empty.end());
}

} // namespace

MapClustering clusterCorrelationMap(const CorrelationMap& map, Linkage linkage) {
    MapClustering out;
    out.linkage = linkage;
    clusterRowsWithValues(map.r, linkage, out.featureOrder, out.featureTree, out.clusteredFeatures);
    const Eigen::MatrixXd columns = map.r.transpose();
    clusterRowsWithValues(columns, linkage, out.molecularOrder, out.molecularTree,
                          out.clusteredMolecular);
    return out;
}

} // namespace rgw::association
