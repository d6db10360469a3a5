#include "dialog-text.h"

#include <glib/gstdio.h>

#include <cstdio>
#include <string>

namespace gptimage::plugin {

namespace {

constexpr const char *kDialogTextVariable = "GPT_IMAGE_GIMP_TEST_DIALOG_TEXT";

void
collect (GtkWidget *widget, std::string &text)
{
  const char *shown = nullptr;
  if (GTK_IS_LABEL (widget))
    shown = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_ENTRY (widget))
    shown = gtk_entry_get_text (GTK_ENTRY (widget));
  if (shown && *shown)
    text.append (shown).push_back ('\n');
  if (GTK_IS_CONTAINER (widget))
    {
      // Children hidden in a collapsed expander count too: they are the dialog's values.
      GList *children = gtk_container_get_children (GTK_CONTAINER (widget));
      for (GList *child = children; child; child = child->next)
        collect (GTK_WIDGET (child->data), text);
      g_list_free (children);
    }
}

} // namespace

void
write_dialog_text_for_tests (GtkWidget *dialog)
{
  const char *path = g_getenv (kDialogTextVariable);
  if (!path || !*path)
    return;
  std::string text;
  collect (dialog, text);
  // A test's own scratch file: appended, so that several dialogs of one run all show.
  if (FILE *file = g_fopen (path, "a"))
    {
      std::fputs (text.c_str (), file);
      std::fclose (file);
    }
}

} // namespace gptimage::plugin
