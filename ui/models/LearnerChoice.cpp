#include "LearnerChoice.h"

#include "ModelBuilderWidgets.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <algorithm>
#include <array>

namespace rgw::ui {

using modeling::LearnerKind;
using modeling::LearnerOptions;

namespace {

constexpr std::array kKinds = {LearnerKind::RandomForest, LearnerKind::GradientBoosting,
                               LearnerKind::SvmLinear, LearnerKind::SvmRbf};
const QString kLinear = QStringLiteral("linear");

bool isTrees(LearnerKind kind) {
    return kind == LearnerKind::RandomForest || kind == LearnerKind::GradientBoosting;
}

QString nameOf(LearnerKind kind) {
    return QString::fromLatin1(modeling::learnerKindName(kind));
}

QString labelOf(LearnerKind kind) {
    switch (kind) {
    case LearnerKind::RandomForest:
        return LearnerChoice::tr("Random forest");
    case LearnerKind::GradientBoosting:
        return LearnerChoice::tr("Gradient boosting");
    case LearnerKind::SvmLinear:
        return LearnerChoice::tr("Linear SVM");
    case LearnerKind::SvmRbf:
        return LearnerChoice::tr("RBF SVM");
    }
    return nameOf(kind);
}

/// One hyperparameter: the CLI's option name without "--", and its field.
struct Descriptor {
    const char* key;
    QString label;
    int LearnerOptions::*integer;
    double LearnerOptions::*real;
    double low, high, step;
    QString tip;
};

std::vector<Descriptor> descriptorsOf(LearnerKind kind) {
    std::vector<Descriptor> out;
    if (isTrees(kind)) {
        out.push_back({"trees", LearnerChoice::tr("Trees:"), &LearnerOptions::trees, nullptr, 1,
                       100000, 10,
                       LearnerChoice::tr("Boosting rounds (gradient boosting) or trees of the "
                                         "forest")});
        out.push_back({"depth", LearnerChoice::tr("Depth:"), &LearnerOptions::depth, nullptr, 1, 50,
                       1, LearnerChoice::tr("The largest depth of every tree")});
    }
    if (kind == LearnerKind::GradientBoosting)
        out.push_back({"eta", LearnerChoice::tr("Learning rate (eta):"), nullptr,
                       &LearnerOptions::eta, 0.001, 1.0, 0.01,
                       LearnerChoice::tr("Shrinkage of every boosting round")});
    if (!isTrees(kind))
        out.push_back({"svm-c", LearnerChoice::tr("Cost C:"), nullptr, &LearnerOptions::svmC, 0.001,
                       1e6, 0.1, LearnerChoice::tr("The SVM's cost of a margin violation")});
    if (kind == LearnerKind::SvmRbf)
        out.push_back({"svm-gamma", LearnerChoice::tr("Gamma:"), nullptr, &LearnerOptions::svmGamma,
                       0.0, 1e6, 0.01,
                       LearnerChoice::tr("RBF width: exp(-gamma |u - v|²); 1/p (the "
                                         "number of features) at 0, e1071's default")});
    return out;
}

QString settingKey(LearnerKind kind, const QString& key) {
    return QStringLiteral("models/learner/%1/%2").arg(nameOf(kind), key);
}

} // namespace

QWidget* LearnerChoice::Field::editor() const {
    return integer ? static_cast<QWidget*>(integer) : static_cast<QWidget*>(real);
}

LearnerChoice::LearnerChoice(QWidget* parent) : QObject(parent), kind_(new QComboBox(parent)) {
    kind_->setObjectName(QStringLiteral("learnerBox"));
    kind_->setToolTip(tr("The penalised linear model (coefficients and a nomogram) or a "
                         "non-linear learner (random forest, gradient boosting, SVM) with its "
                         "hyperparameters; penalty, alpha and λ apply to the linear model only"));
    for (const LearnerKind kind : kKinds) {
        const LearnerOptions defaults = modeling::defaultLearnerOptions(kind);
        for (const Descriptor& d : descriptorsOf(kind)) {
            Field field;
            field.key = QString::fromLatin1(d.key);
            field.label = d.label;
            if (d.integer) {
                field.integer =
                    builder::spin(parent, static_cast<int>(d.low), static_cast<int>(d.high),
                                  defaults.*(d.integer), d.tip);
            } else {
                field.real =
                    builder::doubleSpin(parent, d.low, d.high, d.step, defaults.*(d.real), d.tip);
                field.real->setDecimals(4);
                field.real->setValue(defaults.*(d.real));
                if (d.low == 0.0)
                    field.real->setSpecialValueText(tr("1/p"));
            }
            field.editor()->setObjectName(QStringLiteral("%1-%2").arg(nameOf(kind), field.key));
            fields_[kind].push_back(field);
        }
    }
    setOutcome(modeling::ModelKind::Logistic);
    connect(kind_, &QComboBox::currentIndexChanged, this, [this] {
        showChosen();
        emit changed();
    });
}

void LearnerChoice::addRowsTo(QFormLayout* form) {
    form_ = form;
    form->addRow(tr("Model t&ype:"), kind_);
    for (const auto& [kind, fields] : fields_)
        for (const Field& f : fields)
            form->addRow(f.label, f.editor());
    showChosen();
}

std::optional<LearnerKind> LearnerChoice::algorithm() const {
    const QString name = kind_->currentData().toString();
    if (name.isEmpty() || name == kLinear)
        return std::nullopt;
    return modeling::parseLearnerKind(name.toStdString());
}

LearnerOptions LearnerChoice::options() const {
    const auto kind = algorithm();
    if (!kind)
        return {};
    LearnerOptions o = modeling::defaultLearnerOptions(*kind);
    for (const Descriptor& d : descriptorsOf(*kind)) {
        if (d.integer)
            o.*(d.integer) = intSpin(*kind, QString::fromLatin1(d.key))->value();
        else
            o.*(d.real) = realSpin(*kind, QString::fromLatin1(d.key))->value();
    }
    return o;
}

void LearnerChoice::setOutcome(modeling::ModelKind kind) {
    const QString current = kind_->currentData().toString();
    {
        const QSignalBlocker block(kind_);
        kind_->clear();
        kind_->addItem(tr("Penalised linear model"), kLinear);
        for (const LearnerKind k : kKinds)
            if (isTrees(k) || kind != modeling::ModelKind::Cox) // libsvm has no Cox model
                kind_->addItem(labelOf(k), nameOf(k));
        kind_->setCurrentIndex(std::max(0, kind_->findData(current)));
    }
    showChosen();
    if (kind_->currentData().toString() != current)
        emit changed();
}

void LearnerChoice::restore(const QSettings& settings) {
    for (const auto& [kind, fields] : fields_) {
        for (const Field& f : fields) {
            const QVariant value = settings.value(settingKey(kind, f.key));
            if (!value.isValid())
                continue;
            if (f.integer)
                f.integer->setValue(value.toInt());
            else
                f.real->setValue(value.toDouble());
        }
    }
    builder::selectData(kind_, settings.value("models/learner", kLinear));
}

void LearnerChoice::remember(QSettings& settings) const {
    settings.setValue("models/learner", kind_->currentData());
    for (const auto& [kind, fields] : fields_)
        for (const Field& f : fields)
            settings.setValue(settingKey(kind, f.key),
                              f.integer ? QVariant(f.integer->value()) : QVariant(f.real->value()));
}

QSpinBox* LearnerChoice::intSpin(LearnerKind kind, const QString& key) const {
    const auto it = fields_.find(kind);
    if (it != fields_.end())
        for (const Field& f : it->second)
            if (f.key == key)
                return f.integer;
    return nullptr;
}

QDoubleSpinBox* LearnerChoice::realSpin(LearnerKind kind, const QString& key) const {
    const auto it = fields_.find(kind);
    if (it != fields_.end())
        for (const Field& f : it->second)
            if (f.key == key)
                return f.real;
    return nullptr;
}

void LearnerChoice::showChosen() {
    if (!form_)
        return;
    const auto chosen = algorithm();
    for (const auto& [kind, fields] : fields_)
        for (const Field& f : fields)
            form_->setRowVisible(f.editor(), chosen == kind);
}

} // namespace rgw::ui
