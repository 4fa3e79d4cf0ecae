#pragma once

// Noise addition perturbation (Zwanenburg et al. 2019, Sci Rep 9:614; MIRP
// "noise addition"): Gaussian noise of the level the image already has is
// added to it, so the perturbed image looks like a repeated acquisition.

#include "image/Image.h"

#include <random>

namespace rgw::radiomics::robustness {

/// The noise standard deviation of `image`, estimated as Chang, Yu & Vetterli
/// (2000, IEEE TIP 9:1532) do (the estimator MIRP's noise addition uses):
/// σ̂ = median(|HH|) / 0.6745 over the finest-scale diagonal detail
/// coefficients HH = (a − b − c + d) / 2 of the orthonormal 2D Haar transform
/// of every axial slice (2 × 2 blocks a b / c d). Smooth content gives
/// HH ≈ 0, i.i.d. Gaussian noise gives HH ~ N(0, σ²). Throws rgw::Error when
/// no slice has a 2 × 2 block.
double estimateNoiseSigma(const Volume& image);

/// Adds N(0, sigma²) to every voxel, drawn from `rng` in voxel order.
void addGaussianNoise(Volume& image, double sigma, std::mt19937_64& rng);

} // namespace rgw::radiomics::robustness
