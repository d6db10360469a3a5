// Text that came from elsewhere (an API error message, a revised prompt) made safe to show on
// one line of a terminal or in a GIMP message: a hostile server must not be able to clear the
// screen, set the window title or start a second line that looks like ours.
#pragma once

#include <string>
#include <string_view>

namespace gptimage {

// Valid UTF-8 (each invalid byte becomes U+FFFD) in which every C0 control, DEL and C1
// control (U+0080-U+009F) is written visibly: \n, \r and \t, \xHH for the other C0 controls
// and DEL (e.g. \x1b), \u00HH for C1 controls (e.g. \u009b). Everything else is unchanged,
// backslashes included.
std::string display_text (std::string_view text);

} // namespace gptimage
