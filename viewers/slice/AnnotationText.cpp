#include "slice/AnnotationText.h"

#include <cmath>
#include <vtkStdString.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

namespace rgw::viewers {

void styleAnnotationText(vtkTextProperty* text, double logicalSize, double ratio, bool bold) {
    text->SetFontFamilyToArial();
    text->SetFontSize(static_cast<int>(std::lround(logicalSize * ratio)));
    text->SetBold(bold);
    text->ShadowOn();
}

TextMeasure vtkTextMeasure(vtkTextProperty* text, int dpi) {
    return [text, dpi](const QString& line) {
        const vtkStdString utf8(line.toStdString());
        int box[4] = {0, 0, 0, 0};
        if (utf8.empty() || !vtkTextRenderer::GetInstance()->GetBoundingBox(text, utf8, box, dpi))
            return QSizeF(0, 0);
        return QSizeF(box[1] - box[0] + 2, box[3] - box[2] + 2);
    };
}

} // namespace rgw::viewers
