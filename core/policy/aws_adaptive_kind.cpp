// The "aws_adaptive" strategy: the AWS SDKs' adaptive retry mode's client-side rate limiter
// (policy/aws_adaptive.h, policy/aws_adaptive_stage.h).

#include "policy/aws_adaptive_stage.h"
#include "policy/spec_io.h"
#include "policy/strategy_kind.h"

namespace reslab {

namespace {
std::optional<StrategySpec> read(ObjectReader& r)
{
    AwsAdaptiveSpec s;
    s.minFillRate = r.number("min_fill_rate", s.minFillRate, NumberRule{0.0, 1e9, true});
    s.smoothing = r.number("smoothing", s.smoothing, NumberRule::between(0.0, 1.0));
    s.bucketS = r.number("bucket_s", s.bucketS, NumberRule{0.0, 3600.0, true});
    s.scaleConstant = r.number("scale_constant", s.scaleConstant, NumberRule{0.0, 1e9, true});
    s.beta = r.number("beta", s.beta, NumberRule::between(0.0, 1.0));
    s.maxRateScale = r.number("max_rate_scale", s.maxRateScale, NumberRule{0.0, 1e9, true});
    if (r.has("throttling_on")) {
        if (auto set = readOutcomes(r, "throttling_on")) s.throttlingOn = *set;
    }
    return s;
}

void write(JsonWriter& w, const StrategySpec& spec, const std::string&)
{
    const auto& a = std::get<AwsAdaptiveSpec>(spec);
    w.key("min_fill_rate").value(a.minFillRate).key("smoothing").value(a.smoothing);
    w.key("bucket_s").value(a.bucketS).key("scale_constant").value(a.scaleConstant);
    w.key("beta").value(a.beta).key("max_rate_scale").value(a.maxRateScale);
    w.key("throttling_on").inlineArray(outcomeNames(a.throttlingOn));
}

FieldSpecs editorFields()
{
    using namespace reslab::fields;
    return {
        number("min_fill_rate", "Minimum fill rate", "tokens/s", "> 0", text(kBotocoreMinFillRate),
               "botocore TokenBucket._MIN_RATE: the slowest the limiter ever sends."),
        number("smoothing", "Rate smoothing", {}, "0 – 1", text(kBotocoreRateSmoothing),
               "botocore RateClocker: the new bucket's share of the measured rate."),
        number("bucket_s", "Rate bucket", "s", "> 0", text(kBotocoreRateBucketS),
               "botocore RateClocker._TIME_BUCKET_RANGE: how often the measured rate updates."),
        number("scale_constant", "CUBIC C", {}, "> 0", text(kBotocoreCubicScale),
               "botocore CubicCalculator._SCALE_CONSTANT."),
        number("beta", "CUBIC β", {}, "0 – 1", text(kBotocoreCubicBeta),
               "botocore CubicCalculator._BETA: the rate kept after a throttling answer."),
        number("max_rate_scale", "Max rate ÷ measured", "×", "> 0",
               text(kBotocoreMaxRateAdjustScale),
               "botocore _MAX_RATE_ADJUST_SCALE: the rate is at most this times the measured one."),
        list("throttling_on", "Throttling answers", outcomeList(AwsAdaptiveSpec{}.throttlingOn),
             "The outcomes botocore's throttling error codes stand for.")};
}
} // namespace

const StrategyKind AwsAdaptiveSpec::descriptor{
    "aws_adaptive", "AWS adaptive rate limiter",
    R"({})",        read,
    write,          makeStageFromSpec<AwsAdaptiveStage, AwsAdaptiveSpec>,
    editorFields};

} // namespace reslab
