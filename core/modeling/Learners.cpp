#include "modeling/Learners.h"

#include "modeling/Resampling.h"
#include "util/Error.h"
#include "util/Random.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <libsvm/svm.h>
#include <limits>
#include <memory>
#include <mutex>
#include <xgboost/c_api.h>

namespace rgw::modeling {
namespace {

constexpr std::string_view kHeader = "rgw-learner";
constexpr std::string_view kSvmHeader = "rgw-libsvm";
constexpr int kVersion = 1;

bool isTrees(LearnerKind kind) {
    return kind == LearnerKind::RandomForest || kind == LearnerKind::GradientBoosting;
}

// ---- text encoding ----------------------------------------------------------

void putNumber(std::string& out, double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v); // shortest round-trip form
    out.append(buf, r.ptr);
}

/// Reads the whitespace-separated tokens and length-prefixed blobs of the
/// encodings below; every read is checked and throws rgw::Error.
class Reader {
public:
    explicit Reader(std::string_view text) : s_(text) {}

    std::string_view token(const char* what) {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n'))
            ++pos_;
        const std::size_t start = pos_;
        while (pos_ < s_.size() && s_[pos_] != ' ' && s_[pos_] != '\n')
            ++pos_;
        if (start == pos_)
            fail(std::string("missing ") + what);
        return s_.substr(start, pos_ - start);
    }
    void expect(std::string_view word) {
        if (token(std::string(word).c_str()) != word)
            fail("expected '" + std::string(word) + "'");
    }
    long long integer(const char* what, long long lo, long long hi) {
        const std::string_view t = token(what);
        long long v = 0;
        const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
        if (r.ec != std::errc() || r.ptr != t.data() + t.size() || v < lo || v > hi)
            fail(std::string(what) + " '" + std::string(t) + "' is not an integer in [" +
                 std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return v;
    }
    double number(const char* what) {
        const std::string_view t = token(what);
        double v = 0;
        const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
        if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v))
            fail(std::string(what) + " '" + std::string(t) + "' is not a finite number");
        return v;
    }
    /// `n` raw bytes after exactly one newline.
    std::string_view bytes(std::size_t n, const char* what) {
        if (pos_ >= s_.size() || s_[pos_] != '\n' || s_.size() - pos_ - 1 < n)
            fail(std::string(what) + " is truncated");
        const std::string_view b = s_.substr(pos_ + 1, n);
        pos_ += 1 + n;
        return b;
    }
    /// Items still possible if each takes at least `bytesEach` bytes: the
    /// bound on every count read, so no count allocates beyond the input.
    long long capacity(std::size_t bytesEach) const {
        return static_cast<long long>((s_.size() - pos_) / std::max<std::size_t>(bytesEach, 1));
    }
    void end() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n'))
            ++pos_;
        if (pos_ != s_.size())
            fail("unexpected text after the end");
    }
    [[noreturn]] static void fail(const std::string& why) {
        throw Error("learner state is corrupt: " + why);
    }

private:
    std::string_view s_;
    std::size_t pos_ = 0;
};

// ---- input checks -----------------------------------------------------------

void checkFinite(const Eigen::MatrixXd& x) {
    for (Eigen::Index j = 0; j < x.cols(); ++j)
        for (Eigen::Index i = 0; i < x.rows(); ++i)
            if (!std::isfinite(x(i, j)))
                throw Error("learner input: x row " + std::to_string(i + 1) + ", column " +
                            std::to_string(j + 1) + " is not finite");
}

/// The class (0 .. K-1) of each row and K; throws for a Cox outcome, sizes
/// disagreeing, labels out of range or a class without rows.
std::vector<int> classesOf(const Outcome& y, Eigen::Index rows, int& classes) {
    std::vector<int> cls;
    if (y.kind == ModelKind::Logistic) {
        if (y.label.size() != rows)
            throw Error("learners: " + std::to_string(y.label.size()) + " labels for " +
                        std::to_string(rows) + " rows of x");
        classes = 2;
        for (Eigen::Index i = 0; i < rows; ++i) {
            if (y.label(i) != 0.0 && y.label(i) != 1.0)
                throw Error("learners: label of row " + std::to_string(i + 1) + " is not 0 or 1");
            cls.push_back(static_cast<int>(y.label(i)));
        }
    } else {
        if (static_cast<Eigen::Index>(y.classOf.size()) != rows)
            throw Error("learners: " + std::to_string(y.classOf.size()) + " classes for " +
                        std::to_string(rows) + " rows of x");
        classes = y.classes.empty()
                      ? (rows == 0 ? 0 : *std::max_element(y.classOf.begin(), y.classOf.end()) + 1)
                      : static_cast<int>(y.classes.size());
        for (const int c : y.classOf)
            if (c < 0 || c >= classes)
                throw Error("learners: class index " + std::to_string(c) + " out of range");
        cls = y.classOf;
    }
    std::vector<int> count(static_cast<std::size_t>(std::max(classes, 0)), 0);
    for (const int c : cls)
        ++count[static_cast<std::size_t>(c)];
    for (std::size_t c = 0; c < count.size(); ++c)
        if (count[c] == 0)
            throw Error("learners: class " +
                        (c < y.classes.size() ? "'" + y.classes[c] + "'" : std::to_string(c)) +
                        " has no rows; a learner needs at least two classes present");
    if (classes < 2)
        throw Error("learners: the outcome has one class only");
    return cls;
}

