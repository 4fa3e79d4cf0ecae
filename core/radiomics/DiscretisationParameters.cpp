#include "radiomics/DiscretisationParameters.h"

#include <charconv>

namespace rgw::radiomics {

using namespace detail;

DiscretisationSettings readDiscretisation(const Reader& r, const Entry& entry, bool allowNone) {
    const Section sec(r, entry.path, entry.value, entry.line, {"method", "bin_width", "bin_count"});
    const Entry& m = require(r, sec, entry.path, entry.line, "method", "");
    DiscretisationSettings d;
    const std::size_t method =
        readChoice(r, m.path, m.value, m.line, {"none", "fixed_bin_size", "fixed_bin_number"});
    if (method == 0) {
        if (!allowNone)
            r.fail(m.path, m.line,
                   "must be fixed_bin_size or fixed_bin_number (a response map holds no grey "
                   "levels)");
        d.method = DiscretisationMethod::None;
        forbid(r, sec, "bin_width", m.path + ": none");
        forbid(r, sec, "bin_count", m.path + ": none");
    } else if (method == 1) {
        d.method = DiscretisationMethod::FixedBinSize;
        forbid(r, sec, "bin_count", m.path + ": fixed_bin_size (give bin_width)");
        const Entry& w = require(r, sec, entry.path, entry.line, "bin_width", "for fixed_bin_size");
        d.binWidth = readNumber(r, w.path, w.value, w.line);
        if (!(d.binWidth > 0.0))
            r.fail(w.path, w.line, "must be positive, got " + w.value.Scalar());
    } else {
        d.method = DiscretisationMethod::FixedBinNumber;
        forbid(r, sec, "bin_width", m.path + ": fixed_bin_number (give bin_count)");
        const Entry& n =
            require(r, sec, entry.path, entry.line, "bin_count", "for fixed_bin_number");
        d.binCount = readInteger(r, n.path, n.value, n.line);
        if (d.binCount < 1)
            r.fail(n.path, n.line, "must be at least 1, got " + n.value.Scalar());
    }
    return d;
}

void writeDiscretisation(std::ostream& out, const DiscretisationSettings& d,
                         const std::string& indent) {
    out << indent << "discretisation:\n" << indent << "  method: ";
    switch (d.method) {
    case DiscretisationMethod::None:
        out << "none\n";
        break;
    case DiscretisationMethod::FixedBinSize: {
        // Shortest round-trip form, as every number of the canonical text.
        char buffer[64];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, d.binWidth).ptr;
        out << "fixed_bin_size\n" << indent << "  bin_width: " << std::string(buffer, end) << "\n";
        break;
    }
    case DiscretisationMethod::FixedBinNumber:
        out << "fixed_bin_number\n" << indent << "  bin_count: " << d.binCount << "\n";
        break;
    }
}

} // namespace rgw::radiomics
