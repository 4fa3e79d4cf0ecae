#pragma once

#include <QObject>

class QProgressBar;
class QStatusBar;

namespace rgw::viewers {
class ElidedLabel;
}

namespace rgw::ui {

class TaskProgress;
using viewers::ElidedLabel;

/// The main window's status bar beyond its messages: a series-load bar, the
/// long-task strip, the shown series' geometry and the database path. The
/// permanent fields sit behind separators and shorten (with a tooltip) before
/// the message does, so a message never runs into the path.
class StatusStrip : public QObject {
    Q_OBJECT
public:
    explicit StatusStrip(QStatusBar* bar);

    TaskProgress* taskProgress() const { return taskProgress_; }
    void setLoading(bool loading);
    /// "512 x 512 x 59 voxels, 0.98 x 0.98 x 3.00 mm"; empty hides the field.
    void setSeriesGeometry(const QString& text);
    void setDatabasePath(const QString& path);

    ElidedLabel* geometryLabel() const { return geometry_; }
    ElidedLabel* databaseLabel() const { return database_; }

private:
    QStatusBar* bar_;
    QProgressBar* loadBar_;
    TaskProgress* taskProgress_;
    ElidedLabel* geometry_;
    ElidedLabel* database_;
};

} // namespace rgw::ui
