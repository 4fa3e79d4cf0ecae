#include "filters/RieszSteering.h"

#include "filters/IntegerMath.h"

#include <Eigen/Eigenvalues>
#include <cmath>

namespace rgw::filters {
namespace {

double multiIndexFactorial(const std::array<int, 3>& m) {
    return factorial(m[0]) * factorial(m[1]) * factorial(m[2]);
}

/// Coefficient of ν^remaining in Π_{a ≥ axis} (frame[a]·ν)^l_a: (f·ν)^n expands to
/// Σ_{|k| = n} n!/k! f^k ν^k, so each frame axis takes a multi-index k_a of |k_a| = l_a
/// out of what is left of the monomial.
double coefficient(const RieszOrder& l, const LocalFrame& frame, std::size_t axis,
                   const std::array<int, 3>& remaining) {
    if (axis == 3)
        return remaining[0] == 0 && remaining[1] == 0 && remaining[2] == 0 ? 1.0 : 0.0;
    const int n = l.l[axis];
    const auto& f = frame[axis];
    double sum = 0.0;
    for (int k0 = 0; k0 <= std::min(n, remaining[0]); ++k0)
        for (int k1 = 0; k0 + k1 <= n && k1 <= remaining[1]; ++k1) {
            const int k2 = n - k0 - k1;
            if (k2 > remaining[2])
                continue;
            const std::array<int, 3> k{k0, k1, k2};
            const double term = factorial(n) / multiIndexFactorial(k) * integerPower(f[0], k0) *
                                integerPower(f[1], k1) * integerPower(f[2], k2);
            if (term == 0.0)
                continue;
            sum += term * coefficient(l, frame, axis + 1,
                                      {remaining[0] - k0, remaining[1] - k1, remaining[2] - k2});
        }
    return sum;
}

} // namespace

LocalFrame axisFrame() {
    return {{{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {0.0, 0.0, 1.0}}};
}

std::vector<RieszOrder> rieszComponents(int total, FilterRank rank) {
    std::vector<RieszOrder> out;
    for (int l1 = total; l1 >= 0; --l1)
        for (int l2 = total - l1; l2 >= 0; --l2) {
            const int l3 = total - l1 - l2;
            if (rank == FilterRank::Slice2D && l3 != 0)
                continue;
            RieszOrder m;
            m.l = {l1, l2, l3};
            out.push_back(m);
        }
    return out;
}

double steeringWeight(const RieszOrder& inFrame, const LocalFrame& frame,
                      const RieszOrder& component) {
    return std::sqrt(multiIndexFactorial(component.l) / multiIndexFactorial(inFrame.l)) *
           coefficient(inFrame, frame, 0, component.l);
}

LocalFrame alignedFrame(const StructureTensor& tensor, const std::array<double, 3>& gradient,
                        FilterRank rank) {
    LocalFrame frame = axisFrame();
    if (rank == FilterRank::Slice2D) {
        const double theta = 0.5 * std::atan2(2.0 * tensor[1], tensor[0] - tensor[3]);
        frame[0] = {std::cos(theta), std::sin(theta), 0.0};
        frame[1] = {-frame[0][1], frame[0][0], 0.0};
    } else {
        Eigen::Matrix3d j;
        j << tensor[0], tensor[1], tensor[2], tensor[1], tensor[3], tensor[4], tensor[2], tensor[4],
            tensor[5];
        if (j.cwiseAbs().maxCoeff() > 0.0) {
            const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eigen(j);
            // Eigen sorts eigenvalues ascending: e1 is the last column.
            for (std::size_t a = 0; a < 3; ++a) {
                const Eigen::Vector3d e =
                    eigen.eigenvectors().col(2 - static_cast<Eigen::Index>(a));
                frame[a] = {e[0], e[1], e[2]};
            }
        }
    }
    const double along =
        frame[0][0] * gradient[0] + frame[0][1] * gradient[1] + frame[0][2] * gradient[2];
    if (along < 0.0) {
        for (double& c : frame[0])
            c = -c;
        if (rank == FilterRank::Slice2D) // keep the 2D frame right-handed
            for (double& c : frame[1])
                c = -c;
    }
    return frame;
}

} // namespace rgw::filters
