#include "filters/Rotations.h"

#include "util/Error.h"

#include <algorithm>

namespace rgw::filters {

std::vector<AxisRotation> rightAngleRotations(FilterDimensions dimensions) {
    const int axes = dimensions == FilterDimensions::Slice2D ? 2 : 3;
    std::array<int, 3> permutation{0, 1, 2};
    std::vector<AxisRotation> rotations;
    do {
        // Parity of the permutation: the number of inversions.
        int inversions = 0;
        for (int a = 0; a < axes; ++a)
            for (int b = a + 1; b < axes; ++b)
                inversions += permutation[static_cast<std::size_t>(a)] >
                              permutation[static_cast<std::size_t>(b)];
        for (int signs = 0; signs < (1 << axes); ++signs) {
            int flips = 0;
            AxisRotation r;
            r.source = permutation;
            for (int a = 0; a < axes; ++a) {
                r.flip[static_cast<std::size_t>(a)] = (signs >> a) & 1;
                flips += (signs >> a) & 1;
            }
            // det = sign(permutation) · Π signs = +1 for a proper rotation.
            if ((inversions + flips) % 2 == 0)
                rotations.push_back(r);
        }
    } while (std::next_permutation(permutation.begin(), permutation.begin() + axes));
    return rotations;
}

SeparableKernel rotate(const SeparableKernel& kernel, const AxisRotation& rotation) {
    SeparableKernel out;
    for (std::size_t a = 0; a < 3; ++a) {
        const auto& k = kernel.axes[static_cast<std::size_t>(rotation.source[a])];
        if (k)
            out.axes[a] = rotation.flip[a] ? k->flipped() : *k;
    }
    return out;
}

std::vector<std::vector<SeparableKernel>>
distinctRotations(const std::vector<SeparableKernel>& cascade, FilterDimensions dimensions) {
    std::vector<std::vector<SeparableKernel>> distinct;
    for (const AxisRotation& r : rightAngleRotations(dimensions)) {
        std::vector<SeparableKernel> rotated;
        rotated.reserve(cascade.size());
        for (const SeparableKernel& stage : cascade)
            rotated.push_back(rotate(stage, r));
        if (std::find(distinct.begin(), distinct.end(), rotated) == distinct.end())
            distinct.push_back(std::move(rotated));
    }
    return distinct;
}

void PooledResponse::add(const Field& response, double weight) {
    if (totalWeight_ == 0.0) {
        sum_ = response;
        if (pooling_ == Pooling::Average)
            for (double& v : sum_.values)
                v *= weight;
    } else if (pooling_ == Pooling::Max) {
        for (std::size_t v = 0; v < sum_.values.size(); ++v)
            sum_.values[v] = std::max(sum_.values[v], response.values[v]);
    } else {
        for (std::size_t v = 0; v < sum_.values.size(); ++v)
            sum_.values[v] += weight * response.values[v];
    }
    totalWeight_ += weight;
}

Field PooledResponse::result() const {
    if (totalWeight_ == 0.0)
        throw Error("filter pooling: no response to pool");
    Field out = sum_;
    if (pooling_ == Pooling::Average)
        for (double& v : out.values)
            v /= totalWeight_;
    return out;
}

} // namespace rgw::filters
