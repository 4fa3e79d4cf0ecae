// The nomogram widget (offscreen): it renders a logistic and a Cox nomogram
// into a 1000 x 520 image with every axis labelled, and exports PNG and PDF.
#include "models/NomogramView.h"
#include "util/Error.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using rgw::modeling::Nomogram;
using rgw::modeling::NomogramModel;
using rgw::modeling::NomogramPredictor;

namespace {

Nomogram logistic() {
    NomogramModel m;
    m.link = NomogramModel::Link::Logistic;
    m.predictors = {NomogramPredictor::continuous("rad_score", 1.4, 7, 28),
                    NomogramPredictor::continuous("age", 0.04, 30, 85),
                    NomogramPredictor::discrete("smoker", 0.8, {0, 1})};
    m.intercept = -20;
    m.lpLow = -8;
    m.lpHigh = 12;
    return Nomogram(m);
}

Nomogram cox() {
    NomogramModel m;
    m.link = NomogramModel::Link::Cox;
    m.predictors = {NomogramPredictor::continuous("age", 0.011, 39, 82),
                    NomogramPredictor::discrete("female", -0.55, {0, 1}),
                    NomogramPredictor::discrete("ph.ecog", 0.46, {0, 1, 2, 3})};
    m.centre = 0.913;
    m.baseline = {{365, 0.88}, {730, 2.18}};
    m.lpLow = -0.99;
    m.lpHigh = 1.25;
    return Nomogram(m);
}

// Pixels that are not white: the drawing is not empty.
int inkedPixels(const QImage& image) {
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
    return n;
}

} // namespace

class TestNomogramView : public QObject {
    Q_OBJECT
private slots:
    void rendersEveryAxisLabelled() {
        rgw::ui::NomogramView view;
        QVERIFY(view.sizeHint().width() <= 1000 && view.sizeHint().height() <= 520);
        view.setNomogram(logistic());
        const QImage image = view.toImage(QSize(1000, 520));
        QVERIFY(inkedPixels(image) > 2000);
        const QStringList& labels = view.drawnLabels();
        for (const char* name : {"Points", "rad_score", "age", "smoker", "Total Points",
                                 "Linear Predictor", "Probability", "0.1"})
            QVERIFY2(labels.contains(name), name);
        QVERIFY(labels.contains("0") && labels.contains("1")); // the 0/1 axis's two ticks
    }

    void drawsOneSurvivalAxisPerTime() {
        rgw::ui::NomogramView view;
        view.setNomogram(cox());
        QVERIFY(inkedPixels(view.toImage()) > 2000);
        QVERIFY(view.drawnLabels().contains("Survival at t = 365"));
        QVERIFY(view.drawnLabels().contains("Survival at t = 730"));
        QVERIFY(view.drawnLabels().contains("ph.ecog"));
    }

    void exportsPngAndPdf() {
        rgw::ui::NomogramView view;
        QTemporaryDir dir;
        QVERIFY(!view.exportPng(dir.filePath("none.png"))); // nothing to export yet
        view.setNomogram(logistic());
        QVERIFY(view.exportPng(dir.filePath("n.png")));
        if (qEnvironmentVariableIsSet("RGW_TEST_ARTEFACTS"))
            view.exportPng(qEnvironmentVariable("RGW_TEST_ARTEFACTS") + "/nomogram.png");
        QVERIFY(view.exportPdf(dir.filePath("n.pdf")));
        const QImage png(dir.filePath("n.png"));
        QCOMPARE(png.size(), QSize(2000, 1040));
        QVERIFY(inkedPixels(png) > 2000);
        QVERIFY(QFileInfo(dir.filePath("n.pdf")).size() > 1000);
    }

    void rejectsProbabilitiesOutsideTheUnitInterval() {
        rgw::ui::NomogramView view;
        QVERIFY_THROWS_EXCEPTION(rgw::Error, view.setNomogram(logistic(), {0.5, 1.5}));
        QVERIFY(!view.hasNomogram());
    }
};

QTEST_MAIN(TestNomogramView)
#include "test_nomogram_view.moc"
