#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace rgw::ui {

/// What the window shows instead of an empty browser and viewer: a fresh or
/// empty cohort database (or none) and the next steps — import a DICOM
/// folder, generate and open the demo cohort, open another database.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    /// `databasePath` empty: no database is open.
    void setDatabase(const QString& databasePath);

    QPushButton* importButton() const { return import_; }
    QPushButton* demoButton() const { return demo_; }
    QPushButton* openButton() const { return open_; }

signals:
    void importRequested();
    void demoRequested();
    void openRequested();

private:
    QLabel* heading_;
    QLabel* explanation_;
    QPushButton* import_;
    QPushButton* demo_;
    QPushButton* open_;
};

} // namespace rgw::ui
