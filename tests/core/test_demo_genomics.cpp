// The demo cohort's cBioPortal study (demo/DemoGenomics.h): it reads back
// with the workstation's own cBioPortal reader without a single problem, has
// samples that were not sequenced, its calls agree with each patient's latent
// genotype, and the associations it promises are really in the data: the
// largest lesion's mean CT number (computed here from the phantom's CT and
// masks) separates EGFR-mutated from wild-type patients, and survival falls
// with the largest lesion's volume. Deterministic per seed and patient.
#include "TestData.h"
#include "demo/DemoCohort.h"
#include "demo/DemoGenomics.h"
#include "demo/DemoPhantom.h"
#include "genomics/CbioPortalStudy.h"
#include "genomics/Profiling.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <numeric>
#include <set>

namespace fs = std::filesystem;
using namespace rgw;

namespace {

constexpr std::uint32_t kSeed = 1; // the default cohort

/// What the test measures itself on one phantom's largest lesion.
struct Truth {
    std::string patientId;
    demo::DemoGenotype genotype;
    double volumeMl = 0;
    double meanHu = 0;
    demo::DemoStudyPatient studyPatient;
};

Truth measure(const demo::DemoPatientPhantom& p, int number) {
    Truth t;
    t.patientId = p.demographics.patientId;
    t.genotype = p.genotype;
    t.studyPatient = demo::studyPatientOf(p, number);
    const demo::DemoLesion* largest = nullptr;
    std::size_t largestCount = 0;
    for (const auto& lesion : p.lesions) {
        const auto count = static_cast<std::size_t>(
            std::count(lesion.mask.voxels.begin(), lesion.mask.voxels.end(), std::uint8_t{1}));
        if (count > largestCount) {
            largestCount = count;
            largest = &lesion;
        }
    }
    if (!largest)
        return t;
    double sum = 0;
    for (std::size_t n = 0; n < largest->mask.voxels.size(); ++n)
        if (largest->mask.voxels[n])
            sum += p.ctHu.voxels[n];
    t.meanHu = sum / static_cast<double>(largestCount);
    const auto& s = p.ctHu.geometry.spacing;
    t.volumeMl = static_cast<double>(largestCount) * s.x() * s.y() * s.z() / 1000.0;
    return t;
}

std::string readBytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<double> ranks(const std::vector<double>& v) {
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]])
            ++j;
        for (std::size_t k = i; k <= j; ++k)
            r[order[k]] = 0.5 * static_cast<double>(i + j) + 1.0; // mean rank of ties
        i = j + 1;
    }
    return r;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
    const auto ra = ranks(a), rb = ranks(b);
    const double n = static_cast<double>(a.size()), mean = (n + 1) / 2;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    return sab / std::sqrt(saa * sbb);
}

/// Two-sided p of the Mann-Whitney U test of `x` against `y` (normal
/// approximation with continuity correction; no ties in continuous data).
double mannWhitneyP(const std::vector<double>& x, const std::vector<double>& y) {
    double u = 0;
    for (double a : x)
        for (double b : y)
            u += a > b ? 1.0 : a == b ? 0.5 : 0.0;
    const double n1 = static_cast<double>(x.size()), n2 = static_cast<double>(y.size());
    const double mean = n1 * n2 / 2, sd = std::sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
    const double z = (std::abs(u - mean) - 0.5) / sd;
    return std::erfc(z / std::sqrt(2.0));
}

