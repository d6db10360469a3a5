// RAII for GTK top-level widgets: a dialog is destroyed when its holder goes out of scope.
#pragma once

#include <gtk/gtk.h>

#include <memory>

namespace gptimage::plugin {

struct WidgetDestroy
{
  void operator() (GtkWidget *widget) const noexcept
  {
    if (widget)
      gtk_widget_destroy (widget);
  }
};
using WidgetPtr = std::unique_ptr<GtkWidget, WidgetDestroy>;

} // namespace gptimage::plugin
