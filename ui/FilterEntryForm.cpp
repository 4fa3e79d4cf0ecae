#include "FilterEntryForm.h"

#include "radiomics/Extractor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <cmath>
#include <numbers>
#include <utility>

namespace rgw::ui {

namespace {

using radiomics::FilterEntry;
using namespace filters;

constexpr double kDegree = std::numbers::pi / 180.0;

/// The entry keys each type takes, besides type, dimensions, boundary,
/// families and discretisation (pooling and delta_theta_deg only when
/// rotation-invariant, the riesz base's own keys per base, tensor_sigma_mm
/// only when aligned).
const std::vector<std::vector<QString>>& typeFields() {
    static const std::vector<std::vector<QString>> fields{
        {"support"},
        {"sigma_mm", "truncation"},
        {"kernels", "rotation_invariant", "pooling", "energy_distance"},
        {"sigma_mm", "lambda_mm", "gamma", "theta_deg", "rotation_invariant", "pooling",
         "delta_theta_deg", "truncation"},
        {"family", "subband", "level", "rotation_invariant", "pooling"},
        {"level"},
        {"order", "base", "sigma_mm", "truncation", "level", "align", "tensor_sigma_mm"},
    };
    return fields;
}

QDoubleSpinBox* number(QWidget* parent, const char* name, double max, int decimals,
                       const QString& suffix = {}) {
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setRange(-max, max);
    box->setDecimals(decimals);
    box->setSuffix(suffix);
    return box;
}

QSpinBox* count(QWidget* parent, const char* name, int min, int max) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setRange(min, max);
    return box;
}

} // namespace

const std::vector<QString>& FilterEntryForm::typeKeys() {
    static const std::vector<QString> keys{"mean",    "log",        "laws", "gabor",
                                           "wavelet", "simoncelli", "riesz"};
    return keys;
}

FilterEntry FilterEntryForm::withType(FilterEntry entry, int typeIndex) {
    switch (typeIndex) {
    case 0:
        entry.filter = MeanFilter{};
        break;
    case 1:
        entry.filter = LaplacianOfGaussianFilter{};
        break;
    case 2:
        entry.filter = LawsFilter{};
        break;
    case 3:
        entry.filter = GaborFilter{};
        break;
    case 4:
        entry.filter = SeparableWaveletFilter{};
        break;
    case 5:
        entry.filter = SimoncelliFilter{};
        break;
    default:
        entry.filter = RieszFilter{};
        break;
    }
    return entry;
}

