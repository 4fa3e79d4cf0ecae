// rgw-cli export deidentified (issue #15 sections 2 and 4) on the demo
// cohort with a second study for one patient and habitat (MANUAL)
// segmentations: every exported file is walked with plain DCMTK and no
// attribute of the PS3.15 Table E.1-1 remove/replace list keeps a value it
// had in any source file (names, ids, dates, institution, UIDs), no private
// attribute and no original date or UID survives anywhere; the export
// re-imports into an empty database with the same patients (pseudonymous),
// series and segmentations linked to their image series (voxel counts equal
// to the source's); the pseudonym table is filled only in the source
// database and reused by a second export; --retain-intervals keeps the
// interval between the patient's two studies.
#ifndef _WIN32

#include "CliTestSupport.h"
#include "CohortRepositories.h"
#include "Database.h"
#include "DeidentifiedExport.h"
#include "SegmentationRepository.h"
#include "SeriesAccess.h"
#include "io/dicom/Deidentification.h"

#include <chrono>
#include <cstdlib>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using rgw::test::cliPath;
using rgw::test::run;

namespace {

constexpr int kIntervalDays = 37;

std::string value(DcmElement& e) {
    OFString s;
    e.getOFStringArray(s);
    return s.c_str();
}

/// Calls `visit` on every element of the dataset, at every level.
void forEach(DcmItem& item, const std::function<void(DcmElement&)>& visit) {
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* e = item.getElement(i);
        visit(*e);
        if (e->getTag().getEVR() == EVR_SQ) {
            auto* seq = static_cast<DcmSequenceOfItems*>(e);
            for (unsigned long k = 0; k < seq->card(); ++k)
                forEach(*seq->getItem(k), visit);
        }
    }
}

bool isDicom(const fs::path& file) {
    DcmFileFormat ff;
    return ff.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, 4096).good();
}

std::string get(DcmItem& d, const DcmTagKey& key) {
    OFString s;
    d.findAndGetOFStringArray(key, s);
    return s.c_str();
}

std::chrono::sys_days day(const std::string& da) {
    return std::chrono::sys_days(std::chrono::year(std::stoi(da.substr(0, 4))) /
                                 std::chrono::month(std::stoul(da.substr(4, 2))) /
                                 std::chrono::day(std::stoul(da.substr(6, 2))));
}

