#include "modeling/ModelKind.h"

#include "util/Error.h"

#include <string>

namespace rgw::modeling {

ModelKind parseModelKind(std::string_view name) {
    if (name == "logistic")
        return ModelKind::Logistic;
    if (name == "multinomial")
        return ModelKind::Multinomial;
    if (name == "cox")
        return ModelKind::Cox;
    throw Error("unknown model '" + std::string(name) + "' (logistic, multinomial, cox)");
}

const char* modelKindName(ModelKind kind) {
    switch (kind) {
    case ModelKind::Logistic:
        return "logistic";
    case ModelKind::Multinomial:
        return "multinomial";
    case ModelKind::Cox:
        break;
    }
    return "cox";
}

Penalty parsePenalty(std::string_view name) {
    if (name == "none")
        return Penalty::None;
    if (name == "lasso")
        return Penalty::Lasso;
    if (name == "ridge")
        return Penalty::Ridge;
    if (name == "elastic-net")
        return Penalty::ElasticNet;
    throw Error("unknown penalty '" + std::string(name) + "' (none, lasso, ridge, elastic-net)");
}

const char* penaltyName(Penalty penalty) {
    switch (penalty) {
    case Penalty::None:
        return "none";
    case Penalty::Lasso:
        return "lasso";
    case Penalty::Ridge:
        return "ridge";
    case Penalty::ElasticNet:
        break;
    }
    return "elastic-net";
}

double penaltyAlpha(Penalty penalty, std::optional<double> alpha) {
    if (alpha && penalty != Penalty::ElasticNet)
        throw Error("alpha is set by the penalty '" + std::string(penaltyName(penalty)) +
                    "'; give alpha only with elastic-net");
    switch (penalty) {
    case Penalty::Lasso:
        return 1.0;
    case Penalty::Ridge:
        return 0.0;
    case Penalty::ElasticNet: {
        const double a = alpha.value_or(0.5);
        if (!(a > 0.0 && a < 1.0))
            throw Error("elastic-net alpha must lie in (0, 1), not " + std::to_string(a));
        return a;
    }
    case Penalty::None:
        break;
    }
    return 0.0;
}

} // namespace rgw::modeling
