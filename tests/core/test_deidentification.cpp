// De-identification with the PS3.15 Basic Application Level Confidentiality
// Profile (io/dicom/Deidentification.h): a synthetic object holding every
// attribute of Table E.1-1 (values that identify: names, ids, dates, UIDs),
// private attributes and nested sequences is de-identified; no X attribute
// survives at any level, Z/D/U attributes hold empty / dummy / remapped
// values, attributes outside the table are kept; the Modified Dates Option
// shifts DA and DT values (with time zones, ranges, leap days) by exactly the
// offset; one UidRemapper keeps a SEG's references to its image series valid
// (checked with plain dcmdata and dicom3tools' dciodvfy).
#include "DicomSynth.h"
#include "ExportTestSupport.h"
#include "TestData.h"
#include "io/dicom/Deidentification.h"
#include "io/dicom/ReferencedSeries.h"
#include "io/dicom/SegWriter.h"
#include "io/dicom/SeriesLoader.h"
#include "util/Error.h"

#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <functional>
#include <gtest/gtest.h>
#include <set>

namespace {

namespace fs = std::filesystem;
using rgw::dicom::basicProfileAttributes;
using rgw::dicom::DeidentificationOptions;
using rgw::dicom::ProfileAction;
using rgw::dicom::ProfileAttribute;
using rgw::dicom::UidRemapper;

/// The VR the data dictionary gives the tag (LO for tags it does not know).
DcmEVR dictionaryVr(const DcmTagKey& key) {
    const DcmDataDictionary& dict = dcmDataDict.rdlock();
    const DcmDictEntry* entry = dict.findEntry(key, nullptr);
    DcmEVR vr = entry ? entry->getEVR() : EVR_LO;
    dcmDataDict.rdunlock();
    if (vr == EVR_ox || vr == EVR_xs || vr == EVR_lt || vr == EVR_px || vr == EVR_UNKNOWN ||
        vr == EVR_UN)
        vr = EVR_LO;
    return vr;
}

/// An identifying value of `vr` unique to `index`.
std::string secretValue(DcmEVR vr, std::size_t index) {
    const std::string n = std::to_string(index);
    switch (vr) {
    case EVR_DA:
        return "20240315";
    case EVR_DT:
        return "20240315101010.123456+0100";
    case EVR_TM:
        return "101010";
    case EVR_UI:
        return "1.2.826.0.1.3680043.99." + n;
    case EVR_DS:
    case EVR_IS:
    case EVR_US:
    case EVR_SS:
    case EVR_UL:
    case EVR_SL:
    case EVR_FL:
    case EVR_FD:
        return "7";
    case EVR_AS:
        return "045Y";
    case EVR_PN:
        return "Secret^Person" + n;
    case EVR_CS:
    case EVR_AE:
        return "SECRET" + n;
    default:
        return "Secret value " + n;
    }
}

/// Puts an identifying item into sequence `seq`: a name, a private
/// attribute, a UID reference and a nested sequence with another name.
void fillItem(DcmItem& item, std::size_t index) {
    item.putAndInsertString(DCM_PatientName, ("Nested^Secret" + std::to_string(index)).c_str());
    item.putAndInsertString(DcmTag(0x0029, 0x0010, EVR_LO), "SECRET CREATOR");
    item.putAndInsertString(DcmTag(0x0029, 0x1001, EVR_LO), "Secret private nested");
    item.putAndInsertString(DCM_ReferencedSOPInstanceUID,
                            ("1.2.826.0.1.3680043.98." + std::to_string(index)).c_str());
    item.putAndInsertString(DCM_ReferencedSOPClassUID, UID_CTImageStorage);
    DcmItem* deeper = nullptr;
    item.findOrCreateSequenceItem(DCM_PersonIdentificationCodeSequence, deeper, 0);
    deeper->putAndInsertString(DCM_InstitutionName, "Secret Deep Hospital");
    deeper->putAndInsertString(DCM_CodeValue, "KEEP-ME");
}

struct Original {
    std::string value; ///< "" for sequences
    bool sequence = false;
};

/// A CT dataset holding every attribute of Table E.1-1 (outside groups 0000
/// and 0002) with an identifying value, plus private and kept attributes.
std::map<DcmTagKey, Original> fillEverything(DcmDataset& d) {
    std::map<DcmTagKey, Original> originals;
    std::size_t index = 0;
    for (const ProfileAttribute& row : basicProfileAttributes()) {
        ++index;
        if (row.group == 0x0000 || row.group == 0x0002)
            continue;
        const DcmTagKey key(row.group, row.element);
        const DcmEVR vr = key == DcmTagKey(0xFFFC, 0xFFFC) ? EVR_OB : dictionaryVr(key);
        if (vr == EVR_SQ) {
            DcmItem* item = nullptr;
            EXPECT_TRUE(d.findOrCreateSequenceItem(key, item, 0).good()) << row.name;
            fillItem(*item, index);
            originals[key] = {"", true};
        } else if (vr == EVR_OB || vr == EVR_OW || vr == EVR_UN) {
            const Uint8 bytes[4] = {1, 2, 3, 4};
            EXPECT_TRUE(d.putAndInsertUint8Array(DcmTag(key, vr), bytes, 4).good()) << row.name;
            originals[key] = {"bytes", false};
        } else if (vr == EVR_AT) {
            EXPECT_TRUE(d.putAndInsertTagKey(DcmTag(key, vr), DCM_PatientName).good()) << row.name;
            originals[key] = {"(0010,0010)", false};
        } else {
            const std::string v = secretValue(vr, index);
            EXPECT_TRUE(d.putAndInsertString(DcmTag(key, vr), v.c_str()).good())
                << row.name << " " << DcmVR(vr).getVRName();
            originals[key] = {v, false};
        }
    }
    // Outside the table: kept. Private attributes and pattern rows: removed.
    d.putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
    d.putAndInsertString(DCM_Modality, "CT");
    d.putAndInsertString(DCM_Manufacturer, "KEEP VENDOR");
    d.putAndInsertString(DCM_SliceThickness, "2.5");
    d.putAndInsertString(DCM_InstanceCreationDate, "20240316");
    d.putAndInsertString(DcmTag(0x0011, 0x0010, EVR_LO), "SECRET CREATOR");
    d.putAndInsertString(DcmTag(0x0011, 0x1001, EVR_LO), "Secret private value");
    d.putAndInsertString(DcmTag(0x0011, 0x1002, EVR_UI), "1.2.826.0.1.3680043.97.1");
    d.putAndInsertString(DcmTag(0x6000, 0x4000, EVR_LT), "Secret overlay comment");
    d.putAndInsertString(DcmTag(0x5000, 0x0022, EVR_LO), "Secret curve description");
    return originals;
}

/// Calls `visit` on every element at every level.
void forEachElement(DcmItem& item, const std::function<void(DcmElement&, int depth)>& visit,
                    int depth = 0) {
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* e = item.getElement(i);
        visit(*e, depth);
        if (e->getTag().getEVR() == EVR_SQ) {
            auto* seq = static_cast<DcmSequenceOfItems*>(e);
            for (unsigned long k = 0; k < seq->card(); ++k)
                forEachElement(*seq->getItem(k), visit, depth + 1);
        }
    }
}

