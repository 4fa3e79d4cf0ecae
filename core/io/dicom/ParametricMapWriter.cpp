#include "io/dicom/ParametricMapWriter.h"

#include "io/dicom/detail/Attributes.h"
#include "io/dicom/detail/FunctionalGroups.h"
#include "radiomics/FeatureCatalogue.h"
#include "util/Error.h"

#include <algorithm>
#include <cmath>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgframeanatomy.h>
#include <dcmtk/dcmfg/fgparametricmapframetype.h>
#include <dcmtk/dcmfg/fgpixeltransform.h>
#include <dcmtk/dcmfg/fgrealworldvaluemapping.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmpmap/dpmparametricmapiod.h>
#include <memory>

namespace rgw::dicom {
namespace {

using detail::newUid;
using Context = detail::WriteErrors;

/// SNOMED CT "Quantity", the concept name of a Quantity Definition item that
/// names what the values measure (PS3.3 C.7.6.16.2.11.1.2, TID 1419 row 1).
const CodedConcept kQuantity{"246205007", "SCT", "Quantity"};
/// CID 7202 "Source image for image processing operation".
const CodedConcept kSourceImagePurpose{"121322", "DCM",
                                       "Source image for image processing operation"};

std::string clipped(std::string text, std::size_t maxLength) {
    if (text.size() > maxLength)
        text.resize(maxLength);
    return text;
}

/// "Joint entropy (3D, merged), kernel radius 1": what the map shows.
std::string featureText(const ParametricMapToWrite& map) {
    std::string text = map.quantity.meaning;
    if (map.aggregation)
        text += " (" + map.aggregation->meaning + ")";
    return text + ", kernel radius " + std::to_string(map.kernelRadius);
}

void setIdentity(DPMParametricMapIOD& pm, const ReferencedSeries& ref,
                 const std::string& seriesInstanceUid, const std::string& sopInstanceUid,
                 const ParametricMapOptions& options, const Context& ctx) {
    IODPatientModule& patient = pm.getIODPatientModule();
    patient.setPatientName(ref.patientName, OFFalse);
    patient.setPatientID(ref.patientId, OFFalse);
    patient.setPatientBirthDate(ref.patientBirthDate, OFFalse);
    patient.setPatientSex(ref.patientSex, OFFalse);
    IODGeneralStudyModule& study = pm.getIODGeneralStudyModule();
    ctx.check(study.setStudyInstanceUID(ref.studyInstanceUid), "Study Instance UID");
    study.setStudyDate(ref.studyDate, OFFalse);
    study.setStudyTime(ref.studyTime, OFFalse);
    study.setStudyID(ref.studyId, OFFalse);
    study.setAccessionNumber(ref.accessionNumber, OFFalse);
    study.setReferringPhysicianName(ref.referringPhysicianName, OFFalse);
    ctx.check(pm.getIODGeneralSeriesModule().setSeriesInstanceUID(seriesInstanceUid),
              "Series Instance UID");
    pm.getIODGeneralSeriesModule().setSeriesDescription(clipped(options.seriesDescription, 64),
                                                        OFFalse);
    ctx.check(pm.getIODSOPCommonModule().setSOPInstanceUID(sopInstanceUid), "SOP Instance UID");
    ctx.check(pm.getFrameOfReference().setFrameOfReferenceUID(ref.frameOfReferenceUid),
              "Frame of Reference UID");
}

void addSharedGroups(DPMParametricMapIOD& pm, const Geometry& g, const Context& ctx) {
    ctx.check(pm.addForAllFrames(detail::pixelMeasures(g, ctx)), "Pixel Measures");
    ctx.check(pm.addForAllFrames(*detail::planeOrientation(g, ctx)), "Plane Orientation");
    FGParametricMapFrameType frameType;
    ctx.check(frameType.setFrameType("DERIVED\\PRIMARY\\VOLUME\\NONE"), "Frame Type");
    ctx.check(pm.addForAllFrames(frameType), "Parametric Map Frame Type");
    // Stored values are the real-world values: Identity Pixel Value Transformation
    // (Rescale Intercept 0, Slope 1), as PS3.3 A.75 requires for every Parametric Map.
    FGPixelValueTransformation identity;
    identity.setUseAsIdentityPixelValueTransformation();
    ctx.check(pm.addForAllFrames(identity), "Identity Pixel Value Transformation");
}

/// Real World Value Mapping: stored values are the feature's values (slope 1,
/// intercept 0) over [first, last], the finite range of the map.
void addRealWorldValueMapping(DPMParametricMapIOD& pm, const ParametricMapToWrite& map,
                              double first, double last, const Context& ctx) {
    auto item = std::make_unique<FGRealWorldValueMapping::RWVMItem>();
    ctx.check(item->setDoubleFloatRealWorldValueFirstValueMapped(first),
              "Double Float Real World Value First Value Mapped");
    ctx.check(item->setDoubleFloatRealWorldValueLastValueMapped(last),
              "Double Float Real World Value Last Value Mapped");
    ctx.check(item->setRealWorldValueSlope(1.0), "Real World Value Slope");
    ctx.check(item->setRealWorldValueIntercept(0.0), "Real World Value Intercept");
    ctx.check(item->setLUTLabel(clipped(map.quantity.value, 16)), "LUT Label");
    ctx.check(item->setLUTExplanation(clipped(featureText(map), 64)), "LUT Explanation");
    ctx.check(item->getMeasurementUnitsCode().set(map.unit.code.c_str(), "UCUM",
                                                  map.unit.meaning.c_str()),
              "Measurement Units Code Sequence");
    const auto addQuantity = [&](const CodedConcept& name, const CodedConcept& value) {
        auto content = std::make_unique<ContentItemMacro>();
        ctx.check(content->setValueType(ContentItemMacro::VT_CODE), "Quantity Definition");
        content->getEntireConceptNameCodeSequence().push_back(
            new CodeSequenceMacro(name.value, name.scheme, name.meaning));
        content->getEntireConceptCodeSequence().push_back(
            new CodeSequenceMacro(value.value, value.scheme, value.meaning));
        item->getEntireQuantityDefinitionSequence().push_back(content.release());
    };
    addQuantity(kQuantity, map.quantity);
    if (map.aggregation)
        addQuantity({radiomics::kIbsiFeatureAggregation, radiomics::kIbsiCodingScheme,
                     "Feature aggregation"},
                    *map.aggregation);
    FGRealWorldValueMapping mapping;
    mapping.getRealWorldValueMapping().push_back(item.release());
    ctx.check(pm.addForAllFrames(mapping), "Real World Value Mapping");
}

/// Derivation Image: the feature at a voxel of slice k is computed over the
/// kernel's slices k - r ... k + r, so those are the frame's source images.
std::unique_ptr<FGDerivationImage> derivationOf(const ReferencedSeries& ref, std::int64_t k,
                                                const ParametricMapToWrite& map,
                                                const Context& ctx) {
    const auto last = static_cast<std::int64_t>(ref.slices.size()) - 1;
    OFVector<ImageSOPInstanceReferenceMacro> sources;
    for (std::int64_t s = std::max<std::int64_t>(0, k - map.kernelRadius);
         s <= std::min(last, k + map.kernelRadius); ++s) {
        const ReferencedImage& image = ref.slices[static_cast<std::size_t>(s)];
        detail::setSourceImage(sources.emplace_back(), image, ctx);
    }
    // CID 7203 (extensible) has no code for a radiomic feature computed in a
    // sliding kernel; the feature's own IBSI code says how the values derive.
    std::unique_ptr<FGDerivationImage> fg(FGDerivationImage::createMinimal(
        sources, clipped("IBSI " + featureText(map), 1024),
        CodeSequenceMacro(map.quantity.value, map.quantity.scheme, map.quantity.meaning),
        CodeSequenceMacro(kSourceImagePurpose.value, kSourceImagePurpose.scheme,
                          kSourceImagePurpose.meaning)));
    if (!fg)
        ctx.fail("cannot create the Derivation Image functional group of slice " +
                 std::to_string(k));
    return fg;
}

void addFrames(DPMParametricMapIOD& pm, const ReferencedSeries& ref,
               const ParametricMapToWrite& map, const Context& ctx) {
    const Geometry& g = map.values->geometry;
    DPMParametricMapIOD::FramesType framesOrError = pm.getFrames();
    auto* frames = OFget<DPMParametricMapIOD::Frames<Float32>>(&framesOrError);
    if (!frames)
        ctx.fail("cannot address the Float Pixel Data frames");
    const std::size_t slicePixels =
        static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1]);
    std::vector<Float32> pixels(slicePixels);
    for (std::int64_t k = 0; k < g.size[2]; ++k) {
        const auto position = detail::planePosition(g, k, ctx);
        FGFrameContent content;
        ctx.check(content.setDimensionIndexValues(static_cast<Uint32>(k + 1), 0),
                  "Dimension Index Values");
        const auto derivation = derivationOf(ref, k, map, ctx);
        OFVector<FGBase*> perFrame;
        perFrame.push_back(position.get());
        perFrame.push_back(&content);
        perFrame.push_back(derivation.get());
        // Frame k holds voxels (i, j, k) row by row: the volume's own layout.
        // Values are copied bit for bit. Float Pixel Data holds IEEE 754
        // single-precision values (PS3.3 C.7.6.24); PS3.3 forbids none of
        // them and its note on Float Pixel Padding Value names NaN as a valid
        // pixel value. A NaN here means "feature undefined for this kernel",
        // not padding, so no Float Pixel Padding Value is declared.
        const auto first = map.values->voxels.begin() +
                           static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k) * slicePixels);
        std::copy(first, first + static_cast<std::ptrdiff_t>(slicePixels), pixels.begin());
        ctx.check(frames->addFrame(pixels.data(), slicePixels, perFrame),
                  "frame of slice " + std::to_string(k));
    }
}

