// Text that came from elsewhere (an API error message, a revised prompt) made safe to show on
// one line of a terminal or in a GIMP message: a hostile server must not be able to clear the
// screen, set the window title or start a second line that looks like ours.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gptimage {

// Valid UTF-8 (each invalid byte becomes U+FFFD) in which every C0 control, DEL and C1
// control (U+0080-U+009F) is written visibly: \n, \r and \t, \xHH for the other C0 controls
// and DEL (e.g. \x1b), \u00HH for C1 controls (e.g. \u009b). Everything else is unchanged,
// backslashes included.
std::string display_text (std::string_view text);

// How many characters of a value an error message quotes (display_value's default).
inline constexpr std::size_t kShownValueChars = 100;

// A value the user gave, as an error message quotes it: escaped as display_text does, except
// that a byte that is not UTF-8 is written \xHH (a Latin-1 file name or argument shows which
// byte is wrong). Longer than `limit` characters, its start and end are kept around "…", so
// that neither a pasted file nor a long path fills the terminal and a file name stays in view.
std::string display_value (std::string_view value, std::size_t limit = kShownValueChars);

} // namespace gptimage