FilterEntryForm::FilterEntryForm(QWidget* parent) : QWidget(parent) {
    form_ = new QFormLayout(this);
    form_->setContentsMargins(0, 0, 0, 0);
    form_->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    type_ = new QComboBox(this);
    type_->setObjectName("filterType");
    for (const QString& key : typeKeys())
        type_->addItem(key, key);
    dimensions_ = new QComboBox(this);
    dimensions_->setObjectName("filterDimensions");
    for (FilterDimensions d : {FilterDimensions::Slice2D, FilterDimensions::Volume3D})
        dimensions_->addItem(QString::fromLatin1(toString(d)), int(d));
    boundary_ = new QComboBox(this);
    boundary_->setObjectName("filterBoundary");
    for (Boundary b : {Boundary::Zero, Boundary::Nearest, Boundary::Periodic, Boundary::Mirror})
        boundary_->addItem(QString::fromLatin1(toString(b)), int(b));
    addRow("type", tr("Type:"), type_);
    addRow("dimensions", tr("Dimensions:"), dimensions_);
    addRow("boundary", tr("Boundary:"), boundary_);

    support_ = count(this, "support", 0, 99);
    support_->setSingleStep(2);
    support_->setSuffix(tr(" voxels"));
    addRow("support", tr("Support:"), support_);
    sigma_ = number(this, "sigma_mm", 1000, 3, tr(" mm"));
    sigma_->setSingleStep(0.5);
    addRow("sigma_mm", tr("Sigma:"), sigma_);
    lambda_ = number(this, "lambda_mm", 1000, 3, tr(" mm"));
    addRow("lambda_mm", tr("Wavelength:"), lambda_);
    gamma_ = number(this, "gamma", 100, 3);
    addRow("gamma", tr("Aspect ratio:"), gamma_);
    theta_ = number(this, "theta_deg", 360, 3, QStringLiteral("\u00b0"));
    addRow("theta_deg", tr("Orientation:"), theta_);
    truncation_ = number(this, "truncation", 100, 3, tr(" \u03c3"));
    addRow("truncation", tr("Truncation:"), truncation_);
    kernels_ = new QLineEdit(this);
    kernels_->setObjectName("kernels");
    kernels_->setPlaceholderText(tr("e.g. L5E5E5"));
    addRow("kernels", tr("Kernels:"), kernels_);
    waveletFamily_ = new QComboBox(this);
    waveletFamily_->setObjectName("waveletFamily");
    for (WaveletFamily f : {WaveletFamily::Haar, WaveletFamily::Daubechies2,
                            WaveletFamily::Daubechies3, WaveletFamily::Coiflet1})
        waveletFamily_->addItem(QString::fromLatin1(toString(f)), int(f));
    addRow("family", tr("Wavelet:"), waveletFamily_);
    subband_ = new QLineEdit(this);
    subband_->setObjectName("subband");
    subband_->setPlaceholderText(tr("L or H per axis, e.g. LLH"));
    addRow("subband", tr("Subband:"), subband_);

    auto* order = new QWidget(this);
    order->setObjectName("order");
    auto* orderRow = new QHBoxLayout(order);
    orderRow->setContentsMargins(0, 0, 0, 0);
    for (int a = 0; a < 3; ++a) {
        order_[a] = count(order, QString("rieszOrder%1").arg(a + 1).toLatin1().constData(), 0, 20);
        order_[a]->setPrefix(QString("l%1 = ").arg(a + 1));
        orderRow->addWidget(order_[a]);
    }
    addRow("order", tr("Riesz order:"), order);
    base_ = new QComboBox(this);
    base_->setObjectName("base");
    base_->addItem(QStringLiteral("log"), 0);
    base_->addItem(QStringLiteral("simoncelli"), 1);
    addRow("base", tr("Base filter:"), base_);
    level_ = count(this, "level", 0, 20);
    addRow("level", tr("Level:"), level_);
    align_ = new QCheckBox(tr("Steer to the structure tensor"), this);
    align_->setObjectName("align");
    addRow("align", tr("Local alignment:"), align_);
    tensorSigma_ = number(this, "tensor_sigma_mm", 1000, 3, tr(" mm"));
    tensorSigma_->setSingleStep(0.5);
    addRow("tensor_sigma_mm", tr("Tensor window:"), tensorSigma_);

    rotationInvariant_ = new QCheckBox(tr("Pool over rotations"), this);
    rotationInvariant_->setObjectName("rotation_invariant");
    addRow("rotation_invariant", tr("Rotation invariant:"), rotationInvariant_);
    pooling_ = new QComboBox(this);
    pooling_->setObjectName("pooling");
    for (Pooling p : {Pooling::Max, Pooling::Average})
        pooling_->addItem(QString::fromLatin1(toString(p)), int(p));
    addRow("pooling", tr("Pooling:"), pooling_);
    deltaTheta_ = number(this, "delta_theta_deg", 360, 3, QStringLiteral("\u00b0"));
    addRow("delta_theta_deg", tr("Orientation step:"), deltaTheta_);
    energyDistance_ = count(this, "energy_distance", 0, 99);
    energyDistance_->setSpecialValueText(tr("none (the response)"));
    energyDistance_->setSuffix(tr(" voxels"));
    addRow("energy_distance", tr("Energy window:"), energyDistance_);

    auto* families = new QWidget(this);
    families->setObjectName("families");
    auto* grid = new QGridLayout(families);
    grid->setContentsMargins(0, 0, 0, 0);
    const std::vector<std::string> keys = radiomics::responseMapFamilies();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const QString key = QString::fromStdString(keys[i]);
        auto* box = new QCheckBox(key, families);
        box->setObjectName("family_" + key);
        grid->addWidget(box, int(i / 3), int(i % 3));
        families_.push_back(box);
        connect(box, &QCheckBox::toggled, this, &FilterEntryForm::edited);
    }
    addRow("families", tr("Families:"), families);

    method_ = new QComboBox(this);
    method_->setObjectName("discretisationMethod");
    method_->addItem(tr("(not given)"), -1);
    method_->addItem(QStringLiteral("fixed_bin_number"),
                     int(radiomics::DiscretisationMethod::FixedBinNumber));
    method_->addItem(QStringLiteral("fixed_bin_size"),
                     int(radiomics::DiscretisationMethod::FixedBinSize));
    addRow("discretisation", tr("Discretisation:"), method_);
    binCount_ = count(this, "bin_count", 0, 100000);
    binCount_->setValue(32);
    addRow("bin_count", tr("Bin count:"), binCount_);
    binWidth_ = number(this, "bin_width", 1e6, 4);
    binWidth_->setValue(1.0);
    addRow("bin_width", tr("Bin width:"), binWidth_);

    // The other base of a Riesz filter starts at its defaults (before edited() reads it).
    connect(base_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (loading_)
            return;
        const bool wasLoading = std::exchange(loading_, true);
        if (index == 0) {
            const LaplacianOfGaussianFilter log;
            sigma_->setValue(log.sigmaMm);
            truncation_->setValue(log.truncation);
        } else {
            level_->setValue(SimoncelliFilter{}.level);
        }
        loading_ = wasLoading;
    });
    for (QComboBox* box : {dimensions_, boundary_, waveletFamily_, pooling_, base_, method_})
        connect(box, &QComboBox::currentIndexChanged, this, &FilterEntryForm::edited);
    for (QSpinBox* box :
         {support_, energyDistance_, level_, order_[0], order_[1], order_[2], binCount_})
        connect(box, &QSpinBox::valueChanged, this, &FilterEntryForm::edited);
    for (QDoubleSpinBox* box :
         {sigma_, truncation_, lambda_, gamma_, theta_, deltaTheta_, tensorSigma_, binWidth_})
        connect(box, &QDoubleSpinBox::valueChanged, this, &FilterEntryForm::edited);
    for (QLineEdit* edit : {kernels_, subband_})
        connect(edit, &QLineEdit::textEdited, this, &FilterEntryForm::edited);
    for (QCheckBox* box : {rotationInvariant_, align_})
        connect(box, &QCheckBox::toggled, this, &FilterEntryForm::edited);
    connect(type_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (loading_)
            return;
        fillTypeFields(withType(entry(), index));
        updateVisibility();
        emit typeChosen(index);
        emit changed();
    });

    // Every field starts at its type's default.
    for (int type = int(typeKeys().size()) - 1; type >= 0; --type)
        fillTypeFields(withType(FilterEntry(FilterSpec{}), type));
    setEntry(FilterEntry(FilterSpec{}));
}

