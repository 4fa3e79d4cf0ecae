// Radiomics parameter files: the shipped presets, the strict YAML reader, the
// canonical text and its SHA-256 hash.
#include "radiomics/ModalityGuard.h"
#include "radiomics/ParameterSet.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <limits>
#include <map>
#include <string>

namespace {

using namespace rgw;
using namespace rgw::radiomics;

std::string errorOf(const std::string& yaml) {
    try {
        parseParameterSet(yaml, "test.yaml");
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

/// The message names the source, the key path and the line.
void expectError(const std::string& yaml, const std::string& keyPath, int line,
                 const std::string& why = "") {
    const std::string message = errorOf(yaml);
    std::printf("  %s\n", message.c_str()); // the messages users see, for review
    EXPECT_NE(message.find("test.yaml: " + keyPath + ": "), std::string::npos)
        << "expected key " << keyPath << " in: " << message << "\nfor:\n"
        << yaml;
    EXPECT_NE(message.find("(line " + std::to_string(line) + ")"), std::string::npos)
        << "expected line " << line << " in: " << message;
    if (!why.empty()) {
        EXPECT_NE(message.find(why), std::string::npos)
            << "expected '" << why << "' in: " << message;
    }
}

} // namespace

// FIPS 180-2 appendix B.1/B.2 and the empty message.
TEST(Sha256, KnownAnswerVectors) {
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // One million 'a' (FIPS 180-2 B.3): many blocks, exercises the length field.
    EXPECT_EQ(sha256Hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(ParameterSet, EveryPresetParsesAndValidates) {
    const std::vector<std::string> expected = {
        "ct-default",    "ibsi-config-A",      "ibsi-config-B",        "ibsi-config-C",
        "ibsi-config-D", "ibsi-config-E",      "ibsi-digital-phantom", "mr-default",
        "pet-default",   "pyradiomics-default"};
    EXPECT_EQ(presetNames(), expected);
    for (const auto& name : presetNames()) {
        SCOPED_TRACE(name);
        const ParameterSet p = loadParameterSet(name);
        EXPECT_EQ(p.source, name);
        EXPECT_NO_THROW(p.settings.validate());
        EXPECT_FALSE(p.settings.name.empty());
        EXPECT_EQ(p.hash.size(), 64u);
        EXPECT_EQ(p.hash, sha256Hex(p.canonicalText));
        // The canonical text is itself a parameter file meaning the same thing.
        const ParameterSet again = parseParameterSet(p.canonicalText, "canonical");
        EXPECT_EQ(again.canonicalText, p.canonicalText);
        EXPECT_EQ(again.hash, p.hash);
    }
    // Presets differ from one another.
    EXPECT_NE(loadParameterSet("ibsi-config-D").hash, loadParameterSet("ibsi-config-E").hash);
    EXPECT_THROW(loadParameterSet("ibsi-config-F"), Error);
    const std::string unknown = [] {
        try {
            loadParameterSet("no-such-preset");
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string();
    }();
    EXPECT_NE(unknown.find("no-such-preset"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("ibsi-config-C"), std::string::npos) << unknown;
}

// Expected values typed from configurations.md (section 1 table and the
// digital-phantom section), independent of the YAML files.
TEST(ParameterSet, IbsiPresetsMatchConfigurationsMd) {
    const Settings ph = ibsiDigitalPhantom();
    EXPECT_FALSE(ph.sliceWise);
    EXPECT_FALSE(ph.interpolation.enabled);
    EXPECT_FALSE(ph.resegmentationRange.has_value());
    EXPECT_FALSE(ph.outlierFiltering);
    EXPECT_EQ(ph.discretisation.method, DiscretisationMethod::None);
    EXPECT_EQ(ph.ivh.mode, IvhMode::Discrete);
    EXPECT_EQ(ph.texture.distance, 1);
    EXPECT_EQ(ph.texture.ngldmCoarseness, 0);
    EXPECT_EQ(ph.texture.aggregation, TextureAggregation::All);

    struct Row {
        char config;
        bool sliceWise;
        bool interpolate;
        bool inPlaneOnly;
        InterpolationMethod image;
        bool hasRange;
        double lower, upper;
        bool outliers;
        DiscretisationMethod method;
        double binWidth;
        int binCount;
        IvhMode ivh;
        double ivhWidth;
        int ivhCount;
    };
    using IM = InterpolationMethod;
    using DM = DiscretisationMethod;
    const Row rows[] = {
        {'A', true, false, false, IM::Linear, true, -500, 400, false, DM::FixedBinSize, 25, 0,
         IvhMode::Discrete, 0, 0},
        {'B', true, true, true, IM::Linear, true, -500, 400, false, DM::FixedBinNumber, 0, 32,
         IvhMode::Discrete, 0, 0},
        {'C', false, true, false, IM::Linear, true, -1000, 400, false, DM::FixedBinSize, 25, 0,
         IvhMode::BinCentres, 2.5, 0},
        {'D', false, true, false, IM::Linear, false, 0, 0, true, DM::FixedBinNumber, 0, 32,
         IvhMode::Discrete, 0, 0},
        {'E', false, true, false, IM::CubicSpline, true, -1000, 400, true, DM::FixedBinNumber, 0,
         32, IvhMode::BinNumbers, 0, 1000},
    };
    for (const Row& r : rows) {
        SCOPED_TRACE(std::string("configuration ") + r.config);
        const Settings s = ibsiConfig(r.config);
        EXPECT_EQ(s.name, std::string("IBSI configuration ") + r.config);
        EXPECT_EQ(s.sliceWise, r.sliceWise);
        EXPECT_EQ(s.interpolation.enabled, r.interpolate);
        if (r.interpolate) {
            EXPECT_EQ(s.interpolation.inPlaneOnly, r.inPlaneOnly);
            EXPECT_EQ(s.interpolation.spacing[0], 2.0);
            EXPECT_EQ(s.interpolation.spacing[1], 2.0);
            // B: slices keep their grid; spacing[2] is not used
            if (!r.inPlaneOnly) {
                EXPECT_EQ(s.interpolation.spacing[2], 2.0);
            }
            EXPECT_EQ(s.interpolation.image, r.image);
            EXPECT_EQ(s.interpolation.mask, IM::Linear);
            EXPECT_EQ(s.interpolation.partialVolumeThreshold, 0.5);
            EXPECT_TRUE(s.interpolation.roundIntensities);
        }
        ASSERT_EQ(s.resegmentationRange.has_value(), r.hasRange);
        if (r.hasRange) {
            EXPECT_EQ(s.resegmentationRange->lower, r.lower);
            EXPECT_EQ(s.resegmentationRange->upper, r.upper);
        }
        EXPECT_EQ(s.outlierFiltering, r.outliers);
        if (r.outliers) {
            EXPECT_EQ(s.outlierSigma, 3.0);
        }
        EXPECT_EQ(s.discretisation.method, r.method);
        if (r.method == DM::FixedBinSize)
            EXPECT_EQ(s.discretisation.binWidth, r.binWidth);
        else
            EXPECT_EQ(s.discretisation.binCount, r.binCount);
        EXPECT_EQ(s.ivh.mode, r.ivh);
        if (r.ivh == IvhMode::BinCentres) {
            EXPECT_EQ(s.ivh.binWidth, r.ivhWidth);
        }
        if (r.ivh == IvhMode::BinNumbers) {
            EXPECT_EQ(s.ivh.binCount, r.ivhCount);
        }
        if (r.ivh == IvhMode::Discrete) {
            EXPECT_TRUE(s.ivh.useResegmentationRange); // A/B: G = range; D: no range → [min, max]
            EXPECT_EQ(s.texture.distance, 1);
        }
        EXPECT_EQ(s.texture.ngldmCoarseness, 0);
        EXPECT_EQ(s.texture.aggregation,
                  r.sliceWise ? TextureAggregation::SliceWise : TextureAggregation::Volumetric);
    }
}

TEST(ParameterSet, CanonicalTextIgnoresSpellingAndKeyOrder) {
    const std::string a = "name: one\n"
                          "interpolation:\n"
                          "  spacing_mm: [2, 2, 2]\n"
                          "  round_intensities: true\n"
                          "discretisation:\n"
                          "  method: fixed_bin_size\n"
                          "  bin_width: 25\n"
                          "resegmentation:\n"
                          "  range: [-1000, 400]\n";
    const std::string b = "# the same parameters, written differently\n"
                          "resegmentation: {range: [-1000.0, 4.0e2], outlier_sigma: none}\n"
                          "discretisation:\n"
                          "  bin_width: 25.0   # HU\n"
                          "  method: fixed_bin_size\n"
                          "texture: {aggregation: volumetric, distance: 1}\n"
                          "interpolation:\n"
                          "  round_intensities: True\n"
                          "  image: linear\n"
                          "  spacing_mm:\n"
                          "    - 2.0\n"
                          "    - 2\n"
                          "    - +2\n"
                          "  enabled: true\n"
                          "slice_wise: false\n"
                          "name: another label\n";
    const ParameterSet pa = parseParameterSet(a, "a.yaml");
    const ParameterSet pb = parseParameterSet(b, "b.yaml");
    EXPECT_EQ(pa.canonicalText, pb.canonicalText);
    EXPECT_EQ(pa.hash, pb.hash);
    EXPECT_EQ(pa.canonicalText, "modalities: any\n"
                                "slice_wise: false\n"
                                "interpolation:\n"
                                "  enabled: true\n"
                                "  spacing_mm: [2, 2, 2]\n"
                                "  in_plane_only: false\n"
                                "  image: linear\n"
                                "  mask: linear\n"
                                "  partial_volume_threshold: 0.5\n"
                                "  round_intensities: true\n"
                                "resegmentation:\n"
                                "  range: [-1000, 400]\n"
                                "  outlier_sigma: none\n"
                                "discretisation:\n"
                                "  method: fixed_bin_size\n"
                                "  bin_width: 25\n"
                                "ivh:\n"
                                "  mode: discrete\n"
                                "  use_resegmentation_range: true\n"
                                "texture:\n"
                                "  distance: 1\n"
                                "  ngldm_coarseness: 0\n"
                                "  aggregation: volumetric\n");
    // The hash of that text is fixed: a change to the canonical form shows up here.
    EXPECT_EQ(pa.hash, sha256Hex(pa.canonicalText));

    // Any change of meaning changes the text and the hash.
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"bin_width: 25", "bin_width: 25.5"},
          {"[2, 2, 2]", "[2, 2, 1]"},
          {"[-1000, 400]", "[-1000, 401]"},
          {"round_intensities: true", "round_intensities: false"}}) {
        std::string changed = a;
        changed.replace(changed.find(from), from.size(), to);
        const ParameterSet pc = parseParameterSet(changed, "c.yaml");
        EXPECT_NE(pc.canonicalText, pa.canonicalText) << to;
        EXPECT_NE(pc.hash, pa.hash) << to;
    }
    // Shortest round-trip numbers: 0.1 stays 0.1, not 0.10000000000000001.
    const ParameterSet small = parseParameterSet(
        "discretisation: {method: fixed_bin_size, bin_width: 0.1}\n", "small.yaml");
    EXPECT_NE(small.canonicalText.find("bin_width: 0.1\n"), std::string::npos)
        << small.canonicalText;
    EXPECT_EQ(small.settings.discretisation.binWidth, 0.1);
}

TEST(ParameterSet, OpenRangeEndsAndFiles) {
    const ParameterSet p = parseParameterSet("resegmentation:\n  range: [0, .inf]\n", "open.yaml");
    ASSERT_TRUE(p.settings.resegmentationRange);
    EXPECT_EQ(p.settings.resegmentationRange->lower, 0.0);
    EXPECT_EQ(p.settings.resegmentationRange->upper, std::numeric_limits<double>::infinity());
    EXPECT_NE(p.canonicalText.find("range: [0, .inf]\n"), std::string::npos);

    // A file path loads like a preset and names itself as the source.
    const auto file = std::filesystem::temp_directory_path() / "rgw_test_parameter_set.yaml";
    {
        std::ofstream out(file);
        out << "discretisation:\n  method: fixed_bin_number\n  bin_count: 16\n";
    }
    const ParameterSet fromFile = loadParameterSet(file.string());
    EXPECT_EQ(fromFile.source, file.string());
    EXPECT_EQ(fromFile.settings.discretisation.binCount, 16);
    std::filesystem::remove(file);
}

TEST(ParameterSet, BadInputNamesKeyAndLine) {
    // Unknown keys, at the top and inside sections.
    expectError("name: x\n"
                "interpolation:\n"
                "  enabled: true\n"
                "  spacng_mm: [2, 2, 2]\n",
                "interpolation.spacng_mm", 4, "unknown key");
    expectError("slice_wise: false\nbins: 32\n", "bins", 2, "unknown key");
    expectError("texture:\n  distance: 1\n  distance: 2\n", "texture.distance", 3, "duplicate");
    // Wrong types.
    expectError("slice_wise: yes\n", "slice_wise", 1, "true or false");
    expectError("texture:\n  distance: \"1\"\n", "texture.distance", 2, "number");
    expectError("texture:\n  distance: 1.5\n", "texture.distance", 2, "whole number");
    expectError("interpolation:\n  spacing_mm: 2\n", "interpolation.spacing_mm", 2);
    expectError("interpolation: [1, 2]\n", "interpolation", 1, "mapping");
    expectError("discretisation:\n  method: fbs\n  bin_width: 25\n", "discretisation.method", 2,
                "fixed_bin_size");
    expectError("interpolation:\n  spacing_mm: [1, 1, 1]\n  mask: cubic_spline\n",
                "interpolation.mask", 3, "nearest, linear");
    // Contradictions.
    expectError("discretisation:\n  method: fixed_bin_number\n  bin_count: 32\n  bin_width: 25\n",
                "discretisation.bin_width", 4, "contradicts");
    expectError("discretisation:\n  method: none\n  bin_count: 32\n", "discretisation.bin_count", 3,
                "contradicts");
    expectError("interpolation:\n  enabled: false\n  in_plane_only: true\n",
                "interpolation.in_plane_only", 3, "contradicts");
    expectError("slice_wise: true\ninterpolation:\n  spacing_mm: [2, 2, 2]\n",
                "interpolation.in_plane_only", 2, "slice_wise");
    expectError("interpolation:\n  in_plane_only: true\n  spacing_mm: [2, 2, 2]\n",
                "interpolation.spacing_mm", 3, "[i, j]");
    expectError("ivh:\n  mode: bin_centres\n  bin_count: 10\n", "ivh.bin_count", 3, "contradicts");
    // Missing required values.
    expectError("\ninterpolation:\n  image: linear\n", "interpolation.spacing_mm", 2, "required");
    expectError("discretisation:\n  method: fixed_bin_size\n", "discretisation.bin_width", 1,
                "required");
    // Out of range.
    expectError("resegmentation:\n  range: [400, -1000]\n", "resegmentation.range", 2, "below");
    expectError("resegmentation:\n  range: [400, 400]\n", "resegmentation.range", 2, "below");
    expectError("resegmentation:\n  range: [.inf, 400]\n", "resegmentation.range[0]", 2);
    expectError("interpolation:\n  spacing_mm: [2, 2, 2]\n  partial_volume_threshold: 0\n",
                "interpolation.partial_volume_threshold", 3, "(0, 1]");
    expectError("interpolation:\n  spacing_mm: [2, 2, 2]\n  partial_volume_threshold: 1.5\n",
                "interpolation.partial_volume_threshold", 3, "(0, 1]");
    expectError("interpolation:\n  spacing_mm: [2, 0, 2]\n", "interpolation.spacing_mm[1]", 2,
                "positive");
    expectError("interpolation:\n  spacing_mm: [2, -1, 2]\n", "interpolation.spacing_mm[1]", 2,
                "positive");
    expectError("resegmentation:\n  outlier_sigma: 0\n", "resegmentation.outlier_sigma", 2,
                "positive");
    expectError("discretisation:\n  method: fixed_bin_number\n  bin_count: 0\n",
                "discretisation.bin_count", 3, "at least 1");
    expectError("texture:\n  distance: 0\n", "texture.distance", 2, "at least 1");
    // Non-finite numbers.
    expectError("discretisation:\n  method: fixed_bin_size\n  bin_width: .inf\n",
                "discretisation.bin_width", 3, "finite");
    expectError("interpolation:\n  spacing_mm: [2, .nan, 2]\n", "interpolation.spacing_mm[1]", 2,
                "finite");
    expectError("resegmentation:\n  range: [.nan, 400]\n", "resegmentation.range[0]", 2, "finite");
    // Not YAML / empty.
    expectError("interpolation: {spacing_mm: [2, 2\n", "document", 2, "not valid YAML");
    EXPECT_NE(errorOf("").find("empty"), std::string::npos) << errorOf("");
}

// Issue #11: a parameter set declares the modalities it is valid for; the
// shipped presets declare theirs, and one function decides a mismatch.
TEST(ParameterSet, ModalitiesAreDeclaredAndPartOfTheHash) {
    const std::map<std::string, std::vector<std::string>> declared = {
        {"ct-default", {"CT"}},      {"mr-default", {"MR"}},    {"pet-default", {"PT"}},
        {"ibsi-config-A", {"CT"}},   {"ibsi-config-B", {"CT"}}, {"ibsi-config-C", {"CT"}},
        {"ibsi-config-D", {"CT"}},   {"ibsi-config-E", {"CT"}}, {"ibsi-digital-phantom", {}},
        {"pyradiomics-default", {}},
    };
    for (const auto& name : presetNames()) {
        ASSERT_TRUE(declared.count(name)) << name << " has no expected modalities here";
        EXPECT_EQ(loadParameterSet(name).modalities, declared.at(name)) << name;
    }
    const std::string body = "discretisation:\n  method: none\n";
    const ParameterSet any = parseParameterSet(body, "any.yaml");
    EXPECT_TRUE(any.modalities.empty());
    EXPECT_EQ(any.canonicalText.rfind("modalities: any\n", 0), 0u) << any.canonicalText;
    EXPECT_EQ(parseParameterSet("modalities: any\n" + body, "a.yaml").hash, any.hash);
    const ParameterSet two = parseParameterSet("modalities: [PT, CT]\n" + body, "two.yaml");
    EXPECT_EQ(two.modalities, (std::vector<std::string>{"CT", "PT"}));
    EXPECT_EQ(two.canonicalText.rfind("modalities: [CT, PT]\n", 0), 0u);
    EXPECT_NE(two.hash, any.hash);
    EXPECT_EQ(modalitiesText(two), "CT, PT");

    expectError("modalities: [PET]\n", "modalities[0]", 1, "PET is written PT");
    expectError("modalities: [ct]\n", "modalities[0]", 1, "DICOM Modality code");
    expectError("modalities: CT\n", "modalities", 1, "list of DICOM Modality codes");
    expectError("modalities: [CT, CT]\n", "modalities[1]", 1, "listed twice");
    expectError("modalities: []\n", "modalities", 1, "list of DICOM Modality codes");
}

TEST(ModalityGuard, OneDecisionForEveryCaller) {
    const ParameterSet ct = loadParameterSet("ct-default");
    const ParameterSet phantom = loadParameterSet("ibsi-digital-phantom");
    EXPECT_TRUE(modalityFits(ct, "CT"));
    EXPECT_FALSE(modalityFits(ct, "PT"));
    EXPECT_FALSE(modalityFits(ct, "MR"));
    EXPECT_FALSE(modalityFits(ct, "")) << "unknown modality (NIfTI) needs a statement or forcing";
    EXPECT_TRUE(modalityFits(phantom, "PT"));
    EXPECT_TRUE(modalityFits(phantom, ""));

    const std::string reason = modalityMismatchReason(ct, "PT", "series 1.2.3");
    std::printf("  %s\n", reason.c_str());
    EXPECT_NE(reason.find("series 1.2.3 is PT"), std::string::npos) << reason;
    EXPECT_NE(reason.find("ct-default is valid for CT only"), std::string::npos) << reason;
    EXPECT_NE(reason.find("--allow-modality-mismatch"), std::string::npos) << reason;
    EXPECT_NE(modalityMismatchReason(ct, "", "x.nii.gz").find("x.nii.gz has no modality"),
              std::string::npos);
    EXPECT_EQ(modalityMismatchReason(ct, "CT", "x"), "");

    EXPECT_THROW(requireModality(ct, "PT", "pet", false), ModalityMismatch);
    EXPECT_NO_THROW(requireModality(ct, "PT", "pet", true));
    EXPECT_NO_THROW(requireModality(ct, "CT", "ct", false));
}

// The filter editor's derivation: a set with other filter entries is the set a
// file with those entries would give (same canonical text and hash), and an
// invalid entry is refused as the file's would be.
TEST(ParameterSet, WithFiltersIsTheSetOfTheSameFile) {
    const std::string base = "name: base\n"
                             "discretisation: {method: fixed_bin_size, bin_width: 25}\n"
                             "resegmentation: {range: [-1000, 400]}\n";
    const std::string withLog = base + "filters:\n"
                                       "  - type: log\n"
                                       "    dimensions: 3D\n"
                                       "    sigma_mm: 1.5\n"
                                       "    boundary: mirror\n";
    const ParameterSet plain = parseParameterSet(base, "base.yaml");
    const ParameterSet filtered = parseParameterSet(withLog, "log.yaml");
    ASSERT_EQ(filtered.settings.filters.size(), 1u);

    const ParameterSet added = withFilters(plain, filtered.settings.filters, "derived");
    EXPECT_EQ(added.canonicalText, filtered.canonicalText);
    EXPECT_EQ(added.hash, filtered.hash);
    EXPECT_EQ(added.source, "derived");
    const ParameterSet removed = withFilters(filtered, {}, "derived");
    EXPECT_EQ(removed.hash, plain.hash);

    // A texture family without a discretisation of the response: the reader's error.
    std::vector<FilterEntry> invalid = filtered.settings.filters;
    invalid[0].families.push_back("glcm");
    try {
        (void)withFilters(plain, invalid, "derived");
        ADD_FAILURE() << "an entry with glcm and no discretisation was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("derived: filters[0].discretisation"),
                  std::string::npos)
            << e.what();
    }
    const ParameterSet pyradiomics = parseParameterSet(
        "setting: {binWidth: 25}\nimageType: {Original: {}}\n", "pyradiomics.yaml");
    EXPECT_THROW((void)withFilters(pyradiomics, {}, "derived"), Error);
}
