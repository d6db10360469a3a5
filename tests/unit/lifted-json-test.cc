#include "gptimage/lifted-json.h"

#include "gptimage/glib-ptr.h"

#include <gtest/gtest.h>

#include <string>

using namespace gptimage;

namespace {

const std::string big (300, 'Q');

// The skeleton as json-glib reads it, written back compactly.
std::string
reparsed (const std::string &json)
{
  JsonNodePtr root (json_from_string (json.c_str (), nullptr));
  return root ? take_string (json_to_string (root.get (), FALSE)) : std::string ("<invalid>");
}

std::string
string_member (const std::string &json, const char *path_a, const char *path_b = nullptr)
{
  JsonNodePtr root (json_from_string (json.c_str (), nullptr));
  JsonObject *object = json_node_get_object (root.get ());
  if (path_b)
    object = json_object_get_object_member (object, path_a);
  return json_object_get_string_member (object, path_b ? path_b : path_a);
}

} // namespace

TEST (LiftedJson, LiftsImageMembersAndLeavesTheRest)
{
  std::string json = R"({"created":1,"data":[{"b64_json":")" + big
                     + R"(","revised_prompt":")" + big + R"("}],"usage":{"total_tokens":3}})";
  LiftedJson lifted = lift_image_strings (json);
  ASSERT_EQ (lifted.values.size (), 1u);
  EXPECT_EQ (lifted.values[0], big);
  EXPECT_EQ (lifted.values[0].data (), json.data () + json.find (big)); // a view, not a copy
  EXPECT_LT (lifted.skeleton.size (), json.size () - big.size () + 100);

  JsonNodePtr root (json_from_string (lifted.skeleton.c_str (), nullptr));
  ASSERT_TRUE (root);
  JsonObject *item = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (root.get ()), "data"), 0);
  const char *token = json_object_get_string_member (item, "b64_json");
  ASSERT_NE (lifted.find (token), nullptr);
  EXPECT_EQ (*lifted.find (token), big);
  // Everything else is as it was.
  EXPECT_EQ (json_object_get_string_member (item, "revised_prompt"), big);
  EXPECT_EQ (lifted.find (big), nullptr);
}

TEST (LiftedJson, EveryShapeTheParserReads)
{
  // Images body, Responses body, the Images events, the Responses events.
  struct Case
  {
    std::string json;
    std::size_t lifted;
  };
  for (const Case &c : std::initializer_list<Case> {
         { R"({"data":[{"b64_json":")" + big + R"("},{"b64_json" : ")" + big + R"("}]})", 2 },
         { R"({"object":"response","output":[{"type":"image_generation_call","result":")" + big
               + R"("}]})", 1 },
         { R"({"type":"image_generation.partial_image","b64_json":")" + big
               + R"(","partial_image_index":0})", 1 },
         { R"({"type":"response.image_generation_call.partial_image","partial_image_b64":")"
               + big + R"("})", 1 },
         { R"({"type":"response.output_item.done","item":{"type":"image_generation_call",)"
           R"("result":")" + big + R"("}})", 1 },
         { R"({"type":"response.completed","response":{"output":[{"result":")" + big
               + R"("}],"usage":{"total_tokens":1}}})", 1 },
       })
    {
      SCOPED_TRACE (c.json.substr (0, 60));
      LiftedJson lifted = lift_image_strings (c.json);
      ASSERT_EQ (lifted.values.size (), c.lifted);
      for (auto value : lifted.values)
        EXPECT_EQ (value, big);
      EXPECT_NE (reparsed (lifted.skeleton), "<invalid>");
    }
}

TEST (LiftedJson, LeavesWhatIsNotAnImageString)
{
  for (const std::string &json : {
         // Too short, another member, an array element, a member name, escapes.
         std::string (R"({"b64_json":"QUJD"})"),
         R"({"text":")" + big + R"("})",
         R"({"b64_json":[")" + big + R"("]})",
         R"({")" + big + R"(":"b64_json"})",
         R"({"b64_json":")" + big + R"(\/QQ=="})",
         R"({"b64\u005fjson":")" + big + R"("})",
         // The quote inside a string does not end it; the key is the last one before.
         R"({"note":"say \"b64_json\": x","x":")" + big + R"("})",
         R"({"b64_json":1,"y":")" + big + R"("})",
       })
    {
      SCOPED_TRACE (json.substr (0, 60));
      LiftedJson lifted = lift_image_strings (json);
      EXPECT_TRUE (lifted.values.empty ());
      EXPECT_TRUE (lifted.skeleton.empty ());
    }
}