void FilterEntryForm::addRow(const QString& key, const QString& label, QWidget* field) {
    auto* text = new QLabel(label, this);
    text->setToolTip(tr("Key %1 of the filter entry").arg(key));
    text->setBuddy(field);
    form_->addRow(text, field);
    fields_[key] = field;
}

QWidget* FilterEntryForm::field(const QString& key) const {
    const auto it = fields_.find(key);
    return it == fields_.end() ? nullptr : it->second;
}

void FilterEntryForm::setEntry(const FilterEntry& entry) {
    loading_ = true;
    type_->setCurrentIndex(int(entry.filter.index()));
    dimensions_->setCurrentIndex(dimensions_->findData(int(entry.dimensions)));
    boundary_->setCurrentIndex(boundary_->findData(int(entry.boundary)));
    fillTypeFields(entry);
    for (QCheckBox* box : families_) {
        const std::string key = box->text().toStdString();
        box->setChecked(std::find(entry.families.begin(), entry.families.end(), key) !=
                        entry.families.end());
    }
    if (entry.discretisation) {
        method_->setCurrentIndex(method_->findData(int(entry.discretisation->method)));
        if (entry.discretisation->method == radiomics::DiscretisationMethod::FixedBinNumber)
            binCount_->setValue(entry.discretisation->binCount);
        else
            binWidth_->setValue(entry.discretisation->binWidth);
    } else {
        method_->setCurrentIndex(0);
    }
    loading_ = false;
    updateVisibility();
}

