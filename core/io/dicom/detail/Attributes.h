#pragma once

// Small typed getters over DCMTK items, so callers name DICOM attributes
// (DCM_* tag keys) and get std types back. Private to core/io/dicom.

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <optional>
#include <string>
#include <vector>

namespace rgw::dicom::detail {

/// Value `pos` of a string-like attribute (padding removed); empty when absent.
std::string getString(DcmItem& item, const DcmTagKey& tag, unsigned long pos = 0);
/// All values of an attribute joined by '\' (as stored), empty when absent.
std::string getAllValues(DcmItem& item, const DcmTagKey& tag);
std::optional<double> getDouble(DcmItem& item, const DcmTagKey& tag, unsigned long pos = 0);
std::optional<int> getInt(DcmItem& item, const DcmTagKey& tag, unsigned long pos = 0);
/// Every value of a numeric (DS, FD, ...) attribute; empty when absent or unreadable.
std::vector<double> getDoubles(DcmItem& item, const DcmTagKey& tag);
/// First item of a sequence, or nullptr.
DcmItem* firstItem(DcmItem& item, const DcmTagKey& sequence);
/// Item `index` of a sequence, or nullptr.
DcmItem* itemAt(DcmItem& item, const DcmTagKey& sequence, unsigned long index);
/// "(gggg,eeee) Keyword" for error messages.
std::string tagName(const DcmTagKey& tag);

/// A Decimal String value (PS3.5 6.2: at most 16 characters, no "-0"), for
/// the objects we write.
std::string decimalString(double value);
/// A new globally unique UID under DCMTK's site root.
std::string newUid();

/// Errors while writing one DICOM object, worded "<kind> <file>: <what>".
struct WriteErrors {
    std::string kind; ///< "SEG", "RTSTRUCT", ...
    std::string file;
    [[noreturn]] void fail(const std::string& what) const;
    /// Fails with "<what> (<DCMTK's reason>)" when `status` is bad.
    void check(const OFCondition& status, const std::string& what) const;
};

} // namespace rgw::dicom::detail
