#include "procedure-info.h"

#include "i18n.h"

namespace gptimage::plugin {

ProcedureInfo
generate_procedure_info ()
{
  return { kGenerateProc, _("_Generate…"), kMenuBranch,
           _("Generate images from a prompt into new layers"),
           _("Sends the prompt to the OpenAI Images API (POST /images/generations) and adds one "
             "layer per result above the active layer, in one undo step. Returns the new "
             "layers."),
           _("With no image open, the results open as a new image.") };
}

ProcedureInfo
new_procedure_info ()
{
  return { kNewProc, _("GPT _Image…"), kNewMenuPath, _("Create a new image from a prompt"),
           _("Sends the prompt to the OpenAI Images API and opens the results as a new image, "
             "one layer per result. Returns the image."),
           {} };
}

ProcedureInfo
edit_procedure_info ()
{
  return { kEditProc, _("_Edit with Selection…"), kMenuBranch,
           _("Edit the active layer inside the selection"),
           _("Sends the active layer's region around the selection (plus padding, fitted to a "
             "size the model accepts) to the OpenAI Images API (POST /images/edits) with the "
             "selection as the mask. Each result becomes a new layer over the region, scaled "
             "back to it exactly and masked by the selection, in one undo step; the source "
             "layer is untouched. Without a selection the whole layer is sent with no mask. "
             "Returns the new layers."),
           _("Further selected layers go as reference images.") };
}

ProcedureInfo
respond_procedure_info ()
{
  return { kRespondProc, _("_Conversation…"), kMenuBranch,
           _("Generate or refine an image in a conversation (Responses API)"),
           _("Sends the prompt (and optionally the active layer) to POST /responses with the "
             "image_generation tool. The response id is stored on the image (parasite "
             "gpt-image-response-id) and used as previous-response-id by the next run, so each "
             "run refines the last. Returns the new layers and the response id."),
           {} };
}

ProcedureInfo
settings_procedure_info ()
{
  return { kSettingsProc, _("_Settings…"), kMenuBranch,
           _("Configure the OpenAI connection (shared with the gpt-image CLI)"),
           _("Writes base URL, organization, project, timeout, proxy and CA bundle to the "
             "gpt-image config file (mode 0600). Empty arguments keep the stored value. The API "
             "key can only be entered interactively; it is never a procedure argument. It is "
             "stored in the desktop keyring when one is running, else in the config file."),
           {} };
}

ProcedureInfo
info_procedure_info ()
{
  return { kInfoProc, _("_Info…"), kInfoMenuPath,
           _("Show where a GPT Image result layer came from"),
           _("Reads the layer's provenance (parasite gpt-image-provenance): prompt, revised "
             "prompt, route, model, size, quality, format, ids, usage, cost and time. Returns "
             "them, and the whole provenance as JSON; cost is in US dollars, -1 when unknown. "
             "A layer without provenance is an error."),
           {} };
}

} // namespace gptimage::plugin
