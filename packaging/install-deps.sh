#!/usr/bin/env bash
# Installs every build and test dependency of Radiogenomics Workstation from
# Debian 12 / Ubuntu 22.04+ packages. Idempotent and non-interactive; runs as
# root directly or through sudo when invoked by an ordinary user.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  libgtest-dev libgmock-dev libbenchmark-dev
  # Qt 6 (never Qt 5: VTK's Qt modules are Qt 5 builds and are not used)
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev
  # vector figures (SVG) of the association maps and study reports
  qt6-svg-dev
  libgl-dev libglx-dev
  # imaging
  libvtk9-dev libdcmtk-dev dcmtk libeigen3-dev
  # statistics: Boost.Math distributions and special functions (header-only)
  libboost-dev
  # portable model files (JSON): a well-kept header-only parser beats a hand-written one
  nlohmann-json3-dev
  # NIfTI .nii.gz and general compression
  zlib1g-dev
  # reading .nii.gz: ISA-L's streaming inflate (igzip) is about twice zlib's
  # speed, most of an extraction's reading time
  libisal-dev
  # cohort bundles as one .zip (storage/BundleZip): zlib's minizip, a well-kept
  # zip reader/writer, instead of a hand-written one
  libminizip-dev
  # non-linear learners: support vector machines and gradient-boosted trees /
  # random forests from well-kept libraries rather than hand-written ones
  libsvm-dev libxgboost-dev
  # IBSI-2 Fourier-domain filters (Simoncelli wavelets, Riesz transforms):
  # FFTW's well-kept DFT of any size instead of a hand-written FFT
  libfftw3-dev
  # SHA-1 of PyRadiomics' image hashes (SimpleITK's HashImageFilter): OpenSSL's
  # libcrypto, which DCMTK's TLS module already links, instead of a hand-written one
  libssl-dev
  # radiomics parameter files (YAML)
  libyaml-cpp-dev
  # database
  libsqlite3-dev sqlite3
  # headless rendering for GUI tests
  xvfb xauth libgl1-mesa-dri libglx-mesa0
  # real X input events (XTEST) for the GUI test of the native OpenGL views
  xdotool
  # DICOM validation used by tests (dciodvfy)
  dicom3tools
  # report tests read the generated PDFs back: pdftotext (text, TOC pages),
  # pdfinfo (pages, title), pdffonts (embedded fonts), pdfimages (only key
  # images are raster)
  poppler-utils
  # formatting
  clang-format
  # fuzzing (tests/fuzz): Clang, libFuzzer's runtime (libclang_rt.fuzzer for
  # Debian 12's clang-14) and llvm-symbolizer for readable sanitizer stacks
  clang libclang-rt-14-dev llvm
  # LLVM's linker: links the ~250 test executables several times faster
  # than GNU ld (CMake option RGW_USE_LLD)
  lld
  # benchmark yardstick (header reading with pydicom, see README)
  python3 python3-pydicom
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
