#include "WelcomePage.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace rgw::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("welcomePage"));
    heading_ = new QLabel(this);
    QFont big = heading_->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    heading_->setFont(big);
    heading_->setWordWrap(true);
    explanation_ = new QLabel(this);
    explanation_->setWordWrap(true);
    explanation_->setTextFormat(Qt::RichText);

    import_ = new QPushButton(tr("Import a DICOM folder... (Ctrl+I)"), this);
    import_->setObjectName(QStringLiteral("welcomeImport"));
    import_->setToolTip(tr("Index a folder of DICOM files (images, RTSTRUCT, SEG) into this "
                           "database; the files stay where they are."));
    demo_ = new QPushButton(tr("Generate and open the demo cohort (Ctrl+Shift+D)"), this);
    demo_->setObjectName(QStringLiteral("welcomeDemo"));
    demo_->setToolTip(tr("Write 5 synthetic CT patients with RTSTRUCT lesions into the "
                         "application data folder, import them and show the first one."));
    open_ = new QPushButton(tr("Open another database... (Ctrl+O)"), this);
    open_->setObjectName(QStringLiteral("welcomeOpen"));
    connect(import_, &QPushButton::clicked, this, &WelcomePage::importRequested);
    connect(demo_, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    connect(open_, &QPushButton::clicked, this, &WelcomePage::openRequested);

    auto* column = new QVBoxLayout;
    column->addWidget(heading_);
    column->addWidget(explanation_);
    column->addSpacing(12);
    for (QPushButton* button : {import_, demo_, open_})
        column->addWidget(button);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    auto* centre = new QVBoxLayout;
    centre->addStretch(1);
    centre->addLayout(column);
    centre->addStretch(2);
    outer->addLayout(centre, 3);
    outer->addStretch(1);
    setDatabase({});
}

void WelcomePage::setDatabase(const QString& databasePath) {
    const bool open = !databasePath.isEmpty();
    heading_->setText(open ? tr("The cohort database is empty") : tr("No cohort database is open"));
    explanation_->setText(
        open
            ? tr("<p><b>%1</b> holds no patient yet.</p>"
                 "<p>Import a folder of DICOM files to start, or generate the demo cohort to try "
                 "the workstation. Then pick a series in the browser on the left to view it; "
                 "Help &gt; User guide (F1) explains the rest.</p>")
                  .arg(QDir::toNativeSeparators(QFileInfo(databasePath).fileName()).toHtmlEscaped())
            : tr("<p>Create a new database (File &gt; New database, Ctrl+N) or open one.</p>"));
    import_->setEnabled(open);
    demo_->setEnabled(open);
}

} // namespace rgw::ui
