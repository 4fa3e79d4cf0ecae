#include "io/dicom/detail/FunctionalGroups.h"

#include <string>

namespace rgw::dicom::detail {

FGPixelMeasures pixelMeasures(const Geometry& g, const WriteErrors& errors) {
    FGPixelMeasures measures;
    errors.check(measures.setPixelSpacing(
                     (decimalString(g.spacing[1]) + "\\" + decimalString(g.spacing[0])).c_str()),
                 "Pixel Spacing");
    errors.check(measures.setSliceThickness(decimalString(g.spacing[2]).c_str()),
                 "Slice Thickness");
    errors.check(measures.setSpacingBetweenSlices(decimalString(g.spacing[2]).c_str()),
                 "Spacing Between Slices");
    return measures;
}

std::unique_ptr<FGPlaneOrientationPatient> planeOrientation(const Geometry& g,
                                                            const WriteErrors& errors) {
    std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
        decimalString(g.direction(0, 0)).c_str(), decimalString(g.direction(1, 0)).c_str(),
        decimalString(g.direction(2, 0)).c_str(), decimalString(g.direction(0, 1)).c_str(),
        decimalString(g.direction(1, 1)).c_str(), decimalString(g.direction(2, 1)).c_str()));
    if (!orientation)
        errors.fail("cannot create the Plane Orientation (Patient) functional group");
    return orientation;
}

std::unique_ptr<FGPlanePosPatient> planePosition(const Geometry& g, std::int64_t k,
                                                 const WriteErrors& errors) {
    const Eigen::Vector3d p = g.physicalPoint({0.0, 0.0, static_cast<double>(k)});
    std::unique_ptr<FGPlanePosPatient> position(FGPlanePosPatient::createMinimal(
        decimalString(p[0]).c_str(), decimalString(p[1]).c_str(), decimalString(p[2]).c_str()));
    if (!position)
        errors.fail("cannot create the Plane Position (Patient) functional group");
    return position;
}

void setSourceImage(ImageSOPInstanceReferenceMacro& source, const ReferencedImage& image,
                    const WriteErrors& errors) {
    errors.check(source.setReferencedSOPClassUID(image.sopClassUid.c_str()),
                 "Referenced SOP Class UID");
    errors.check(source.setReferencedSOPInstanceUID(image.sopInstanceUid.c_str()),
                 "Referenced SOP Instance UID");
    if (image.frameNumber > 0)
        errors.check(source.addReferencedFrameNumber(static_cast<Uint16>(image.frameNumber)),
                     "Referenced Frame Number");
}

} // namespace rgw::dicom::detail
