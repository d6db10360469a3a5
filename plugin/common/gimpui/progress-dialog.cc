#include "progress-dialog.h"

#include "i18n.h"
#include "progress-words.h"
#include "widget-ptr.h"

#include "gptimage/glib-ptr.h"
#include "gptimage/image-codec.h"
#include "gptimage/response-limits.h"

// libgimpui-2.0 needs libgimp declared first.
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include <glib/gstdio.h>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace gptimage::plugin {

namespace {

constexpr int kPreviewEdge = 256;   // the preview fits in this square
constexpr guint kTickMs = 100;      // elapsed time and pulse refresh
// The transport says nothing between sending and the answer: after this long the request is
// taken as sent (a large edit upload takes about that on a slow line).
constexpr double kSendingSeconds = 1.0;
// Tests press Cancel this many milliseconds after the request started (no input device needed).
constexpr const char *kTestCancelVariable = "GPT_IMAGE_GIMP_TEST_CANCEL_AFTER_MS";
// Tests read what the status line said from this file, one line per change (no screen reader
// needed).
constexpr const char *kTestStatusLogVariable = "GPT_IMAGE_GIMP_TEST_STATUS_LOG";

// Makes WINDOW transient to the GIMP window the plug-in was started from, when there is one.
// Without a window (a batch run) GIMP 3.2 hands over an empty handle, which
// gimp_window_set_transient() passes on to an X11 check that fails with a CRITICAL.  Without a
// handle the dialog is only centred, as libgimpui does itself. GIMP 2.10's handle is a window
// id that libgimpui checks itself.
void
set_transient_to_gimp (GtkWindow *window)
{
#if GIMP_CHECK_VERSION(2, 99, 0)
  BytesPtr handle (gimp_progress_get_window_handle ());
  if (handle && g_bytes_get_size (handle.get ()) > 0)
    gimp_window_set_transient_for (window, handle.get ());
  else
    gtk_window_set_position (window, GTK_WIN_POS_CENTER);
#else
  gimp_window_set_transient (window);
#endif
}

void
set_label_start (GtkWidget *label)
{
#if GTK_CHECK_VERSION(3, 16, 0)
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
#else
  gtk_misc_set_alignment (GTK_MISC (label), 0.0, 0.5);
#endif
}

} // namespace

ProgressDialog::ProgressDialog (const std::string &title, int expected_partials,
                                TransportObserver *also)
    : dialog_ (gimp_dialog_new (title.c_str (), "gpt-image-progress", nullptr,
                                GTK_DIALOG_DESTROY_WITH_PARENT, nullptr, nullptr, _("_Cancel"),
                                GTK_RESPONSE_CANCEL, nullptr)),
      expected_ (expected_partials), also_ (also)
{
#if GTK_CHECK_VERSION(3, 0, 0)
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
#else
  GtkWidget *box = gtk_vbox_new (FALSE, 8);
#endif
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog_.get ()))), box,
                      TRUE, TRUE, 0);

  status_ = gtk_label_new ("");
  set_label_start (status_);
  gtk_label_set_line_wrap (GTK_LABEL (status_), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (status_), 48);
  gtk_box_pack_start (GTK_BOX (box), status_, FALSE, FALSE, 0);

  // A GimpProgressBar also receives gimp_progress_* calls made while it exists.
  bar_ = gimp_progress_bar_new ();
  gtk_widget_set_size_request (bar_, kPreviewEdge + 64, -1);
  gtk_box_pack_start (GTK_BOX (box), bar_, FALSE, FALSE, 0);

  /* Translators: seconds since the run started, e.g. "Elapsed: 12.4 s". */
  elapsed_ = gtk_label_new (printf_string (_("Elapsed: %.1f s"), 0.0).c_str ());
  set_label_start (elapsed_);
  gtk_box_pack_start (GTK_BOX (box), elapsed_, FALSE, FALSE, 0);

  outcome_ = gtk_label_new ("");
  set_label_start (outcome_);
  gtk_label_set_line_wrap (GTK_LABEL (outcome_), TRUE);
  gtk_box_pack_start (GTK_BOX (box), outcome_, FALSE, FALSE, 0);

  // Shown once the first partial image arrives.
  preview_ = gtk_image_new ();
  gtk_box_pack_start (GTK_BOX (box), preview_, TRUE, TRUE, 0);

  cancel_ = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog_.get ()),
                                                GTK_RESPONSE_CANCEL);
  g_signal_connect (dialog_.get (), "response", G_CALLBACK (on_response), this);
  set_transient_to_gimp (GTK_WINDOW (dialog_.get ()));
}