std::string valueOf(DcmElement& e) {
    OFString s;
    e.getOFStringArray(s);
    return s.c_str();
}

std::string get(DcmItem& d, const DcmTagKey& key) {
    OFString s;
    d.findAndGetOFStringArray(key, s);
    return s.c_str();
}

const ProfileAttribute* row(const DcmTagKey& key) {
    return rgw::dicom::findProfileAttribute(key.getGroup(), key.getElement());
}

TEST(Deidentification, TableHoldsTheProfileRowsOnceWithValidActions) {
    std::set<std::pair<int, int>> seen;
    for (const ProfileAttribute& a : basicProfileAttributes())
        EXPECT_TRUE(seen.insert({a.group, a.element}).second)
            << "twice: " << a.name << " " << std::hex << a.group << "," << a.element;
    EXPECT_GE(seen.size(), 450u); // Table E.1-1 of the transcribed edition: 456 rows
    // Spot checks against the standard's table.
    EXPECT_EQ(row(DCM_PatientName)->action, ProfileAction::Z);
    EXPECT_EQ(row(DCM_PatientBirthDate)->action, ProfileAction::Z);
    EXPECT_EQ(row(DcmTagKey(0x0010, 0x1000))->action, ProfileAction::X);
    EXPECT_EQ(row(DCM_InstitutionName)->action, ProfileAction::XZD);
    EXPECT_EQ(row(DCM_StudyInstanceUID)->action, ProfileAction::U);
    EXPECT_EQ(row(DCM_ContentDate)->action, ProfileAction::ZD);
    EXPECT_TRUE(row(DCM_ContentDate)->modifiedDatesC);
    EXPECT_FALSE(row(DCM_PatientBirthDate)->modifiedDatesC);
    EXPECT_EQ(row(DCM_SourceImageSequence)->action, ProfileAction::XZU);
    EXPECT_EQ(row(DCM_Modality), nullptr); // not in the table: kept
}

