#pragma once

// Tumour habitats: sub-regions of an ROI found by clustering its voxels on
// the standardised intensities of one or more co-registered series (e.g. CT +
// PET, T1c + FLAIR; HabitatFeatures.h), by k-means or by a Gaussian mixture
// (stats/KMeans.h, stats/GaussianMixture.h), seeded. Each habitat is a mask on
// the ROI's grid, usable like any ROI; the fractions of the ROI they cover are
// per-patient features.
//
// Number of habitats: given, or chosen over [kMin, kMax] —
//  - Gaussian mixture: the highest BIC (mclust's 2 logL − p log n), as mclust
//    chooses; kMin may be 1 (a homogeneous tumour);
//  - k-means: the highest mean silhouette width (Rousseeuw 1987) of the
//    k-means clustering, on one seeded subsample of at most
//    `silhouetteSample` clustered voxels (the same subsample for every k;
//    O(m²) so the full ROI is not used); kMin ≥ 2 (the silhouette needs two
//    clusters).
// Ties go to the smaller k.
//
// Habitat order: clusters are sorted by their centre in standardised units,
// first series ascending, then the next series on ties, so habitat 1 is the
// lowest-intensity one of the first series whatever permutation of labels a
// seed produced.

#include "image/LabelMap.h"
#include "segmentation/HabitatFeatures.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rgw::segmentation {

enum class HabitatMethod { KMeans, GaussianMixture };

/// "kmeans" or "gmm".
const char* toString(HabitatMethod method);
/// Parses "kmeans" / "gmm" (also "k-means", "gaussian-mixture"); rgw::Error otherwise.
HabitatMethod habitatMethodFromString(const std::string& text);

struct HabitatOptions {
    HabitatMethod method = HabitatMethod::KMeans;
    int k = 0;    ///< habitats; 0 = choose in [kMin, kMax] (see above)
    int kMin = 2; ///< smallest k tried when choosing (GMM: >= 1, k-means: >= 2)
    int kMax = 6; ///< largest k tried when choosing
    std::uint64_t seed = 1;
    int restarts = 10;       ///< k-means++ starts (also for the k-means start of EM)
    int maxIterations = 100; ///< Lloyd passes per start
    int emMaxIterations = 10000;
    double emTolerance = 1e-5; ///< mclust's default
    double ridge = 1e-6;       ///< added to GMM covariances (stats/GaussianMixture.h)
    std::size_t silhouetteSample = 2000;
    unsigned threads = 0; ///< 0 = all cores; results never depend on it
};

struct Habitat {
    int label = 0;                          ///< 1 .. k, in the habitat order
    Mask mask;                              ///< on the ROI's grid
    std::size_t voxels = 0;                 ///< voxels in the habitat
    double fraction = 0;                    ///< voxels / clustered voxels of the ROI
    std::vector<double> centre;             ///< per series, original units (mean + sd · z)
    std::vector<double> standardisedCentre; ///< per series, z units
};

/// How habitats were made, for storage and reports.
struct HabitatProvenance {
    HabitatMethod method = HabitatMethod::KMeans;
    int k = 0;
    std::uint64_t seed = 0;
    int restarts = 0;
    double ridge = 0;                                    ///< GMM only
    std::vector<std::string> series;                     ///< names, in feature order
    std::vector<double> seriesMean;                      ///< standardisation, per series
    std::vector<double> seriesSd;                        ///< standardisation, per series
    std::vector<bool> seriesResampled;                   ///< sampled from another grid
    std::string criterion;                               ///< "given", "silhouette" or "bic"
    std::vector<std::pair<int, double>> criterionValues; ///< (k, value), NaN where a fit failed
    double withinSs = 0;      ///< k-means: total within-cluster SS (z units)
    double logLikelihood = 0; ///< GMM
    double bic = 0;           ///< GMM
    int iterations = 0;       ///< Lloyd passes or EM iterations of the kept fit
    bool converged = false;
    std::size_t roiVoxels = 0;
    std::size_t clusteredVoxels = 0;
    std::size_t excludedVoxels = 0; ///< ROI voxels without a value in some series (label 0)
};

struct HabitatResult {
    std::vector<Habitat> habitats; ///< in label order
    LabelMap labels;               ///< ROI grid: habitat label, 0 outside or excluded
    HabitatProvenance provenance;
};

/// Clusters the ROI's voxels into habitats. Throws rgw::Error for bad
/// options (k or the range out of bounds, k above the voxels available) and
/// for what habitatFeatures() rejects; checks the clustering's memory (voxels
/// × series, voxels × k responsibilities, the k masks) against the budget
/// before allocating. Same inputs and seed give the same labels on any
/// number of threads.
HabitatResult computeHabitats(const Mask& roi, const std::vector<HabitatSeries>& series,
                              const HabitatOptions& options = {});

/// Same on features already computed (habitatFeatures()).
HabitatResult computeHabitats(const Mask& roi, const HabitatFeatures& features,
                              const std::vector<std::string>& seriesNames,
                              const HabitatOptions& options);

/// The provenance as one JSON object (method, k, seed, series, criterion
/// values, ...), for the database and reports.
std::string toJson(const HabitatProvenance& provenance);

} // namespace rgw::segmentation
