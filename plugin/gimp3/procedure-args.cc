#include "procedure-args.h"

#include "i18n.h"

#include "gptimage/glib-ptr.h"

namespace gptimage::gimp3 {

namespace {

constexpr GParamFlags kFlags = G_PARAM_READWRITE;

// "default" in a choice means: whatever the configuration says (OPENAI_IMAGE_*). Scripts
// pass the value (the nick); the dialog shows its translation.
GimpChoice *
choice_of (std::initializer_list<const char *> values)
{
  GimpChoice *choice = gimp_choice_new ();
  int id = 0;
  for (const char *value : values)
    gimp_choice_add (choice, value, id++, _(value), nullptr);
  return choice;
}

std::string
choice_or_default (GimpProcedureConfig *config, const char *name, const std::string &fallback)
{
  std::string value = config_string (config, name);
  return value.empty () || value == "default" ? fallback : value;
}

} // namespace

std::string
config_string (GimpProcedureConfig *config, const char *name)
{
  gchar *value = nullptr;
  g_object_get (config, name, &value, nullptr);
  return take_string (value);
}

int
config_int (GimpProcedureConfig *config, const char *name)
{
  int value = 0;
  g_object_get (config, name, &value, nullptr);
  return value;
}

bool
config_has (GimpProcedureConfig *config, const char *name)
{
  return g_object_class_find_property (G_OBJECT_GET_CLASS (config), name) != nullptr;
}

void
add_image_arguments (GimpProcedure *procedure, const ArgumentSet &set)
{
  gimp_procedure_add_string_argument (procedure, "prompt", _("Prompt"),
                                      _("What to generate or change (up to 32000 characters)"),
                                      "", kFlags);
  gimp_procedure_add_string_argument (procedure, "size", _("Size"),
                                      _("auto or WIDTHxHEIGHT, e.g. 1536x1024"), "auto", kFlags);
  gimp_procedure_add_choice_argument (
      procedure, "quality", _("Quality"), _("Rendering quality"),
      choice_of ({ N_("default"), N_("auto"), N_("low"), N_("medium"), N_("high") }), "default",
      kFlags);
  if (set.background)
    gimp_procedure_add_choice_argument (
        procedure, "background", _("Background"), _("transparent needs png or webp output"),
        choice_of ({ N_("default"), N_("auto"), N_("opaque"), N_("transparent") }), "default",
        kFlags);
  // Layers are decoded in memory; PNG is lossless, so it is the natural default here.
  gimp_procedure_add_choice_argument (procedure, "output-format", _("Output format"),
                                      _("Format the API returns"),
                                      choice_of ({ "png", "webp", "jpeg" }), "png", kFlags);
  if (set.compression)
    gimp_procedure_add_int_argument (procedure, "compression", _("Compression"),
                                     _("jpeg/webp compression 0-100; -1 = not sent"), -1, 100, -1,
                                     kFlags);
  if (set.moderation)
    gimp_procedure_add_choice_argument (procedure, "moderation", _("Moderation"),
                                        _("Content moderation strictness"),
                                        choice_of ({ N_("default"), N_("auto"), N_("low") }),
                                        "default", kFlags);
  if (set.n)
    gimp_procedure_add_int_argument (procedure, "n", _("Images"), _("Number of images (1-10)"),
                                     1, 10, 1, kFlags);
  gimp_procedure_add_string_argument (procedure, "model", _("Model"), _(set.model_blurb),
                                      set.model_default, kFlags);
  gimp_procedure_add_int_argument (procedure, "partial-images", _("Partial images"),
                                   _("Streamed previews (0-3); needs n = 1"), 0, 3, 0, kFlags);
  if (set.padding)
    gimp_procedure_add_int_argument (procedure, "padding", _("Padding"),
                                     _("Context pixels around the selection"), 0, 4096, 32,
                                     kFlags);
}

ImageArguments
read_image_arguments (GimpProcedureConfig *config, const ArgumentSet &set,
                      const ImageOptions &defaults)
{
  ImageArguments args;
  args.image = defaults;
  args.prompt = config_string (config, "prompt");
  args.model = config_string (config, "model");
  std::string size = config_string (config, "size");
  args.image.size = size.empty () ? defaults.size : size;
  args.image.quality = choice_or_default (config, "quality", defaults.quality);
  args.image.output_format = choice_or_default (config, "output-format", "png");
  if (set.background)
    {
      std::string background = choice_or_default (config, "background", "");
      if (!background.empty ())
        args.image.background = background;
    }
  if (set.compression)
    {
      int compression = config_int (config, "compression");
      if (compression >= 0)
        args.image.output_compression = compression;
    }
  if (set.moderation)
    {
      std::string moderation = choice_or_default (config, "moderation", "");
      if (!moderation.empty ())
        args.image.moderation = moderation;
    }
  args.image.n = set.n ? config_int (config, "n") : 1;
  int partials = config_int (config, "partial-images");
  args.image.partial_images.reset ();
  args.image.stream = false;
  if (partials > 0)
    {
      args.image.partial_images = partials;
      args.image.stream = true;
    }
  if (set.padding)
    args.padding = config_int (config, "padding");
  return args;
}

} // namespace gptimage::gimp3