TEST (LiftedJson, EscapedQuotesAndBackslashesBeforeTheValue)
{
  std::string json = R"({"a":"x\\","b":"\"","result":")" + big + R"("})";
  LiftedJson lifted = lift_image_strings (json);
  ASSERT_EQ (lifted.values.size (), 1u);
  EXPECT_EQ (lifted.values[0], big);
  EXPECT_EQ (string_member (lifted.skeleton, "a"), "x\\");
  EXPECT_EQ (string_member (lifted.skeleton, "b"), "\"");
}

TEST (LiftedJson, BrokenTextStaysBroken)
{
  for (const std::string &json : {
         R"({"b64_json":")" + big,                  // unterminated
         R"({"b64_json":")" + big + R"(" "x":1})",  // no comma
         R"({"b64_json":")" + big + R"("})" + "}",  // trailing garbage
       })
    {
      LiftedJson lifted = lift_image_strings (json);
      const std::string &text = lifted.values.empty () ? json : lifted.skeleton;
      EXPECT_FALSE (JsonNodePtr (json_from_string (text.c_str (), nullptr)));
    }
}

TEST (LiftedJson, TokensCannotBeForgedOrConfused)
{
  std::string json = R"({"result":")" + big + R"("})";
  LiftedJson lifted = lift_image_strings (json);
  std::string token = string_member (lifted.skeleton, "result");
  ASSERT_TRUE (token.ends_with ("-0"));
  // A token names its index; one past the end, or a different nonce, is no token.
  std::string prefix = token.substr (0, token.size () - 1);
  EXPECT_NE (lifted.find (prefix + "0"), nullptr);
  EXPECT_EQ (lifted.find (prefix + "1"), nullptr);
  EXPECT_EQ (lifted.find (prefix + "0x"), nullptr);
  EXPECT_EQ (lifted.find (prefix), nullptr);
  EXPECT_EQ (lifted.find ("gpt-image-lifted-00000000000000000000000000000000-0"), nullptr);
  EXPECT_EQ (LiftedJson ().find (token), nullptr);
}

namespace {

// The image string starts an ImageStringFinder reports for `json` read in pieces of `step`
// bytes (the decoder's part played by skipping to each closing quote once it is in).
std::vector<std::size_t>
arriving_starts (const std::string &json, std::size_t step)
{
  ImageStringFinder finder;
  std::vector<std::size_t> starts;
  bool in_string = false;
  std::size_t open = 0;
  for (std::size_t have = std::min (step, json.size ());; have = std::min (have + step, json.size ()))
    {
      std::string_view text (json.data (), have);
      for (;;)
        {
          if (!in_string)
            {
              std::optional<std::size_t> start = finder.next_start (text);
              if (!start)
                break;
              in_string = true;
              open = start.value ();
              starts.push_back (open);
            }
          std::size_t close = text.find ('"', open);
          if (close == std::string_view::npos)
            break;
          finder.skip_string (close);
          in_string = false;
        }
      if (have == json.size ())
        return starts;
    }
}

} // namespace

TEST (LiftedJson, FinderSeesImageStringsAsTheyBeginWhereverTheTextIsCut)
{
  std::string json = R"({"created":1,"note":"a \"b64_json\": trap","data":[{"b64_json" : ")"
                     + big + R"(","revised_prompt":"p"},{"b64_json":")" + big
                     + R"("}],"output":[{"type":"image_generation_call","result":")" + big
                     + R"("}],"usage":{"result":1}})";
  LiftedJson lifted = lift_image_strings (json);
  std::vector<std::size_t> expected;
  for (auto value : lifted.values)
    expected.push_back (static_cast<std::size_t> (value.data () - json.data ()));
  ASSERT_EQ (expected.size (), 3u);
  for (std::size_t step : { std::size_t (1), std::size_t (2), std::size_t (7), std::size_t (64),
                            json.size () })
    EXPECT_EQ (arriving_starts (json, step), expected) << "pieces of " << step;
}

TEST (LiftedJson, FinderSkipsLongStringsThatAreNoImage)
{
  std::string json = R"({"text":")" + std::string (100000, 'x') + R"(\"","b64_json":")" + big
                     + R"("})";
  std::size_t at = json.find (big);
  EXPECT_EQ (arriving_starts (json, 1000), std::vector<std::size_t> { at });
}