void addReferencedSeries(DPMParametricMapIOD& pm, const ReferencedSeries& referenced,
                         const Context& ctx) {
    IODReferences references;
    for (const ReferencedImage& image : referenced.slices)
        if (image.frameNumber <= 1) // a multi-frame instance is referenced once
            references.add(new IODImageReference(
                referenced.patientId.c_str(), referenced.studyInstanceUid.c_str(),
                referenced.seriesInstanceUid.c_str(), image.sopInstanceUid.c_str(),
                image.sopClassUid.c_str()));
    if (pm.getIODCommonInstanceReferenceModule().addReferences(
            references, referenced.studyInstanceUid.c_str()) != references.size())
        ctx.fail("cannot write the Referenced Series Sequence of series " +
                 referenced.seriesInstanceUid);
}

/// The IBSI coding scheme, identified in SOP Common as PS3.3 C.12.1.1.3 asks
/// for a designator that is not in PS3.16's table of well-known ones.
void identifyIbsiScheme(DcmItem& dataset, const Context& ctx) {
    DcmItem* item = nullptr;
    ctx.check(dataset.findOrCreateSequenceItem(DCM_CodingSchemeIdentificationSequence, item, -2),
              "Coding Scheme Identification Sequence");
    ctx.check(item->putAndInsertString(DCM_CodingSchemeDesignator, radiomics::kIbsiCodingScheme),
              "Coding Scheme Designator");
    ctx.check(item->putAndInsertString(DCM_CodingSchemeUID, radiomics::kIbsiCodingSchemeUid),
              "Coding Scheme UID");
    ctx.check(item->putAndInsertString(DCM_CodingSchemeName, radiomics::kIbsiCodingSchemeName),
              "Coding Scheme Name");
}

