#include "io/dicom/Deidentification.h"

#include "io/dicom/UuidUid.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"

#include <algorithm>
#include <cstdio>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrda.h>
#include <random>
#include <unordered_map>
#include <vector>

namespace rgw::dicom {

const char* toString(ProfileAction action) {
    switch (action) {
    case ProfileAction::D:
        return "D";
    case ProfileAction::Z:
        return "Z";
    case ProfileAction::X:
        return "X";
    case ProfileAction::K:
        return "K";
    case ProfileAction::C:
        return "C";
    case ProfileAction::U:
        return "U";
    case ProfileAction::ZD:
        return "Z/D";
    case ProfileAction::XZ:
        return "X/Z";
    case ProfileAction::XD:
        return "X/D";
    case ProfileAction::XZD:
        return "X/Z/D";
    case ProfileAction::XZU:
        return "X/Z/U*";
    }
    return "?";
}

const ProfileAttribute* findProfileAttribute(std::uint16_t group, std::uint16_t element) {
    static const std::unordered_map<std::uint32_t, const ProfileAttribute*> index = [] {
        std::unordered_map<std::uint32_t, const ProfileAttribute*> m;
        for (const ProfileAttribute& a : basicProfileAttributes())
            m.emplace((std::uint32_t{a.group} << 16) | a.element, &a);
        return m;
    }();
    const auto it = index.find((std::uint32_t{group} << 16) | element);
    return it == index.end() ? nullptr : it->second;
}

// ------------------------------------------------------------ IOD types

namespace {

bool oneOf(std::string_view uid, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), uid) != list.end();
}

/// Multi-frame IODs with the Multi-frame Functional Groups and Enhanced
/// General Equipment modules: SEG, enhanced and legacy-converted CT/MR/PET.
bool isMultiFrameEnhanced(std::string_view sop) {
    return oneOf(sop,
                 {UID_SegmentationStorage, UID_EnhancedCTImageStorage, UID_EnhancedMRImageStorage,
                  UID_EnhancedPETImageStorage, UID_LegacyConvertedEnhancedCTImageStorage,
                  UID_LegacyConvertedEnhancedMRImageStorage,
                  UID_LegacyConvertedEnhancedPETImageStorage});
}

bool isClassicImage(std::string_view sop) {
    return oneOf(
        sop, {UID_CTImageStorage, UID_MRImageStorage, UID_PositronEmissionTomographyImageStorage});
}

bool isStructuredReport(std::string_view sop) {
    return oneOf(sop, {UID_BasicTextSRStorage, UID_EnhancedSRStorage, UID_ComprehensiveSRStorage,
                       UID_Comprehensive3DSRStorage, UID_ExtensibleSRStorage});
}

} // namespace

int iodAttributeType(std::string_view sop, std::uint16_t group, std::uint16_t element) {
    const DcmTagKey tag(group, element);
    // Content Date / Time: Multi-frame Functional Groups and SR Document
    // General modules type 1; General Image module type 2C.
    if (tag == DCM_ContentDate || tag == DCM_ContentTime) {
        if (isMultiFrameEnhanced(sop) || isStructuredReport(sop))
            return 1;
        if (isClassicImage(sop))
            return 2;
    }
    // Enhanced General Equipment module: Device Serial Number type 1.
    if (tag == DCM_DeviceSerialNumber && isMultiFrameEnhanced(sop))
        return 1;
    // Content Identification macro (SEG): Content Creator's Name type 2.
    if (tag == DCM_ContentCreatorName && sop == UID_SegmentationStorage)
        return 2;
    // Derivation Image Sequence > Source Image Sequence, type 1 in SEG and
    // the enhanced images (the UIDs it holds are remapped: U*).
    if (tag == DCM_SourceImageSequence && isMultiFrameEnhanced(sop))
        return 1;
    // RT Series module: Operators' Name type 2.
    if (tag == DCM_OperatorsName && sop == UID_RTStructureSetStorage)
        return 2;
    // Structure Set module: Structure Set Time type 2.
    if (tag == DCM_StructureSetTime && sop == UID_RTStructureSetStorage)
        return 2;
    // Enhanced CT/MR/PET: Acquisition Context Sequence type 2, Acquisition
    // DateTime type 1C (taken as 1).
    if (isMultiFrameEnhanced(sop) && sop != UID_SegmentationStorage) {
        if (tag == DCM_AcquisitionContextSequence)
            return 2;
        if (tag == DCM_AcquisitionDateTime)
            return 1;
    }
    return 3;
}

