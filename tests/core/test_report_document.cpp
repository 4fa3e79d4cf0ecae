// The report document model: numbering of sections, tables and figures and
// the resolution of "{ref:ANCHOR}" cross-references (core/report).
#include "report/ReportDocument.h"
#include "util/Error.h"

#include <gtest/gtest.h>

using namespace rgw::report;

namespace {

Document sample() {
    Document d;
    d.title = "Study";
    Section methods{1, "methods", "Methods", {}, {}};
    methods.blocks.push_back(Paragraph{"Acquisition is in {ref:acq}; features in {ref:features}."});
    Section acq{2, "acq", "Acquisition", {}, {}};
    Table t;
    t.anchor = "acq-table";
    t.caption = "Scanners";
    t.header = {"Modality", "n"};
    t.rows = {{"CT", "see {ref:flow}"}};
    acq.blocks.push_back(t);
    Section features{2, "features", "Features", {}, {}};
    Section cohort{1, "cohort", "Cohort", {}, {}};
    Figure f;
    f.anchor = "flow";
    f.caption = "Flow of {ref:acq-table}";
    f.content = FlowDiagram{};
    cohort.blocks.push_back(f);
    Section split{2, "split", "Split", {}, {}};
    d.sections = {methods, acq, features, cohort, split};
    return d;
}

} // namespace

TEST(ReportDocument, NumbersSectionsTablesAndFiguresAndResolvesReferences) {
    Document d = sample();
    numberDocument(d);
    EXPECT_EQ(d.sections[0].number, "1");
    EXPECT_EQ(d.sections[1].number, "1.1");
    EXPECT_EQ(d.sections[2].number, "1.2");
    EXPECT_EQ(d.sections[3].number, "2");
    EXPECT_EQ(d.sections[4].number, "2.1"); // the level-2 counter restarts under a new chapter
    EXPECT_EQ(std::get<Paragraph>(d.sections[0].blocks[0]).text,
              "Acquisition is in Section 1.1; features in Section 1.2.");
    const auto& table = std::get<Table>(d.sections[1].blocks[0]);
    EXPECT_EQ(table.number, 1);
    EXPECT_EQ(table.rows[0][1], "see Figure 1");
    const auto& figure = std::get<Figure>(d.sections[3].blocks[0]);
    EXPECT_EQ(figure.number, 1);
    EXPECT_EQ(figure.caption, "Flow of Table 1");
}

TEST(ReportDocument, RefusesDuplicateAnchorsAndUnknownReferences) {
    Document duplicate = sample();
    duplicate.sections[2].anchor = "acq";
    EXPECT_THROW(numberDocument(duplicate), rgw::Error);

    Document unknown = sample();
    std::get<Paragraph>(unknown.sections[0].blocks[0]).text = "see {ref:nowhere}";
    try {
        numberDocument(unknown);
        FAIL() << "an unknown anchor was accepted";
    } catch (const rgw::Error& e) {
        EXPECT_NE(std::string(e.what()).find("nowhere"), std::string::npos);
    }

    Document open = sample();
    std::get<Paragraph>(open.sections[0].blocks[0]).text = "see {ref:acq";
    EXPECT_THROW(numberDocument(open), rgw::Error);
}
