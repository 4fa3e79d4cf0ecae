// The CLEAR and RQS checklists of the study report (core/report/Checklists):
// the item tables against the published counts and point ranges, the RQS
// rules on hand-scored studies, the citations against numberDocument(), and
// unknown facts never turning into "reported".
#include "report/Checklists.h"
#include "report/StudyReportAnchors.h"

#include <gtest/gtest.h>
#include <random>

using namespace rgw::report;

namespace {

constexpr Known Y = Known::Yes;
constexpr Known N = Known::No;

/// Every part of the report present, two model sections.
ReportParts allParts() {
    ReportParts p;
    p.acquisition = p.acquisitionTable = p.segmentation = p.radiomics = p.analysis = true;
    p.software = p.flowDiagram = p.tableOne = p.associations = true;
    p.models = 2;
    return p;
}

/// A fully specified study; its RQS is scored by hand in FullStudyScore.
StudyFacts fullStudy() {
    StudyFacts f;
    f.parts = allParts();
    f.modalities = {{"CT", 120}, {"PT", 118}};
    f.multipleTimePoints = N;
    f.publicImagingProtocol = N;
    f.phantomStudy = N;
    f.segmentationSources = {"manual (brush), two readers", "TotalSegmentator 2.4"};
    f.readers = 2;
    f.multipleSegmentations = Y;
    f.parameterSetHash = "3f2a9c";
    f.ibsiCompliant = Y;
    f.parameterSetListedInFull = Y;
    f.featureCount = 1130;
    f.imageTypes = "original; LoG 1, 2, 3 mm";
    f.stabilityFilter = Y;
    f.iccThreshold = 0.75;
    f.harmonisation = Y;
    f.featureSelection = Y;
    f.selectionInsideResampling = Y;
    f.multipleTestingCorrection = Y;
    f.modelKinds = {"logistic, lasso", "cox, elastic net"};
    f.missingDataHandled = Y;
    f.missingDataMethod = "complete cases";
    f.cvFolds = 5;
    f.cvRepeats = 10;
    f.bootstrapOptimism = Y;
    f.heldOutTestSplit = Y;
    f.externalInstitutions = 1;
    f.validatesPublishedSignature = N;
    f.discriminationWithCi = Y;
    f.calibration = Y;
    f.decisionCurve = Y;
    f.statisticalComparison = Y;
    f.clinicalCovariates = Y;
    f.comparisonToGoldStandard = Y;
    f.cutoffAnalysis = Y;
    f.biologicalCorrelates = Y;
    f.splits = {{"training", 84, 31}, {"test", 36, 13}, {"external", 52, 18}};
    f.seed = 20261206;
    f.softwareVersion = "1.9.0";
    f.prospective = N;
    f.costEffectiveness = N;
    f.scansShared = Y;
    f.segmentationsShared = Y;
    f.featureTableShared = Y;
    f.parameterSetShared = Y;
    f.modelFileShared = Y;
    f.sourceCodeShared = N;
    return f;
}

std::vector<RqsResult> scoreRqs(const StudyFacts& facts) {
    std::vector<RqsResult> out;
    for (const RqsComponent& c : rqsComponents())
        out.push_back(c.assess(facts));
    return out;
}

/// The rows of the table in the section with this anchor.
const Table& tableIn(const Document& d, const char* anchor) {
    for (const Section& s : d.sections)
        if (s.anchor == anchor)
            for (const Block& b : s.blocks)
                if (const auto* t = std::get_if<Table>(&b))
                    return *t;
    throw std::runtime_error(std::string("no table in section ") + anchor);
}

/// A document holding exactly the anchors `parts` claims (as the study
/// report assembly would), so every citation must resolve.
Document documentWith(const ReportParts& p) {
    Document d;
    d.title = "Study";
    d.sections.push_back({1, anchors::kMethods, "Methods", {}, {}});
    if (p.acquisition) {
        Section s{2, anchors::kAcquisition, "Acquisition", {}, {}};
        if (p.acquisitionTable) {
            Table t;
            t.anchor = anchors::kAcquisitionTable;
            t.header = {"Modality"};
            s.blocks.push_back(t);
        }
        d.sections.push_back(s);
    }
    const std::pair<bool, const char*> methods[] = {{p.segmentation, anchors::kSegmentation},
                                                    {p.radiomics, anchors::kRadiomics},
                                                    {p.analysis, anchors::kAnalysis},
                                                    {p.software, anchors::kSoftware}};
    for (const auto& [present, anchor] : methods)
        if (present)
            d.sections.push_back({2, anchor, anchor, {}, {}});
    d.sections.push_back({1, anchors::kCohort, "Cohort", {}, {}});
    if (p.flowDiagram) {
        Section s{2, "cohort-flow-section", "Flow", {}, {}};
        Figure f;
        f.anchor = anchors::kFlowDiagram;
        f.content = FlowDiagram{};
        s.blocks.push_back(f);
        d.sections.push_back(s);
    }
    if (p.tableOne) {
        Section s{2, "cohort-characteristics", "Characteristics", {}, {}};
        Table t;
        t.anchor = anchors::kTableOne;
        t.header = {"Characteristic"};
        s.blocks.push_back(t);
        d.sections.push_back(s);
    }
    d.sections.push_back({1, anchors::kResults, "Results", {}, {}});
    for (std::size_t m = 1; m <= p.models; ++m)
        d.sections.push_back(
            {2, std::string(anchors::kModel) + "-" + std::to_string(m), "Model", {}, {}});
    if (p.associations)
        d.sections.push_back({2, anchors::kAssociations, "Associations", {}, {}});
    return d;
}

void expectNoReferenceLeft(const Document& d) {
    for (const Section& s : d.sections)
        for (const Block& b : s.blocks) {
            if (const auto* t = std::get_if<Table>(&b)) {
                for (const auto& row : t->rows)
                    for (const std::string& cell : row)
                        EXPECT_EQ(cell.find("{ref:"), std::string::npos) << cell;
                for (const std::string& note : t->notes)
                    EXPECT_EQ(note.find("{ref:"), std::string::npos) << note;
            } else if (const auto* p = std::get_if<Paragraph>(&b)) {
                EXPECT_EQ(p->text.find("{ref:"), std::string::npos) << p->text;
            }
        }
}

} // namespace