ProfileAction resolveAction(ProfileAction action, int type) {
    switch (action) {
    case ProfileAction::ZD:
        return type == 1 ? ProfileAction::D : ProfileAction::Z;
    case ProfileAction::XZ:
        return type <= 2 ? ProfileAction::Z : ProfileAction::X;
    case ProfileAction::XD:
        return type <= 2 ? ProfileAction::D : ProfileAction::X;
    case ProfileAction::XZD:
        return type == 1 ? ProfileAction::D : type == 2 ? ProfileAction::Z : ProfileAction::X;
    case ProfileAction::XZU:
        return type == 1 ? ProfileAction::XZU : type == 2 ? ProfileAction::Z : ProfileAction::X;
    default:
        return action;
    }
}

// ------------------------------------------------------------------ UIDs

namespace {

std::string randomSecret() {
    std::random_device device;
    std::string secret;
    for (int i = 0; i < 8; ++i) {
        char buf[9];
        std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(device()));
        secret += buf;
    }
    return secret;
}

} // namespace

UidRemapper::UidRemapper() : secret_(randomSecret()) {}

UidRemapper::UidRemapper(std::uint64_t seed)
    : secret_(radiomics::sha256Hex("rgw-deidentification-seed:" + std::to_string(seed))) {}

std::string UidRemapper::map(std::string_view uid) {
    if (uid.empty())
        return {};
    if (const auto it = map_.find(uid); it != map_.end())
        return it->second;
    const std::string hash =
        radiomics::sha256Hex(secret_ + "\n" + std::string(uid)); // keyed by the secret
    std::string fresh = uuidDerivedUidOfHex(std::string_view(hash).substr(0, 32), 8);
    map_.emplace(std::string(uid), fresh);
    return fresh;
}

