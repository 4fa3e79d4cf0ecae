#pragma once

// The kinds of model the workstation fits and their penalties, with the
// names the CLI, the model files and the GUI use.

#include <optional>
#include <string_view>

namespace rgw::modeling {

enum class ModelKind { Logistic, Multinomial, Cox };
enum class Penalty { None, Lasso, Ridge, ElasticNet };

/// "logistic" | "multinomial" | "cox"; throws rgw::Error for another name.
ModelKind parseModelKind(std::string_view name);
const char* modelKindName(ModelKind kind);
/// "none" | "lasso" | "ridge" | "elastic-net".
Penalty parsePenalty(std::string_view name);
const char* penaltyName(Penalty penalty);
/// glmnet's alpha of a penalty: lasso 1, ridge 0, elastic net `alpha`
/// (default 0.5, must lie in (0, 1)). Throws rgw::Error for an alpha given
/// with another penalty.
double penaltyAlpha(Penalty penalty, std::optional<double> alpha);

} // namespace rgw::modeling
