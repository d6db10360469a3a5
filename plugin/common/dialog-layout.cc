#include "dialog-layout.h"

namespace gptimage::plugin {

const DialogLayout &
generate_dialog_layout ()
{
  static const DialogLayout layout { nullptr, N_ ("_Generate"),
                                     { "prompt", "size", "quality", "output-format", "background",
                                       "n", "model", "partial-images" },
                                     { "compression", "moderation", "complexity" },
                                     &generate_arguments () };
  return layout;
}

const DialogLayout &
respond_dialog_layout ()
{
  static const DialogLayout layout { nullptr, N_ ("_Send"),
                                     { "prompt", "send-layer", "action", "size", "quality",
                                       "output-format", "background", "model", "partial-images" },
                                     { "tool-model", "previous-response-id", "compression",
                                       "moderation", "complexity" },
                                     &respond_arguments () };
  return layout;
}

const DialogLayout &
edit_dialog_layout ()
{
  static const DialogLayout layout { nullptr, N_ ("_Edit"),
                                     { "prompt", "size", "quality", "output-format", "n", "model",
                                       "padding", "partial-images" },
                                     { "complexity" },
                                     &edit_arguments () };
  return layout;
}

} // namespace gptimage::plugin