void FilterEntryForm::fillTypeFields(const FilterEntry& entry) {
    const bool wasLoading = loading_;
    loading_ = true;
    type_->setCurrentIndex(int(entry.filter.index()));
    const auto rotation = [this](bool invariant, Pooling pooling) {
        rotationInvariant_->setChecked(invariant);
        pooling_->setCurrentIndex(pooling_->findData(int(pooling)));
    };
    const auto log = [this](const LaplacianOfGaussianFilter& f) {
        sigma_->setValue(f.sigmaMm);
        truncation_->setValue(f.truncation);
    };
    if (const auto* f = std::get_if<MeanFilter>(&entry.filter)) {
        support_->setValue(f->support);
    } else if (const auto* g = std::get_if<LaplacianOfGaussianFilter>(&entry.filter)) {
        log(*g);
    } else if (const auto* l = std::get_if<LawsFilter>(&entry.filter)) {
        kernels_->setText(QString::fromStdString(l->kernels));
        rotation(l->rotationInvariant, l->pooling);
        energyDistance_->setValue(l->energyDistance.value_or(0));
    } else if (const auto* b = std::get_if<GaborFilter>(&entry.filter)) {
        sigma_->setValue(b->sigmaMm);
        lambda_->setValue(b->lambdaMm);
        gamma_->setValue(b->gamma);
        theta_->setValue(b->theta / kDegree);
        rotation(b->rotationInvariant, b->pooling);
        deltaTheta_->setValue(b->deltaTheta / kDegree);
        truncation_->setValue(b->truncation);
    } else if (const auto* w = std::get_if<SeparableWaveletFilter>(&entry.filter)) {
        waveletFamily_->setCurrentIndex(waveletFamily_->findData(int(w->family)));
        subband_->setText(QString::fromStdString(w->subband));
        level_->setValue(w->level);
        rotation(w->rotationInvariant, w->pooling);
    } else if (const auto* s = std::get_if<SimoncelliFilter>(&entry.filter)) {
        level_->setValue(s->level);
    } else if (const auto* r = std::get_if<RieszFilter>(&entry.filter)) {
        for (int a = 0; a < 3; ++a)
            order_[a]->setValue(r->order.l[a]);
        if (const auto* base = std::get_if<LaplacianOfGaussianFilter>(&r->base)) {
            base_->setCurrentIndex(0);
            log(*base);
        } else {
            base_->setCurrentIndex(1);
            level_->setValue(std::get<SimoncelliFilter>(r->base).level);
        }
        align_->setChecked(r->alignment.has_value());
        tensorSigma_->setValue(r->alignment.value_or(StructureTensorAlignment{}).sigmaMm);
    }
    loading_ = wasLoading;
}

