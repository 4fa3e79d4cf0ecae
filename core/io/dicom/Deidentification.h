#pragma once

// De-identification of DICOM objects with the PS3.15 Annex E Basic
// Application Level Confidentiality Profile (Table E.1-1, transcribed in
// BasicProfileTable.cpp with its edition) and, on request, the Retain
// Longitudinal Temporal Information with Modified Dates Option.
//
// What is done to each attribute, at every nesting level (sequence items are
// processed recursively):
//  - private attributes (odd group, their creators too), Curve Data
//    (50xx,xxxx), Overlay Data (60xx,3000) and Overlay Comments (60xx,4000)
//    are removed (the profile's default for them);
//  - an attribute of Table E.1-1 gets its Basic Profile action: X removed,
//    Z emptied (a sequence loses its items), D replaced by a dummy of its VR
//    ("ANONYMOUS", 0, 19000101, 000000; a D sequence keeps its items and has
//    them processed), U replaced through the export's UidRemapper, K kept;
//  - the compound actions are resolved for the object's IOD to the least
//    destructive action that keeps the object valid, by the attribute's type
//    in the IOD (iodAttributeType): Z/D -> D for type 1, else Z; X/Z -> Z for
//    type 1 or 2, else X; X/D -> D for type 1 or 2, else X; X/Z/D -> D for
//    type 1, Z for type 2, else X; X/Z/U* -> for type 1 the sequence is kept
//    and the UIDs in its items are replaced (U*), Z for type 2, else X;
//  - with the Modified Dates Option every DA and DT value of the table's C
//    rows (all its dates except Patient's Birth Date, which stays Z) is
//    shifted by the patient's offset in whole days; TM values and Timezone
//    Offset From UTC are kept (a whole-day shift leaves them unchanged), as
//    the option's C column allows;
//  - attributes outside the table are kept (K), as the profile says, except
//    DA / DT values, which are always shifted by the patient's offset (more
//    protective than K: Instance Creation Date and the like reveal the
//    acquisition date otherwise).
// Then Patient ID and Patient's Name become the pseudonym, Patient Identity
// Removed (0012,0062) YES, De-identification Method (0012,0063) and its Code
// Sequence (0012,0064, CID 7050: 113100 and, with the option, 113107) and
// Longitudinal Temporal Information Modified (0028,0303) MODIFIED / REMOVED
// are set, and the File Meta Information is rebuilt from the dataset.

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

class DcmFileFormat;

namespace rgw::dicom {

/// A Basic Profile action of Table E.1-1. XZU is "X/Z/U*".
enum class ProfileAction { D, Z, X, K, C, U, ZD, XZ, XD, XZD, XZU };
/// "D", "Z", "X", "K", "C", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*".
const char* toString(ProfileAction action);

/// One row of Table E.1-1.
struct ProfileAttribute {
    std::uint16_t group;
    std::uint16_t element;
    ProfileAction action; ///< Basic Profile column
    /// The Retain Longitudinal Temporal Information with Modified Dates
    /// Option column says C (the dates are shifted instead).
    bool modifiedDatesC;
    const char* name;
};

/// The rows of Table E.1-1 (without the pattern rows: private attributes,
/// Curve Data 50xx, Overlay Data and Comments 60xx).
std::span<const ProfileAttribute> basicProfileAttributes();
/// The row of (group,element), or nullptr when the attribute is not in the table.
const ProfileAttribute* findProfileAttribute(std::uint16_t group, std::uint16_t element);

/// The type (1, 2 or 3) of an attribute with a compound action in the IOD of
/// `sopClassUid`, for the IODs the workstation exports (CT/MR/PET images,
/// their enhanced and legacy-converted forms, SEG, RTSTRUCT, SR); 3 for
/// anything else (the most protective reading).
int iodAttributeType(std::string_view sopClassUid, std::uint16_t group, std::uint16_t element);

/// The simple action (D, Z, X, K, U; XZU kept for U*) a compound action
/// resolves to for an attribute of type `type` (see the file comment).
ProfileAction resolveAction(ProfileAction action, int type);

/// The one UID map of an export: each original UID gets one new UID,
/// "2.25." + the decimal form of 128 bits of SHA-256(secret, UID) (the
/// UUID-derived form of PS3.5 B.2, as core/demo/DemoUid), so references
/// between series, SEG, RTSTRUCT and SR still resolve while the new UIDs
/// cannot be computed from the old ones without the secret.
class UidRemapper {
public:
    /// A fresh random 256-bit secret (std::random_device).
    UidRemapper();
    /// A secret derived from `seed`: reproducible UIDs, for tests only (anyone
    /// who knows the seed can recompute the mapping).
    explicit UidRemapper(std::uint64_t seed);

    /// The new UID of `uid` (the same one on every call). "" stays "".
    std::string map(std::string_view uid);
    const std::map<std::string, std::string, std::less<>>& mapping() const { return map_; }

private:
    std::string secret_;
    std::map<std::string, std::string, std::less<>> map_;
};

struct DeidentificationOptions {
    std::string pseudonym; ///< new Patient ID and Patient's Name (must not be empty)
    /// The patient's date offset in whole days. DA / DT attributes outside
    /// Table E.1-1 (e.g. Instance Creation Date, which the profile keeps) are
    /// always shifted by it, so no real date survives; 0 keeps them.
    int dateOffsetDays = 0;
    /// Retain Longitudinal Temporal Information with Modified Dates Option:
    /// the table's dates (its C rows) are shifted by dateOffsetDays too
    /// instead of being emptied or removed.
    bool retainModifiedDates = false;
};

/// What was done to one object (counts of attributes, at every level).
struct DeidentificationCounts {
    std::size_t removed = 0;        ///< X (private attributes not included)
    std::size_t emptied = 0;        ///< Z
    std::size_t dummied = 0;        ///< D
    std::size_t uidsReplaced = 0;   ///< U (values)
    std::size_t datesShifted = 0;   ///< values shifted by the option
    std::size_t privateRemoved = 0; ///< private attributes and their creators
};

/// De-identifies `file` in memory (dataset and File Meta Information).
/// Throws rgw::Error for an empty pseudonym or a date that cannot be shifted
/// (named with its tag).
DeidentificationCounts deidentify(DcmFileFormat& file, UidRemapper& uids,
                                  const DeidentificationOptions& options);

/// Reads `in`, de-identifies it and writes `out` in the same transfer syntax.
/// Throws rgw::Error naming the file on read or write failure.
DeidentificationCounts deidentifyFile(const std::filesystem::path& in,
                                      const std::filesystem::path& out, UidRemapper& uids,
                                      const DeidentificationOptions& options);

/// A DA value ("YYYYMMDD", also a range "A-B" with either side empty, and
/// several values separated by '\') shifted by `days`. Throws rgw::Error
/// for an unreadable date.
std::string shiftDate(std::string_view da, int days);
/// A DT value ("YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]", ranges and '\' as for
/// DA) with its date shifted by `days`; time, fraction and UTC offset kept.
/// A DT of year or month precision is shifted from its first day and
/// written back at its own precision.
std::string shiftDateTime(std::string_view dt, int days);

} // namespace rgw::dicom
