#include "provenance-text.h"

#include "i18n.h"

namespace gptimage::plugin {

namespace {

void
add_line (std::string &text, const char *label, const std::string &value)
{
  if (value.empty ())
    return;
  /* Translators: a line of the Info dialog: a label, then its value. */
  text += printf_string (_("%s: %s"), label, value.c_str ()) + "\n";
}

} // namespace

std::string
provenance_text (const Provenance &p)
{
  std::string text;
  add_line (text, _("Prompt"), p.prompt);
  add_line (text, _("Revised prompt"), p.revised_prompt);
  add_line (text, _("Route"), p.route);
  add_line (text, _("Model"), p.text_model.empty () ? p.model : p.text_model + " + " + p.model);
  add_line (text, _("Size"), p.size);
  add_line (text, _("Quality"), p.quality);
  add_line (text, _("Output format"), p.output_format);
  add_line (text, _("Background"), p.background);
  add_line (text, _("Image"),
            /* Translators: which image of the run: "2 of 4". */
            printf_string (_("%d of %d"), p.image_index + 1, p.n));
  add_line (text, _("Response id"), p.response_id);
  add_line (text, _("Request id"), p.request_id);
  if (p.usage)
    add_line (text, _("Usage"),
              /* Translators: token counts of the run's usage. */
              printf_string (_("%lld input tokens, %lld output tokens"), p.usage->input_tokens,
                             p.usage->output_tokens));
  add_line (text, _("Cost"), cost_in_words (p.cost));
  add_line (text, _("Estimate"), cost_in_words (p.estimate));
  add_line (text, _("Created"), p.created_at);
  add_line (text, _("Made by"), p.generator);
  return text;
}

std::string
no_provenance_message ()
{
  return _("GPT Image: this layer holds no provenance (parasite gpt-image-provenance); only "
           "layers GPT Image made do. Select a result layer.");
}

} // namespace gptimage::plugin
