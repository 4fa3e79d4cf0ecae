#include "FigurePainters.h"

#include <QPainter>
#include <type_traits>

namespace rgw::reportrender {

void paintFigure(QPainter& painter, const QRectF& area, const report::FigureContent& content) {
    std::visit(
        [&](const auto& figure) {
            using T = std::decay_t<decltype(figure)>;
            if constexpr (std::is_same_v<T, report::XYPlot>)
                paintXYPlot(painter, area, figure);
            else if constexpr (std::is_same_v<T, report::BarPlot>)
                paintBarPlot(painter, area, figure);
            else if constexpr (std::is_same_v<T, report::FlowDiagram>)
                paintFlowDiagram(painter, area, figure);
            else if constexpr (std::is_same_v<T, report::HeatmapPlot>)
                paintHeatmap(painter, area, figure);
            else if constexpr (std::is_same_v<T, report::NomogramPlot>)
                paintNomogram(painter, area, figure);
            else
                paintKeyImage(painter, area, figure);
        },
        content);
}

} // namespace rgw::reportrender