// ----------------------------------------------------------------- dates

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date, and back (the
// standard civil-calendar algorithms on 400-year eras).
long long daysFromCivil(long long y, long long m, long long d) {
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(long long z, long long& y, long long& m, long long& d) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

bool allDigits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

long long daysInMonth(long long y, long long m) {
    static const long long kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

/// "YYYY", "YYYYMM" or "YYYYMMDD" shifted by `days`, at the same precision.
std::string shiftDigits(std::string_view date, int days, std::string_view whole) {
    if (!allDigits(date) || (date.size() != 4 && date.size() != 6 && date.size() != 8))
        throw Error("cannot shift the date '" + std::string(whole) + "'");
    const long long y = std::stoll(std::string(date.substr(0, 4)));
    const long long m = date.size() >= 6 ? std::stoll(std::string(date.substr(4, 2))) : 1;
    const long long d = date.size() >= 8 ? std::stoll(std::string(date.substr(6, 2))) : 1;
    if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
        throw Error("cannot shift the date '" + std::string(whole) + "': no such day");
    long long ny = 0, nm = 0, nd = 0;
    civilFromDays(daysFromCivil(y, m, d) + days, ny, nm, nd);
    if (ny < 0 || ny > 9999)
        throw Error("shifting the date '" + std::string(whole) + "' leaves years 0000-9999");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld%02lld%02lld", ny, nm, nd);
    return std::string(buf).substr(0, date.size());
}

/// The position of the '-' that separates a range "A-B" in one value, or
/// npos. In a DA every '-' is one. In a DT a '-' may also start a UTC offset
/// "-ZZXX": a '-' followed by exactly four digits (then the end or another
/// '-') after a date-time longer than a bare year is taken as an offset.
std::size_t rangeDash(std::string_view value, bool dateTime) {
    for (std::size_t p = value.find('-'); p != std::string_view::npos; p = value.find('-', p + 1)) {
        if (!dateTime)
            return p;
        std::size_t q = p + 1;
        while (q < value.size() && value[q] >= '0' && value[q] <= '9')
            ++q;
        const bool fourDigits = q - p - 1 == 4 && (q == value.size() || value[q] == '-');
        std::size_t left = p;
        while (left > 0 && value[left - 1] != '-' && value[left - 1] != '+')
            --left;
        const bool offset = fourDigits && p > 4 && p - left > 4;
        if (!offset)
            return p;
    }
    return std::string_view::npos;
}

template <typename ShiftOne>
std::string shiftValues(std::string_view text, bool dateTime, ShiftOne shiftOne) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find('\\', start);
        const std::string_view value = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        const std::size_t dash = rangeDash(value, dateTime);
        if (dash != std::string_view::npos) {
            const std::string_view left = value.substr(0, dash);
            const std::string_view right = value.substr(dash + 1);
            out +=
                (left.empty() ? "" : shiftOne(left)) + "-" + (right.empty() ? "" : shiftOne(right));
        } else if (!value.empty()) {
            out += shiftOne(value);
        }
        if (end == std::string_view::npos)
            break;
        out += '\\';
        start = end + 1;
    }
    return out;
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
        s.remove_suffix(1);
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    return std::string(s);
}

} // namespace

std::string shiftDate(std::string_view da, int days) {
    const std::string text = trimmed(da);
    return shiftValues(text, false,
                       [&](std::string_view one) { return shiftDigits(trimmed(one), days, text); });
}

std::string shiftDateTime(std::string_view dt, int days) {
    const std::string text = trimmed(dt);
    return shiftValues(text, true, [&](std::string_view one) {
        const std::string value = trimmed(one);
        std::size_t digits = 0;
        while (digits < value.size() && digits < 8 && value[digits] >= '0' && value[digits] <= '9')
            ++digits;
        std::string datePart = value.substr(0, std::min<std::size_t>(digits, 8));
        if (datePart.size() != 4 && datePart.size() != 6 && datePart.size() != 8)
            throw Error("cannot shift the date-time '" + text + "'");
        return shiftDigits(datePart, days, text) + value.substr(datePart.size());
    });
}

// --------------------------------------------------------- the profile

namespace {

struct Walker {
    UidRemapper& uids;
    const DeidentificationOptions& options;
    std::string sopClass;
    DeidentificationCounts counts;

    static bool isPatternRemoval(const DcmTagKey& tag) {
        const Uint16 g = tag.getGroup();
        if ((g & 0xFF00) == 0x5000) // Curve Data (50xx,xxxx)
            return true;
        if ((g & 0xFF00) == 0x6000 && (tag.getElement() == 0x3000 || tag.getElement() == 0x4000))
            return true; // Overlay Data / Overlay Comments (60xx,3000/4000)
        return false;
    }

    static std::string values(DcmElement& e) {
        OFString s;
        e.getOFStringArray(s);
        return s.c_str();
    }

    static std::string tagText(const DcmTag& tag) {
        DcmTag copy(tag);
        return std::string(copy.toString().c_str()) + " " + copy.getTagName();
    }

    void shiftElement(DcmElement& e) {
        const DcmEVR vr = e.getTag().getEVR();
        const std::string old = values(e);
        if (old.empty())
            return;
        try {
            const std::string shifted = vr == EVR_DA ? shiftDate(old, options.dateOffsetDays)
                                                     : shiftDateTime(old, options.dateOffsetDays);
            e.putString(shifted.c_str());
        } catch (const Error& error) {
            throw Error(tagText(e.getTag()) + ": " + error.what());
        }
        ++counts.datesShifted;
    }