struct DemoStudy : ::testing::Test {
    static void SetUpTestSuite() {
        dir = new test::TempDir();
        demo::DemoOptions options;
        options.outputFolder = dir->path();
        options.seed = kSeed; // and the default number of patients
        summary = new demo::DemoSummary(demo::writeCohort(options));
        data = new genomics::GenomicDataSet(
            genomics::readCbioPortalStudy(demo::demoStudyFolder(dir->path())));
        truths = new std::vector<Truth>();
        for (int n = 1; n <= options.patients; ++n)
            truths->push_back(measure(demo::makePatientPhantom(kSeed, n), n));
    }
    static void TearDownTestSuite() {
        delete truths;
        delete data;
        delete summary;
        delete dir;
    }
    static std::map<std::string, double> numbers(const std::string& attribute) {
        std::map<std::string, double> values;
        for (const auto& v : data->clinicalValues)
            if (v.attributeId == attribute && v.number)
                values[v.entityId] = *v.number;
        return values;
    }
    static std::map<std::string, std::string> texts(const std::string& attribute) {
        std::map<std::string, std::string> values;
        for (const auto& v : data->clinicalValues)
            if (v.attributeId == attribute)
                values[v.entityId] = v.text;
        return values;
    }
    static bool hasProteinAlteringCall(const std::string& sample, const std::string& gene) {
        return std::any_of(data->mutations.begin(), data->mutations.end(), [&](const auto& m) {
            return m.sampleId == sample && m.gene.hugoSymbol == gene &&
                   genomics::isProteinAltering(m.variantClassification);
        });
    }

    static inline test::TempDir* dir = nullptr;
    static inline demo::DemoSummary* summary = nullptr;
    static inline genomics::GenomicDataSet* data = nullptr;
    static inline std::vector<Truth>* truths = nullptr;
};

} // namespace

TEST_F(DemoStudy, ReadsBackWithoutProblems) {
    for (const auto& p : data->problems)
        ADD_FAILURE() << p.describe();
    EXPECT_TRUE(data->skippedFiles.empty());
    EXPECT_EQ(data->studyId, demo::kDemoStudyId);
    ASSERT_EQ(summary->patients.size(), 24u);
    ASSERT_EQ(data->patients.size(), 24u);
    ASSERT_EQ(data->samples.size(), 24u);
    for (std::size_t i = 0; i < 24; ++i) {
        // Linked to the DICOM by PatientID; one primary sample each.
        EXPECT_EQ(data->patients[i], summary->patients[i].patientId);
        EXPECT_EQ(data->samples[i].patientId, summary->patients[i].patientId);
        EXPECT_EQ(data->samples[i].sampleId, summary->patients[i].patientId + "-01");
        EXPECT_EQ(data->samples[i].type, "primary");
    }
    std::set<std::string> profiles;
    for (const auto& p : data->profiles)
        profiles.insert(p.stableId);
    EXPECT_EQ(profiles, (std::set<std::string>{"mutations", "rna_seq_mrna"}));
    EXPECT_EQ(data->panels.size(), 2u);
    ASSERT_EQ(data->matrices.size(), 1u);
    EXPECT_EQ(data->matrices[0].geneCount(), 7u);

    // Survival for everyone; a few [Not Available] ages / smoking histories
    // (no value at all, never a zero); sites and subtypes to split by.
    EXPECT_EQ(numbers("OS_MONTHS").size(), 24u);
    EXPECT_EQ(texts("OS_STATUS").size(), 24u);
    for (const auto& [patient, status] : texts("OS_STATUS"))
        EXPECT_TRUE(status == "1:DECEASED" || status == "0:LIVING") << patient << " " << status;
    EXPECT_LT(numbers("AGE").size() + texts("SMOKING_HISTORY").size(), 48u);
    for (const auto& [patient, age] : numbers("AGE")) {
        EXPECT_GE(age, 26) << patient; // born 1940..1985, CT 2012..2022
        EXPECT_LE(age, 82) << patient;
    }
    std::set<std::string> sites, subtypes;
    for (const auto& [patient, site] : texts("INSTITUTION"))
        sites.insert(site);
    for (const auto& [sample, subtype] : texts("SUBTYPE"))
        subtypes.insert(subtype);
    EXPECT_EQ(sites, (std::set<std::string>{"SITE-1", "SITE-2", "SITE-3"}));
    EXPECT_EQ(subtypes, (std::set<std::string>{"PI", "PP", "TRU"}));
}

