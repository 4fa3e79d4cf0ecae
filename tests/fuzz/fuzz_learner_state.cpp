// Fuzz target: the learner-state decoder (rgw::modeling::restoreLearnerState,
// then predictLearner on what it accepts). The input is used twice: as the
// encoded text itself, and as edits (position, xor byte pairs) applied to
// the valid encoding of a small learner chosen by the first byte (random
// forest, boosting, linear or RBF SVM, trained once per process on fixed
// data), so even an empty input exercises the full path and mutations reach
// past the header and the checksum. A bug: a crash, a sanitizer report, any
// exception other than rgw::Error, an unmodified state not restoring to
// identical predictions, > 2 GB or > 15 s.

#include "FuzzSupport.h"
#include "modeling/Learners.h"
#include "util/Error.h"

#include <array>
#include <string>
#include <string_view>

namespace {

using namespace rgw::modeling;

const Eigen::MatrixXd& probe() {
    static const Eigen::MatrixXd x = [] {
        Eigen::MatrixXd m(24, 2);
        for (Eigen::Index i = 0; i < m.rows(); ++i) {
            m(i, 0) = static_cast<double>(i % 7) - 3.0 + 0.25 * static_cast<double>(i % 2);
            m(i, 1) = static_cast<double>((i * 5) % 11) / 4.0 - 1.0;
        }
        return m;
    }();
    return x;
}

const std::array<TrainedLearner, 4>& learners() {
    static const std::array<TrainedLearner, 4> all = [] {
        Outcome y;
        y.kind = ModelKind::Logistic;
        y.label.resize(probe().rows());
        for (Eigen::Index i = 0; i < y.label.size(); ++i)
            y.label(i) = probe()(i, 0) + 0.5 * probe()(i, 1) > 0.0 ? 1.0 : 0.0;
        std::array<TrainedLearner, 4> out;
        const LearnerKind kinds[] = {LearnerKind::RandomForest, LearnerKind::GradientBoosting,
                                     LearnerKind::SvmLinear, LearnerKind::SvmRbf};
        for (std::size_t k = 0; k < out.size(); ++k) {
            LearnerOptions o = defaultLearnerOptions(kinds[k]);
            o.trees = 3;
            o.plattFolds = 3;
            out[k] = trainLearner(kinds[k], probe(), y, o, {"a", "b"});
        }
        return out;
    }();
    return all;
}

void tryRestore(std::string_view text) {
    try {
        const TrainedLearner l = restoreLearnerState(text);
        const Eigen::MatrixXd p = predictLearner(
            l, Eigen::MatrixXd::Zero(2, static_cast<Eigen::Index>(l.features.size())));
        if (!p.allFinite())
            rgw::fuzz::fail("a restored learner predicts non-finite probabilities");
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    tryRestore(std::string_view(reinterpret_cast<const char*>(data), size));

    rgw::fuzz::ByteReader in(data, size);
    const TrainedLearner& base = learners()[in.byte() % 4];
    const std::string valid = encodeLearnerState(base);
    if (size <= 1) { // the unmodified state must restore exactly
        const TrainedLearner r = restoreLearnerState(valid);
        if ((predictLearner(r, probe()) - predictLearner(base, probe())).cwiseAbs().maxCoeff() != 0)
            rgw::fuzz::fail("a restored learner predicts differently");
        return 0;
    }
    std::string text = valid;
    for (int edits = 0; edits < 16 && !in.rest().empty(); ++edits) {
        const std::size_t at = in.u32() % text.size();
        const std::uint8_t mask = in.byte();
        if (mask == 0) // a zero mask cuts the text here instead
            text.resize(at);
        else
            text[at] = static_cast<char>(text[at] ^ static_cast<char>(mask));
        if (text.empty())
            break;
    }
    tryRestore(text);
    return 0;
}
