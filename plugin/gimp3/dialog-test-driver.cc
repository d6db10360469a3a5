#include "dialog-test-driver.h"

#include "gptimage/glib-ptr.h"

#include <glib/gstdio.h>

#include <cstdio>
#include <string_view>
#include <vector>

namespace gptimage::gimp3 {

namespace {

constexpr const char *kStepsVariable = "GPT_IMAGE_GIMP_TEST_DIALOG";
constexpr const char *kReportVariable = "GPT_IMAGE_GIMP_TEST_DIALOG_REPORT";
constexpr guint kStepMilliseconds = 500;

struct Driver
{
  GtkDialog *dialog;
  GimpProcedureConfig *config;
  DialogReport report;
  std::vector<std::string> steps;
  std::size_t next = 0;
  guint source = 0;
};

void
set_property_from_text (GimpProcedureConfig *config, const std::string &assignment)
{
  const auto equals = assignment.find ('=');
  if (equals == std::string::npos)
    return;
  const std::string name = assignment.substr (0, equals);
  const std::string value = assignment.substr (equals + 1);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), name.c_str ());
  if (!pspec)
    return;
  if (pspec->value_type == G_TYPE_INT)
    g_object_set (config, name.c_str (), static_cast<int> (g_ascii_strtoll (value.c_str (),
                                                                            nullptr, 10)),
                  nullptr);
  else if (pspec->value_type == G_TYPE_BOOLEAN)
    g_object_set (config, name.c_str (), value == "1" || value == "true", nullptr);
  else
    g_object_set (config, name.c_str (), value.c_str (), nullptr);
}

gboolean
run_step (gpointer data)
{
  auto *driver = static_cast<Driver *> (data);
  if (driver->next >= driver->steps.size ())
    {
      driver->source = 0;
      return G_SOURCE_REMOVE;
    }
  const std::string step = driver->steps[driver->next++];
  if (step == "report")
    {
      if (const char *path = g_getenv (kReportVariable))
        if (FILE *file = g_fopen (path, "a"))
          {
            std::fprintf (file, "%s\n", driver->report ().c_str ());
            std::fclose (file);
          }
    }
  else if (step == "ok")
    gtk_dialog_response (driver->dialog, GTK_RESPONSE_OK);
  else if (step == "cancel")
    gtk_dialog_response (driver->dialog, GTK_RESPONSE_CANCEL);
  else if (step.starts_with ("set:"))
    set_property_from_text (driver->config, step.substr (4));
  return G_SOURCE_CONTINUE;
}

} // namespace

void
drive_dialog_for_tests (GtkDialog *dialog, GimpProcedureConfig *config, DialogReport report)
{
  const char *path = g_getenv (kStepsVariable);
  gchar *text = nullptr;
  if (!path || !*path || !g_file_get_contents (path, &text, nullptr, nullptr))
    return;
  CharPtr steps (text);
  g_strstrip (steps.get ());
  auto *driver = new Driver { dialog, config, std::move (report), {}, 0, 0 };
  StrvPtr parts (g_strsplit (steps.get (), ";", -1));
  for (char **part = parts.get (); *part; ++part)
    driver->steps.emplace_back (*part);
  driver->source = g_timeout_add (kStepMilliseconds, run_step, driver);
  // The steps end with the dialog (a run that goes on to send has no dialog left to drive).
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (+[] (gpointer data) {
                              auto *driver = static_cast<Driver *> (data);
                              if (driver->source)
                                g_source_remove (driver->source);
                              delete driver;
                            }),
                            driver);
}

} // namespace gptimage::gimp3