TEST_F(DemoStudy, SomeSamplesWereNotSequencedAndAreNeverWildType) {
    const auto coverage = genomics::coverageOf(*data, "mutations");
    std::vector<std::string> notSequenced;
    std::size_t stk11NotOnPanel = 0;
    for (const auto& s : data->samples) {
        if (!coverage.covers(s.sampleId, "EGFR")) {
            notSequenced.push_back(s.sampleId);
            for (const char* gene : {"EGFR", "KRAS", "TP53", "STK11"})
                EXPECT_EQ(genomics::geneStatus(coverage, s.sampleId, gene,
                                               hasProteinAlteringCall(s.sampleId, gene)),
                          genomics::GeneStatus::NotProfiled)
                    << s.sampleId << " " << gene;
            for (const auto& m : data->mutations)
                EXPECT_NE(m.sampleId, s.sampleId);
        } else if (!coverage.covers(s.sampleId, "STK11")) {
            ++stk11NotOnPanel; // panel V1
        }
    }
    EXPECT_FALSE(notSequenced.empty());
    EXPECT_LT(notSequenced.size(), 12u);
    EXPECT_EQ(notSequenced, summary->genomics.notSequencedSamples);
    EXPECT_GT(stk11NotOnPanel, 0u);
}

TEST_F(DemoStudy, CallsAgreeWithTheLatentGenotypeAndSilentCallsDoNotCount) {
    const auto coverage = genomics::coverageOf(*data, "mutations");
    std::size_t silentOnly = 0;
    for (const auto& t : *truths) {
        const std::string sample = demo::demoSampleId(t.patientId);
        const std::pair<const char*, bool> genes[] = {{"EGFR", t.genotype.egfrMutated},
                                                      {"KRAS", t.genotype.krasMutated},
                                                      {"TP53", t.genotype.tp53Mutated},
                                                      {"STK11", t.genotype.stk11Mutated}};
        for (const auto& entry : genes) {
            // Named copies, not a structured binding: Clang 14 cannot capture
            // bindings in the lambda below.
            const char* const gene = entry.first;
            const bool mutated = entry.second;
            const bool altering = hasProteinAlteringCall(sample, gene);
            const auto status = genomics::geneStatus(coverage, sample, gene, altering);
            if (!coverage.covers(sample, gene))
                EXPECT_EQ(status, genomics::GeneStatus::NotProfiled) << sample << " " << gene;
            else
                EXPECT_EQ(status, mutated ? genomics::GeneStatus::Altered
                                          : genomics::GeneStatus::NotAltered)
                    << sample << " " << gene;
            const bool silentCall =
                std::any_of(data->mutations.begin(), data->mutations.end(), [&](const auto& m) {
                    return m.sampleId == sample && m.gene.hugoSymbol == gene &&
                           m.variantClassification == "Silent";
                });
            if (silentCall && !altering) {
                ++silentOnly;
                EXPECT_EQ(status, genomics::GeneStatus::NotAltered) << sample << " " << gene;
            }
        }
    }
    EXPECT_GT(silentOnly, 0u) << "no wild-type gene with a Silent call in the default cohort";
}

TEST_F(DemoStudy, LargestLesionMeanHuSeparatesEgfrMutatedFromWildType) {
    std::vector<double> mutated, wildType;
    for (const auto& t : *truths)
        (t.genotype.egfrMutated ? mutated : wildType).push_back(t.meanHu);
    ASSERT_GE(mutated.size(), 4u);
    ASSERT_GE(wildType.size(), 4u);
    // Every EGFR-mutated patient's largest lesion is darker than every
    // wild-type patient's, by a wide margin.
    const double mutatedMax = *std::max_element(mutated.begin(), mutated.end());
    const double wildTypeMin = *std::min_element(wildType.begin(), wildType.end());
    EXPECT_LT(mutatedMax + 50.0, wildTypeMin);
    RecordProperty("egfr_mutated", std::to_string(mutated.size()));
    RecordProperty("mutated_max_mean_hu", std::to_string(mutatedMax));
    RecordProperty("wild_type_min_mean_hu", std::to_string(wildTypeMin));
    EXPECT_LT(mannWhitneyP(mutated, wildType), 0.01);

    // The same with the labels a user sees (mutated / wild-type as the study
    // says; not-profiled patients left out).
    const auto coverage = genomics::coverageOf(*data, "mutations");
    std::vector<double> calledMutated, calledWildType;
    for (const auto& t : *truths) {
        const std::string sample = demo::demoSampleId(t.patientId);
        const auto status =
            genomics::geneStatus(coverage, sample, "EGFR", hasProteinAlteringCall(sample, "EGFR"));
        if (status == genomics::GeneStatus::Altered)
            calledMutated.push_back(t.meanHu);
        else if (status == genomics::GeneStatus::NotAltered)
            calledWildType.push_back(t.meanHu);
    }
    ASSERT_GE(calledMutated.size(), 3u);
    ASSERT_GE(calledWildType.size(), 3u);
    EXPECT_LT(mannWhitneyP(calledMutated, calledWildType), 0.01);
}