TEST(Deidentification, CompoundActionsResolveByTypeInTheIod) {
    using rgw::dicom::iodAttributeType;
    using rgw::dicom::resolveAction;
    const auto resolved = [](const char* sop, const DcmTagKey& key) {
        return resolveAction(row(key)->action,
                             iodAttributeType(sop, key.getGroup(), key.getElement()));
    };
    // Content Date: type 1 in SEG (Multi-frame Functional Groups) -> D; 2C in CT -> Z.
    EXPECT_EQ(resolved(UID_SegmentationStorage, DCM_ContentDate), ProfileAction::D);
    EXPECT_EQ(resolved(UID_CTImageStorage, DCM_ContentDate), ProfileAction::Z);
    // Device Serial Number: type 1 in Enhanced General Equipment (SEG) -> D, else X.
    EXPECT_EQ(resolved(UID_SegmentationStorage, DCM_DeviceSerialNumber), ProfileAction::D);
    EXPECT_EQ(resolved(UID_CTImageStorage, DCM_DeviceSerialNumber), ProfileAction::X);
    // Source Image Sequence: type 1 in SEG -> kept with remapped UIDs (U*); CT -> X.
    EXPECT_EQ(resolved(UID_SegmentationStorage, DCM_SourceImageSequence), ProfileAction::XZU);
    EXPECT_EQ(resolved(UID_CTImageStorage, DCM_SourceImageSequence), ProfileAction::X);
    EXPECT_EQ(resolved(UID_RTStructureSetStorage, DCM_StructureSetTime), ProfileAction::D);
    EXPECT_EQ(resolved(UID_CTImageStorage, DCM_InstitutionName), ProfileAction::X);
    // Operators' Name: type 2 in the RT Series module -> Z; type 3 in General Series -> X.
    EXPECT_EQ(resolved(UID_RTStructureSetStorage, DCM_OperatorsName), ProfileAction::Z);
    EXPECT_EQ(resolved(UID_CTImageStorage, DCM_OperatorsName), ProfileAction::X);
    EXPECT_EQ(resolved(UID_CTImageStorage, DCM_ContrastBolusAgent), ProfileAction::Z);
}