/// The finite range of the map's values ([0, 0] when none is finite).
std::pair<double, double> finiteRange(const std::vector<float>& values) {
    bool any = false;
    float lo = 0.0f, hi = 0.0f;
    for (float v : values)
        if (std::isfinite(v)) {
            lo = any ? std::min(lo, v) : v;
            hi = any ? std::max(hi, v) : v;
            any = true;
        }
    return {lo, hi};
}

} // namespace

WrittenObject writeParametricMap(const std::filesystem::path& file,
                                 const ReferencedSeries& referenced,
                                 const ParametricMapToWrite& map,
                                 const std::string& seriesInstanceUid, int instanceNumber,
                                 const ParametricMapOptions& options) {
    const Context ctx{"Parametric Map", file.string()};
    if (!map.values || map.values->empty())
        ctx.fail("no map values for " + map.quantity.meaning);
    const Geometry& g = map.values->geometry;
    if (static_cast<std::int64_t>(referenced.slices.size()) != g.size[2])
        ctx.fail("the referenced series " + referenced.seriesInstanceUid + " has " +
                 std::to_string(referenced.slices.size()) + " slices but the map " +
                 std::to_string(g.size[2]));
    if (g.size[0] > 65535 || g.size[1] > 65535)
        ctx.fail("frames larger than 65535 pixels a side");
    if (referenced.modality.empty())
        ctx.fail("the referenced series " + referenced.seriesInstanceUid +
                 " has no Modality (0008,0060), which a Parametric Map repeats");
    if (referenced.frameOfReferenceUid.empty())
        ctx.fail("the referenced series " + referenced.seriesInstanceUid +
                 " has no Frame of Reference UID (0020,0052)");
    if (map.quantity.value.empty() || map.unit.code.empty())
        ctx.fail("the map has no feature code or unit");

    const WrittenObject uids{seriesInstanceUid, newUid()};
    IODEnhGeneralEquipmentModule::EquipmentInfo equipment("Radiogenomics Workstation", "rgw", "0",
                                                          RGW_VERSION);
    ContentIdentificationMacro content(
        std::to_string(instanceNumber).c_str(), clipped("IBSI_" + map.quantity.value, 16).c_str(),
        clipped(featureText(map), 64).c_str(), options.contentCreatorName.c_str());
    // Parametric Map Image: DERIVED\PRIMARY, VOLUME (frames form a volume),
    // Derived Pixel Contrast NONE (no defined term names a radiomic feature);
    // RESEARCH content: the maps are research results, not a product's.
    OFvariant<OFCondition, DPMParametricMapIOD> created =
        DPMParametricMapIOD::create<IODFloatingPointImagePixelModule>(
            referenced.modality.c_str(), std::to_string(options.seriesNumber).c_str(),
            std::to_string(instanceNumber).c_str(), static_cast<Uint16>(g.size[1]),
            static_cast<Uint16>(g.size[0]), equipment, content, "VOLUME", "NONE",
            DPMTypes::CQ_RESEARCH);
    if (const OFCondition* error = OFget<OFCondition>(&created))
        ctx.check(*error, "cannot create the Parametric Map");
    DPMParametricMapIOD* made = OFget<DPMParametricMapIOD>(&created);
    if (!made)
        ctx.fail("cannot create the Parametric Map");
    DPMParametricMapIOD& pm = *made;
    // Recognizable Visual Features: the map lies on the whole source grid
    // and whether its values show the patient's face cannot be told, so the
    // cautious YES (de-identification then treats the object as identifying).
    ctx.check(pm.setRecognizableVisualFeatures(DPMTypes::RVF_YES), "Recognizable Visual Features");
    // Lossy Image Compression: a map computed from lossy compressed images
    // says so, with the source's ratio and method (PS3.3 C.7.6.1.1.5).
    DPMParametricMapImageModule& image = pm.getDPMParametricMapImageModule();
    if (referenced.lossyImageCompression) {
        if (referenced.lossyImageCompressionRatio.empty() ||
            referenced.lossyImageCompressionMethod.empty())
            ctx.fail("the referenced series " + referenced.seriesInstanceUid +
                     " was lossy compressed (Lossy Image Compression (0028,2110) 01) but does "
                     "not give its Lossy Image Compression Ratio (0028,2112) and Method "
                     "(0028,2114), which a Parametric Map derived from it repeats");
        ctx.check(image.setLossyImageCompression("01"), "Lossy Image Compression");
        ctx.check(image.setLossyImageCompressionRatio(referenced.lossyImageCompressionRatio),
                  "Lossy Image Compression Ratio");
        ctx.check(image.setLossyImageCompressionMethod(referenced.lossyImageCompressionMethod),
                  "Lossy Image Compression Method");
    } else {
        ctx.check(image.setLossyImageCompression("00"), "Lossy Image Compression");
    }
    const ReferencedSeries identity = clippedToValueLengths(referenced);
    setIdentity(pm, identity, uids.seriesInstanceUid, uids.sopInstanceUid, options, ctx);
    ctx.check(
        pm.getIODMultiframeDimensionModule().addDimensionIndex(
            DCM_ImagePositionPatient, newUid(), DCM_PlanePositionSequence, "ImagePositionPatient"),
        "Dimension Index (position)");
    addSharedGroups(pm, g, ctx);
    const auto [first, last] = finiteRange(map.values->voxels);
    addRealWorldValueMapping(pm, map, first, last, ctx);
    addFrames(pm, referenced, map, ctx);
    addReferencedSeries(pm, referenced, ctx);

    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path());
    DcmFileFormat ff;
    ctx.check(pm.writeDataset(*ff.getDataset()), "cannot build the dataset");
    identifyIbsiScheme(*ff.getDataset(), ctx);
    // General Series Laterality is Type 2C, required here because no Frame
    // Anatomy gives a Frame Laterality; the source series' laterality is not
    // known to us, so it is written empty (unknown) rather than guessed.
    ctx.check(ff.getDataset()->insertEmptyElement(DCM_Laterality), "Laterality");
    // Written beside the target and renamed: a failed write leaves no partial map.
    std::filesystem::path partial = file;
    partial += ".part";
    if (const OFCondition saved = ff.saveFile(partial.string().c_str(), EXS_LittleEndianExplicit);
        saved.bad()) {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        ctx.check(saved, "cannot write the file");
    }
    std::filesystem::rename(partial, file);
    return uids;
}

