// Where a result goes in the canvas (Generate, Conversation) or the edit region (Edit): scaled to
// fit inside it, keeping its aspect, centred, so that it never hangs off the canvas.
#pragma once

#include "edit-region.h"

namespace gptimage::plugin {

// Aspects closer than this (|ln (a / b)|) count as the same: a matched size is rounded to the
// model's 16-pixel grid, so it is rarely the canvas's exact aspect, and a 1 px strip left bare
// beside a result would only look broken. Stretching by at most 2% is not visible.
inline constexpr double kSameAspectTolerance = 0.02;

// The rectangle a width x height result covers inside `target` (the same coordinates): all of
// it when the aspects are the same (see above), else the largest rectangle of the result's
// aspect inside it, centred (at least 1x1).
PixelRect fitted_placement (int width, int height, const PixelRect &target);

} // namespace gptimage::plugin