/// xgboost's survival:cox labels: the time of an event, minus the time of a
/// censored row. Throws for sizes disagreeing, a time not finite and > 0, an
/// event other than 0/1 or no event.
std::vector<float> coxLabels(const Outcome& y, Eigen::Index rows) {
    if (y.time.size() != rows || y.event.size() != rows)
        throw Error("learners: " + std::to_string(y.time.size()) + " times and " +
                    std::to_string(y.event.size()) + " events for " + std::to_string(rows) +
                    " rows of x");
    std::vector<float> label;
    bool anyEvent = false;
    for (Eigen::Index i = 0; i < rows; ++i) {
        if (!(std::isfinite(y.time(i)) && y.time(i) > 0))
            throw Error("learners: survival time of row " + std::to_string(i + 1) +
                        " is not finite and positive");
        if (y.event(i) != 0.0 && y.event(i) != 1.0)
            throw Error("learners: event of row " + std::to_string(i + 1) + " is not 0 or 1");
        anyEvent = anyEvent || y.event(i) == 1.0;
        label.push_back(static_cast<float>(y.event(i) == 1.0 ? y.time(i) : -y.time(i)));
    }
    if (!anyEvent)
        throw Error("learners: the survival outcome has no event");
    return label;
}

/// Probability (or risk) columns: 1 for binary and Cox, K for K > 2 classes.
Eigen::Index outputColumns(const TrainedLearner& l) {
    return l.classes <= 2 ? 1 : l.classes;
}

void checkOptions(const LearnerOptions& o) {
    auto bad = [](const char* what) { throw Error(std::string("learner option ") + what); };
    if (o.trees < 1 || o.trees > 100000)
        bad("trees must lie in [1, 100000]");
    if (o.depth < 1 || o.depth > 30)
        bad("depth must lie in [1, 30]");
    if (!(o.eta > 0.0 && o.eta <= 1.0))
        bad("eta must lie in (0, 1]");
    if (!(o.subsample > 0.0 && o.subsample <= 1.0))
        bad("subsample must lie in (0, 1]");
    if (!(o.colsample >= 0.0 && o.colsample <= 1.0))
        bad("colsample must lie in [0, 1] (0 = sqrt(p)/p)");
    if (!(o.minChildWeight >= 0.0 && std::isfinite(o.minChildWeight)))
        bad("minChildWeight must be finite and >= 0");
    if (!(o.lambda >= 0.0 && std::isfinite(o.lambda)))
        bad("lambda must be finite and >= 0");
    if (!(o.svmC > 0.0 && std::isfinite(o.svmC)))
        bad("svmC must be finite and > 0");
    if (!(o.svmGamma >= 0.0 && std::isfinite(o.svmGamma)))
        bad("svmGamma must be finite and >= 0 (0 = 1/p)");
    if (o.plattFolds < 2)
        bad("plattFolds must be at least 2");
}

void checkColumns(const TrainedLearner& learner, const Eigen::MatrixXd& x) {
    if (x.cols() != static_cast<Eigen::Index>(learner.features.size()))
        throw Error("learner prediction: x has " + std::to_string(x.cols()) +
                    " columns, the learner was trained on " +
                    std::to_string(learner.features.size()) + " features");
    checkFinite(x);
}

// ---- libsvm -----------------------------------------------------------------

void silenceLibraries() {
    static std::once_flag once;
    std::call_once(once, [] {
        svm_set_print_string_function([](const char*) {});
        XGBRegisterLogCallback([](const char*) {});
    });
}

/// One binary C-SVC as libsvm holds it: label0 is libsvm's first label (its
/// decision value is positive towards label0), nSV the support vectors of
/// each label, sv the support vectors (rows, dense).
struct BinarySvm {
    int label0 = 1;
    int nsv0 = 0, nsv1 = 0;
    double rho = 0.0;
    Eigen::VectorXd coef;
    Eigen::MatrixXd sv;
};

struct SvmState {
    bool rbf = false;
    double gamma = 0.0;
    Eigen::Index features = 0;
    std::vector<BinarySvm> models;
};

