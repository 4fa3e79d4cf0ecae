#include "PdfChecks.h"

#include <QFile>
#include <QProcess>
#include <gtest/gtest.h>
#include <zlib.h>

namespace fs = std::filesystem;

namespace rgw::reportchecks {

fs::path outputDir() {
    const fs::path dir = fs::path(RGW_BINARY_DIR) / "tests" / "report" / "out";
    fs::create_directories(dir);
    return dir;
}

/// Runs a poppler tool; fails the test when it does not exit 0.
std::string run(const QString& program, const QStringList& args) {
    QProcess process;
    process.start(program, args);
    EXPECT_TRUE(process.waitForFinished(120000)) << program.toStdString();
    EXPECT_EQ(process.exitCode(), 0) << program.toStdString() << " " << args.join(' ').toStdString()
                                     << ": " << process.readAllStandardError().toStdString();
    return QString::fromUtf8(process.readAllStandardOutput()).toStdString();
}

QString qp(const fs::path& p) {
    return QString::fromStdString(p.string());
}

/// Whitespace runs collapsed to one space (text extraction breaks lines).
std::string collapse(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = true;
            continue;
        }
        if (space && !out.empty())
            out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string pageText(const fs::path& pdf, int page) {
    return run("pdftotext",
               {"-layout", "-f", QString::number(page), "-l", QString::number(page), qp(pdf), "-"});
}

/// The strings the Document puts into both outputs: numbered headings,
/// captions and table cells.
std::vector<std::string> documentStrings(const report::Document& doc) {
    std::vector<std::string> strings{doc.title};
    for (const auto& s : doc.sections) {
        strings.push_back(s.number + " " + s.title);
        for (const auto& block : s.blocks) {
            if (const auto* t = std::get_if<report::Table>(&block)) {
                strings.push_back("Table " + std::to_string(t->number) + ". " + t->caption);
                for (const auto& h : t->header)
                    strings.push_back(h);
                for (const auto& row : t->rows)
                    strings.insert(strings.end(), row.begin(), row.end());
            } else if (const auto* f = std::get_if<report::Figure>(&block)) {
                strings.push_back("Figure " + std::to_string(f->number) + ". " + f->caption);
            }
        }
    }
    return strings;
}

/// Every content stream of the PDF, inflated (Qt's PDF engine deflates them).
std::string inflatedStreams(const fs::path& pdf) {
    QFile file(qp(pdf));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray data = file.readAll();
    std::string out;
    for (qsizetype at = data.indexOf("stream\n"); at >= 0; at = data.indexOf("stream\n", at + 1)) {
        if (at >= 3 && data.mid(at - 3, 3) == "end")
            continue;
        const qsizetype begin = at + 7, end = data.indexOf("endstream", begin);
        if (end < 0)
            break;
        std::vector<unsigned char> buffer(1 << 22);
        uLongf size = uLongf(buffer.size());
        if (uncompress(buffer.data(), &size,
                       reinterpret_cast<const Bytef*>(data.constData() + begin),
                       uLong(end - begin)) == Z_OK)
            out.append(reinterpret_cast<const char*>(buffer.data()), size);
    }
    return out;
}

std::size_t countOperator(const std::string& content, const std::string& op) {
    std::size_t n = 0;
    for (std::size_t at = content.find(op); at != std::string::npos; at = content.find(op, at + 1))
        ++n;
    return n;
}

/// The key images with pixels (the only raster images of the PDF).
std::size_t keyImages(const report::Document& doc) {
    std::size_t n = 0;
    for (const auto& s : doc.sections)
        for (const auto& block : s.blocks)
            if (const auto* f = std::get_if<report::Figure>(&block))
                if (const auto* image = std::get_if<report::KeyImage>(&f->content))
                    n += !image->pixels.empty(); // one without pixels draws "no data"
    return n;
}

/// The value of "Field:   value" in pdfinfo's output.
std::string infoField(const std::string& info, const std::string& field) {
    const auto at = info.find("\n" + field + ":");
    if (at == std::string::npos)
        return {};
    const auto begin = info.find_first_not_of(' ', at + field.size() + 2);
    return info.substr(begin, info.find('\n', begin) - begin);
}

int pageCount(const fs::path& pdf) {
    const std::string info = run("pdfinfo", {qp(pdf)});
    const auto at = info.find("Pages:");
    return at == std::string::npos ? 0 : std::stoi(info.substr(at + 6));
}

} // namespace rgw::reportchecks
