#include "io/dicom/detail/Attributes.h"

#include "util/Error.h"

#include <cmath>
#include <cstdio>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dctag.h>
#include <dcmtk/dcmdata/dcuid.h>

namespace rgw::dicom::detail {

std::string getString(DcmItem& item, const DcmTagKey& tag, unsigned long pos) {
    OFString value;
    if (item.findAndGetOFString(tag, value, pos).bad())
        return {};
    return std::string(value.c_str(), value.length());
}

std::string getAllValues(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    if (item.findAndGetOFStringArray(tag, value).bad())
        return {};
    return std::string(value.c_str(), value.length());
}

std::optional<double> getDouble(DcmItem& item, const DcmTagKey& tag, unsigned long pos) {
    Float64 value = 0;
    if (item.findAndGetFloat64(tag, value, pos).bad())
        return std::nullopt;
    return value;
}

std::optional<int> getInt(DcmItem& item, const DcmTagKey& tag, unsigned long pos) {
    DcmElement* element = nullptr;
    if (item.findAndGetElement(tag, element).bad() || !element)
        return std::nullopt;
    // US/SS/UL/SL/IS all convert through Sint32 or Uint16/Uint32 accessors.
    Sint32 s = 0;
    if (element->getSint32(s, pos).good())
        return static_cast<int>(s);
    Uint16 u16 = 0;
    if (element->getUint16(u16, pos).good())
        return static_cast<int>(u16);
    Uint32 u32 = 0;
    if (element->getUint32(u32, pos).good())
        return static_cast<int>(u32);
    Sint16 s16 = 0;
    if (element->getSint16(s16, pos).good())
        return static_cast<int>(s16);
    return std::nullopt;
}

std::vector<double> getDoubles(DcmItem& item, const DcmTagKey& tag) {
    DcmElement* element = nullptr;
    std::vector<double> values;
    if (item.findAndGetElement(tag, element).bad() || !element)
        return values;
    const unsigned long vm = element->getVM();
    values.reserve(vm);
    for (unsigned long i = 0; i < vm; ++i) {
        Float64 v = 0;
        if (element->getFloat64(v, i).bad())
            return {};
        values.push_back(v);
    }
    return values;
}

DcmItem* firstItem(DcmItem& item, const DcmTagKey& sequence) {
    return itemAt(item, sequence, 0);
}

DcmItem* itemAt(DcmItem& item, const DcmTagKey& sequence, unsigned long index) {
    DcmItem* result = nullptr;
    if (item.findAndGetSequenceItem(sequence, result, static_cast<signed long>(index)).bad())
        return nullptr;
    return result;
}

std::string tagName(const DcmTagKey& tag) {
    DcmTag t(tag);
    return std::string(tag.toString().c_str()) + " " + t.getTagName();
}

std::string decimalString(double value) {
    if (std::fabs(value) < 1e-9)
        value = 0.0; // no "-0" or denormal noise
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", value);
    return buf;
}

std::string newUid() {
    char buf[100];
    dcmGenerateUniqueIdentifier(buf, SITE_INSTANCE_UID_ROOT);
    return buf;
}

void WriteErrors::fail(const std::string& what) const {
    throw Error(kind + " " + file + ": " + what);
}

void WriteErrors::check(const OFCondition& status, const std::string& what) const {
    if (status.bad())
        fail(what + " (" + status.text() + ")");
}

} // namespace rgw::dicom::detail