TEST(Deidentification, EveryProfileAttributeIsRemovedEmptiedDummiedOrRemapped) {
    DcmFileFormat file;
    DcmDataset& d = *file.getDataset();
    const auto originals = fillEverything(d);
    UidRemapper uids(42);
    const auto counts = rgw::dicom::deidentify(file, uids, {"PSEUDO-0001", 0, false});
    EXPECT_GT(counts.removed, 300u);
    EXPECT_GT(counts.privateRemoved, 3u); // 3 at the top, 2 in each filled item

    std::size_t checked = 0;
    for (const auto& [key, original] : originals) {
        const ProfileAttribute* r = row(key);
        ASSERT_NE(r, nullptr);
        const ProfileAction action = rgw::dicom::resolveAction(
            r->action,
            rgw::dicom::iodAttributeType(UID_CTImageStorage, key.getGroup(), key.getElement()));
        DcmElement* e = nullptr;
        const bool present = d.findAndGetElement(key, e).good();
        SCOPED_TRACE(std::string(r->name) + " " + rgw::dicom::toString(r->action));
        ++checked;
        if (key == DCM_PatientID || key == DCM_PatientName) {
            ASSERT_TRUE(present);
            EXPECT_EQ(valueOf(*e), "PSEUDO-0001");
            continue;
        }
        switch (action) {
        case ProfileAction::X:
            EXPECT_FALSE(present);
            break;
        case ProfileAction::Z:
            ASSERT_TRUE(present);
            if (original.sequence)
                EXPECT_EQ(static_cast<DcmSequenceOfItems*>(e)->card(), 0u);
            else
                EXPECT_EQ(e->getLength(), 0u);
            break;
        case ProfileAction::D:
            ASSERT_TRUE(present);
            if (!original.sequence) {
                EXPECT_NE(valueOf(*e), original.value);
                if (e->getTag().getEVR() != EVR_UI && e->getTag().getEVR() != EVR_OB &&
                    e->getTag().getEVR() != EVR_UN) {
                    EXPECT_GT(e->getLength(), 0u);
                }
            }
            break;
        case ProfileAction::U:
            ASSERT_TRUE(present);
            if (e->getTag().getEVR() == EVR_UI) {
                EXPECT_EQ(valueOf(*e), uids.map(original.value));
                EXPECT_EQ(valueOf(*e).rfind("2.25.", 0), 0u);
            }
            EXPECT_NE(valueOf(*e), original.value);
            break;
        default:
            ADD_FAILURE() << "unexpected resolved action " << rgw::dicom::toString(action);
        }
    }
    EXPECT_GT(checked, 440u);

    // Recursively: no private attribute, no attribute whose action resolves
    // to X, no identifying text anywhere.
    forEachElement(d, [&](DcmElement& e, int depth) {
        const DcmTag& tag = e.getTag();
        EXPECT_FALSE(tag.isPrivate()) << tag.toString() << " at depth " << depth;
        EXPECT_NE(tag.getGroup() & 0xFF00, 0x5000) << tag.toString();
        if (const ProfileAttribute* r = row(tag)) {
            EXPECT_NE(rgw::dicom::resolveAction(
                          r->action, rgw::dicom::iodAttributeType(
                                         UID_CTImageStorage, tag.getGroup(), tag.getElement())),
                      ProfileAction::X)
                << r->name << " survives at depth " << depth;
        }
        if (tag.getEVR() != EVR_SQ && tag.getEVR() != EVR_OB && tag.getEVR() != EVR_OW) {
            const std::string v = valueOf(e);
            EXPECT_EQ(v.find("ecret"), std::string::npos) << tag.toString() << " = " << v;
            EXPECT_EQ(v.find("SECRET"), std::string::npos) << tag.toString() << " = " << v;
            EXPECT_EQ(v.find("1.2.826.0.1.3680043.9"), std::string::npos)
                << tag.toString() << " = " << v;
        }
    });
    // Kept: attributes outside the table, codes inside kept items.
    EXPECT_EQ(get(d, DCM_Manufacturer), "KEEP VENDOR");
    EXPECT_EQ(get(d, DCM_SliceThickness), "2.5");
    EXPECT_EQ(get(d, DCM_InstanceCreationDate), "20240316");
    EXPECT_EQ(get(d, DCM_Modality), "CT");
    // A D sequence keeps its items, processed: nested name emptied, nested
    // UID remapped, nested code kept.
    DcmItem* item = nullptr;
    ASSERT_TRUE(d.findAndGetSequenceItem(DCM_VerifyingObserverSequence, item, 0).good());
    EXPECT_EQ(get(*item, DCM_PatientName), "");
    EXPECT_EQ(get(*item, DCM_ReferencedSOPInstanceUID),
              uids.map("1.2.826.0.1.3680043.98." +
                       std::to_string(1 + (row(DCM_VerifyingObserverSequence) -
                                           basicProfileAttributes().data()))));
    DcmItem* deeper = nullptr;
    ASSERT_TRUE(
        item->findAndGetSequenceItem(DCM_PersonIdentificationCodeSequence, deeper, 0).good());
    EXPECT_EQ(get(*deeper, DCM_CodeValue), "KEEP-ME");
    EXPECT_FALSE(deeper->tagExists(DCM_InstitutionName));
    // The de-identification record.
    EXPECT_EQ(get(d, DCM_PatientIdentityRemoved), "YES");
    EXPECT_EQ(get(d, DCM_LongitudinalTemporalInformationModified), "REMOVED");
    ASSERT_TRUE(d.findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, item, 0).good());
    EXPECT_EQ(get(*item, DCM_CodeValue), "113100");
    EXPECT_EQ(get(*item, DCM_CodingSchemeDesignator), "DCM");
    EXPECT_FALSE(d.findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, item, 1).good());
}

