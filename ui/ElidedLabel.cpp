#include "ElidedLabel.h"

#include <QResizeEvent>

namespace rgw::ui {

ElidedLabel::ElidedLabel(QWidget* parent, Qt::TextElideMode mode) : QLabel(parent), mode_(mode) {
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString& text) {
    fullText_ = text;
    updateGeometry();
    updateShownText();
}

QSize ElidedLabel::sizeHint() const {
    const QMargins m = contentsMargins();
    return {fontMetrics().horizontalAdvance(fullText_) + m.left() + m.right() + 2 * margin() + 2,
            QLabel::sizeHint().height()};
}

QSize ElidedLabel::minimumSizeHint() const {
    const QMargins m = contentsMargins();
    const int shortest =
        fullText_.isEmpty() ? 0 : fontMetrics().horizontalAdvance(QStringLiteral("MMMMMM..."));
    return {std::min(sizeHint().width(), shortest + m.left() + m.right() + 2 * margin()),
            QLabel::minimumSizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event) {
    QLabel::resizeEvent(event);
    updateShownText();
}

void ElidedLabel::updateShownText() {
    const int room = contentsRect().width() - 2 * margin();
    const QString shown = fontMetrics().elidedText(fullText_, mode_, std::max(0, room));
    if (shown != text())
        setText(shown);
    setToolTip(shown == fullText_ ? QString() : fullText_);
}

} // namespace rgw::ui
