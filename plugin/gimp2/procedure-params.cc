#include "procedure-params.h"

#include "i18n.h"

#include "gptimage/glib-ptr.h"

namespace gptimage::gimp2 {

namespace {

GimpPDBArgType
pdb_type (plugin::ArgumentKind kind)
{
  switch (kind)
    {
    case plugin::ArgumentKind::number:
    case plugin::ArgumentKind::boolean:
      return GIMP_PDB_INT32;
    case plugin::ArgumentKind::choice:
    case plugin::ArgumentKind::text:
      break;
    }
  return GIMP_PDB_STRING;
}

// What a script must pass, said in the argument's blurb (2.10 has no typed choices).
std::string
blurb_with_choices (const plugin::ArgumentSpec &arg)
{
  std::string blurb = arg.blurb;
  if (arg.kind == plugin::ArgumentKind::choice)
    {
      std::string nicks;
      for (const plugin::ArgumentChoice &choice : arg.choices)
        nicks += (nicks.empty () ? "" : "|") + choice.nick;
      blurb += " (" + nicks + ")";
    }
  else if (arg.kind == plugin::ArgumentKind::number)
    blurb += " (" + std::to_string (arg.min) + ".." + std::to_string (arg.max) + ")";
  else if (arg.kind == plugin::ArgumentKind::boolean)
    /* Translators: %s is the argument's description; TRUE and FALSE are what scripts pass:
       keep them. */
    blurb = plugin::printf_string (_("%s (TRUE or FALSE)"), blurb.c_str ());
  return blurb;
}

} // namespace

ParamDefs::ParamDefs (bool with_image, const std::vector<plugin::ArgumentSpec> &args)
{
  texts_.reserve (2 * (3 + args.size ()));
  add (GIMP_PDB_INT32, "run-mode",
       /* Translators: RUN-INTERACTIVE and RUN-NONINTERACTIVE are values scripts pass: keep
          them. */
       _("The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1) }"));
  if (with_image)
    {
      add (GIMP_PDB_IMAGE, "image", _("Input image"));
      add (GIMP_PDB_DRAWABLE, "drawable", _("Input drawable"));
    }
  for (const plugin::ArgumentSpec &arg : args)
    add (pdb_type (arg.kind), arg.name, blurb_with_choices (arg));
}

ParamDefs::ParamDefs (const std::vector<std::pair<GimpPDBArgType, std::string>> &returns,
                      const std::vector<std::string> &blurbs)
{
  texts_.reserve (2 * returns.size ());
  for (std::size_t i = 0; i < returns.size (); ++i)
    add (returns[i].first, returns[i].second, blurbs[i]);
}

void
ParamDefs::add (GimpPDBArgType type, const std::string &name, const std::string &blurb)
{
  // Reserved above: the strings do not move while defs_ points into them.
  texts_.push_back (name);
  gchar *name_text = texts_.back ().data ();
  texts_.push_back (blurb);
  defs_.push_back ({ type, name_text, texts_.back ().data () });
}

std::map<Param, std::string>
given_values (const RunValues &values, const plugin::ArgumentSet &set)
{
  return plugin::given_values (values, set);
}

RunValues::RunValues (const std::vector<plugin::ArgumentSpec> &args)
{
  for (const plugin::ArgumentSpec &arg : args)
    if (pdb_type (arg.kind) == GIMP_PDB_INT32)
      numbers_[arg.name] = arg.default_number;
    else
      texts_[arg.name] = arg.default_text;
}

RunValues
RunValues::from_params (const std::vector<plugin::ArgumentSpec> &args, const GimpParam *params,
                        int n_params, int first)
{
  RunValues values;
  for (std::size_t i = 0; i < args.size (); ++i)
    {
      const int at = first + static_cast<int> (i);
      if (at >= n_params)
        break;
      const GimpParam &param = params[at];
      if (param.type == GIMP_PDB_INT32)
        values.numbers_[args[i].name] = param.data.d_int32;
      else if (param.type == GIMP_PDB_STRING)
        values.texts_[args[i].name] = param.data.d_string ? param.data.d_string : "";
    }
  return values;
}

std::string
RunValues::text (const char *name) const
{
  auto found = texts_.find (name);
  return found != texts_.end () ? found->second : std::string ();
}

int
RunValues::number (const char *name) const
{
  auto found = numbers_.find (name);
  return found != numbers_.end () ? found->second : 0;
}

namespace {

constexpr const char *kTextGroup = "text";
constexpr const char *kNumberGroup = "number";

} // namespace

std::string
RunValues::serialize () const
{
  KeyFilePtr file (g_key_file_new ());
  for (const auto &[name, value] : texts_)
    g_key_file_set_string (file.get (), kTextGroup, name.c_str (), value.c_str ());
  for (const auto &[name, value] : numbers_)
    g_key_file_set_integer (file.get (), kNumberGroup, name.c_str (), value);
  return take_string (g_key_file_to_data (file.get (), nullptr, nullptr));
}

void
RunValues::merge_serialized (const std::string &text,
                             const std::vector<plugin::ArgumentSpec> &args)
{
  KeyFilePtr file (g_key_file_new ());
  if (!g_key_file_load_from_data (file.get (), text.data (), text.size (), G_KEY_FILE_NONE,
                                  nullptr))
    return;
  for (const plugin::ArgumentSpec &arg : args)
    {
      const char *name = arg.name.c_str ();
      if (pdb_type (arg.kind) == GIMP_PDB_INT32)
        {
          GError *error = nullptr;
          int value = g_key_file_get_integer (file.get (), kNumberGroup, name, &error);
          if (error)
            g_error_free (error);
          else
            numbers_[arg.name] = value;
        }
      else if (CharPtr value { g_key_file_get_string (file.get (), kTextGroup, name, nullptr) })
        texts_[arg.name] = value.get ();
    }
}

} // namespace gptimage::gimp2
