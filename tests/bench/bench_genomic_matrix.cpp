// Genomic matrix benchmark (compact matrices of schema v4). Builds a
// synthetic TCGA-sized expression profile in memory -- 20 000 genes x 1 100
// samples, deterministic values, about 0.1 % NaN, one sample per patient with
// TCGA barcodes -- as a GenomicDataSet, imports it into a fresh database and
// reports, with the ratio of each figure to its target:
//   - import seconds (target <= 15 s on the 2-core machine), and the
//     unchanged re-import (content hash only);
//   - the database file size against the float32 size of the values,
//     20 000 x 1 100 x 4 bytes = 88 MB (target <= 2x);
//   - the median (and p95, max) time to read one gene across all samples,
//     over 200 random genes, on a fresh connection (target <= 10 ms).
// Run:
//   build/tests/bench/bench_genomic_matrix [--genes N] [--samples N] [--reads N]
// (built with -DRGW_BUILD_BENCHMARKS=ON, the default; exits 1 when a target
// is missed so a script can tell).
#include "Database.h"
#include "GenomicsImport.h"
#include "GenomicsRepository.h"
#include "TestData.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// SplitMix64: deterministic, independent of the standard library.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::string digits(std::size_t value, int width) {
    std::string text = std::to_string(value);
    return std::string(static_cast<std::size_t>(std::max(0, width - int(text.size()))), '0') + text;
}

rgw::genomics::GenomicDataSet syntheticStudy(std::size_t genes, std::size_t samples) {
    using namespace rgw::genomics;
    GenomicDataSet data;
    data.studyId = "bench_tcga";
    data.studyName = "Synthetic TCGA-sized expression";
    data.source = "memory";
    GenomicProfile profile;
    profile.stableId = "rna_seq_v2_mrna";
    profile.kind = ProfileKind::Expression;
    profile.name = "mRNA expression (RSEM)";
    profile.datatype = "CONTINUOUS";
    profile.unit = "log2(TPM+1)";
    GeneMatrix matrix;
    matrix.profileStableId = profile.stableId;
    for (std::size_t s = 0; s < samples; ++s) {
        // TCGA-<site>-<participant>-01: one primary sample per patient.
        const std::string patient = "TCGA-" + digits(10 + s % 90, 2) + "-" + digits(s, 4);
        data.patients.push_back(patient);
        data.samples.push_back({patient + "-01", patient, "primary", ""});
        matrix.samples.push_back(patient + "-01");
    }
    profile.profiledSamples = matrix.samples;
    matrix.genes.reserve(genes);
    for (std::size_t g = 0; g < genes; ++g)
        matrix.genes.push_back({"GENE" + digits(g, 5), static_cast<std::int64_t>(100000 + g)});
    matrix.values.resize(genes * samples);
    for (std::size_t i = 0; i < matrix.values.size(); ++i) {
        const std::uint64_t r = mix(i);
        // About 1 in 1000 missing; otherwise log2-scale values in 0..16.
        matrix.values[i] = r % 1000 == 0 ? std::numeric_limits<float>::quiet_NaN()
                                         : static_cast<float>((r >> 11) % 1600000) / 1e5f;
    }
    data.profiles = {profile};
    data.matrices = {std::move(matrix)};
    return data;
}