TEST(Deidentification, ModifiedDatesOptionShiftsEveryDateByTheOffset) {
    DcmFileFormat file;
    DcmDataset& d = *file.getDataset();
    d.putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
    d.putAndInsertString(DCM_StudyDate, "20240315");
    d.putAndInsertString(DCM_StudyTime, "101010.5");
    d.putAndInsertString(DCM_SeriesDate, "20240228");                        // leap year
    d.putAndInsertString(DCM_AcquisitionDateTime, "20240228230000.25-0500"); // DT, zone
    d.putAndInsertString(DCM_ContentDate, "20231231");                       // year end
    d.putAndInsertString(DCM_InstanceCreationDate, "20240316");              // not in table
    d.putAndInsertString(DCM_PatientBirthDate, "19600101");                  // Z, not shifted
    d.putAndInsertString(DCM_TimezoneOffsetFromUTC, "+0100");
    DcmItem* item = nullptr;
    d.findOrCreateSequenceItem(DCM_RequestAttributesSequence, item, 0); // X, removed
    d.findOrCreateSequenceItem(DCM_ReferencedImageSequence, item, 0);   // X for CT
    DcmItem* other = nullptr;
    d.findOrCreateSequenceItem(DCM_ProcedureCodeSequence, other, 0); // not in table: walked
    other->putAndInsertString(DcmTag(0x0040, 0xA192, EVR_DA), "20240101-20240301"); // DA range
    other->putAndInsertString(DCM_ReferencedDateTime, "2024"); // DT, year only, not in table
    other->putAndInsertString(DCM_StartAcquisitionDateTime, "-20240301120000"); // open range

    UidRemapper uids(7);
    const int offset = 2;
    rgw::dicom::deidentify(file, uids, {"P1", offset, true});
    EXPECT_EQ(get(d, DCM_StudyDate), "20240317");
    EXPECT_EQ(get(d, DCM_StudyTime), "101010.5");
    EXPECT_EQ(get(d, DCM_SeriesDate), "20240301");
    EXPECT_EQ(get(d, DCM_AcquisitionDateTime), "20240301230000.25-0500");
    EXPECT_EQ(get(d, DCM_ContentDate), "20240102");
    EXPECT_EQ(get(d, DCM_InstanceCreationDate), "20240318");
    EXPECT_EQ(get(d, DCM_PatientBirthDate), "");
    EXPECT_EQ(get(d, DCM_TimezoneOffsetFromUTC), "+0100");
    EXPECT_FALSE(d.tagExists(DCM_RequestAttributesSequence));
    EXPECT_FALSE(d.tagExists(DCM_ReferencedImageSequence));
    ASSERT_TRUE(d.findAndGetSequenceItem(DCM_ProcedureCodeSequence, other, 0).good());
    EXPECT_EQ(get(*other, DcmTagKey(0x0040, 0xA192)), "20240103-20240303");
    EXPECT_EQ(get(*other, DCM_ReferencedDateTime), "2024");
    EXPECT_EQ(get(*other, DCM_StartAcquisitionDateTime), "-20240303120000");
    EXPECT_EQ(get(d, DCM_LongitudinalTemporalInformationModified), "MODIFIED");
    ASSERT_TRUE(d.findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, item, 1).good());
    EXPECT_EQ(get(*item, DCM_CodeValue), "113107");

    // Negative offsets and multi-valued / offset-bearing DT values.
    EXPECT_EQ(rgw::dicom::shiftDate("20240301", -1), "20240229");
    EXPECT_EQ(rgw::dicom::shiftDate("20000101\\20240301", -366), "19981231\\20230301");
    EXPECT_EQ(rgw::dicom::shiftDateTime("20241231235959+1400", 1), "20250101235959+1400");
    EXPECT_EQ(rgw::dicom::shiftDateTime("202402-202403", 31), "202403-202404");
    EXPECT_EQ(rgw::dicom::shiftDateTime("20240101120000-0500-20240102", 1),
              "20240102120000-0500-20240103");
    EXPECT_THROW(rgw::dicom::shiftDate("20240230", 1), rgw::Error);
    EXPECT_THROW(rgw::dicom::shiftDate("2024-13-01", 1), rgw::Error);
}

