// The interactive step in progress, if any (a plug-in process runs one procedure at a time):
// while it runs, requests go through the front's progress window, whose Cancel is recorded
// here so that the run ends as CANCEL rather than as an error.
#pragma once

namespace gptimage::plugin {

class ActiveRunScope
{
public:
  ActiveRunScope ();
  ~ActiveRunScope ();
  ActiveRunScope (const ActiveRunScope &) = delete;
  ActiveRunScope &operator= (const ActiveRunScope &) = delete;

  // Whether the user pressed Cancel during the step.
  bool cancelled () const { return cancelled_; }

private:
  friend void note_user_cancelled ();
  bool cancelled_ = false;
};

// True while an ActiveRunScope exists.
bool interactive_step_running ();
// The request host reports a cancel by the user.
void note_user_cancelled ();

} // namespace gptimage::plugin