TEST_F(DemoStudy, SurvivalShortensWithTheLargestLesionsVolume) {
    const auto osMonths = numbers("OS_MONTHS");
    const auto status = texts("OS_STATUS");
    std::vector<double> volume, months;
    std::size_t deaths = 0;
    for (const auto& t : *truths) {
        ASSERT_EQ(osMonths.count(t.patientId), 1u) << t.patientId;
        volume.push_back(t.volumeMl);
        months.push_back(osMonths.at(t.patientId));
        deaths += status.at(t.patientId) == "1:DECEASED";
        EXPECT_NEAR(t.studyPatient.primaryLesionVolumeMl, t.volumeMl, 1e-9) << t.patientId;
    }
    // Enough events and censored patients for a survival analysis.
    EXPECT_GE(deaths, 8u);
    EXPECT_LT(deaths, 24u);
    // Exponential times are noisy: the default cohort gives rho = -0.54
    // (p < 0.01); n = 24 and rho < -0.40 is p < 0.05 (two-sided), the bar.
    const double rho = spearman(volume, months);
    RecordProperty("spearman_volume_os", std::to_string(rho));
    RecordProperty("deaths", std::to_string(deaths));
    EXPECT_LT(rho, -0.40);
}

TEST_F(DemoStudy, SameSeedAndPatientGiveTheSameFilesWhateverTheCohortSize) {
    std::vector<demo::DemoStudyPatient> patients;
    for (const auto& t : *truths)
        patients.push_back(t.studyPatient);
    const fs::path written = demo::demoStudyFolder(dir->path());
    test::TempDir again;
    const auto second = demo::writeGenomicStudy(again.path(), kSeed, patients);
    EXPECT_EQ(second.filesWritten, summary->genomics.filesWritten);
    std::size_t compared = 0;
    for (const auto& e : fs::recursive_directory_iterator(written)) {
        if (!e.is_regular_file())
            continue;
        EXPECT_EQ(readBytes(e.path()), readBytes(again.path() / fs::relative(e.path(), written)))
            << e.path();
        ++compared;
    }
    EXPECT_EQ(compared, second.filesWritten);

    // A three-patient cohort's rows are the first three rows of this one.
    test::TempDir small;
    demo::writeGenomicStudy(small.path(), kSeed, {patients.begin(), patients.begin() + 3});
    const auto smallData = genomics::readCbioPortalStudy(small.path());
    ASSERT_TRUE(smallData.problems.empty());
    for (const auto& v : smallData.clinicalValues) {
        const auto same = std::find_if(
            data->clinicalValues.begin(), data->clinicalValues.end(), [&](const auto& w) {
                return w.entityId == v.entityId && w.attributeId == v.attributeId;
            });
        ASSERT_NE(same, data->clinicalValues.end()) << v.entityId << " " << v.attributeId;
        EXPECT_EQ(same->text, v.text) << v.entityId << " " << v.attributeId;
    }
    std::size_t firstThreeCalls = 0;
    for (const auto& m : data->mutations)
        firstThreeCalls += m.sampleId <= "DEMO-003-01";
    EXPECT_EQ(smallData.mutations.size(), firstThreeCalls);
}