FilterEntry FilterEntryForm::entry() const {
    FilterEntry e = withType(FilterEntry(FilterSpec{}), type_->currentIndex());
    e.dimensions = static_cast<FilterDimensions>(dimensions_->currentData().toInt());
    e.boundary = static_cast<Boundary>(boundary_->currentData().toInt());
    const auto pooling = static_cast<Pooling>(pooling_->currentData().toInt());
    const auto log = [this] {
        LaplacianOfGaussianFilter f;
        f.sigmaMm = sigma_->value();
        f.truncation = truncation_->value();
        return f;
    };
    std::visit(
        [&](auto& f) {
            using F = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<F, MeanFilter>) {
                f.support = support_->value();
            } else if constexpr (std::is_same_v<F, LaplacianOfGaussianFilter>) {
                f = log();
            } else if constexpr (std::is_same_v<F, LawsFilter>) {
                f.kernels = kernels_->text().trimmed().toStdString();
                f.rotationInvariant = rotationInvariant_->isChecked();
                f.pooling = pooling;
                if (energyDistance_->value() > 0)
                    f.energyDistance = energyDistance_->value();
            } else if constexpr (std::is_same_v<F, GaborFilter>) {
                f.sigmaMm = sigma_->value();
                f.lambdaMm = lambda_->value();
                f.gamma = gamma_->value();
                f.theta = theta_->value() * kDegree;
                f.rotationInvariant = rotationInvariant_->isChecked();
                f.pooling = pooling;
                f.deltaTheta = deltaTheta_->value() * kDegree;
                f.truncation = truncation_->value();
            } else if constexpr (std::is_same_v<F, SeparableWaveletFilter>) {
                f.family = static_cast<WaveletFamily>(waveletFamily_->currentData().toInt());
                f.subband = subband_->text().trimmed().toStdString();
                f.level = level_->value();
                f.rotationInvariant = rotationInvariant_->isChecked();
                f.pooling = pooling;
            } else if constexpr (std::is_same_v<F, SimoncelliFilter>) {
                f.level = level_->value();
            } else {
                for (int a = 0; a < 3; ++a)
                    f.order.l[a] = order_[a]->value();
                if (base_->currentIndex() == 0)
                    f.base = log();
                else
                    f.base = SimoncelliFilter{level_->value()};
                if (align_->isChecked())
                    f.alignment = StructureTensorAlignment{tensorSigma_->value()};
            }
        },
        e.filter);
    e.families.clear();
    bool readsLevels = false;
    for (QCheckBox* box : families_)
        if (box->isChecked()) {
            e.families.push_back(box->text().toStdString());
            readsLevels = readsLevels || radiomics::readsGreyLevels(e.families.back());
        }
    if (readsLevels && method_->currentData().toInt() >= 0) {
        radiomics::DiscretisationSettings d;
        d.method = static_cast<radiomics::DiscretisationMethod>(method_->currentData().toInt());
        if (d.method == radiomics::DiscretisationMethod::FixedBinNumber)
            d.binCount = binCount_->value();
        else
            d.binWidth = binWidth_->value();
        e.discretisation = d;
    }
    return e;
}

void FilterEntryForm::updateVisibility() {
    const int type = type_->currentIndex();
    const auto& mine = typeFields()[std::size_t(type)];
    const bool invariant = rotationInvariant_->isChecked();
    const bool rieszLog = base_->currentIndex() == 0;
    bool readsLevels = false;
    for (QCheckBox* box : families_)
        readsLevels = readsLevels ||
                      (box->isChecked() && radiomics::readsGreyLevels(box->text().toStdString()));
    const int method = method_->currentData().toInt();
    for (const auto& [key, widget] : fields_) {
        bool visible = true;
        if (key == "discretisation")
            visible = readsLevels;
        else if (key == "bin_count")
            visible = readsLevels && method == int(radiomics::DiscretisationMethod::FixedBinNumber);
        else if (key == "bin_width")
            visible = readsLevels && method == int(radiomics::DiscretisationMethod::FixedBinSize);
        else if (key != "type" && key != "dimensions" && key != "boundary" && key != "families")
            visible = std::find(mine.begin(), mine.end(), key) != mine.end();
        if ((key == "pooling" || key == "delta_theta_deg") && !invariant)
            visible = false;
        if (type == 6 && (key == "sigma_mm" || key == "truncation"))
            visible = rieszLog;
        if (type == 6 && key == "level")
            visible = !rieszLog;
        if (type == 6 && key == "tensor_sigma_mm")
            visible = align_->isChecked();
        form_->setRowVisible(widget, visible);
    }
}

void FilterEntryForm::edited() {
    if (loading_)
        return;
    updateVisibility();
    emit changed();
}

void FilterEntryForm::markKey(const QString& key) {
    if (key == marked_)
        return;
    for (const QString& k : {marked_, key}) {
        QWidget* widget = field(k);
        auto* label = widget ? qobject_cast<QLabel*>(form_->labelForField(widget)) : nullptr;
        if (label)
            label->setStyleSheet(k == key ? QStringLiteral("color: #b00020; font-weight: bold")
                                          : QString());
    }
    marked_ = key;
}

} // namespace rgw::ui