std::string da(std::chrono::sys_days d) {
    const std::chrono::year_month_day ymd(d);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

/// Lines dicom3tools' dciodvfy reports as errors for `file` ("" when none);
/// "dciodvfy did not run" when its output names no IOD.
std::string iodErrors(const fs::path& file, const fs::path& report) {
    const int code = std::system(
        ("dciodvfy \"" + file.string() + "\" > \"" + report.string() + "\" 2>&1").c_str());
    (void)code;
    std::ifstream in(report);
    std::string line, errors;
    bool ran = false;
    while (std::getline(in, line)) {
        ran = ran || line.find("IOD") != std::string::npos || line.rfind("Warning", 0) == 0 ||
              line.rfind("Error", 0) == 0;
        if (line.rfind("Error", 0) == 0)
            errors += line + "\n";
    }
    return ran ? errors : "dciodvfy did not run";
}

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// What the source files hold that must not leave: per Table E.1-1 tag
/// whose action is not K, every non-empty value; plus every date and every
/// instance UID of a U row, wherever they occur.
struct Originals {
    std::map<DcmTagKey, std::set<std::string>> byTag;
    std::set<std::string> dates;
    std::set<std::string> uids;
    std::set<std::string> patientIds;
};

Originals collectOriginals(const std::vector<fs::path>& roots) {
    Originals o;
    for (const fs::path& root : roots)
        for (const fs::path& file : rgw::test::regularFiles(root)) {
            DcmFileFormat ff;
            if (ff.loadFile(file.c_str()).bad())
                continue;
            o.patientIds.insert(get(*ff.getDataset(), DCM_PatientID));
            forEach(*ff.getDataset(), [&](DcmElement& e) {
                const DcmTag& tag = e.getTag();
                const std::string v = value(e);
                if (tag.getEVR() == EVR_DA || tag.getEVR() == EVR_DT)
                    if (!v.empty())
                        o.dates.insert(v);
                const auto* row =
                    rgw::dicom::findProfileAttribute(tag.getGroup(), tag.getElement());
                if (!row || row->action == rgw::dicom::ProfileAction::K || tag.getEVR() == EVR_SQ ||
                    v.empty())
                    return;
                o.byTag[tag].insert(v);
                if (row->action == rgw::dicom::ProfileAction::U)
                    o.uids.insert(v);
            });
        }
    return o;
}

struct CliDeidentified : ::testing::Test {
    rgw::test::TempDir tmp;
    fs::path db(const std::string& name = "source.rgwdb") const { return tmp.path() / name; }
    rgw::test::ProcessResult cli(std::vector<std::string> args,
                                 const std::string& database = "source.rgwdb") {
        args.insert(args.begin(), {"--db", db(database).string()});
        return run(cliPath(), args, tmp.path());
    }

    /// Demo cohort of 3 patients, habitats on one ROI (MANUAL segmentations),
    /// a second CT study of DEMO-001 dated kIntervalDays later, cohort "share".
    void prepare() {
        ASSERT_EQ(
            cli({"demo", "--out", (tmp.path() / "demo").string(), "--patients", "3", "--import"})
                .exitCode,
            0);
        rgw::storage::Id firstSegmentation = 0;
        std::string firstSeries;
        {
            rgw::storage::Database d(db());
            const auto rows = rgw::storage::SegmentationRepository(d).listAll();
            ASSERT_FALSE(rows.empty());
            firstSegmentation = rows.front().id;
            firstSeries = rows.front().referencedSeriesInstanceUid;
        }
        const auto h = cli({"habitats", firstSeries, "--segmentation",
                            std::to_string(firstSegmentation), "--k", "2", "--seed", "3"});
        ASSERT_EQ(h.exitCode, 0) << h.err;

        // The second study: DEMO-001's CT with new UIDs and dates + 37 days.
        const auto census = rgw::test::censusBySeries(tmp.path() / "demo");
        char study[100], series[100];
        dcmGenerateUniqueIdentifier(study);
        dcmGenerateUniqueIdentifier(series);
        for (const auto& [uid, s] : census) {
            if (s.patientId != "DEMO-001" || s.modality != "CT")
                continue;
            for (const fs::path& file : s.files) {
                DcmFileFormat ff;
                ASSERT_TRUE(ff.loadFile(file.c_str()).good());
                DcmDataset& ds = *ff.getDataset();
                firstStudyDate = get(ds, DCM_StudyDate);
                const std::string later =
                    da(day(firstStudyDate) + std::chrono::days(kIntervalDays));
                secondStudyDate = later;
                for (const DcmTagKey& key :
                     {DCM_StudyDate, DCM_SeriesDate, DCM_ContentDate, DCM_AcquisitionDate})
                    if (ds.tagExists(key))
                        ds.putAndInsertString(key, later.c_str());
                char sop[100];
                dcmGenerateUniqueIdentifier(sop);
                ds.putAndInsertString(DCM_StudyInstanceUID, study);
                ds.putAndInsertString(DCM_SeriesInstanceUID, series);
                ds.putAndInsertString(DCM_SOPInstanceUID, sop);
                ff.getMetaInfo()->clear();
                fs::create_directories(tmp.path() / "second");
                ASSERT_TRUE(ff.saveFile((tmp.path() / "second" / file.filename()).c_str(),
                                        EXS_LittleEndianExplicit)
                                .good());
            }
        }
        ASSERT_FALSE(secondStudyDate.empty());
        ASSERT_EQ(cli({"import", (tmp.path() / "second").string()}).exitCode, 0);
        const auto c = cli({"cohort", "create", "share"});
        ASSERT_EQ(c.exitCode, 0) << c.err;
    }

    std::string firstStudyDate, secondStudyDate;
};

std::vector<std::size_t> voxelCounts(rgw::storage::Database& d,
                                     const std::vector<rgw::storage::SegmentationRow>& rows) {
    std::vector<std::size_t> counts;
    for (const auto& row : rows) {
        const rgw::Mask m = rgw::storage::loadSegmentationMask(d, row.id);
        counts.push_back(static_cast<std::size_t>(
            std::count_if(m.voxels.begin(), m.voxels.end(), [](auto v) { return v != 0; })));
    }
    std::sort(counts.begin(), counts.end());
    return counts;
}

} // namespace

