#pragma once

// Draws a rgw::modeling::Nomogram as rms's plot.nomogram does: the Points
// scale (0-100) on top, one labelled axis per predictor, then Total Points,
// the Linear Predictor and the probability (logistic) or survival-at-t (Cox)
// axes. Fits in 1000 x 520 logical pixels. Exports PNG (QImage) and PDF
// (QPdfWriter); Qt6::Svg is not linked in rgw_ui, so there is no SVG export.

#include "modeling/Nomogram.h"

#include <QStringList>
#include <QWidget>
#include <optional>
#include <vector>

class QPainter;

namespace rgw::ui {

class NomogramView : public QWidget {
    Q_OBJECT
public:
    explicit NomogramView(QWidget* parent = nullptr);

    /// Shows `nomogram`; the function axes get ticks at `probabilities`
    /// (each in (0, 1); default 0.1, 0.2, ..., 0.9), one survival axis per
    /// baseline time of a Cox model. Throws rgw::Error for a probability
    /// outside (0, 1).
    void setNomogram(const rgw::modeling::Nomogram& nomogram,
                     const std::vector<double>& probabilities = defaultProbabilities());
    void clear();
    bool hasNomogram() const { return nomogram_.has_value(); }

    /// Every text drawn by the last render (axis names and tick labels), in
    /// drawing order: what a test or an accessibility client can check.
    const QStringList& drawnLabels() const { return drawnLabels_; }

    /// Renders into `painter` within `area` (logical pixels).
    void render(QPainter& painter, const QRectF& area);
    /// The nomogram as an image of `size` logical pixels, white background.
    QImage toImage(QSize size = QSize(1000, 520));
    /// Writes a PNG (1000 x 520 at 2x) / a one-page PDF; false when the file
    /// cannot be written or there is no nomogram.
    bool exportPng(const QString& file);
    bool exportPdf(const QString& file);

    QSize sizeHint() const override { return {1000, 520}; }
    QSize minimumSizeHint() const override { return {600, 320}; }

    static std::vector<double> defaultProbabilities();

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Row {
        QString label;
        std::vector<rgw::modeling::NomogramTick> ticks;
        bool totalScale = false; ///< positioned on the Total Points scale
    };
    std::vector<Row> rows() const;

    std::optional<rgw::modeling::Nomogram> nomogram_;
    std::vector<std::vector<rgw::modeling::NomogramTick>> functionTicks_;
    QStringList functionLabels_;
    QStringList drawnLabels_;
};

} // namespace rgw::ui
