// Fuzz target: the portable model file reader (rgw::modeling::modelFromJson,
// then predictPipeline on what it accepts). The input is used three ways: as
// the file text itself; as edits (position, xor byte pairs; a zero byte cuts
// the text) applied to the valid file of a small model chosen by the first
// byte (ModelFileInput.h), so even an empty input exercises the full path;
// and as those edits with the id recomputed — the SHA-256 id guards against
// accidents, not forgery, so the reader's own checks must make every model
// it accepts safe to score. A bug: a crash, a sanitizer report, any exception
// other than rgw::Error, an accepted model predicting the wrong shape, an
// unmodified file not reading back to the same text and bit-identical
// predictions, > 2 GB or > 15 s.

#include "FuzzSupport.h"
#include "ModelFileInput.h"
#include "modeling/ModelFile.h"
#include "radiomics/Sha256.h"
#include "util/Error.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace {

using namespace rgw::modeling;

const std::vector<TrainedModel>& models() {
    static const std::vector<TrainedModel> all = rgw::fuzz::fuzzModels();
    return all;
}

/// Rows to score with the model's inputs: finite values of several sizes,
/// all in the first training batch when the model uses ComBat.
PipelineData probe(const TrainedModel& m) {
    PipelineData d;
    d.features = m.pipeline.inputFeatures;
    const auto p = static_cast<Eigen::Index>(d.features.size());
    d.x.resize(4, p);
    for (Eigen::Index j = 0; j < p; ++j) {
        d.x(0, j) = 0.0;
        d.x(1, j) = 1.0 + static_cast<double>(j);
        d.x(2, j) = -3.5;
        d.x(3, j) = 1e6;
    }
    if (m.pipeline.combat)
        d.batch.assign(4, m.pipeline.combat->batches.front());
    return d;
}

Prediction score(const TrainedModel& m, const PipelineData& rows) {
    const Prediction p = predictPipeline(m.pipeline, rows);
    const Eigen::Index n = rows.x.rows();
    const bool multinomial = m.pipeline.spec.learner.kind == ModelKind::Multinomial;
    const bool shaped = multinomial ? p.classProbabilities.rows() == n &&
                                          p.classProbabilities.cols() ==
                                              static_cast<Eigen::Index>(m.pipeline.classes.size())
                                    : p.score.size() == n;
    if (!shaped)
        rgw::fuzz::fail("an accepted model predicts a result of the wrong shape");
    return p;
}

void tryRead(std::string_view text) {
    try {
        const TrainedModel m = modelFromJson(text, "fuzz.json");
        score(m, probe(m));
        PipelineData missing = probe(m); // a missing value: imputed, or refused
        missing.x.row(1).setConstant(std::numeric_limits<double>::quiet_NaN());
        score(m, missing);
    } catch (const rgw::Error& e) {
        rgw::fuzz::refused(e);
    }
}

/// The text with its id recomputed, as a forger would; empty when the text
/// is not a JSON object with an id (nothing to forge).
std::string forged(const std::string& text) {
    using Json = nlohmann::ordered_json;
    // The edits add at most 16 levels to a file of 5: no deep nesting here.
    const Json json = Json::parse(text, nullptr, false);
    if (!json.is_object() || !json.contains("id") || text.find('\0') != std::string::npos)
        return {};
    Json body = json;
    body.erase("id");
    Json out = Json::object();
    for (auto it = json.begin(); it != json.end(); ++it)
        out[it.key()] =
            it.key() == "id" ? Json(rgw::radiomics::sha256Hex(body.dump())) : it.value();
    return out.dump(1);
}

bool sameBits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() && (a.array() == b.array()).all();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    rgw::fuzz::initialise();
    tryRead(std::string_view(reinterpret_cast<const char*>(data), size));

    rgw::fuzz::ByteReader in(data, size);
    const TrainedModel& base = models()[in.byte() % models().size()];
    const std::string valid = modelToJson(base);
    if (size <= 1) { // the unmodified file must read back exactly
        const TrainedModel back = modelFromJson(valid, "fuzz.json");
        const PipelineData rows = probe(base);
        const Prediction a = score(base, rows), b = score(back, rows);
        if (modelToJson(back) != valid || !sameBits(a.score, b.score) ||
            !sameBits(a.classProbabilities, b.classProbabilities))
            rgw::fuzz::fail("an unmodified model file does not read back exactly");
        return 0;
    }
    std::string text = valid;
    for (int edits = 0; edits < 16 && !in.rest().empty(); ++edits) {
        const std::size_t at = in.u32() % text.size();
        const std::uint8_t mask = in.byte();
        if (mask == 0) // a zero mask cuts the text here instead
            text.resize(at);
        else
            text[at] = static_cast<char>(text[at] ^ static_cast<char>(mask));
        if (text.empty())
            break;
    }
    tryRead(text);
    const std::string withId = forged(text);
    if (!withId.empty())
        tryRead(withId);
    return 0;
}
