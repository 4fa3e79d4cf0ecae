#include "FileDialogs.h"

#include <QFileDialog>
#include <QHeaderView>
#include <QTreeView>

namespace rgw::ui {

namespace {

QString run(QFileDialog& dialog) {
    const auto fitColumns = [&dialog] {
        for (QTreeView* view : dialog.findChildren<QTreeView*>()) {
            QHeaderView* header = view->header();
            for (int c = 1; c < header->count(); ++c)
                view->resizeColumnToContents(c);
            view->resizeColumnToContents(0);
        }
    };
    QObject::connect(&dialog, &QFileDialog::directoryEntered, &dialog, fitColumns);
    // The file system model fills in the background: fit again once it has.
    QObject::connect(&dialog, &QFileDialog::currentChanged, &dialog, fitColumns);
    for (QTreeView* view : dialog.findChildren<QTreeView*>())
        if (view->model())
            QObject::connect(view->model(), &QAbstractItemModel::layoutChanged, &dialog,
                             fitColumns);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    return dialog.selectedFiles().constFirst();
}

} // namespace

QString chooseOpenFile(QWidget* parent, const QString& caption, const QString& start,
                       const QString& filter) {
    QFileDialog dialog(parent, caption, start, filter);
    dialog.setFileMode(QFileDialog::ExistingFile);
    dialog.setAcceptMode(QFileDialog::AcceptOpen);
    return run(dialog);
}

QString chooseSaveFile(QWidget* parent, const QString& caption, const QString& start,
                       const QString& filter) {
    QFileDialog dialog(parent, caption, start, filter);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    return run(dialog);
}

QString chooseFolder(QWidget* parent, const QString& caption, const QString& start) {
    QFileDialog dialog(parent, caption, start);
    dialog.setFileMode(QFileDialog::Directory);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    return run(dialog);
}

} // namespace rgw::ui