/// Dense libsvm rows (indices 1..p, terminated by index -1) of x.
std::vector<svm_node> svmNodes(const Eigen::MatrixXd& x) {
    const Eigen::Index p = x.cols();
    std::vector<svm_node> nodes(static_cast<std::size_t>(x.rows() * (p + 1)));
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        svm_node* row = nodes.data() + i * (p + 1);
        for (Eigen::Index j = 0; j < p; ++j)
            row[j] = svm_node{static_cast<int>(j + 1), x(i, j)};
        row[p] = svm_node{-1, 0.0};
    }
    return nodes;
}

svm_parameter svmParameter(bool rbf, double gamma, double cost) {
    svm_parameter param{};
    param.svm_type = C_SVC;
    param.kernel_type = rbf ? RBF : LINEAR;
    param.gamma = gamma;
    param.cache_size = 100;
    param.eps = 1e-3; // e1071's tolerance
    param.C = cost;
    param.shrinking = 1;
    param.probability = 0; // libsvm's estimates draw from rand(): Platt scaling is done here
    return param;
}

/// libsvm's C-SVC of the rows of x with labels 0/1 (both present).
BinarySvm trainBinarySvm(const Eigen::MatrixXd& x, const std::vector<double>& label,
                         const svm_parameter& param) {
    silenceLibraries();
    std::vector<svm_node> nodes = svmNodes(x);
    std::vector<svm_node*> rows(static_cast<std::size_t>(x.rows()));
    for (std::size_t i = 0; i < rows.size(); ++i)
        rows[i] = nodes.data() + static_cast<Eigen::Index>(i) * (x.cols() + 1);
    std::vector<double> y = label;
    svm_problem problem{static_cast<int>(x.rows()), y.data(), rows.data()};
    if (const char* why = svm_check_parameter(&problem, &param))
        throw Error(std::string("libsvm refused the parameters: ") + why);
    svm_model* raw = svm_train(&problem, &param);
    std::unique_ptr<svm_model, void (*)(svm_model*)> model(
        raw, [](svm_model* m) { svm_free_and_destroy_model(&m); });
    if (!model || model->nr_class != 2)
        throw Error("libsvm did not return a two-class model");
    BinarySvm out;
    out.label0 = model->label[0];
    out.nsv0 = model->nSV[0];
    out.nsv1 = model->nSV[1];
    out.rho = model->rho[0];
    out.coef.resize(model->l);
    out.sv.resize(model->l, x.cols());
    for (int k = 0; k < model->l; ++k) {
        out.coef(k) = model->sv_coef[0][k];
        out.sv.row(k) = x.row(model->sv_indices[k] - 1); // 1-based training rows
    }
    return out;
}

/// Decision values of `m` on x, oriented positive towards label 1, by
/// libsvm's svm_predict_values on a model assembled from the stored fields.
Eigen::VectorXd svmDecision(const SvmState& state, const BinarySvm& m, const Eigen::MatrixXd& x) {
    std::vector<svm_node> svNodes = svmNodes(m.sv);
    std::vector<svm_node*> svRows(static_cast<std::size_t>(m.sv.rows()));
    for (std::size_t k = 0; k < svRows.size(); ++k)
        svRows[k] = svNodes.data() + static_cast<Eigen::Index>(k) * (m.sv.cols() + 1);
    Eigen::VectorXd coef = m.coef;
    double* coefRows[1] = {coef.data()};
    double rho[1] = {m.rho};
    int labels[2] = {m.label0, 1 - m.label0};
    int nsv[2] = {m.nsv0, m.nsv1};
    svm_model model{};
    model.param = svmParameter(state.rbf, state.gamma, 1.0);
    model.nr_class = 2;
    model.l = static_cast<int>(m.sv.rows());
    model.SV = svRows.data();
    model.sv_coef = coefRows;
    model.rho = rho;
    model.label = labels;
    model.nSV = nsv;
    model.free_sv = 0;
    const std::vector<svm_node> nodes = svmNodes(x);
    Eigen::VectorXd f(x.rows());
    const double sign = m.label0 == 1 ? 1.0 : -1.0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        double dec = 0.0;
        svm_predict_values(&model, nodes.data() + i * (x.cols() + 1), &dec);
        f(i) = sign * dec;
    }
    return f;
}

std::string encodeSvm(const SvmState& s) {
    std::string out(kSvmHeader);
    out += ' ' + std::to_string(kVersion) + "\nkernel " + (s.rbf ? "rbf" : "linear") + "\ngamma ";
    putNumber(out, s.gamma);
    out += "\nfeatures " + std::to_string(s.features) + "\nmodels " +
           std::to_string(s.models.size()) + '\n';
    for (const BinarySvm& m : s.models) {
        out += "model " + std::to_string(m.label0) + ' ' + std::to_string(m.nsv0) + ' ' +
               std::to_string(m.nsv1) + ' ';
        putNumber(out, m.rho);
        out += '\n';
        for (Eigen::Index k = 0; k < m.sv.rows(); ++k) {
            putNumber(out, m.coef(k));
            for (Eigen::Index j = 0; j < m.sv.cols(); ++j) {
                out += ' ';
                putNumber(out, m.sv(k, j));
            }
            out += '\n';
        }
    }
    return out;
}