TEST(Deidentification, WithoutTheOptionTableDatesGoAndOtherDatesAreShifted) {
    DcmFileFormat file;
    DcmDataset& d = *file.getDataset();
    d.putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
    d.putAndInsertString(DCM_StudyDate, "20240315");            // Z
    d.putAndInsertString(DCM_SeriesDate, "20240315");           // X/D -> X in CT
    d.putAndInsertString(DCM_InstanceCreationDate, "20240316"); // not in the table
    UidRemapper uids(3);
    rgw::dicom::deidentify(file, uids, {"P2", -10, false});
    EXPECT_EQ(get(d, DCM_StudyDate), "");
    EXPECT_FALSE(d.tagExists(DCM_SeriesDate));
    EXPECT_EQ(get(d, DCM_InstanceCreationDate), "20240306");
    EXPECT_EQ(get(d, DCM_LongitudinalTemporalInformationModified), "REMOVED");
}

TEST(Deidentification, UidsAreKeyedBySecretAndStablePerExport) {
    UidRemapper a(1), b(1), c(2), random1, random2;
    const std::string uid = "1.2.826.0.1.3680043.8.498.1";
    EXPECT_EQ(a.map(uid), b.map(uid));
    EXPECT_EQ(a.map(uid), a.map(uid));
    EXPECT_NE(a.map(uid), c.map(uid));
    EXPECT_NE(random1.map(uid), random2.map(uid));
    EXPECT_NE(a.map(uid), a.map(uid + "1"));
    const std::string mapped = a.map(uid);
    EXPECT_LE(mapped.size(), 64u);
    EXPECT_EQ(mapped.rfind("2.25.", 0), 0u);
    EXPECT_EQ(mapped.find_first_not_of("0123456789.", 0), std::string::npos);
    EXPECT_EQ(a.map(""), "");
}

