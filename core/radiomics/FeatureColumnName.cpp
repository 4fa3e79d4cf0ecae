#include "radiomics/FeatureColumnName.h"

#include "radiomics/texture/Aggregation.h"

#include <array>
#include <utility>

namespace rgw::radiomics {

namespace {

/// Non-ASCII characters that carry meaning in feature names and units, as
/// UTF-8 byte sequences with their ASCII spelling ("" = dropped without a
/// word break).
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kSpelled{{
    {"\u2019", ""},  // right single quotation mark (Moran’s I)
    {"\u2018", ""},  // left single quotation mark
    {"\u00B9", "1"}, // superscript one
    {"\u00B2", "2"}, // superscript two
    {"\u00B3", "3"}, // superscript three
    {"\u2070", "0"}, // superscript zero
    {"\u2074", "4"}, // superscript four
    {"\u207B", "_"}, // superscript minus (mm⁻¹): a word break
    {"\u00B5", "u"}, // micro sign
    {"\u03BC", "u"}, // Greek small letter mu
    {"\u00B7", "_"}, // middle dot (mm³·HU)
    {"\u00D7", "_"}, // multiplication sign
}};

/// Length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::size_t sequenceLength(unsigned char lead) {
    if (lead >= 0xF0)
        return 4;
    if (lead >= 0xE0)
        return 3;
    if (lead >= 0xC0)
        return 2;
    return 1;
}

} // namespace

std::string snakeCaseAscii(std::string_view text) {
    std::string out;
    bool pendingBreak = false;
    const auto append = [&](std::string_view piece) {
        if (pendingBreak && !out.empty())
            out += '_';
        pendingBreak = false;
        out += piece;
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            append(std::string_view(&text[i], 1));
            ++i;
        } else if (c >= 'A' && c <= 'Z') {
            const char lower = static_cast<char>(c - 'A' + 'a');
            append(std::string_view(&lower, 1));
            ++i;
        } else if (c == '\'') {
            ++i; // "Moran's": no word break
        } else if (c == '%') {
            append("pct");
            ++i;
        } else if (static_cast<unsigned char>(c) < 0x80) {
            pendingBreak = true;
            ++i;
        } else {
            const std::size_t length =
                std::min(sequenceLength(static_cast<unsigned char>(c)), text.size() - i);
            const std::string_view sequence = text.substr(i, length);
            i += length;
            bool known = false;
            for (const auto& [utf8, ascii] : kSpelled)
                if (sequence == utf8) {
                    known = true;
                    if (ascii == "_")
                        pendingBreak = true;
                    else if (!ascii.empty())
                        append(ascii);
                }
            if (!known)
                pendingBreak = true;
        }
    }
    return out;
}

std::string aggregationSlug(std::string_view aggregation) {
    namespace label = texture::label;
    static const std::array<std::pair<std::string_view, std::string_view>, 9> kSlugs{{
        {label::perSlice2D, "2d"},
        {label::averaged2D, "2d_avg"},
        {label::sliceMerged2D, "2d_smrg"},
        {label::merged25DZone, "2_5d"},
        {label::directionMerged25D, "2_5d_dmrg"},
        {label::merged25D, "2_5d_mrg"},
        {label::volume3D, "3d"},
        {label::averaged3D, "3d_avg"},
        {label::merged3D, "3d_mrg"},
    }};
    for (const auto& [text, slug] : kSlugs)
        if (aggregation == text)
            return std::string(slug);
    return snakeCaseAscii(aggregation);
}

std::string featureColumnName(std::string_view family, std::string_view name,
                              std::string_view aggregation) {
    std::string column = snakeCaseAscii(family) + "." + snakeCaseAscii(name);
    if (const std::string slug = aggregationSlug(aggregation); !slug.empty())
        column += "." + slug;
    return column;
}

std::string featureColumnName(const FeatureValue& value) {
    return featureColumnName(value.family, value.name, value.aggregation);
}

} // namespace rgw::radiomics
