#pragma once

// The analysis sources a page offers, read from the cohort database on the
// GUI thread (two short queries): the named cohorts and the radiomic
// parameter sets in use. Shared by the Models and Associations pages.

#include <QString>

class QComboBox;

namespace rgw::ui {

/// Fills `cohorts` with NAME@VERSION of every named cohort (the newest
/// last and current) and `parameterSets` with the sets at least one
/// extraction used, most recent first (by name, or by hash prefix where two
/// sets share a name), then an empty entry: no radiomic features when
/// `offerNone`. Then selects `cohort` and `parameterSet` when not empty.
/// Throws rgw::Error / storage errors when the database cannot be read.
void fillAnalysisSources(const QString& databaseFile, QComboBox* cohorts, QComboBox* parameterSets,
                         bool offerNone, const QString& cohort, const QString& parameterSet);

} // namespace rgw::ui