TEST(Deidentification, OneMapKeepsASegLinkedToItsImageSeriesAndValid) {
    rgw::test::TempDir dir;
    rgw::Geometry g;
    g.size = {6, 5, 4};
    g.spacing = {0.8, 0.8, 2.0};
    g.origin = {-10, -20, 30};
    const rgw::test::SynthSeries series = rgw::test::writeSeries(dir.path() / "ct", g);
    const auto loaded = rgw::dicom::loadSeries(series.files);
    const auto ref = rgw::dicom::readReferencedSeries(series.files, loaded.volume.geometry);
    rgw::Mask mask(loaded.volume.geometry, 0);
    mask.at(2, 2, 1) = mask.at(3, 2, 1) = mask.at(2, 3, 2) = 1;
    rgw::dicom::SegmentToWrite segment;
    segment.label = "GTV";
    segment.mask = &mask;
    rgw::dicom::DerivedObjectOptions objectOptions;
    objectOptions.contentCreatorName = "Secret^Author";
    const fs::path segFile = dir.path() / "seg.dcm";
    const auto written = rgw::dicom::writeSegmentation(segFile, ref, {segment}, objectOptions);

    UidRemapper uids;
    const DeidentificationOptions options{"PSEUDO-7", 30, true};
    std::vector<fs::path> outImages;
    for (std::size_t i = 0; i < series.files.size(); ++i) {
        outImages.push_back(dir.path() / "out" / ("ct" + std::to_string(i) + ".dcm"));
        rgw::dicom::deidentifyFile(series.files[i], outImages.back(), uids, options);
    }
    const fs::path outSeg = dir.path() / "out" / "seg.dcm";
    rgw::dicom::deidentifyFile(segFile, outSeg, uids, options);

    const std::string newSeries = uids.map(series.seriesUid);
    ASSERT_NE(newSeries, series.seriesUid);
    std::set<std::string> newSops;
    for (const fs::path& f : outImages) {
        DcmFileFormat ff;
        ASSERT_TRUE(ff.loadFile(f.c_str()).good());
        EXPECT_EQ(get(*ff.getDataset(), DCM_SeriesInstanceUID), newSeries);
        EXPECT_EQ(get(*ff.getDataset(), DCM_StudyInstanceUID), uids.map(series.studyUid));
        const std::string sop = get(*ff.getDataset(), DCM_SOPInstanceUID);
        EXPECT_EQ(get(*ff.getMetaInfo(), DCM_MediaStorageSOPInstanceUID), sop);
        newSops.insert(sop);
    }
    DcmFileFormat seg;
    ASSERT_TRUE(seg.loadFile(outSeg.c_str()).good());
    DcmDataset& s = *seg.getDataset();
    EXPECT_EQ(get(s, DCM_SOPInstanceUID), uids.map(written.sopInstanceUid));
    EXPECT_EQ(get(s, DCM_PatientID), "PSEUDO-7");
    EXPECT_EQ(get(s, DCM_ContentCreatorName), ""); // Z/D, type 2 in SEG
    EXPECT_EQ(get(s, DCM_StudyInstanceUID), uids.map(series.studyUid));
    DcmItem* refSeries = nullptr;
    ASSERT_TRUE(s.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, refSeries, 0).good());
    EXPECT_EQ(get(*refSeries, DCM_SeriesInstanceUID), newSeries);
    for (unsigned long i = 0;; ++i) {
        DcmItem* inst = nullptr;
        if (refSeries
                ->findAndGetSequenceItem(DCM_ReferencedInstanceSequence, inst, static_cast<int>(i))
                .bad())
            break;
        EXPECT_TRUE(newSops.count(get(*inst, DCM_ReferencedSOPInstanceUID))) << i;
    }
    // Derivation Image > Source Image references (type 1 in SEG) kept, remapped.
    DcmItem* frame = nullptr;
    ASSERT_TRUE(s.findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, 0).good());
    DcmItem* derivation = nullptr;
    ASSERT_TRUE(frame->findAndGetSequenceItem(DCM_DerivationImageSequence, derivation, 0).good());
    DcmItem* source = nullptr;
    ASSERT_TRUE(derivation->findAndGetSequenceItem(DCM_SourceImageSequence, source, 0).good());
    EXPECT_TRUE(newSops.count(get(*source, DCM_ReferencedSOPInstanceUID)));
    // The SEG's frame of reference equals the images'.
    DcmFileFormat first;
    ASSERT_TRUE(first.loadFile(outImages.front().c_str()).good());
    EXPECT_EQ(get(s, DCM_FrameOfReferenceUID), get(*first.getDataset(), DCM_FrameOfReferenceUID));
    // Content Date (type 1 in SEG) shifted, not removed.
    EXPECT_FALSE(get(s, DCM_ContentDate).empty());
    rgw::test::expectValidIod(outSeg, "Segmentation");
}

} // namespace
