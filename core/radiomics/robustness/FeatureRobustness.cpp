#include "radiomics/robustness/FeatureRobustness.h"

#include "radiomics/Extractor.h"
#include "radiomics/FeatureColumnName.h"
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

namespace rgw::radiomics::robustness {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number(double x) {
    if (std::isnan(x))
        return "NA";
    if (std::isinf(x))
        return x > 0 ? "Inf" : "-Inf";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", x);
    return buffer;
}

/// CSV field: quoted when it holds a comma, quote or line break.
std::string field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string out = "\"";
    for (const char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

} // namespace

RepeatedFeatures perturbationFeatures(const std::vector<RobustnessCase>& cases,
                                      const Settings& settings, const PerturbationSpec& spec,
                                      unsigned threads) {
    if (cases.size() < 2)
        throw Error("robustness: the ICC needs at least 2 cases, got " +
                    std::to_string(cases.size()));
    std::vector<PerturbationCase> prepared(cases.size());
    parallelFor(cases.size(), resolveThreadCount(threads, cases.size()), [&](std::size_t c) {
        try {
            prepared[c] = preparePerturbationCase(cases[c].image, cases[c].mask, spec);
        } catch (const Error& e) {
            throw Error("case " + cases[c].id + ": " + e.what());
        }
    });
    const auto repeats = static_cast<std::size_t>(spec.repeats);
    const std::size_t items = cases.size() * repeats;
    std::vector<FeatureTable> tables(items);
    parallelFor(items, resolveThreadCount(threads, items), [&](std::size_t item) {
        const std::size_t c = item / repeats;
        const int r = static_cast<int>(item % repeats);
        try {
            const PerturbedInstance p = perturbInstance(prepared[c], spec, c, r);
            tables[item] = extract(p.image, p.mask, settings);
        } catch (const Error& e) {
            throw Error("case " + cases[c].id + ", perturbed instance " + std::to_string(r + 1) +
                        ": " + e.what());
        }
    });
    RepeatedFeatures out;
    for (const auto& c : cases)
        out.cases.push_back(c.id);
    const auto n = static_cast<Eigen::Index>(cases.size());
    const auto k = static_cast<Eigen::Index>(repeats);
    // Every extraction lists the same features in the same order
    // (featureCatalogue of the settings), missing ones as NaN.
    for (const FeatureValue& v : tables.front().values) {
        out.features.push_back(featureColumnName(v));
        out.values.emplace_back(Eigen::MatrixXd::Constant(n, k, kNaN));
    }
    for (std::size_t item = 0; item < items; ++item) {
        const FeatureTable& t = tables[item];
        if (t.values.size() != out.features.size())
            throw Error("robustness: extractions returned different feature lists");
        for (std::size_t f = 0; f < t.values.size(); ++f)
            out.values[f](static_cast<Eigen::Index>(item / repeats),
                          static_cast<Eigen::Index>(item % repeats)) =
                t.values[f].missing() ? kNaN : t.values[f].value;
    }
    return out;
}

std::vector<FeatureIcc> featureIccs(const RepeatedFeatures& table,
                                    const std::vector<stats::IccKind>& kinds, double confidence) {
    std::vector<FeatureIcc> out;
    for (std::size_t f = 0; f < table.features.size(); ++f) {
        const Eigen::MatrixXd& x = table.values[f];
        std::vector<Eigen::Index> complete;
        for (Eigen::Index i = 0; i < x.rows(); ++i)
            if (x.row(i).array().isFinite().all())
                complete.push_back(i);
        const Eigen::MatrixXd ratings = x(complete, Eigen::all);
        for (const stats::IccKind kind : kinds) {
            FeatureIcc icc;
            icc.feature = table.features[f];
            icc.kind = kind;
            icc.cases = static_cast<Eigen::Index>(complete.size());
            icc.result.kind = kind;
            icc.result.icc = icc.result.lower = icc.result.upper = kNaN;
            icc.result.f = icc.result.df1 = icc.result.df2 = icc.result.p = kNaN;
            const auto rowMean = ratings.rowwise().mean();
            if (ratings.rows() < 2)
                icc.note = "fewer than 2 cases with every repeat present";
            else if ((rowMean.array() == rowMean(0)).all())
                icc.note = "no variance between cases";
            else
                icc.result = stats::intraclassCorrelation(ratings, kind, confidence);
            out.push_back(std::move(icc));
        }
    }
    return out;
}

void writeRepeatedFeaturesCsv(std::ostream& out, const RepeatedFeatures& table) {
    out << "feature,case,repeat,value\n";
    for (std::size_t f = 0; f < table.features.size(); ++f)
        for (Eigen::Index c = 0; c < table.values[f].rows(); ++c)
            for (Eigen::Index r = 0; r < table.values[f].cols(); ++r)
                out << field(table.features[f]) << ','
                    << field(table.cases[static_cast<std::size_t>(c)]) << ',' << (r + 1) << ','
                    << number(table.values[f](c, r)) << '\n';
}

void writeFeatureIccCsv(std::ostream& out, const std::vector<FeatureIcc>& iccs,
                        const RobustnessProvenance& provenance) {
    out << "feature,icc_kind,icc,lower,upper,f,df1,df2,p,cases,repeats,perturbations,seed,"
           "parameter_set_sha256,note\n";
    for (const FeatureIcc& i : iccs) {
        const stats::IccResult& r = i.result;
        // The kind's name holds a comma ("ICC(1,1)"): quoted like any text.
        out << field(i.feature) << ',' << field(std::string(stats::iccKindName(i.kind))) << ','
            << number(r.icc) << ',' << number(r.lower) << ',' << number(r.upper) << ','
            << number(r.f) << ',' << number(r.df1) << ',' << number(r.df2) << ',' << number(r.p)
            << ',' << i.cases << ',' << provenance.repeats << ',' << field(provenance.perturbations)
            << ',' << provenance.seed << ',' << provenance.parameterSetHash << ',' << field(i.note)
            << '\n';
    }
}

} // namespace rgw::radiomics::robustness
