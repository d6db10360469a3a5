#include "gptimage/parameter.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace gptimage;

TEST (ParameterTable, NamesAreUniqueWhereTheyMeetTheUser)
{
  std::set<std::string> names, keys;
  for (const auto &spec : parameter_table ())
    {
      EXPECT_TRUE (names.insert (std::string (spec.name)).second) << spec.name;
      if (!spec.key.empty ())
      {
        EXPECT_TRUE (keys.insert (std::string (spec.key)).second) << spec.key;
      }
      EXPECT_EQ (&parameter (spec.id), &spec);
      EXPECT_EQ (find_parameter (spec.name), &spec);
    }
  // A flag or GIMP argument may be shared only by rows of different routes (--model).
  for (Route route : { Route::generations, Route::edits, Route::responses })
    {
      std::set<std::string> flags, arguments;
      for (const auto &spec : parameter_table ())
        {
          if (!spec.on_route (route))
            continue;
          if (!spec.cli.empty ())
          {
            EXPECT_TRUE (flags.insert (std::string (spec.cli)).second) << spec.cli;
          }
          if (!spec.gimp.empty ())
          {
            EXPECT_TRUE (arguments.insert (std::string (spec.gimp)).second) << spec.gimp;
          }
        }
    }
}

TEST (ParameterTable, DefaultsPassTheirOwnRows)
{
  for (const auto &spec : parameter_table ())
    {
      if (!spec.fallback.empty () && spec.storage != Storage::flag)
      {
        EXPECT_TRUE (check_parameter_value (spec, spec.fallback).ok ()) << spec.name;
      }
      if (!spec.gimp_fallback.empty ())
      {
        EXPECT_TRUE (check_parameter_value (spec, spec.gimp_fallback).ok ()) << spec.name;
      }
    }
}

TEST (ParameterTable, ChoicesFollowTheCapabilityTable)
{
  const ParameterSpec &quality = parameter (Param::quality);
  using Values = std::vector<std::string_view>;
  EXPECT_EQ (choices_for_model (quality, "gpt-image-2"),
             (Values{ "low", "medium", "high", "auto" }));
  EXPECT_EQ (choices_for_model (quality, "gpt-image-2.5-flare"),
             (Values{ "low", "medium", "high", "xhigh", "max", "auto" }));
  EXPECT_EQ (choices_for_model (quality, ""), choice_list (quality)); // not known yet: the union
  EXPECT_EQ (choices_for_model (parameter (Param::background), "gpt-image-2"),
             (Values{ "opaque", "auto" }));
  EXPECT_TRUE (choices_for_model (parameter (Param::complexity), "gpt-image-2").empty ());
  EXPECT_EQ (choices_for_model (parameter (Param::complexity), "gpt-image-2.6-flare").size (), 3u);
}

TEST (ParameterTable, HelpShowsTheValuesAndWhichModelsTakeThem)
{
  EXPECT_EQ (describe_allowed (parameter (Param::quality)),
             "low, medium, high, xhigh, max or auto; xhigh, max: gpt-image-2.5, gpt-image-2.6");
  EXPECT_EQ (describe_allowed (parameter (Param::n)), "1-10");
  EXPECT_EQ (describe_allowed (parameter (Param::tool_choice)),
             "auto, required, none, image_generation or a JSON object");
}

TEST (ParameterTable, OneValueAgainstItsRow)
{
  auto message = [] (Param id, const char *value, const char *model = "") {
    Status status = check_parameter_value (parameter (id), value, model);
    return status ? std::string ("ok") : status.error ().message;
  };
  EXPECT_EQ (message (Param::n, "11"), "n \"11\" is invalid: must be from 1 to 10");
  EXPECT_EQ (message (Param::n, "x"), "n \"x\" is invalid: must be a whole number");
  EXPECT_EQ (message (Param::quality, "xhigh", "gpt-image-2"),
             "quality \"xhigh\" is invalid: gpt-image-2 supports low, medium, high or auto");
  EXPECT_EQ (message (Param::quality, "xhigh", "gpt-image-2.6-flare"), "ok");
  EXPECT_EQ (message (Param::quality, "ultra", "my-own-model"), "ok"); // not in the table
  EXPECT_EQ (message (Param::background, "transparent", "gpt-image-2"),
             "background \"transparent\" is invalid: gpt-image-2 does not support transparent "
             "backgrounds");
  EXPECT_EQ (message (Param::complexity, "low", "gpt-image-2"),
             "complexity \"low\" is invalid: only gpt-image-2.6 models support complexity, not "
             "gpt-image-2");
  EXPECT_EQ (message (Param::prompt, std::string (32001, 'a').c_str ()).substr (0, 6), "prompt");
}

// Numbers: the rule a value breaks is the one it is told (a negative number is a number out of
// range, not "not a number"), whatever its size.
TEST (ParameterTable, NumbersAreTextFirstThenARange)
{
  const ParameterSpec &n = parameter (Param::n);
  auto rule = [&n] (std::string_view text) {
    Status status = check_parameter_value (n, text);
    return status ? std::string ("ok") : status.error ().rule;
  };
  EXPECT_EQ (rule ("3"), "ok");
  EXPECT_EQ (rule ("0003"), "ok");
  EXPECT_EQ (rule ("00000000000000000000003"), "ok");
  for (const char *out_of_range : { "0", "-1", "11", "2147483648", "-2147483649",
                                    "9223372036854775808", "99999999999999999999999" })
    EXPECT_EQ (rule (out_of_range), "must be from 1 to 10") << out_of_range;
  for (const char *not_a_number : { "", "-", "abc", "1.5", "1e3", "+3", " 3", "3 ", "0x10" })
    EXPECT_EQ (rule (not_a_number), "must be a whole number") << not_a_number;
  EXPECT_EQ (rule ("\xff"), "must be valid UTF-8 text");
}

TEST (ParameterTable, ValuesAreShownSafelyAndSecretsNotAtAll)
{
  Status huge = check_parameter_value (parameter (Param::user), std::string (1 << 20, 'u'));
  ASSERT_FALSE (huge.ok ());
  EXPECT_LT (huge.error ().message.size (), 400u) << huge.error ().message.substr (0, 400);
  EXPECT_EQ (huge.error ().rule, "must be at most 256 characters (it has 1048576)");

  Status latin1 = check_parameter_value (parameter (Param::quality), "h\xe9");
  ASSERT_FALSE (latin1.ok ());
  EXPECT_EQ (latin1.error ().message, "quality \"h\\xe9\" is invalid: must be valid UTF-8 text");

  const std::string key = "fake-key-" + std::string (2000, 'k');
  Status secret = check_parameter_value (parameter (Param::api_key), key);
  ASSERT_FALSE (secret.ok ());
  EXPECT_EQ (secret.error ().message, "api_key is invalid: must be at most 1024 characters (it "
                                      "has 2009)");
  EXPECT_EQ (secret.error ().value, "");
}
