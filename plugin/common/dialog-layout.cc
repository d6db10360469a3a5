#include "dialog-layout.h"

namespace gptimage::plugin {

const DialogLayout &
generate_dialog_layout ()
{
  static const DialogLayout layout { nullptr, N_ ("_Generate"),
                                     { "prompt", "size", "quality", "n", "model" },
                                     { "output-format", "background", "compression", "moderation",
                                       "partial-images", "complexity" },
                                     &generate_arguments () };
  return layout;
}

const DialogLayout &
respond_dialog_layout ()
{
  static const DialogLayout layout { nullptr, N_ ("_Send"),
                                     { "prompt", kNewConversationArgument, "send-layer", "action",
                                       "size", "quality", "model" },
                                     { "tool-model", "output-format", "background", "compression",
                                       "moderation", "partial-images", "complexity",
                                       "previous-response-id" },
                                     &respond_arguments (),
                                     // Starting afresh once must not start every later run afresh.
                                     { kNewConversationArgument } };
  return layout;
}

const DialogLayout &
edit_dialog_layout ()
{
  static const DialogLayout layout { nullptr, N_ ("_Edit"),
                                     { "prompt", "size", "quality", "n", "model", "padding" },
                                     { "output-format", "partial-images", "complexity" },
                                     &edit_arguments () };
  return layout;
}

} // namespace gptimage::plugin
