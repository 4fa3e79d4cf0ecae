#pragma once

#include <QLabel>

namespace rgw::ui {

/// A one-line label that shortens its text with "..." (in the middle: paths
/// keep their file name) when it is narrower than the text, and then shows the
/// whole text as its tooltip. Its size hint is the whole text, its minimum a
/// few characters, so a layout may squeeze it.
class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr, Qt::TextElideMode mode = Qt::ElideMiddle);

    void setFullText(const QString& text);
    QString fullText() const { return fullText_; }
    bool isElided() const { return text() != fullText_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateShownText();

    QString fullText_;
    Qt::TextElideMode mode_;
};

} // namespace rgw::ui