SvmState decodeSvm(std::string_view text, Eigen::Index features, std::size_t models) {
    Reader in(text);
    in.expect(kSvmHeader);
    in.integer("libsvm state version", kVersion, kVersion);
    SvmState s;
    in.expect("kernel");
    const std::string_view kernel = in.token("kernel");
    if (kernel != "rbf" && kernel != "linear")
        Reader::fail("unknown kernel '" + std::string(kernel) + "'");
    s.rbf = kernel == "rbf";
    in.expect("gamma");
    s.gamma = in.number("gamma");
    if (s.gamma < 0.0)
        Reader::fail("negative gamma");
    in.expect("features");
    s.features = static_cast<Eigen::Index>(in.integer("feature count", features, features));
    in.expect("models");
    const auto count =
        in.integer("model count", static_cast<long long>(models), static_cast<long long>(models));
    for (long long k = 0; k < count; ++k) {
        BinarySvm m;
        in.expect("model");
        m.label0 = static_cast<int>(in.integer("first label", 0, 1));
        const long long limit = in.capacity(2 * static_cast<std::size_t>(s.features + 1));
        m.nsv0 = static_cast<int>(in.integer("support vectors", 0, limit));
        m.nsv1 = static_cast<int>(in.integer("support vectors", 0, limit - m.nsv0));
        m.rho = in.number("rho");
        const int l = m.nsv0 + m.nsv1;
        m.coef.resize(l);
        m.sv.resize(l, s.features);
        for (int i = 0; i < l; ++i) {
            m.coef(i) = in.number("support vector coefficient");
            for (Eigen::Index j = 0; j < s.features; ++j)
                m.sv(i, j) = in.number("support vector value");
        }
        s.models.push_back(std::move(m));
    }
    in.end();
    return s;
}

// ---- Platt scaling ----------------------------------------------------------

/// libsvm's sigmoid_predict: 1 / (1 + exp(A f + B)) without overflow.
double sigmoidProbability(double fApB) {
    return fApB >= 0 ? std::exp(-fApB) / (1.0 + std::exp(-fApB)) : 1.0 / (1.0 + std::exp(fApB));
}

/// Decision values of each row when it was held out: plattFolds stratified
/// folds (seed) of the rows; a fold whose training rows hold one class gives
/// +1 / -1 as libsvm's svm_binary_svc_probability does.
Eigen::VectorXd heldOutDecisions(const Eigen::MatrixXd& x, const std::vector<double>& label,
                                 const std::vector<int>& fold, int folds,
                                 const svm_parameter& param, const SvmState& state) {
    Eigen::VectorXd f(x.rows());
    for (const Split& split : foldSplits(fold, folds)) {
        Eigen::MatrixXd xt(static_cast<Eigen::Index>(split.train.size()), x.cols());
        std::vector<double> yt;
        for (std::size_t r = 0; r < split.train.size(); ++r) {
            xt.row(static_cast<Eigen::Index>(r)) = x.row(static_cast<Eigen::Index>(split.train[r]));
            yt.push_back(label[split.train[r]]);
        }
        Eigen::MatrixXd xs(static_cast<Eigen::Index>(split.test.size()), x.cols());
        for (std::size_t r = 0; r < split.test.size(); ++r)
            xs.row(static_cast<Eigen::Index>(r)) = x.row(static_cast<Eigen::Index>(split.test[r]));
        const auto positives = std::count(yt.begin(), yt.end(), 1.0);
        Eigen::VectorXd ft;
        if (positives == 0 || positives == static_cast<long>(yt.size()))
            ft = Eigen::VectorXd::Constant(xs.rows(), positives == 0 ? -1.0 : 1.0);
        else
            ft = svmDecision(state, trainBinarySvm(xt, yt, param), xs);
        for (std::size_t r = 0; r < split.test.size(); ++r)
            f(static_cast<Eigen::Index>(split.test[r])) = ft(static_cast<Eigen::Index>(r));
    }
    return f;
}

