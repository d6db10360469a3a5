#include "active-run.h"

namespace gptimage::plugin {

namespace {

ActiveRunScope *active_run = nullptr;

} // namespace

ActiveRunScope::ActiveRunScope ()
{
  active_run = this;
}

ActiveRunScope::~ActiveRunScope ()
{
  active_run = nullptr;
}

bool
interactive_step_running ()
{
  return active_run != nullptr;
}

void
note_user_cancelled ()
{
  if (active_run)
    active_run->cancelled_ = true;
}

} // namespace gptimage::plugin
