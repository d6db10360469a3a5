#include "gptimage/models.h"

#include <glib.h>

namespace gptimage {

namespace {

enum class Match
{
  alias_or_snapshot, // the id itself, or the id followed by -YYYY-MM-DD
  any_suffix,        // the id (a prefix ending in '-') followed by at least one character
};

struct ModelEntry
{
  std::string_view id;
  Match match;
  ModelCapabilities capabilities;
  // Match::any_suffix: the ids released so far, offered to pick (shared/docs §0).
  std::vector<std::string_view> released = {};
};

// The one table. Facts: shared/docs/openai-images-api.md §0, §1.3, §2.4, §7.
const std::vector<ModelEntry> &
model_table ()
{
  static const std::vector<ModelEntry> table = [] {
    const std::vector<std::string_view> basic = { "low", "medium", "high", "auto" };
    const std::vector<std::string_view> extended
      = { "low", "medium", "high", "xhigh", "max", "auto" };

    ModelCapabilities v2;
    v2.family = "gpt-image-2";
    v2.known = true;
    v2.size_rule = SizeRule::flexible;
    v2.qualities = basic;
    // The transparency preview ended; the API answers 400 again (§7).
    v2.transparent_background = false;
    v2.input_fidelity = false;

    ModelCapabilities v25 = v2;
    v25.family = "gpt-image-2.5";
    v25.qualities = extended;
    v25.transparent_background = true;

    ModelCapabilities v26 = v25;
    v26.family = "gpt-image-2.6";
    v26.complexity = true;

    ModelCapabilities v15;
    v15.family = "gpt-image-1.5";
    v15.known = true;
    v15.size_rule = SizeRule::fixed_three;
    v15.qualities = basic;
    v15.transparent_background = true;
    v15.input_fidelity = true;

    ModelCapabilities mini = v15;
    mini.family = "gpt-image-1-mini";
    mini.input_fidelity = false;

    return std::vector<ModelEntry>{
      { "gpt-image-2", Match::alias_or_snapshot, v2 },
      { "gpt-image-2.5-flare", Match::alias_or_snapshot, v25 },
      { "gpt-image-2.5-sunburst", Match::alias_or_snapshot, v25 },
      { "gpt-image-2.6-", Match::any_suffix, v26,
        { "gpt-image-2.6-flare", "gpt-image-2.6-sunburst" } },
      { "gpt-image-1.5", Match::alias_or_snapshot, v15 },
      { "gpt-image-1-mini", Match::alias_or_snapshot, mini },
    };
  }();
  return table;
}

// "-YYYY-MM-DD" exactly.
bool
is_snapshot_suffix (std::string_view suffix)
{
  if (suffix.size () != 11 || suffix[0] != '-' || suffix[5] != '-' || suffix[8] != '-')
    return false;
  for (std::size_t i = 1; i < suffix.size (); ++i)
    if (i != 5 && i != 8 && !g_ascii_isdigit (suffix[i]))
      return false;
  return true;
}

bool
matches (const ModelEntry &entry, std::string_view model)
{
  if (model.substr (0, entry.id.size ()) != entry.id)
    return false;
  std::string_view rest = model.substr (entry.id.size ());
  switch (entry.match)
    {
    case Match::alias_or_snapshot:
      return rest.empty () || is_snapshot_suffix (rest);
    case Match::any_suffix:
      return !rest.empty ();
    }
  return false;
}

} // namespace

const ModelCapabilities &
model_capabilities (std::string_view model)
{
  for (const auto &entry : model_table ())
    if (matches (entry, model))
      return entry.capabilities;
  static const ModelCapabilities unknown;
  return unknown;
}

std::vector<const ModelCapabilities *>
known_model_capabilities ()
{
  std::vector<const ModelCapabilities *> all;
  for (const auto &entry : model_table ())
    all.push_back (&entry.capabilities);
  return all;
}

std::vector<std::string_view>
known_model_ids ()
{
  std::vector<std::string_view> ids;
  for (const auto &entry : model_table ())
    if (entry.match == Match::alias_or_snapshot)
      ids.push_back (entry.id);
    else
      ids.insert (ids.end (), entry.released.begin (), entry.released.end ());
  return ids;
}

bool
is_gpt_image_model (std::string_view model)
{
  return model.starts_with ("gpt-image-") || model.starts_with ("chatgpt-image-");
}

} // namespace gptimage
