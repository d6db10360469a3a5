// The procedures' arguments as both GIMP fronts describe, check and read them.
#include "procedure-arguments.h"

#include "gptimage/config.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

using namespace gptimage;
using namespace gptimage::plugin;

namespace {

// A run's values by name, as a front reads them.
class Values : public ArgumentReader
{
public:
  std::map<std::string, std::string> texts;
  std::map<std::string, int> numbers;

  std::string text (const char *name) const override
  {
    auto found = texts.find (name);
    return found != texts.end () ? found->second : std::string ();
  }
  int number (const char *name) const override
  {
    auto found = numbers.find (name);
    return found != numbers.end () ? found->second : 0;
  }
};

// The defaults of every argument, as a script leaving everything unset passes them.
Values
defaults (const std::vector<ArgumentSpec> &args)
{
  Values values;
  for (const ArgumentSpec &arg : args)
    if (arg.kind == ArgumentKind::number || arg.kind == ArgumentKind::boolean)
      values.numbers[arg.name] = arg.default_number;
    else
      values.texts[arg.name] = arg.default_text;
  return values;
}

// A copy: g++ 14 takes a reference returned from a call with a temporary for a dangling one.
ArgumentSpec
find (const std::vector<ArgumentSpec> &args, const std::string &name)
{
  for (const ArgumentSpec &arg : args)
    if (arg.name == name)
      return arg;
  throw std::out_of_range (name);
}

} // namespace

TEST (ProcedureArguments, FollowTheTableInDeclarationOrderWithTheExtrasLast)
{
  auto args = edit_procedure_arguments ();
  ASSERT_EQ (args.size (), edit_arguments ().rows.size () + 1);
  for (std::size_t i = 0; i < edit_arguments ().rows.size (); ++i)
    EXPECT_EQ (args[i].name, parameter (edit_arguments ().rows[i]).gimp);
  EXPECT_EQ (args.back ().name, "padding");
  EXPECT_EQ (respond_procedure_arguments ().back ().kind, ArgumentKind::boolean);
}

TEST (ProcedureArguments, ChoicesComeFromTheTableWithDefaultFirst)
{
  auto args = generate_procedure_arguments ();
  const ArgumentSpec background = find (args, "background");
  ASSERT_EQ (background.kind, ArgumentKind::choice);
  ASSERT_GE (background.choices.size (), 2u);
  EXPECT_EQ (background.choices[0].nick, "default");
  EXPECT_EQ (background.choices[1].nick, "transparent");
  EXPECT_EQ (background.default_text, "default");
  // Quality shows what is sent: auto by default, never a "default" that means high.
  const ArgumentSpec quality = find (args, "quality");
  EXPECT_EQ (quality.choices[0].nick, "low");
  EXPECT_EQ (quality.default_text, "auto");
  for (const ArgumentChoice &choice : quality.choices)
    EXPECT_NE (choice.nick, "default");
  // GIMP's own fallback: no "default" choice.
  const ArgumentSpec format = find (args, "output-format");
  EXPECT_EQ (format.choices[0].nick, "png");
  EXPECT_EQ (format.default_text, "png");
  // Numbers below the range are "not sent".
  const ArgumentSpec compression = find (args, "compression");
  EXPECT_EQ (compression.min, -1);
  EXPECT_EQ (compression.default_number, -1);
}

TEST (ProcedureArguments, DefaultsAreValidAndLeaveTheConfigurationInCharge)
{
  auto args = generate_procedure_arguments ();
  Values values = defaults (args);
  EXPECT_TRUE (check_arguments (values, args));
  values.texts["prompt"] = "a red fox";
  auto given = given_values (values, generate_arguments ());
  EXPECT_EQ (given.at (Param::prompt), "a red fox");
  EXPECT_EQ (given.at (Param::output_format), "png");
  EXPECT_EQ (given.at (Param::n), "1");
  EXPECT_EQ (given.at (Param::quality), "auto");
  EXPECT_FALSE (given.contains (Param::background));
  EXPECT_FALSE (given.contains (Param::output_compression));
  EXPECT_FALSE (given.contains (Param::stream));
}

TEST (ProcedureArguments, PartialImagesTurnStreamingOn)
{
  auto args = generate_procedure_arguments ();
  Values values = defaults (args);
  values.numbers["partial-images"] = 2;
  auto given = given_values (values, generate_arguments ());
  EXPECT_EQ (given.at (Param::partial_images), "2");
  EXPECT_EQ (given.at (Param::stream), "true");
}

TEST (ProcedureArguments, BadValuesAreNamedWithTheirRule)
{
  auto args = respond_procedure_arguments ();
  Values values = defaults (args);
  values.texts["quality"] = "ultra";
  Status bad_choice = check_arguments (values, args);
  ASSERT_FALSE (bad_choice);
  EXPECT_EQ (bad_choice.error ().describe (),
             "quality \"ultra\" is invalid: must be one of low, medium, high, xhigh, "
             "max, auto");

  values = defaults (args);
  values.numbers["partial-images"] = 4;
  Status bad_number = check_arguments (values, args);
  ASSERT_FALSE (bad_number);
  EXPECT_EQ (bad_number.error ().describe (),
             "partial-images \"4\" is invalid: must be from 0 to 3");

  values = defaults (args);
  values.numbers["send-layer"] = 2;
  EXPECT_FALSE (check_arguments (values, args));
}

TEST (ProcedureArguments, SettingsKeepWhatIsLeftEmpty)
{
  auto args = settings_procedure_arguments ();
  Values values = defaults (args);
  EXPECT_TRUE (settings_values (values).empty ());
  values.texts["organization"] = "org-1";
  values.numbers["timeout"] = 77;
  auto saved = settings_values (values);
  EXPECT_EQ (saved.size (), 2u);
  EXPECT_EQ (saved.at (config_key (Param::organization)), "org-1");
  EXPECT_EQ (saved.at (config_key (Param::timeout)), "77");
}
