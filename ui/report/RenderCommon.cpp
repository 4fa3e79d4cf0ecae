#include "RenderCommon.h"

#include <QFile>
#include <QGuiApplication>

namespace rgw::reportrender::detail {

void requireGuiApplication() {
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        throw Error("report: rendering needs a QGuiApplication (fonts); create one first, "
                    "e.g. with rgw::reportrender::HeadlessGui");
}

std::string creatorOf(const RenderOptions& options) {
    return options.creator.empty() ? std::string("Radiogenomics Workstation ") + RGW_VERSION
                                   : options.creator;
}

std::string numberedCaption(const char* kind, int number, const std::string& caption) {
    std::string text = kind;
    if (number > 0)
        text += " " + std::to_string(number);
    text += ".";
    if (!caption.empty())
        text += " " + caption;
    return text;
}

std::string numberedHeading(const report::Section& section) {
    return section.number.empty() ? section.title : section.number + " " + section.title;
}

QString qpath(const std::filesystem::path& path) {
    return QFile::decodeName(path.c_str());
}

void checkCancel(const RenderOptions& options, const std::filesystem::path& file) {
    if (options.cancel && options.cancel->isCancelled())
        throw RenderCancelled("report: writing '" + file.string() + "' was cancelled");
}

} // namespace rgw::reportrender::detail
