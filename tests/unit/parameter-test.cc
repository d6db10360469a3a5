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