TrainedLearner trainSvm(LearnerKind kind, const Eigen::MatrixXd& x, const std::vector<int>& cls,
                        int classes, const LearnerOptions& o) {
    SvmState state;
    state.rbf = kind == LearnerKind::SvmRbf;
    state.features = x.cols();
    state.gamma =
        state.rbf ? (o.svmGamma > 0 ? o.svmGamma : 1.0 / static_cast<double>(x.cols())) : 0.0;
    const svm_parameter param = svmParameter(state.rbf, state.gamma, o.svmC);
    const int folds = std::min<int>(o.plattFolds, static_cast<int>(x.rows()));
    const std::vector<int> fold = stratifiedFolds(cls, folds, o.seed);
    TrainedLearner out;
    out.kind = kind;
    out.classes = classes;
    const int models = classes == 2 ? 1 : classes;
    Eigen::VectorXd importance = Eigen::VectorXd::Zero(x.cols());
    for (int k = 0; k < models; ++k) {
        const int positive = classes == 2 ? 1 : k; // one-vs-rest for K > 2
        std::vector<double> label;
        for (const int c : cls)
            label.push_back(c == positive ? 1.0 : 0.0);
        const Eigen::VectorXd held = heldOutDecisions(x, label, fold, folds, param, state);
        out.calibration.push_back(
            fitPlattSigmoid(held, Eigen::Map<const Eigen::VectorXd>(label.data(), x.rows())));
        state.models.push_back(trainBinarySvm(x, label, param));
        // Linear kernel: w = sum_i coef_i sv_i (the hyperplane's normal).
        importance += (state.models.back().sv.transpose() * state.models.back().coef).cwiseAbs();
    }
    out.state = encodeSvm(state);
    if (!state.rbf)
        out.importance =
            importance.sum() > 0 ? Eigen::VectorXd(importance / importance.sum()) : importance;
    return out;
}

Eigen::MatrixXd svmDecisionValues(const TrainedLearner& l, const Eigen::MatrixXd& x) {
    const SvmState state =
        decodeSvm(l.state, static_cast<Eigen::Index>(l.features.size()), l.calibration.size());
    Eigen::MatrixXd f(x.rows(), static_cast<Eigen::Index>(state.models.size()));
    for (std::size_t k = 0; k < state.models.size(); ++k)
        f.col(static_cast<Eigen::Index>(k)) = svmDecision(state, state.models[k], x);
    return f;
}

Eigen::MatrixXd svmProbabilities(const TrainedLearner& l, const Eigen::MatrixXd& x) {
    Eigen::MatrixXd p = svmDecisionValues(l, x);
    for (Eigen::Index k = 0; k < p.cols(); ++k)
        for (Eigen::Index i = 0; i < p.rows(); ++i)
            p(i, k) = l.calibration[static_cast<std::size_t>(k)].probability(p(i, k));
    if (p.cols() > 1) // one-vs-rest probabilities normalised to sum 1
        for (Eigen::Index i = 0; i < p.rows(); ++i) {
            const double s = p.row(i).sum();
            if (s > 0)
                p.row(i) /= s;
            else
                p.row(i).setConstant(1.0 / static_cast<double>(p.cols()));
        }
    return p;
}

// ---- xgboost ----------------------------------------------------------------

void xgbCheck(int status, const char* what) {
    if (status != 0)
        throw Error(std::string("xgboost ") + what + ": " + XGBGetLastError());
}

struct DMatrix {
    DMatrixHandle h = nullptr;
    explicit DMatrix(const Eigen::MatrixXd& x) {
        // xgboost reads row-major float32.
        Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> xf = x.cast<float>();
        xgbCheck(XGDMatrixCreateFromMat(xf.data(), static_cast<bst_ulong>(x.rows()),
                                        static_cast<bst_ulong>(x.cols()),
                                        std::numeric_limits<float>::quiet_NaN(), &h),
                 "could not build its matrix");
    }
    ~DMatrix() { XGDMatrixFree(h); }
    DMatrix(const DMatrix&) = delete;
    DMatrix& operator=(const DMatrix&) = delete;
};

struct Booster {
    BoosterHandle h = nullptr;
    Booster(DMatrixHandle* train, bst_ulong count) {
        xgbCheck(XGBoosterCreate(train, count, &h), "could not create a booster");
    }
    ~Booster() { XGBoosterFree(h); }
    Booster(const Booster&) = delete;
    Booster& operator=(const Booster&) = delete;
    void set(const char* name, const std::string& value) {
        xgbCheck(XGBoosterSetParam(h, name, value.c_str()), name);
    }
};

std::string numberText(double v) {
    std::string s;
    putNumber(s, v);
    return s;
}