// (a) The tables hold the published items: 58 CLEAR items numbered 1..58 and
// 16 RQS components whose ranges add up to the score's −8 … 36.
TEST(Checklists, TablesHoldThePublishedItemsAndRange) {
    ASSERT_EQ(clearItems().size(), 58u);
    for (std::size_t i = 0; i < clearItems().size(); ++i) {
        EXPECT_EQ(clearItems()[i].number, static_cast<int>(i + 1));
        EXPECT_NE(std::string(clearItems()[i].topic), "");
    }
    ASSERT_EQ(rqsComponents().size(), 16u);
    int minimum = 0, maximum = 0;
    for (std::size_t i = 0; i < rqsComponents().size(); ++i) {
        const RqsComponent& c = rqsComponents()[i];
        EXPECT_EQ(c.number, static_cast<int>(i + 1));
        EXPECT_LE(c.minPoints, c.maxPoints);
        minimum += c.minPoints;
        maximum += c.maxPoints;
    }
    EXPECT_EQ(minimum, -8);
    EXPECT_EQ(maximum, 36);
    // With nothing known each rule spans exactly its component's published range.
    const StudyFacts unknown{};
    for (const RqsComponent& c : rqsComponents()) {
        const RqsResult r = c.assess(unknown);
        EXPECT_EQ(r.points.lowest, c.minPoints) << "RQS " << c.number;
        EXPECT_EQ(r.points.highest, c.maxPoints) << "RQS " << c.number;
    }
}

// (b) A fully specified study, scored by hand from Lambin et al. 2017:
//   1 protocol documented (acquisition summary) +1, no public protocol 0  -> 1
//   2 two readers per ROI                                                  -> 1
//   3 no phantom 0; 4 one time point 0                                     -> 0
//   5 feature selection                                                    -> 3
//   6 rad-score + clinical covariates                                      -> 1
//   7 feature-genomics associations                                        -> 1
//   8 cut-off analysis                                                     -> 1
//   9 AUC with CI +1, cross-validated +1                                   -> 2
//  10 calibration +1, cross-validated +1                                   -> 2
//  11 not prospective                                                      -> 0
//  12 held-out split (+2) and one external institution (+3): best          -> 3
//  13 compared with the gold standard                                      -> 2
//  14 decision curve                                                       -> 2
//  15 no cost-effectiveness                                                -> 0
//  16 scans +1, segmentations +1, code 0, features with ROIs +1            -> 3
//  total 1+1+0+0+3+1+1+1+2+2+0+3+2+2+0+3 = 22, every component determined.
TEST(Checklists, FullStudyScore) {
    const std::vector<RqsResult> results = scoreRqs(fullStudy());
    const int expected[] = {1, 1, 0, 0, 3, 1, 1, 1, 2, 2, 0, 3, 2, 2, 0, 3};
    for (std::size_t i = 0; i < results.size(); ++i) {
        EXPECT_TRUE(results[i].points.determined()) << "RQS " << i + 1;
        EXPECT_EQ(results[i].points.lowest, expected[i]) << "RQS " << i + 1;
    }
    const RqsTotals totals = rqsTotals(results);
    EXPECT_EQ(totals.determinedSubtotal, 22);
    EXPECT_EQ(totals.lowest, 22);
    EXPECT_EQ(totals.highest, 22);
}

