// A small dialog of the plug-in's own that shows a running request: a progress bar, the elapsed
// time, the streamed partial images as a preview, and a Cancel button that aborts the HTTP
// request (GIMP's own status-bar cancel would kill the plug-in instead). After a successful run
// it shows the outcome (what the run cost) with a Close button for a few seconds.
// Compiled by each front against its own libgimpui (GIMP 2.10: GTK 2; GIMP 3: GTK 3): the
// calls it makes exist in both.
#pragma once

#include "widget-ptr.h"

#include "gptimage/api-result.h"
#include "gptimage/error.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/request.h"
#include "gptimage/transport.h"

#include <gtk/gtk.h>

#include <optional>
#include <string>

namespace gptimage::plugin {

class ProgressDialog : public TransportObserver
{
public:
  // expected_partials sizes the progress steps (0: the bar pulses). `also` (may be null) is told
  // of each final image too. gimp_ui_init must have run.
  ProgressDialog (const std::string &title, int expected_partials, TransportObserver *also);
  ~ProgressDialog () override;
  ProgressDialog (const ProgressDialog &) = delete;
  ProgressDialog &operator= (const ProgressDialog &) = delete;

  // Sends `request` asynchronously while the GTK main loop keeps running; returns when the
  // answer arrived, failed, or the user cancelled (ErrorKind::cancelled).
  Result<ApiResult> run (const HttpRequest &request, const TransportOptions &options);

  // The final state after a successful run: `text` under the elapsed time, Cancel replaced by
  // Close.
  void show_outcome (const std::string &text);
  // Keeps the window up, the GTK main loop running, until Close is pressed or `milliseconds`
  // pass (the results are already on the canvas by then).
  void linger (unsigned milliseconds);

  void on_partial_image (const GeneratedImage &image) override;
  void on_final_image (const GeneratedImage &image) override;
  void on_retry (int attempt, double delay_seconds, const Error &reason) override;

private:
  static void on_response (GtkDialog *, gint response, gpointer self);
  static gboolean on_tick (gpointer self);
  static gboolean on_test_cancel (gpointer self);
  static gboolean on_linger_end (gpointer self);
  void show_preview (const GeneratedImage &image);
  void set_status (const std::string &text);
  // The line under the bar that says how the run ended; hidden until set.
  void set_outcome (const std::string &text);
  // Tests read what the window said from a file (no screen reader needed).
  static void log_for_tests (const std::string &text);

  WidgetPtr dialog_;
  GtkWidget *bar_ = nullptr;
  GtkWidget *status_ = nullptr;
  GtkWidget *elapsed_ = nullptr;
  GtkWidget *preview_ = nullptr;
  GtkWidget *outcome_ = nullptr;
  GtkWidget *cancel_ = nullptr;
  ObjectPtr<GCancellable> cancellable_ { g_cancellable_new () };
  MainLoopPtr loop_ { g_main_loop_new (nullptr, FALSE) };
  std::optional<Result<ApiResult>> result_;
  gint64 started_ = 0;
  guint tick_ = 0;
  guint test_cancel_ = 0;
  guint linger_ = 0;
  int expected_ = 0;
  int partials_ = 0;
  bool outcome_shown_ = false;
  bool closed_ = false;
  std::string done_text_;
  TransportObserver *also_ = nullptr;
  // What the status line says, kept current by the tick: waiting, or counting down to a retry.
  enum class Phase
  {
    sending,
    waiting,
    retry_pending,
    streaming,
    done,
  } phase_ = Phase::sending;
  gint64 retry_at_ = 0;
  int retry_attempt_ = 0;
  Error retry_reason_;
};

} // namespace gptimage::plugin
