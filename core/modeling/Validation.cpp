#include "modeling/Validation.h"

#include "stats/Concordance.h"
#include "stats/Roc.h"
#include "util/Error.h"
#include "util/ParallelFor.h"

#include <atomic>
#include <cmath>
#include <string>

namespace rgw::modeling {

const char* discriminationName(ModelKind kind) {
    switch (kind) {
    case ModelKind::Logistic:
        return "auc";
    case ModelKind::Multinomial:
        return "mean_ovr_auc";
    case ModelKind::Cox:
        break;
    }
    return "c_index";
}

double discrimination(const Prediction& prediction, const Outcome& y) {
    switch (y.kind) {
    case ModelKind::Logistic:
        return stats::rocCurve(prediction.score, y.label).auc;
    case ModelKind::Multinomial: {
        // Mean over classes of the AUC of P(class) for that class vs the rest.
        double sum = 0;
        int counted = 0;
        for (std::size_t c = 0; c < y.classes.size(); ++c) {
            Eigen::VectorXd isClass(static_cast<Eigen::Index>(y.classOf.size()));
            for (std::size_t i = 0; i < y.classOf.size(); ++i)
                isClass(static_cast<Eigen::Index>(i)) = y.classOf[i] == static_cast<int>(c);
            if (isClass.sum() == 0 || isClass.sum() == static_cast<double>(isClass.size()))
                continue; // a class absent from these rows has no one-vs-rest AUC
            sum += stats::rocCurve(prediction.classProbabilities.col(static_cast<Eigen::Index>(c)),
                                   isClass)
                       .auc;
            ++counted;
        }
        return counted ? sum / counted : std::nan("");
    }
    case ModelKind::Cox:
        break;
    }
    return stats::harrellConcordance(y.time, y.event, prediction.score).cIndex;
}

ValidationResult crossValidate(const PipelineSpec& spec, const PipelineData& data,
                               const ValidationSpec& validation, const ProgressFn& progress,
                               const CancelToken* cancel) {
    const std::vector<Split> splits = repeatedStratifiedSplits(data.y.strata(), validation.folds,
                                                               validation.repeats, validation.seed);
    ValidationResult result;
    result.measure = discriminationName(data.y.kind);
    result.folds.resize(splits.size());
    std::atomic<std::size_t> done{0};
    parallelFor(
        splits.size(), resolveThreadCount(validation.threads, splits.size()),
        [&](std::size_t s) {
            const Split& split = splits[s];
            FittedPipeline fitted;
            try {
                fitted = fitPipeline(spec, data.subset(split.train), streamSeed(validation.seed, s),
                                     cancel);
            } catch (const Error& e) {
                if (cancel && cancel->isCancelled())
                    throw;
                throw Error("cross-validation repeat " + std::to_string(s / validation.folds + 1) +
                            ", fold " + std::to_string(s % validation.folds + 1) + " (" +
                            std::to_string(split.train.size()) + " training rows): " + e.what());
            }
            const PipelineData test = data.subset(split.test);
            FoldResult& fold = result.folds[s];
            fold.repeat = static_cast<int>(s) / validation.folds;
            fold.fold = static_cast<int>(s) % validation.folds;
            fold.testRows = split.test;
            fold.prediction = predictPipeline(fitted, test);
            fold.discrimination = discrimination(fold.prediction, test.y);
            fold.selected = fitted.model.features;
            fold.lambda = fitted.model.lambda;
            const std::size_t finished = ++done;
            if (progress)
                progress(finished, splits.size(),
                         "repeat " + std::to_string(fold.repeat + 1) + ", fold " +
                             std::to_string(fold.fold + 1));
        },
        [&] { return cancel && cancel->isCancelled(); });
    if (cancel && cancel->isCancelled())
        throw Error("cancelled");

    double sum = 0, squares = 0;
    for (const FoldResult& f : result.folds)
        sum += f.discrimination;
    const auto n = static_cast<double>(result.folds.size());
    result.meanDiscrimination = sum / n;
    for (const FoldResult& f : result.folds)
        squares += (f.discrimination - result.meanDiscrimination) *
                   (f.discrimination - result.meanDiscrimination);
    result.sdDiscrimination = n > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
    for (int r = 0; r < validation.repeats; ++r) {
        double repeatSum = 0;
        for (int f = 0; f < validation.folds; ++f)
            repeatSum +=
                result.folds[static_cast<std::size_t>(r * validation.folds + f)].discrimination;
        result.repeatDiscrimination.push_back(repeatSum / validation.folds);
    }
    return result;
}

} // namespace rgw::modeling