TEST_F(CliDeidentified, NothingOfTheProfileListLeaksAndTheExportReimportsLinked) {
    prepare();
    const fs::path out = tmp.path() / "shared";
    const auto r = cli({"export", "deidentified", "--cohort", "share", "--out", out.string()});
    ASSERT_EQ(r.exitCode, 0) << r.err;

    const Originals originals = collectOriginals({tmp.path() / "demo", tmp.path() / "second"});
    ASSERT_EQ(originals.patientIds.size(), 3u);
    std::size_t files = 0, checkedValues = 0;
    std::set<std::string> exportedPatients;
    for (const fs::path& file : rgw::test::regularFiles(out)) {
        const std::string bytes = slurp(file);
        for (const std::string& id : originals.patientIds)
            EXPECT_EQ(bytes.find(id), std::string::npos) << id << " in " << file;
        if (!isDicom(file))
            continue;
        ++files;
        DcmFileFormat ff;
        ASSERT_TRUE(ff.loadFile(file.c_str()).good());
        exportedPatients.insert(get(*ff.getDataset(), DCM_PatientID));
        EXPECT_EQ(get(*ff.getDataset(), DCM_PatientIdentityRemoved), "YES");
        EXPECT_EQ(get(*ff.getDataset(), DCM_StudyDate), ""); // Z without the option
        const auto check = [&](DcmElement& e) {
            const DcmTag& tag = e.getTag();
            EXPECT_FALSE(tag.isPrivate()) << tag.toString() << " in " << file;
            const std::string v = value(e);
            if (v.empty())
                return;
            ++checkedValues;
            if (const auto it = originals.byTag.find(tag); it != originals.byTag.end()) {
                EXPECT_FALSE(it->second.count(v))
                    << DcmTag(tag).getTagName() << " keeps " << v << " in " << file;
            }
            if (tag.getEVR() == EVR_DA || tag.getEVR() == EVR_DT) {
                EXPECT_FALSE(originals.dates.count(v)) << "date " << v << " in " << file;
            }
            if (tag.getEVR() == EVR_UI) {
                EXPECT_FALSE(originals.uids.count(v)) << "UID " << v << " in " << file;
            }
        };
        forEach(*ff.getDataset(), check);
        forEach(*ff.getMetaInfo(), check);
    }
    EXPECT_GT(files, 190u); // 4 CT series of 48 slices, 3 RTSTRUCT, 1 SEG
    // The de-identified objects stay valid for their IOD (one of each kind).
    std::set<std::string> validated;
    for (const fs::path& file : rgw::test::regularFiles(out)) {
        DcmFileFormat ff;
        if (!isDicom(file) || ff.loadFile(file.c_str()).bad())
            continue;
        const std::string modality = get(*ff.getDataset(), DCM_Modality);
        if (!validated.insert(modality).second)
            continue;
        EXPECT_EQ(iodErrors(file, tmp.path() / ("dciodvfy-" + modality + ".txt")), "")
            << modality << " " << file;
    }
    EXPECT_EQ(validated, (std::set<std::string>{"CT", "RTSTRUCT", "SEG"}));
    EXPECT_GT(checkedValues, 1000u);
    EXPECT_EQ(exportedPatients.size(), 3u);

    // clinical.tsv: one row per patient under its pseudonym.
    std::ifstream tsv(out / "clinical.tsv");
    std::string line;
    std::getline(tsv, line);
    EXPECT_EQ(line.rfind("patient_id\t", 0), 0u) << line;
    std::set<std::string> tablePatients;
    while (std::getline(tsv, line))
        tablePatients.insert(line.substr(0, line.find('\t')));
    EXPECT_EQ(tablePatients, exportedPatients);

    // Re-import into an empty database.
    const auto imported = cli({"import", out.string()}, "receiver.rgwdb");
    ASSERT_EQ(imported.exitCode, 0) << imported.err << imported.out;
    rgw::storage::Database source(db());
    rgw::storage::Database receiver(db("receiver.rgwdb"));
    std::set<std::string> receivedPatients;
    for (const auto& p : rgw::storage::PatientRepository(receiver).list())
        receivedPatients.insert(p.patientId);
    EXPECT_EQ(receivedPatients, exportedPatients);
    const auto sourceSeries = rgw::storage::SeriesRepository(source).listAll();
    const auto receivedSeries = rgw::storage::SeriesRepository(receiver).listAll();
    EXPECT_EQ(receivedSeries.size(), sourceSeries.size() + 1); // + the SEG of the habitats
    std::map<std::string, rgw::dicom::ObjectKind> kindOf;
    for (const auto& s : receivedSeries) {
        kindOf[s.seriesInstanceUid] = s.kind;
        EXPECT_TRUE(exportedPatients.count(s.patientId));
    }
    // Segmentations: the RTSTRUCT ROIs and the newest habitat versions, each
    // on an exported image series, with the source's voxel counts.
    std::vector<rgw::storage::SegmentationRow> sourceRows;
    for (auto& row : rgw::storage::SegmentationRepository(source).listAll())
        sourceRows.push_back(row); // habitats have one version each here
    const auto receivedRows = rgw::storage::SegmentationRepository(receiver).listAll();
    ASSERT_EQ(receivedRows.size(), sourceRows.size());
    for (const auto& row : receivedRows) {
        ASSERT_TRUE(kindOf.count(row.referencedSeriesInstanceUid)) << row.id;
        EXPECT_EQ(kindOf[row.referencedSeriesInstanceUid], rgw::dicom::ObjectKind::Image);
    }
    EXPECT_EQ(voxelCounts(receiver, receivedRows), voxelCounts(source, sourceRows));

    // The mapping stays home.
    const auto countRows = [](rgw::storage::Database& d) {
        rgw::storage::Statement& s = d.prepare("SELECT COUNT(*) FROM pseudonyms");
        s.step();
        const auto n = s.int64(0);
        s.reset();
        return n;
    };
    EXPECT_EQ(countRows(source), 3);
    EXPECT_EQ(countRows(receiver), 0);
}

