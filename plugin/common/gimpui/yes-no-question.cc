#include "yes-no-question.h"

#include "widget-ptr.h"

#include <gtk/gtk.h>

namespace gptimage::plugin {

namespace {

// Test-only: "yes" or "no" answers the question shortly after it is shown, so that headless
// GIMP tests (under Xvfb) exercise the real dialog.
constexpr const char *kTestAnswerVariable = "GPT_IMAGE_GIMP_TEST_ANSWER";
constexpr guint kTestAnswerMs = 500;

struct TestAnswer
{
  GtkWidget *dialog = nullptr;
  guint source = 0; // 0 once it fired
};

gboolean
answer_for_test (gpointer data)
{
  auto *answer = static_cast<TestAnswer *> (data);
  answer->source = 0;
  const bool yes = g_strcmp0 (g_getenv (kTestAnswerVariable), "yes") == 0;
  gtk_dialog_response (GTK_DIALOG (answer->dialog), yes ? GTK_RESPONSE_YES : GTK_RESPONSE_NO);
  return G_SOURCE_REMOVE;
}

} // namespace

bool
ask_yes_no (const std::string &question)
{
  WidgetPtr dialog (gtk_message_dialog_new (nullptr, GTK_DIALOG_MODAL, GTK_MESSAGE_QUESTION,
                                            GTK_BUTTONS_YES_NO, "%s", question.c_str ()));
  gtk_window_set_title (GTK_WINDOW (dialog.get ()), "GPT Image");
  TestAnswer test_answer { dialog.get () };
  if (g_getenv (kTestAnswerVariable))
    test_answer.source = g_timeout_add (kTestAnswerMs, answer_for_test, &test_answer);
  const gint response = gtk_dialog_run (GTK_DIALOG (dialog.get ()));
  if (test_answer.source) // answered by the user first
    g_source_remove (test_answer.source);
  return response == GTK_RESPONSE_YES;
}

} // namespace gptimage::plugin