std::vector<std::filesystem::path>
writeParametricMaps(const radiomics::featuremaps::FeatureMaps& maps,
                    const radiomics::Settings& settings, IntensityUnit unit,
                    const ReferencedSeries& referenced, const std::filesystem::path& dir,
                    const ParametricMapOptions& options) {
    const std::string seriesInstanceUid = newUid();
    std::vector<std::filesystem::path> files;
    for (std::size_t f = 0; f < maps.features.size(); ++f) {
        const radiomics::featuremaps::MapFeature& feature = maps.features[f];
        const std::vector<radiomics::CatalogueFeature> catalogue =
            radiomics::featureCatalogue(settings, {feature.family});
        // A feature's dimension does not depend on its aggregation, and the
        // catalogue lists the aggregations of `settings` (2D ones for a 2D
        // configuration), not the 3D ones maps use: the name decides.
        const auto row = std::find_if(catalogue.begin(), catalogue.end(),
                                      [&](const auto& c) { return c.name == feature.name; });
        if (row == catalogue.end())
            throw Error("feature map " + feature.columnName + " is not in the feature catalogue");
        const Volume values = maps.volume(f);
        ParametricMapToWrite map;
        map.values = &values;
        map.quantity = {feature.code, radiomics::kIbsiCodingScheme, feature.name};
        if (!feature.aggregation.empty())
            map.aggregation = CodedConcept{radiomics::aggregationCode(feature.aggregation),
                                           radiomics::kIbsiCodingScheme, feature.aggregation};
        map.kernelRadius = maps.radius;
        map.unit = radiomics::ucumUnit(row->dimension, unit, settings);
        const std::filesystem::path file = dir / (feature.columnName + ".dcm");
        writeParametricMap(file, referenced, map, seriesInstanceUid, static_cast<int>(f + 1),
                           options);
        files.push_back(file);
    }
    return files;
}

} // namespace rgw::dicom
