#include "io/dicom/ObjectOrigin.h"

#include "io/dicom/detail/Attributes.h"
#include "util/Error.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

namespace rgw::dicom {

ObjectOrigin readObjectOrigin(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw Error("object origin: " + file.string() + " is missing");
    DcmFileFormat ff;
    const OFCondition status = ff.loadFile(file.string().c_str(), EXS_Unknown, EGL_noChange,
                                           DCM_MaxReadLength, ERM_autoDetect);
    if (status.bad())
        throw Error("object origin: " + file.string() + " is not readable DICOM (" + status.text() +
                    ")");
    DcmDataset& ds = *ff.getDataset();
    using detail::getAllValues;
    using detail::getString;
    ObjectOrigin origin;
    origin.tool = getString(ds, DCM_Manufacturer);
    if (const std::string model = getString(ds, DCM_ManufacturerModelName); !model.empty())
        origin.tool += (origin.tool.empty() ? "" : " ") + model;
    if (const std::string software = getAllValues(ds, DCM_SoftwareVersions); !software.empty())
        origin.tool += (origin.tool.empty() ? "" : " ") + ("(software " + software + ")");
    origin.author = getString(ds, DCM_ContentCreatorName);
    if (origin.author.empty())
        origin.author = getString(ds, DCM_OperatorsName);
    for (const DcmTagKey& tag : {DCM_StructureSetDate, DCM_ContentDate, DCM_SeriesDate}) {
        origin.date = getString(ds, tag);
        if (!origin.date.empty())
            break;
    }
    return origin;
}

} // namespace rgw::dicom
