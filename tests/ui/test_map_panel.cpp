// The Maps dock's colour map choice (issue #16 §3, offscreen): Hot by
// default, Viridis offered, the choice signalled and remembered for the next
// panel ("maps/colourMap").
#include "MapPanel.h"

#include <QApplication>
#include <QComboBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace rgw;

class MapPanelTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // keep the user's settings untouched
        QApplication::setOrganizationName("RadiogenomicsTest");
        QApplication::setApplicationName("test_map_panel");
        QSettings().clear();
    }

    void colourMapIsOfferedAndRemembered() {
        {
            ui::MapPanel panel;
            QCOMPARE(panel.colourMap(), ColourMap::Hot);
            QComboBox* box = panel.colourMapBox();
            QCOMPARE(box->count(), 2);
            QCOMPARE(box->itemText(0), QString("Hot"));
            QCOMPARE(box->itemText(1), QString("Viridis"));
            QSignalSpy changed(&panel, &ui::MapPanel::colourMapChanged);
            box->setCurrentIndex(1);
            QCOMPARE(changed.count(), 1);
            QCOMPARE(changed.at(0).at(0).value<ColourMap>(), ColourMap::Viridis);
            QCOMPARE(panel.colourMap(), ColourMap::Viridis);
        }
        ui::MapPanel next;
        QCOMPARE(next.colourMap(), ColourMap::Viridis);
        next.colourMapBox()->setCurrentIndex(0);
        QCOMPARE(ui::MapPanel().colourMap(), ColourMap::Hot);
    }
};

QTEST_MAIN(MapPanelTest)
#include "test_map_panel.moc"