ProgressDialog::~ProgressDialog ()
{
  if (tick_)
    g_source_remove (tick_);
  if (test_cancel_)
    g_source_remove (test_cancel_);
  if (linger_)
    g_source_remove (linger_);
  // The dialog outlives nothing it points back to: disconnect before it is destroyed.
  g_signal_handlers_disconnect_by_data (dialog_.get (), this);
}

Result<ApiResult>
ProgressDialog::run (const HttpRequest &request, const TransportOptions &options)
{
  gtk_widget_show_all (dialog_.get ());
  gtk_widget_hide (preview_);
  gtk_widget_hide (outcome_);
  started_ = g_get_monotonic_time ();
  set_status (_("Sending…"));
  tick_ = g_timeout_add (kTickMs, on_tick, this);
  if (const char *after = g_getenv (kTestCancelVariable))
    test_cancel_ = g_timeout_add (static_cast<guint> (g_ascii_strtoull (after, nullptr, 10)),
                                  on_test_cancel, this);
  send_request_async (nullptr, request, options, cancellable_.get (), this,
                      [this] (Result<ApiResult> result) {
                        result_.emplace (std::move (result));
                        g_main_loop_quit (loop_.get ());
                      });
  // The default main context is GTK's: the dialog stays live while the request runs.
  if (!result_)
    g_main_loop_run (loop_.get ());
  also_ = nullptr; // nothing more arrives, and it may not outlive the run
  return std::move (*result_);
}

void
ProgressDialog::on_response (GtkDialog *, gint response, gpointer self)
{
  auto *dialog = static_cast<ProgressDialog *> (self);
  if (response == GTK_RESPONSE_CLOSE
      || (dialog->phase_ == Phase::done && response == GTK_RESPONSE_DELETE_EVENT
          && dialog->outcome_shown_))
    {
      dialog->closed_ = true;
      gtk_widget_hide (dialog->dialog_.get ());
      g_main_loop_quit (dialog->loop_.get ());
      return;
    }
  if (response != GTK_RESPONSE_CANCEL && response != GTK_RESPONSE_DELETE_EVENT)
    return;
  // Aborts the HTTP request; `done` then reports ErrorKind::cancelled.
  g_cancellable_cancel (dialog->cancellable_.get ());
  gtk_dialog_set_response_sensitive (GTK_DIALOG (dialog->dialog_.get ()), GTK_RESPONSE_CANCEL,
                                     FALSE);
  dialog->phase_ = Phase::done;
  dialog->set_status (_("Cancelling…"));
}

gboolean
ProgressDialog::on_tick (gpointer self)
{
  auto *dialog = static_cast<ProgressDialog *> (self);
  double seconds = static_cast<double> (g_get_monotonic_time () - dialog->started_) / 1e6;
  gtk_label_set_text (GTK_LABEL (dialog->elapsed_),
                      /* Translators: seconds since the run started. */
                      printf_string (_("Elapsed: %.1f s"), seconds).c_str ());
  // Without previews to count, the bar pulses for as long as nothing arrived.
  if (dialog->expected_ <= 0 || dialog->partials_ == 0)
    gtk_progress_bar_pulse (GTK_PROGRESS_BAR (dialog->bar_));
  const gint64 now = g_get_monotonic_time ();
  if (dialog->phase_ == Phase::sending && seconds >= kSendingSeconds)
    {
      dialog->phase_ = Phase::waiting;
      dialog->set_status (_("Waiting for the server…"));
    }
  else if (dialog->phase_ == Phase::retry_pending)
    {
      if (now >= dialog->retry_at_)
        {
          dialog->phase_ = Phase::waiting;
          dialog->set_status (_("Waiting for the server…"));
        }
      else
        dialog->set_status (retry_words (dialog->retry_attempt_,
                                         static_cast<double> (dialog->retry_at_ - now) / 1e6,
                                         dialog->retry_reason_));
    }
  return G_SOURCE_CONTINUE;
}

gboolean
ProgressDialog::on_test_cancel (gpointer self)
{
  auto *dialog = static_cast<ProgressDialog *> (self);
  dialog->test_cancel_ = 0;
  // The same path as a click on Cancel.
  gtk_dialog_response (GTK_DIALOG (dialog->dialog_.get ()), GTK_RESPONSE_CANCEL);
  return G_SOURCE_REMOVE;
}

void
ProgressDialog::set_status (const std::string &text)
{
  if (text == gtk_label_get_text (GTK_LABEL (status_)))
    return;
  gtk_label_set_text (GTK_LABEL (status_), text.c_str ());
  log_for_tests (text);
}