// (b) A minimal study: no selection, no multiple-testing adjustment, no
// held-out or external data and no published signature -> item 5 gives −3
// and item 12 gives −5, both determined.
TEST(Checklists, MinimalStudyLosesReductionAndValidationPoints) {
    StudyFacts f;
    f.featureSelection = N;
    f.multipleTestingCorrection = N;
    f.heldOutTestSplit = N;
    f.externalInstitutions = 0;
    f.validatesPublishedSignature = N;
    const std::vector<RqsResult> results = scoreRqs(f);
    EXPECT_TRUE(results[4].points.determined());
    EXPECT_EQ(results[4].points.lowest, -3);
    EXPECT_TRUE(results[11].points.determined());
    EXPECT_EQ(results[11].points.lowest, -5);
    const RqsTotals totals = rqsTotals(results);
    EXPECT_EQ(totals.determinedSubtotal, -8);
    // everything else is still open: the other 14 components' maxima (36 − 3 − 5)
    EXPECT_EQ(totals.highest, 28 - 8);
    EXPECT_EQ(totals.lowest, -8);
}

// Validation partly known: a held-out split but unknown external data is at
// least +2 and at most +5; cross-validation alone is not validation (−5);
// two and three external institutions give +4 and +5; a published signature
// alone +4.
TEST(Checklists, ValidationLevels) {
    StudyFacts f;
    f.heldOutTestSplit = Y;
    RqsResult r = rqsComponents()[11].assess(f);
    EXPECT_EQ(r.points.lowest, 2);
    EXPECT_EQ(r.points.highest, 5);

    f.heldOutTestSplit = N;
    f.externalInstitutions = 0;
    f.validatesPublishedSignature = N;
    f.cvFolds = 10;
    EXPECT_EQ(rqsComponents()[11].assess(f).points.highest, -5);
    f.externalInstitutions = 2;
    EXPECT_EQ(rqsComponents()[11].assess(f).points.lowest, 4);
    f.externalInstitutions = 3;
    EXPECT_EQ(rqsComponents()[11].assess(f).points.lowest, 5);
    f.externalInstitutions = 7;
    EXPECT_EQ(rqsComponents()[11].assess(f).points.lowest, 5);
    f.externalInstitutions = 0;
    f.validatesPublishedSignature = Y;
    EXPECT_EQ(rqsComponents()[11].assess(f).points.lowest, 4);

    // resampling without the statistic earns nothing; with it, the second point
    StudyFacts d;
    d.cvFolds = 5;
    d.discriminationWithCi = N;
    EXPECT_EQ(rqsComponents()[8].assess(d).points.highest, 0);
    d.discriminationWithCi = Y;
    EXPECT_EQ(rqsComponents()[8].assess(d).points.lowest, 2);
    d.cvFolds = 0;
    d.bootstrapOptimism = N;
    EXPECT_EQ(rqsComponents()[8].assess(d).points.highest, 1);
}

// (c) Every citation resolves when the document holds the parts the facts
// claim — for all parts, for none, and for random subsets.
TEST(Checklists, CitationsResolveAgainstTheClaimedParts) {
    std::mt19937 random(15);
    std::bernoulli_distribution coin(0.5);
    for (int trial = 0; trial < 40; ++trial) {
        StudyFacts f = fullStudy();
        if (trial == 1)
            f.parts = ReportParts{};
        if (trial > 1) {
            ReportParts& p = f.parts;
            p.acquisition = coin(random);
            p.acquisitionTable = p.acquisition && coin(random);
            p.segmentation = coin(random);
            p.radiomics = coin(random);
            p.analysis = coin(random);
            p.software = coin(random);
            p.flowDiagram = coin(random);
            p.tableOne = coin(random);
            p.associations = coin(random);
            p.models = static_cast<std::size_t>(random() % 4);
        }
        Document d = documentWith(f.parts);
        appendChecklists(f, d);
        ASSERT_NO_THROW(numberDocument(d)) << "trial " << trial;
        expectNoReferenceLeft(d);
    }
    // With every part present the cells point into the report.
    StudyFacts f = fullStudy();
    Document d = documentWith(f.parts);
    appendChecklists(f, d);
    numberDocument(d);
    const Table& clear = tableIn(d, anchors::kClear);
    ASSERT_EQ(clear.rows.size(), 58u);
    EXPECT_EQ(clear.rows[44][3], "reported"); // item 45, the flow diagram
    EXPECT_EQ(clear.rows[44][4].find("Figure 1") != std::string::npos, true);
    EXPECT_EQ(clear.rows[15][3], "reported"); // item 16, acquisition table
    EXPECT_NE(clear.rows[15][4].find("Table 1"), std::string::npos);
    EXPECT_NE(clear.rows[46][4].find("Section 3.1 to Section 3.2"), std::string::npos);
    const Table& rqs = tableIn(d, anchors::kRqs);
    ASSERT_EQ(rqs.rows.size(), 16u);
    EXPECT_EQ(rqs.rows[11][5], "+3");
    EXPECT_NE(rqs.notes[0].find("+22"), std::string::npos);
}

