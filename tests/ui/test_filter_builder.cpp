// The cohort page's filter builder without a display (offscreen): rows and
// groups give exactly the filter text written here by hand, that text is what
// cohort::CohortFilter parses to the same members, and a bad or unknown-name
// text is shown inline.
#include "FilterBuilder.h"
#include "cohort/CohortFilter.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace rgw;
using ui::FilterBuilder;

class FilterBuilderTest : public QObject {
    Q_OBJECT
private slots:
    void oneGroupOfConditions() {
        FilterBuilder builder;
        builder.setVariables({"AGE", "OS_STATUS", "mut_EGFR", "has_CT", "subtype_pam50"});
        QCOMPARE(builder.text(), QString());
        QVERIFY(builder.error().isEmpty()); // empty: every patient
        const int g = builder.addGroup();
        builder.addCondition(g, "AGE", ">=", "50");
        builder.addCondition(g, "mut_EGFR", "is", "mutated");
        builder.addCondition(g, "OS_STATUS", "=", "1:DECEASED");
        QCOMPARE(builder.text(),
                 QString("AGE >= 50 and mut_EGFR is mutated and OS_STATUS = '1:DECEASED'"));
        QVERIFY2(builder.error().isEmpty(), qPrintable(builder.error()));
        builder.setGroupJoin(g, FilterBuilder::Join::Or);
        QCOMPARE(builder.text(),
                 QString("AGE >= 50 or mut_EGFR is mutated or OS_STATUS = '1:DECEASED'"));
    }

    void groupsAreBracketed() {
        FilterBuilder builder;
        builder.setVariables({"AGE", "mut_EGFR", "mut_KRAS", "has_CT"});
        const int a = builder.addGroup();
        builder.addCondition(a, "mut_EGFR", "is", "mutated");
        builder.addCondition(a, "mut_KRAS", "is not", "not-profiled");
        builder.setGroupJoin(a, FilterBuilder::Join::Or);
        const int b = builder.addGroup();
        builder.addCondition(b, "has_CT", "=", "true");
        builder.setGroupsJoin(FilterBuilder::Join::And);
        const QString expected =
            "(mut_EGFR is mutated or mut_KRAS is not not-profiled) and has_CT = true";
        QCOMPARE(builder.text(), expected);
        QVERIFY2(builder.error().isEmpty(), qPrintable(builder.error()));
        // The text means what the rows say: a patient with EGFR mutated and a
        // CT matches; one whose CT is missing does not.
        const auto filter = cohort::CohortFilter::parse(expected.toStdString());
        QVERIFY(filter.matches({{"mut_EGFR", cohort::Value::text("mutated")},
                                {"mut_KRAS", cohort::Value::text("not-profiled")},
                                {"has_CT", cohort::Value::text("true")}}));
        QVERIFY(!filter.matches({{"mut_EGFR", cohort::Value::text("mutated")}}));
        // Groups joined by or: an "and" group is bracketed too, for clarity.
        builder.setGroupsJoin(FilterBuilder::Join::Or);
        builder.setGroupJoin(a, FilterBuilder::Join::And);
        QCOMPARE(
            builder.text(),
            QString("(mut_EGFR is mutated and mut_KRAS is not not-profiled) or has_CT = true"));
    }

    void valuesAreQuotedWhenNeeded() {
        QCOMPARE(FilterBuilder::conditionText("AGE", "<", "62.5"), QString("AGE < 62.5"));
        QCOMPARE(FilterBuilder::conditionText("SEX", "=", "Female"), QString("SEX = Female"));
        QCOMPARE(FilterBuilder::conditionText("STAGE", "=", "stage II"),
                 QString("STAGE = 'stage II'"));
        QCOMPARE(FilterBuilder::conditionText("SEX", "=", "and"), QString("SEX = 'and'"));
        QCOMPARE(FilterBuilder::conditionText("NOTE", "!=", "O'Brien"),
                 QString("NOTE != \"O'Brien\""));
        QVERIFY_THROWS_EXCEPTION(std::exception,
                                 FilterBuilder::conditionText("NOTE", "=", "it's \"x\""));
    }

    void badTextIsShownInline() {
        FilterBuilder builder;
        builder.setVariables({"AGE", "SEX"});
        QSignalSpy changed(&builder, &FilterBuilder::filterChanged);
        builder.setText("AGE >= 50 and");
        QVERIFY(builder.error().startsWith("filter: "));
        QVERIFY(builder.error().contains("column"));
        auto* label = builder.findChild<QLabel*>("filterError");
        QVERIFY(!label->isHidden());
        QCOMPARE(label->text(), builder.error());
        QCOMPARE(changed.last().at(1).toBool(), false);

        builder.setText("AGEE >= 50");
        QCOMPARE(builder.error(), QString("unknown variable 'AGEE'"));

        builder.setText("AGE >= 50 and SEX = 'Female'");
        QVERIFY(builder.error().isEmpty());
        QVERIFY(label->isHidden());
        QCOMPARE(changed.last().at(1).toBool(), true);

        // Typing in the text field is checked the same way.
        QLineEdit* edit = builder.textEdit();
        edit->clear();
        QTest::keyClicks(edit, "SEX = ");
        QVERIFY(!builder.error().isEmpty());
    }
};

QTEST_MAIN(FilterBuilderTest)
#include "test_filter_builder.moc"