    void replaceUids(DcmElement& e) {
        if (e.getTag().getEVR() != EVR_UI) {
            e.putString(""); // a U action on a non-UI attribute: nothing to map, empty it
            return;
        }
        const std::string old = values(e);
        if (old.empty())
            return;
        std::string mapped;
        std::size_t start = 0;
        while (true) {
            const std::size_t end = old.find('\\', start);
            mapped +=
                uids.map(trimmed(old.substr(start, end == std::string::npos ? end : end - start)));
            if (end == std::string::npos)
                break;
            mapped += '\\';
            start = end + 1;
        }
        e.putString(mapped.c_str());
        ++counts.uidsReplaced;
    }

    void dummy(DcmElement& e) {
        switch (e.getTag().getEVR()) {
        case EVR_UI:
            replaceUids(e);
            return;
        case EVR_DA:
            e.putString("19000101");
            break;
        case EVR_DT:
            e.putString("19000101000000");
            break;
        case EVR_TM:
            e.putString("000000");
            break;
        case EVR_AS:
            e.putString("000Y");
            break;
        case EVR_DS:
        case EVR_IS:
        case EVR_US:
        case EVR_SS:
        case EVR_UL:
        case EVR_SL:
        case EVR_FL:
        case EVR_FD:
        case EVR_UV:
        case EVR_SV:
            e.putString("0");
            break;
        case EVR_AE:
        case EVR_CS:
        case EVR_LO:
        case EVR_LT:
        case EVR_PN:
        case EVR_SH:
        case EVR_ST:
        case EVR_UC:
        case EVR_UT:
        case EVR_UR:
            e.putString("ANONYMOUS");
            break;
        default:
            e.clear(); // OB/OW/UN/...: no meaningful dummy; emptied
            break;
        }
        ++counts.dummied;
    }

    /// Applies the profile to every element of `item` (recursively).
    void walk(DcmItem& item) {
        for (unsigned long i = item.card(); i-- > 0;) {
            DcmElement* e = item.getElement(i);
            if (!e)
                continue;
            const DcmTag& tag = e->getTag();
            if (tag.isPrivate()) {
                delete item.remove(e);
                ++counts.privateRemoved;
                continue;
            }
            if (isPatternRemoval(tag)) {
                delete item.remove(e);
                ++counts.removed;
                continue;
            }
            const DcmEVR vr = tag.getEVR();
            const bool isDate = vr == EVR_DA || vr == EVR_DT;
            const ProfileAttribute* row = findProfileAttribute(tag.getGroup(), tag.getElement());
            if (!row) {
                if (isDate && options.dateOffsetDays != 0)
                    shiftElement(*e);
                else if (vr == EVR_SQ)
                    walkSequence(*static_cast<DcmSequenceOfItems*>(e));
                continue;
            }
            if (options.retainModifiedDates && row->modifiedDatesC) {
                if (isDate)
                    shiftElement(*e); // TM and the UTC offset are kept (C)
                continue;
            }
            const ProfileAction action = resolveAction(
                row->action, iodAttributeType(sopClass, tag.getGroup(), tag.getElement()));
            switch (action) {
            case ProfileAction::X:
                delete item.remove(e);
                ++counts.removed;
                break;
            case ProfileAction::Z:
                if (vr == EVR_SQ) {
                    DcmSequenceOfItems* seq = static_cast<DcmSequenceOfItems*>(e);
                    while (seq->card() > 0)
                        delete seq->remove(seq->card() - 1);
                } else {
                    e->clear();
                }
                ++counts.emptied;
                break;
            case ProfileAction::D:
                if (vr == EVR_SQ) {
                    walkSequence(*static_cast<DcmSequenceOfItems*>(e));
                    ++counts.dummied;
                } else {
                    dummy(*e);
                }
                break;
            case ProfileAction::U:
                replaceUids(*e);
                break;
            case ProfileAction::XZU: // kept; its items' UIDs are remapped by the walk
            case ProfileAction::K:
            case ProfileAction::C:
            default:
                if (vr == EVR_SQ)
                    walkSequence(*static_cast<DcmSequenceOfItems*>(e));
                break;
            }
        }
    }