void
ProgressDialog::log_for_tests (const std::string &text)
{
  if (const char *log = g_getenv (kTestStatusLogVariable))
    if (FILE *file = g_fopen (log, "a"))
      {
        fprintf (file, "%s\n", text.c_str ());
        fclose (file);
      }
}

void
ProgressDialog::show_outcome (const std::string &text)
{
  const std::string said = done_text_.empty () ? text : done_text_ + " " + text;
  set_outcome (said);
  log_for_tests (said);
  outcome_shown_ = true;
  // The outcome says how long it took; a clock still running beside it would contradict it.
  if (tick_)
    {
      g_source_remove (tick_);
      tick_ = 0;
    }
  gtk_widget_hide (elapsed_);
  // Nothing is left to cancel: the answer is in.
  if (cancel_)
    gtk_widget_hide (cancel_);
  gtk_dialog_add_button (GTK_DIALOG (dialog_.get ()), _("_Close"), GTK_RESPONSE_CLOSE);
}

void
ProgressDialog::linger (unsigned milliseconds)
{
  if (closed_ || !outcome_shown_)
    return;
  linger_ = g_timeout_add (milliseconds, on_linger_end, this);
  g_main_loop_run (loop_.get ());
}

gboolean
ProgressDialog::on_linger_end (gpointer self)
{
  auto *dialog = static_cast<ProgressDialog *> (self);
  dialog->linger_ = 0;
  g_main_loop_quit (dialog->loop_.get ());
  return G_SOURCE_REMOVE;
}

void
ProgressDialog::set_outcome (const std::string &text)
{
  gtk_label_set_text (GTK_LABEL (outcome_), text.c_str ());
  gtk_widget_set_visible (outcome_, !text.empty ());
}

void
ProgressDialog::show_preview (const GeneratedImage &image)
{
  if (!image.data)
    return;
  gsize size = 0;
  const void *data = g_bytes_get_data (image.data.get (), &size);
  // A preview past the result limits is not decoded (it could hold gigabytes of pixels).
  auto header = probe_image (data, size);
  if (!header || !check_image_dimensions (header->width, header->height))
    return;
  auto decoded = decode_image (data, size);
  if (!decoded || decoded->width <= 0 || decoded->height <= 0)
    return; // a preview that cannot be shown is no reason to fail the run
  const RgbaImage &rgba = decoded.value ();
  // Borrows the pixels only until the scaled copy exists.
  ObjectPtr<GdkPixbuf> full (gdk_pixbuf_new_from_data (rgba.pixels.data (), GDK_COLORSPACE_RGB,
                                                       TRUE, 8, rgba.width, rgba.height,
                                                       rgba.width * 4, nullptr, nullptr));
  double scale = std::min (1.0, static_cast<double> (kPreviewEdge)
                                    / std::max (rgba.width, rgba.height));
  int width = std::max (1, static_cast<int> (rgba.width * scale));
  int height = std::max (1, static_cast<int> (rgba.height * scale));
  ObjectPtr<GdkPixbuf> scaled (gdk_pixbuf_scale_simple (full.get (), width, height,
                                                        GDK_INTERP_BILINEAR));
  gtk_image_set_from_pixbuf (GTK_IMAGE (preview_), scaled.get ());
  gtk_widget_show (preview_);
}

void
ProgressDialog::on_partial_image (const GeneratedImage &image)
{
  ++partials_;
  phase_ = Phase::streaming;
  /* Translators: %d counts the preview images received so far. */
  set_status (printf_string (_("Preview %d received; still rendering…"), partials_));
  if (expected_ > 0)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar_),
                                   std::min (0.9, static_cast<double> (partials_)
                                                      / (expected_ + 1)));
  show_preview (image);
}

void
ProgressDialog::on_final_image (const GeneratedImage &image)
{
  if (also_)
    also_->on_final_image (image);
  phase_ = Phase::done;
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar_), 1.0);
  set_status (_("Image received."));
  /* Translators: how long the whole run took, in seconds. */
  done_text_ = printf_string (_("Done in %.1f s."),
                              static_cast<double> (g_get_monotonic_time () - started_) / 1e6);
  set_outcome (done_text_);
  show_preview (image);
}

void
ProgressDialog::on_retry (int attempt, double delay_seconds, const Error &reason)
{
  phase_ = Phase::retry_pending;
  retry_attempt_ = attempt;
  retry_reason_ = reason;
  retry_at_ = g_get_monotonic_time () + static_cast<gint64> (delay_seconds * 1e6);
  set_status (retry_words (attempt, delay_seconds, reason));
}

} // namespace gptimage::plugin