TrainedLearner trainTrees(LearnerKind kind, const Eigen::MatrixXd& x, std::vector<float> label,
                          int classes, const LearnerOptions& o) {
    silenceLibraries();
    DMatrix data(x);
    xgbCheck(XGDMatrixSetFloatInfo(data.h, "label", label.data(), label.size()),
             "refused the labels");
    Booster b(&data.h, 1);
    b.set("verbosity", "0");
    b.set("nthread", "1"); // determinism: the caller parallelises across folds
    b.set("seed", std::to_string(o.seed % 2147483647u));
    b.set("tree_method", "exact"); // splits at midpoints of observed values
    b.set("base_score", "0.5");
    if (classes == 1) {
        b.set("objective", "survival:cox"); // label: time, negative when censored
    } else if (classes == 2) {
        b.set("objective", "binary:logistic");
    } else {
        b.set("objective", "multi:softprob");
        b.set("num_class", std::to_string(classes));
    }
    b.set("max_depth", std::to_string(o.depth));
    b.set("min_child_weight", numberText(o.minChildWeight));
    b.set("lambda", numberText(o.lambda));
    b.set("subsample", numberText(o.subsample));
    const double colsample =
        o.colsample > 0 ? o.colsample
                        : std::sqrt(static_cast<double>(x.cols())) / static_cast<double>(x.cols());
    b.set("colsample_bynode", numberText(colsample));
    int rounds = o.trees;
    if (kind == LearnerKind::RandomForest) {
        // xgboost's random-forest mode: one round of `trees` parallel trees
        // on row subsamples and sqrt(p) candidate columns per split, eta 1.
        b.set("num_parallel_tree", std::to_string(o.trees));
        b.set("eta", "1");
        rounds = 1;
    } else {
        b.set("eta", numberText(o.eta));
    }
    for (int r = 0; r < rounds; ++r)
        xgbCheck(XGBoosterUpdateOneIter(b.h, r, data.h), "training failed");

    TrainedLearner out;
    out.kind = kind;
    out.classes = classes;
    bst_ulong len = 0;
    const char* buf = nullptr;
    xgbCheck(XGBoosterSaveModelToBuffer(b.h, "{\"format\":\"json\"}", &len, &buf),
             "could not save the model");
    out.state.assign(buf, len);

    // Importance: total gain per feature ("f<j>"), normalised to sum 1.
    bst_ulong nf = 0, dim = 0;
    const char** names = nullptr;
    const bst_ulong* shape = nullptr;
    const float* scores = nullptr;
    xgbCheck(XGBoosterFeatureScore(b.h, "{\"importance_type\":\"total_gain\"}", &nf, &names, &dim,
                                   &shape, &scores),
             "could not score the features");
    out.importance = Eigen::VectorXd::Zero(x.cols());
    for (bst_ulong k = 0; k < nf; ++k) {
        const std::string_view name = names[k];
        long long j = -1;
        if (name.size() > 1 && name[0] == 'f')
            std::from_chars(name.data() + 1, name.data() + name.size(), j);
        if (j >= 0 && j < x.cols())
            out.importance(static_cast<Eigen::Index>(j)) = static_cast<double>(scores[k]);
    }
    if (out.importance.sum() > 0)
        out.importance /= out.importance.sum();
    return out;
}

/// xgboost's predictions (margin or probability) of x: rows × (1 or K).
Eigen::MatrixXd treePredict(const TrainedLearner& l, const Eigen::MatrixXd& x, bool margin) {
    silenceLibraries();
    Booster b(nullptr, 0);
    xgbCheck(XGBoosterLoadModelFromBuffer(b.h, l.state.data(), l.state.size()),
             "refused the stored model");
    b.set("nthread", "1");
    bst_ulong features = 0;
    xgbCheck(XGBoosterGetNumFeature(b.h, &features), "has no feature count");
    if (features != l.features.size())
        throw Error("learner state is corrupt: the xgboost model has " + std::to_string(features) +
                    " features, the learner " + std::to_string(l.features.size()));
    DMatrix data(x);
    const std::string config = std::string("{\"type\":") + (margin ? "1" : "0") +
                               ",\"training\":false,\"iteration_begin\":0,"
                               "\"iteration_end\":0,\"strict_shape\":true}";
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    xgbCheck(XGBoosterPredictFromDMatrix(b.h, data.h, config.c_str(), &shape, &dim, &result),
             "prediction failed");
    const Eigen::Index cols = outputColumns(l);
    if (dim != 2 || shape[0] != static_cast<bst_ulong>(x.rows()) ||
        shape[1] != static_cast<bst_ulong>(cols))
        throw Error("learner state is corrupt: the xgboost model does not predict " +
                    std::to_string(cols) + " column(s)");
    Eigen::MatrixXd out(x.rows(), cols);
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        for (Eigen::Index k = 0; k < cols; ++k) {
            out(i, k) = static_cast<double>(result[i * cols + k]);
            if (!std::isfinite(out(i, k)))
                throw Error(
                    "learner state is corrupt: the xgboost model predicts non-finite values");
        }
    return out;
}

std::string hexHash(std::string_view s) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hashKey(s)));
    return buf;
}

} // namespace

const char* learnerKindName(LearnerKind kind) {
    switch (kind) {
    case LearnerKind::RandomForest:
        return "random-forest";
    case LearnerKind::GradientBoosting:
        return "gradient-boosting";
    case LearnerKind::SvmLinear:
        return "svm-linear";
    case LearnerKind::SvmRbf:
        break;
    }
    return "svm-rbf";
}

LearnerKind parseLearnerKind(std::string_view name) {
    for (const LearnerKind k : {LearnerKind::RandomForest, LearnerKind::GradientBoosting,
                                LearnerKind::SvmLinear, LearnerKind::SvmRbf})
        if (name == learnerKindName(k))
            return k;
    throw Error("unknown learner '" + std::string(name) +
                "' (random-forest, gradient-boosting, svm-linear, svm-rbf)");
}