    void walkSequence(DcmSequenceOfItems& seq) {
        for (unsigned long i = 0; i < seq.card(); ++i)
            if (DcmItem* child = seq.getItem(i))
                walk(*child);
    }
};

void check(const OFCondition& status, const std::string& what) {
    if (status.bad())
        throw Error(what + " (" + status.text() + ")");
}

} // namespace

DeidentificationCounts deidentify(DcmFileFormat& file, UidRemapper& uids,
                                  const DeidentificationOptions& options) {
    if (options.pseudonym.empty())
        throw Error("de-identification needs a pseudonym (Patient ID)");
    DcmDataset& data = *file.getDataset();
    OFString sopClass;
    data.findAndGetOFString(DCM_SOPClassUID, sopClass);
    Walker walker{uids, options, sopClass.c_str(), {}};
    walker.walk(data);

    const std::string what = "de-identification attributes";
    check(data.putAndInsertString(DCM_PatientID, options.pseudonym.c_str()), what);
    check(data.putAndInsertString(DCM_PatientName, options.pseudonym.c_str()), what);
    check(data.putAndInsertString(DCM_PatientIdentityRemoved, "YES"), what);
    const bool shifted = options.retainModifiedDates;
    std::string method = "DICOM PS3.15 E.1 Basic Application Confidentiality Profile";
    if (shifted)
        method += "\\Retain Longitudinal Temporal Information Modified Dates Option";
    check(data.putAndInsertString(DCM_DeidentificationMethod, method.c_str()), what);
    data.findAndDeleteElement(DCM_DeidentificationMethodCodeSequence);
    const auto addCode = [&](const char* value, const char* meaning) {
        DcmItem* code = nullptr;
        check(data.findOrCreateSequenceItem(DCM_DeidentificationMethodCodeSequence, code, -2),
              what);
        check(code->putAndInsertString(DCM_CodeValue, value), what);
        check(code->putAndInsertString(DCM_CodingSchemeDesignator, "DCM"), what);
        check(code->putAndInsertString(DCM_CodeMeaning, meaning), what);
    };
    addCode("113100", "Basic Application Confidentiality Profile");
    if (shifted)
        addCode("113107", "Retain Longitudinal Temporal Information Modified Dates Option");
    check(data.putAndInsertString(DCM_LongitudinalTemporalInformationModified,
                                  shifted ? "MODIFIED" : "REMOVED"),
          what);

    // The meta header is rebuilt from the dataset when the file is written
    // (Media Storage SOP Class / Instance UID, transfer syntax, our
    // implementation): nothing of the source's header (source AE title,
    // private information) is carried over.
    file.getMetaInfo()->clear();
    return walker.counts;
}

DeidentificationCounts deidentifyFile(const std::filesystem::path& in,
                                      const std::filesystem::path& out, UidRemapper& uids,
                                      const DeidentificationOptions& options) {
    DcmFileFormat file;
    check(file.loadFile(in.c_str()), "cannot read DICOM file " + in.string());
    const E_TransferSyntax xfer = file.getDataset()->getOriginalXfer();
    DeidentificationCounts counts;
    try {
        counts = deidentify(file, uids, options);
    } catch (const Error& e) {
        throw Error(in.string() + ": " + e.what());
    }
    if (out.has_parent_path())
        std::filesystem::create_directories(out.parent_path());
    check(file.saveFile(out.c_str(), xfer == EXS_Unknown ? EXS_LittleEndianExplicit : xfer),
          "cannot write DICOM file " + out.string());
    return counts;
}

} // namespace rgw::dicom
