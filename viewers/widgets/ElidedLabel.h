#pragma once

#include <QLabel>
#include <QString>

namespace rgw::viewers {

/// A one-line label that never widens its layout: it asks for the width of
/// its full text but accepts any width down to an ellipsis, elides the text
/// (at the end by default; in the middle for paths, which keeps the file name)
/// to what it gets, and always carries the full text in its tooltip, so nothing
/// shortened is lost. The one elided label of the viewers and the main window.
class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr, Qt::TextElideMode mode = Qt::ElideRight);

    void setFullText(const QString& text);
    QString fullText() const { return fullText_; }
    /// True when the shown text is shorter than the full text.
    bool isElided() const { return text() != fullText_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void elide();

    QString fullText_;
    Qt::TextElideMode mode_;
};

} // namespace rgw::viewers