LearnerOptions defaultLearnerOptions(LearnerKind kind) {
    LearnerOptions o;
    if (kind == LearnerKind::RandomForest) {
        o.trees = 500;
        o.depth = 10;
        o.eta = 1.0;
        o.subsample = 0.632;
        o.colsample = 0.0;
    }
    return o;
}

double PlattSigmoid::probability(double decision) const {
    return sigmoidProbability(a * decision + b);
}

// Lin, Lin & Weng (2007), "A note on Platt's probabilistic outputs for
// support vector machines", Algorithm 1 (libsvm's sigmoid_train): minimise
// sum_i t_i (A f_i + B) + log(1 + exp(-(A f_i + B))) by Newton steps with
// H + 1e-12 I and Armijo backtracking, stopping when |g| < 1e-5.
PlattSigmoid fitPlattSigmoid(const Eigen::VectorXd& f, const Eigen::VectorXd& label) {
    if (f.size() != label.size() || f.size() == 0)
        throw Error("Platt sigmoid: " + std::to_string(f.size()) + " decision values and " +
                    std::to_string(label.size()) + " labels");
    double prior1 = 0, prior0 = 0;
    for (Eigen::Index i = 0; i < f.size(); ++i) {
        if (!std::isfinite(f(i)))
            throw Error("Platt sigmoid: decision value " + std::to_string(i + 1) +
                        " is not finite");
        if (label(i) == 1.0)
            prior1 += 1;
        else if (label(i) == 0.0)
            prior0 += 1;
        else
            throw Error("Platt sigmoid: label " + std::to_string(i + 1) + " is not 0 or 1");
    }
    const int maxIter = 100;
    const double minStep = 1e-10, sigma = 1e-12, eps = 1e-5;
    const double hi = (prior1 + 1.0) / (prior1 + 2.0), lo = 1.0 / (prior0 + 2.0); // Platt's targets
    const Eigen::Index n = f.size();
    Eigen::VectorXd t(n);
    for (Eigen::Index i = 0; i < n; ++i)
        t(i) = label(i) == 1.0 ? hi : lo;
    auto objective = [&](double a, double b) {
        double v = 0.0;
        for (Eigen::Index i = 0; i < n; ++i) {
            const double fApB = f(i) * a + b;
            v += fApB >= 0 ? t(i) * fApB + std::log1p(std::exp(-fApB))
                           : (t(i) - 1) * fApB + std::log1p(std::exp(fApB));
        }
        return v;
    };
    double a = 0.0, b = std::log((prior0 + 1.0) / (prior1 + 1.0));
    double fval = objective(a, b);
    for (int iter = 0; iter < maxIter; ++iter) {
        double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
            const double fApB = f(i) * a + b;
            const double p = sigmoidProbability(fApB), q = 1.0 - p;
            const double d2 = p * q, d1 = t(i) - p;
            h11 += f(i) * f(i) * d2;
            h22 += d2;
            h21 += f(i) * d2;
            g1 += f(i) * d1;
            g2 += d1;
        }
        if (std::fabs(g1) < eps && std::fabs(g2) < eps)
            break;
        const double det = h11 * h22 - h21 * h21;
        const double dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det;
        const double gd = g1 * dA + g2 * dB;
        double step = 1.0;
        while (step >= minStep) {
            const double na = a + step * dA, nb = b + step * dB;
            const double nf = objective(na, nb);
            if (nf < fval + 0.0001 * step * gd) {
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2.0;
        }
        if (step < minStep)
            break; // line search failed: keep the last point, as libsvm does
    }
    return {a, b};
}

TrainedLearner trainLearner(LearnerKind kind, const Eigen::MatrixXd& x, const Outcome& y,
                            const LearnerOptions& options,
                            const std::vector<std::string>& features) {
    checkOptions(options);
    if (x.rows() < 2 || x.cols() < 1)
        throw Error("learners: x has " + std::to_string(x.rows()) + " rows and " +
                    std::to_string(x.cols()) + " columns; at least 2 rows and 1 column needed");
    if (!features.empty() && static_cast<Eigen::Index>(features.size()) != x.cols())
        throw Error("learners: " + std::to_string(features.size()) + " feature names for " +
                    std::to_string(x.cols()) + " columns of x");
    checkFinite(x);
    TrainedLearner out;
    if (y.kind == ModelKind::Cox) {
        if (!isTrees(kind))
            throw Error(std::string("learners: a Cox (survival) outcome needs random-forest or "
                                    "gradient-boosting, not ") +
                        learnerKindName(kind));
        out = trainTrees(kind, x, coxLabels(y, x.rows()), 1, options);
    } else {
        int classes = 0;
        const std::vector<int> cls = classesOf(y, x.rows(), classes);
        out = isTrees(kind) ? trainTrees(kind, x, std::vector<float>(cls.begin(), cls.end()),
                                         classes, options)
                            : trainSvm(kind, x, cls, classes, options);
    }
    out.outcome = y.kind;
    out.features = features;
    for (Eigen::Index j = static_cast<Eigen::Index>(features.size()); j < x.cols(); ++j)
        out.features.push_back("x" + std::to_string(j + 1));
    return out;
}