// (d) Unknown facts give "for the author", never "reported": with nothing
// known, every item of both tables; with every part present but no fact
// known, only the items that rest on a part alone (eligibility and its
// flowchart, Table 1) are reported.
TEST(Checklists, UnknownFactsAreLeftForTheAuthor) {
    Document d = documentWith(ReportParts{});
    appendChecklists(StudyFacts{}, d);
    numberDocument(d);
    for (const auto& row : tableIn(d, anchors::kClear).rows)
        EXPECT_EQ(row[3], "for the author") << "CLEAR " << row[0];
    for (const auto& row : tableIn(d, anchors::kRqs).rows)
        EXPECT_EQ(row[4], "for the author") << "RQS " << row[0];

    StudyFacts partsOnly;
    partsOnly.parts = allParts();
    for (const ClearItem& item : clearItems()) {
        const ItemResult r = item.assess(partsOnly);
        const bool restsOnPart = item.number == 11 || item.number == 44 || item.number == 45;
        EXPECT_EQ(r.status == ItemStatus::Reported, restsOnPart) << "CLEAR " << item.number;
        EXPECT_NE(r.status, ItemStatus::NotApplicable) << "CLEAR " << item.number;
    }
    for (const RqsComponent& c : rqsComponents())
        EXPECT_FALSE(c.assess(partsOnly).points.determined()) << "RQS " << c.number;
}

// Any mix of known and unknown facts keeps each component inside its
// published range, and learning a fact only narrows the range.
TEST(Checklists, RandomFactsStayInsideThePublishedRanges) {
    std::mt19937 random(2017);
    const Known values[] = {Known::Unknown, Known::No, Known::Yes};
    auto pick = [&] { return values[random() % 3]; };
    for (int trial = 0; trial < 300; ++trial) {
        StudyFacts f;
        f.parts = allParts();
        Known* known[] = {&f.multipleTimePoints,
                          &f.publicImagingProtocol,
                          &f.phantomStudy,
                          &f.multipleSegmentations,
                          &f.featureSelection,
                          &f.multipleTestingCorrection,
                          &f.bootstrapOptimism,
                          &f.heldOutTestSplit,
                          &f.validatesPublishedSignature,
                          &f.discriminationWithCi,
                          &f.calibration,
                          &f.decisionCurve,
                          &f.clinicalCovariates,
                          &f.comparisonToGoldStandard,
                          &f.cutoffAnalysis,
                          &f.biologicalCorrelates,
                          &f.prospective,
                          &f.costEffectiveness,
                          &f.scansShared,
                          &f.segmentationsShared,
                          &f.featureTableShared,
                          &f.sourceCodeShared};
        for (Known* k : known)
            *k = pick();
        if (random() % 2)
            f.externalInstitutions = random() % 5;
        if (random() % 2)
            f.cvFolds = static_cast<int>(random() % 11);
        if (random() % 2)
            f.modalities = {{"MR", 3}};
        for (const RqsComponent& c : rqsComponents()) {
            const RqsPoints p = c.assess(f).points;
            EXPECT_LE(c.minPoints, p.lowest) << "RQS " << c.number;
            EXPECT_LE(p.lowest, p.highest) << "RQS " << c.number;
            EXPECT_LE(p.highest, c.maxPoints) << "RQS " << c.number;
        }
    }
}

// "reported" always names where: every reported CLEAR item cites a part of
// the report, so with no part present nothing is reported even when every
// fact is known; steps known not to exist are "not applicable".
TEST(Checklists, ReportedItemsAlwaysCiteAPart) {
    StudyFacts f = fullStudy();
    for (const ClearItem& item : clearItems()) {
        const ItemResult r = item.assess(f);
        if (r.status == ItemStatus::Reported) {
            EXPECT_NE(r.where.find("{ref:"), std::string::npos) << "CLEAR " << item.number;
        }
    }
    f.parts = ReportParts{};
    for (const ClearItem& item : clearItems())
        EXPECT_NE(item.assess(f).status, ItemStatus::Reported) << "CLEAR " << item.number;

    StudyFacts none;
    none.parts = allParts();
    none.clinicalCovariates = N;
    none.featureSelection = N;
    EXPECT_EQ(clearItems()[16].assess(none).status, ItemStatus::NotApplicable); // item 17
    EXPECT_EQ(clearItems()[32].assess(none).status, ItemStatus::NotApplicable); // item 33
    EXPECT_STREQ(itemStatusName(ItemStatus::NotApplicable), "not applicable");
}
