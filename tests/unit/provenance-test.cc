// A result's provenance: made from the run and the answer, written as JSON and read back,
// never holding the key.
#include "gptimage/provenance.h"

#include "scratch-dir.h"

#include <gtest/gtest.h>

using namespace gptimage;
using gptimage::testing::ScratchDir;

namespace {

constexpr const char *kKey = "fake-key-provenance-0123456789";

class ProvenanceTest : public ::testing::Test
{
protected:
  void SetUp () override
  {
    inputs.route = Route::generations;
    inputs.front = Front::gimp;
    inputs.config.environment = std::map<std::string, std::string> { { "OPENAI_API_KEY", kKey } };
    inputs.config.working_dir = dir.path ();
    inputs.config.config_file = dir.path () + "/config.ini";
    inputs.config.given[Param::prompt] = "a red fox";
    inputs.config.given[Param::quality] = "high";
    inputs.config.given[Param::size] = "1024x1024";
    inputs.config.given[Param::n] = "2";
  }

  PreparedRun prepared ()
  {
    auto run = prepare_run (inputs);
    EXPECT_TRUE (run) << (run ? "" : run.error ().message);
    return run ? std::move (run).value () : PreparedRun {};
  }

  ApiResult answer ()
  {
    ApiResult result;
    result.request_id = "req_123";
    result.usage_json = R"({"input_tokens":3,"output_tokens":14048,"total_tokens":14051,)"
                        R"("input_tokens_details":{"text_tokens":3,"image_tokens":0}})";
    GeneratedImage image;
    image.index = 1;
    image.output_format = "png";
    image.revised_prompt = "a red fox in snow";
    result.images.push_back (share_image (image));
    result.images.push_back (std::move (image));
    return result;
  }

  ScratchDir dir;
  RunInputs inputs;
};

} // namespace

TEST_F (ProvenanceTest, HoldsTheRunTheAnswerAndTheCost)
{
  PreparedRun run = prepared ();
  ApiResult result = answer ();
  Provenance p = make_provenance (run, result, result.images[1], "gpt-image 9.9");
  EXPECT_EQ (p.generator, "gpt-image 9.9");
  EXPECT_EQ (p.route, "generations");
  EXPECT_EQ (p.model, "gpt-image-2");
  EXPECT_EQ (p.prompt, "a red fox");
  EXPECT_EQ (p.revised_prompt, "a red fox in snow");
  EXPECT_EQ (p.size, "1024x1024");
  EXPECT_EQ (p.quality, "high");
  EXPECT_EQ (p.output_format, "png");
  EXPECT_EQ (p.n, 2);
  EXPECT_EQ (p.image_index, 1);
  EXPECT_EQ (p.request_id, "req_123");
  ASSERT_TRUE (p.usage);
  EXPECT_EQ (p.usage->output_tokens, 14048);
  ASSERT_TRUE (p.cost.dollars);
  EXPECT_NEAR (*p.cost.dollars, (3 * 5.0 + 14048 * 30.0) / 1e6, 1e-12);
  ASSERT_TRUE (p.estimate.dollars);
  EXPECT_NEAR (*p.estimate.dollars, 2 * 7024 * 30.0 / 1e6, 1e-12);
  EXPECT_EQ (p.created_at.size (), std::string ("2026-11-26T04:12:21Z").size ());
  EXPECT_EQ (p.created_at.back (), 'Z');
}

TEST_F (ProvenanceTest, RoundTripsThroughJson)
{
  PreparedRun run = prepared ();
  ApiResult result = answer ();
  Provenance p = make_provenance (run, result, result.images[0], "gpt-image 9.9");
  for (bool pretty : { false, true })
    {
      auto back = parse_provenance (provenance_json (p, pretty));
      ASSERT_TRUE (back) << back.error ().message;
      EXPECT_EQ (back->prompt, p.prompt);
      EXPECT_EQ (back->revised_prompt, p.revised_prompt);
      EXPECT_EQ (back->created_at, p.created_at);
      EXPECT_EQ (back->route, p.route);
      EXPECT_EQ (back->model, p.model);
      EXPECT_EQ (back->size, p.size);
      EXPECT_EQ (back->quality, p.quality);
      EXPECT_EQ (back->n, p.n);
      EXPECT_EQ (back->request_id, p.request_id);
      ASSERT_TRUE (back->usage);
      EXPECT_EQ (back->usage->output_tokens, p.usage->output_tokens);
      EXPECT_EQ (back->usage->input_text_tokens, p.usage->input_text_tokens);
      EXPECT_EQ (back->cost.dollars, p.cost.dollars);
      EXPECT_EQ (back->estimate.dollars, p.estimate.dollars);
      EXPECT_EQ (back->price_table_date, p.price_table_date);
    }
}

TEST_F (ProvenanceTest, AnUnknownCostIsNullAndStaysUnknown)
{
  inputs.config.given[Param::image_model] = "gpt-image-2.6-preview";
  PreparedRun run = prepared ();
  ApiResult result = answer ();
  Provenance p = make_provenance (run, result, result.images[0], "gpt-image");
  std::string json = provenance_json (p, false);
  EXPECT_NE (json.find ("\"usd\":null"), std::string::npos) << json;
  auto back = parse_provenance (json);
  ASSERT_TRUE (back);
  EXPECT_FALSE (back->cost.dollars);
  EXPECT_EQ (format_cost (back->cost), "unknown");
}

TEST_F (ProvenanceTest, NeverHoldsTheKey)
{
  inputs.config.given[Param::prompt] = std::string ("my key is ") + kKey;
  PreparedRun run = prepared ();
  ApiResult result = answer ();
  result.images[0].revised_prompt = std::string ("echo ") + kKey;
  result.request_id = kKey;
  Provenance p = make_provenance (run, result, result.images[0], "gpt-image");
  std::string json = provenance_json (p, true);
  EXPECT_EQ (json.find (kKey), std::string::npos) << json;
  EXPECT_NE (json.find ("my key is [redacted]"), std::string::npos) << json;
}

TEST (Provenance, TextThatIsNotProvenanceIsAnError)
{
  for (const char *text : { "", "[]", "{", "{}", "\"a\"" })
    EXPECT_FALSE (parse_provenance (text)) << text;
  // Members of a later version are ignored.
  auto later = parse_provenance (R"({"route":"edits","prompt":"p","future":{"x":1}})");
  ASSERT_TRUE (later);
  EXPECT_EQ (later->route, "edits");
}