TEST_F(CliDeidentified, RetainIntervalsKeepsTheIntervalBetweenStudiesUnderStablePseudonyms) {
    prepare();
    ASSERT_EQ(cli({"export", "deidentified", "--cohort", "share", "--out",
                   (tmp.path() / "first").string()})
                  .exitCode,
              0);
    const fs::path out = tmp.path() / "retained";
    const auto r = cli({"export", "deidentified", "--cohort", "share", "--out", out.string(),
                        "--retain-intervals"});
    ASSERT_EQ(r.exitCode, 0) << r.err;

    rgw::storage::Database source(db());
    const auto pseudonym = rgw::storage::storedPseudonym(source, "DEMO-001");
    ASSERT_TRUE(pseudonym);
    ASSERT_TRUE(fs::is_directory(tmp.path() / "first" / *pseudonym)); // stable across exports
    rgw::storage::Statement& s = source.prepare(
        "SELECT date_offset_days FROM pseudonyms q JOIN patients p ON p.id = q.patient_id "
        "WHERE p.patient_id = 'DEMO-001'");
    ASSERT_TRUE(s.step());
    const int offset = s.integer(0);
    s.reset();
    EXPECT_NE(offset, 0);

    std::map<std::string, std::set<std::string>> datesByStudy;
    for (const fs::path& file : rgw::test::regularFiles(out / *pseudonym)) {
        DcmFileFormat ff;
        ASSERT_TRUE(ff.loadFile(file.c_str()).good());
        datesByStudy[get(*ff.getDataset(), DCM_StudyInstanceUID)].insert(
            get(*ff.getDataset(), DCM_StudyDate));
        EXPECT_EQ(get(*ff.getDataset(), DCM_LongitudinalTemporalInformationModified), "MODIFIED");
    }
    ASSERT_EQ(datesByStudy.size(), 2u);
    std::vector<std::string> dates;
    for (const auto& [study, set] : datesByStudy) {
        ASSERT_EQ(set.size(), 1u) << study;
        dates.push_back(*set.begin());
    }
    std::sort(dates.begin(), dates.end());
    EXPECT_EQ((day(dates[1]) - day(dates[0])).count(), kIntervalDays);
    EXPECT_EQ(dates[0], da(day(firstStudyDate) + std::chrono::days(offset)));
    EXPECT_EQ(dates[1], da(day(secondStudyDate) + std::chrono::days(offset)));
}

TEST_F(CliDeidentified, RefusesANonEmptyFolderAndLeavesNoPartialExport) {
    prepare();
    const fs::path out = tmp.path() / "busy";
    fs::create_directories(out);
    std::ofstream(out / "keep.txt") << "mine";
    const auto r = cli({"export", "deidentified", "--cohort", "share", "--out", out.string()});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("not empty"), std::string::npos) << r.err;
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
    EXPECT_EQ(cli({"export", "deidentified", "--cohort", "nope", "--out", "x"}).exitCode, 3);
    EXPECT_EQ(cli({"export", "bogus"}).exitCode, 2);
    EXPECT_EQ(cli({"export-mask", "--help"}).exitCode, 0); // the old commands stay
}

#endif
