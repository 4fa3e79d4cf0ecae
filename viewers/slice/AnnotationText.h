#pragma once

#include "slice/AnnotationLayout.h"

class vtkTextProperty;

namespace rgw::viewers {

/// The annotation font (Arial, shadowed) at `logicalSize` pixels scaled to
/// device pixels by `ratio`, as the slice and 3D views draw it.
void styleAnnotationText(vtkTextProperty* text, double logicalSize, double ratio, bool bold);

/// Measures a line as a vtkTextActor with `text` draws it at `dpi` (device
/// pixels), for AnnotationLayout. `text` must outlive the measure.
TextMeasure vtkTextMeasure(vtkTextProperty* text, int dpi);

} // namespace rgw::viewers