double quantile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(q * values.size()))];
}

} // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::size_t genes = 20000, samples = 1100, reads = 200;
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string arg = argv[a];
        const auto value = static_cast<std::size_t>(std::strtoull(argv[a + 1], nullptr, 10));
        if (arg == "--genes")
            genes = value;
        else if (arg == "--samples")
            samples = value;
        else if (arg == "--reads")
            reads = value;
    }
    if (genes == 0 || samples == 0 || reads == 0) {
        std::fprintf(stderr, "usage: bench_genomic_matrix [--genes N] [--samples N] [--reads N]\n");
        return 2;
    }

    auto start = Clock::now();
    const rgw::genomics::GenomicDataSet data = syntheticStudy(genes, samples);
    std::printf("matrix: %zu genes x %zu samples built in memory in %.2f s (not timed below)\n",
                genes, samples, secondsSince(start));

    rgw::test::TempDir temp;
    const fs::path file = temp.path() / "bench.rgwdb";
    rgw::storage::GenomicsImportOptions options;
    options.who = "bench";
    double importS = 0, reimportS = 0;
    {
        rgw::storage::Database db(file);
        start = Clock::now();
        const auto report = rgw::storage::importGenomicData(db, data, options);
        importS = secondsSince(start);
        if (!report.imported || report.profiles.size() != 1 ||
            report.profiles[0].records != genes) {
            std::fprintf(stderr, "bench_genomic_matrix: import failed (%zu problems)\n",
                         report.errors.size());
            return 1;
        }
        start = Clock::now();
        const auto again = rgw::storage::importGenomicData(db, data, options);
        reimportS = secondsSince(start);
        if (!again.unchanged)
            std::fprintf(stderr, "bench_genomic_matrix: re-import was not unchanged\n");
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const double fileBytes = static_cast<double>(fs::file_size(file));
    const double rawBytes = static_cast<double>(genes) * static_cast<double>(samples) * 4.0;

    // Reads on a fresh connection; the first read also loads the sample order.
    rgw::storage::Database db(file);
    rgw::storage::GenomicsRepository repo(db);
    const auto profile = repo.findProfile("bench_tcga", "rna_seq_v2_mrna");
    if (!profile) {
        std::fprintf(stderr, "bench_genomic_matrix: profile not found after import\n");
        return 1;
    }
    start = Clock::now();
    const auto first = repo.geneValues(profile->id, "GENE00000");
    const double firstMs = 1e3 * secondsSince(start);
    std::vector<double> readMs;
    std::size_t checked = 0;
    for (std::size_t r = 0; r < reads; ++r) {
        const std::size_t g = mix(0xBE7C4 + r) % genes;
        const std::string symbol = "GENE" + digits(g, 5);
        start = Clock::now();
        const rgw::storage::GeneValues values = repo.geneValues(profile->id, symbol);
        readMs.push_back(1e3 * secondsSince(start));
        // Spot-check the stored values against the matrix in memory.
        const auto& m = data.matrices[0];
        for (std::size_t s = 0; s < values.size(); s += 97, ++checked) {
            const float want = m.at(g, s);
            if (values.size() != samples || values[s].first != m.samples[s] ||
                !(values[s].second == want || (std::isnan(want) && std::isnan(values[s].second)))) {
                std::fprintf(stderr, "bench_genomic_matrix: %s differs at sample %zu\n",
                             symbol.c_str(), s);
                return 1;
            }
        }
    }
    const double medianMs = quantile(readMs, 0.5);

    std::printf("import:        %.2f s  (target <= 15 s: %.2fx)\n", importS, importS / 15.0);
    std::printf("re-import:     %.2f s  (unchanged: content hash compared, nothing written)\n",
                reimportS);
    std::printf("database file: %.1f MB vs float32 %.1f MB = %.2fx  (target <= 2x: %.2fx)\n",
                fileBytes / 1e6, rawBytes / 1e6, fileBytes / rawBytes, fileBytes / rawBytes / 2.0);
    std::printf("read one gene: median %.3f ms, p95 %.3f ms, max %.3f ms over %zu random genes "
                "(first read with the sample order %.3f ms; %zu values checked)  "
                "(target <= 10 ms: %.3fx)\n",
                medianMs, quantile(readMs, 0.95), *std::max_element(readMs.begin(), readMs.end()),
                reads, firstMs, checked, medianMs / 10.0);
    (void)first;
    const bool met = importS <= 15.0 && fileBytes <= 2.0 * rawBytes && medianMs <= 10.0;
    std::printf("%s\n", met ? "all targets met" : "TARGET MISSED");
    return met ? 0 : 1;
}
