#include "report/SoftwareVersions.h"

#include <Eigen/Core>
#include <boost/version.hpp>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <fftw3.h>
#include <libsvm/svm.h>
#include <string>
#include <xgboost/version_config.h>
#include <zlib.h>

namespace rgw::report {

std::vector<std::pair<std::string, std::string>> coreSoftwareVersions() {
    const auto dotted = [](int major, int minor, int patch) {
        return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    };
    return {
        {"Radiogenomics Workstation", RGW_VERSION},
        {"DCMTK", OFFIS_DCMTK_VERSION_STRING},
        {"Eigen", dotted(EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION)},
        {"Boost", dotted(BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100)},
        {"libsvm",
         std::to_string(LIBSVM_VERSION / 100) + "." + std::to_string(LIBSVM_VERSION % 100)},
        {"xgboost", dotted(XGBOOST_VER_MAJOR, XGBOOST_VER_MINOR, XGBOOST_VER_PATCH)},
        {"FFTW", fftw_version},  // as the library reports itself, e.g. "fftw-3.3.10-sse2-avx"
        {"zlib", zlibVersion()}, // gzip of NIfTI and NRRD; its minizip writes the bundle zips
    };
}

} // namespace rgw::report