Eigen::MatrixXd predictLearner(const TrainedLearner& learner, const Eigen::MatrixXd& x) {
    checkColumns(learner, x);
    return isTrees(learner.kind) ? treePredict(learner, x, false) : svmProbabilities(learner, x);
}

Eigen::MatrixXd learnerDecisionValues(const TrainedLearner& learner, const Eigen::MatrixXd& x) {
    checkColumns(learner, x);
    return isTrees(learner.kind) ? treePredict(learner, x, true) : svmDecisionValues(learner, x);
}

std::string encodeLearnerState(const TrainedLearner& l) {
    std::string out(kHeader);
    out += ' ' + std::to_string(kVersion) + "\nkind " + learnerKindName(l.kind) + "\noutcome " +
           modelKindName(l.outcome) + "\nclasses " + std::to_string(l.classes) + "\nfeatures " +
           std::to_string(l.features.size()) + '\n';
    for (const std::string& name : l.features)
        out += "name " + std::to_string(name.size()) + '\n' + name + '\n';
    out += "importance " + std::to_string(l.importance.size());
    for (Eigen::Index j = 0; j < l.importance.size(); ++j) {
        out += ' ';
        putNumber(out, l.importance(j));
    }
    out += "\ncalibration " + std::to_string(l.calibration.size()) + '\n';
    for (const PlattSigmoid& s : l.calibration) {
        putNumber(out, s.a);
        out += ' ';
        putNumber(out, s.b);
        out += '\n';
    }
    out += "state " + std::to_string(l.state.size()) + ' ' + hexHash(l.state) + '\n' + l.state +
           "\nend\n";
    return out;
}

TrainedLearner restoreLearnerState(std::string_view text) {
    Reader in(text);
    in.expect(kHeader);
    in.integer("version", kVersion, kVersion);
    TrainedLearner l;
    in.expect("kind");
    const std::string_view kind = in.token("kind");
    try {
        l.kind = parseLearnerKind(kind);
    } catch (const Error& e) {
        Reader::fail(e.what());
    }
    in.expect("outcome");
    const std::string_view outcome = in.token("outcome");
    try {
        l.outcome = parseModelKind(outcome);
    } catch (const Error& e) {
        Reader::fail(e.what());
    }
    if (l.outcome == ModelKind::Cox && !isTrees(l.kind))
        Reader::fail("a Cox outcome with an SVM");
    in.expect("classes");
    l.classes =
        static_cast<int>(l.outcome == ModelKind::Cox
                             ? in.integer("class count", 1, 1)
                             : in.integer("class count", 2, std::min(in.capacity(4), 100000LL)));
    in.expect("features");
    const auto p = in.integer("feature count", 1, in.capacity(8));
    for (long long j = 0; j < p; ++j) {
        in.expect("name");
        const auto len = in.integer("name length", 0, in.capacity(1));
        l.features.emplace_back(in.bytes(static_cast<std::size_t>(len), "feature name"));
    }
    in.expect("importance");
    const auto ni = in.integer("importance count", 0, p);
    if (ni != 0 && ni != p)
        Reader::fail("importance has " + std::to_string(ni) + " values for " + std::to_string(p) +
                     " features");
    l.importance.resize(static_cast<Eigen::Index>(ni));
    for (Eigen::Index j = 0; j < l.importance.size(); ++j)
        if ((l.importance(j) = in.number("importance")) < 0)
            Reader::fail("negative importance");
    in.expect("calibration");
    const long long models = isTrees(l.kind) ? 0 : (l.classes == 2 ? 1 : l.classes);
    in.integer("calibration count", models, models);
    for (long long k = 0; k < models; ++k) {
        const double a = in.number("sigmoid A");
        l.calibration.push_back({a, in.number("sigmoid B")});
    }
    in.expect("state");
    const auto len = in.integer("state length", 1, in.capacity(1));
    const std::string_view hash = in.token("state checksum");
    l.state = std::string(in.bytes(static_cast<std::size_t>(len), "library state"));
    if (hash != hexHash(l.state))
        Reader::fail("the checksum of the library state does not match");
    in.expect("end");
    in.end();
    // The library state: parsed (libsvm) or loaded and run on one row
    // (xgboost), so a state restored here predicts.
    (void)learnerDecisionValues(l, Eigen::MatrixXd::Zero(1, static_cast<Eigen::Index>(p)));
    return l;
}

} // namespace rgw::modeling
