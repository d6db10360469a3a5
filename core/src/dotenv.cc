#include "gptimage/dotenv.h"

#include "gptimage/i18n.h"

#include "gptimage/glib-ptr.h"

#include <glib.h>

namespace gptimage {

namespace {

std::string_view
trim (std::string_view s)
{
  while (!s.empty () && g_ascii_isspace (s.front ()))
    s.remove_prefix (1);
  while (!s.empty () && g_ascii_isspace (s.back ()))
    s.remove_suffix (1);
  return s;
}

bool
is_key (std::string_view key)
{
  if (key.empty () || g_ascii_isdigit (key[0]))
    return false;
  for (char c : key)
    if (!g_ascii_isalnum (c) && c != '_' && c != '.')
      return false;
  return true;
}

// Errors name the file and line but never quote the line: it may hold a secret.
Error
line_error (std::string_view file_name, std::size_t line_number, std::string_view rule)
{
  /* Translators: "settings.env:3: expected KEY=VALUE": a file, a line number, the problem. */
  return Error::config_error (printf_string (_("%s:%zu: %s"), std::string (file_name).c_str (),
                                             line_number, std::string (rule).c_str ()));
}

// What may follow a closing quote: nothing, or a comment.
bool
is_trailer (std::string_view rest)
{
  rest = trim (rest);
  return rest.empty () || rest.front () == '#';
}

// Unquoted: an inline comment starts at a '#' that follows whitespace.
std::string
unquoted_value (std::string_view raw)
{
  for (std::size_t i = 1; i < raw.size (); ++i)
    if (raw[i] == '#' && g_ascii_isspace (raw[i - 1]))
      {
        raw = raw.substr (0, i);
        break;
      }
  return std::string (trim (raw));
}

} // namespace

Result<std::map<std::string, std::string>>
parse_dotenv (std::string_view text, std::string_view file_name)
{
  std::map<std::string, std::string> values;
  std::size_t line_number = 0;
  while (!text.empty ())
    {
      auto newline = text.find ('\n');
      std::string_view line = text.substr (0, newline);
      text = newline == std::string_view::npos ? std::string_view () : text.substr (newline + 1);
      ++line_number;

      line = trim (line); // also drops the '\r' of CRLF files
      if (line.empty () || line.front () == '#')
        continue;
      if (line.starts_with ("export") && line.size () > 6 && g_ascii_isspace (line[6]))
        line = trim (line.substr (7));

      auto equals = line.find ('=');
      if (equals == std::string_view::npos)
        return line_error (file_name, line_number, _("expected KEY=VALUE"));
      std::string_view key = trim (line.substr (0, equals));
      if (!is_key (key))
        return line_error (file_name, line_number,
                           _("the name before '=' must be letters, digits and '_'"));
      std::string_view after = line.substr (equals + 1);
      std::string_view raw = trim (after);

      std::string value;
      if (!raw.empty () && (raw.front () == '"' || raw.front () == '\''))
        {
          const char quote = raw.front ();
          std::size_t i = 1;
          bool closed = false;
          for (; i < raw.size (); ++i)
            {
              char c = raw[i];
              if (c == quote)
                {
                  closed = true;
                  break;
                }
              if (quote == '"' && c == '\\' && i + 1 < raw.size ())
                {
                  char next = raw[i + 1];
                  if (next == 'n' || next == '"' || next == '\\')
                    {
                      value += next == 'n' ? '\n' : next;
                      ++i;
                      continue;
                    }
                }
              value += c;
            }
          if (!closed)
            return line_error (file_name, line_number,
                               _("the quoted value has no closing quote"));
          if (!is_trailer (raw.substr (i + 1)))
            return line_error (file_name, line_number,
                               _("unexpected text after the closing quote"));
        }
      else
        value = unquoted_value (after);
      values[std::string (key)] = std::move (value);
    }
  return values;
}

std::optional<std::string>
find_dotenv (const std::string &start_dir)
{
  std::string dir = start_dir.empty () ? take_string (g_get_current_dir ())
                                       : take_string (g_canonicalize_filename (start_dir.c_str (),
                                                                               nullptr));
  for (;;)
    {
      std::string candidate = take_string (g_build_filename (dir.c_str (), ".env", nullptr));
      if (g_file_test (candidate.c_str (), G_FILE_TEST_IS_REGULAR))
        return candidate;
      std::string parent = take_string (g_path_get_dirname (dir.c_str ()));
      if (parent == dir)
        return std::nullopt;
      dir = std::move (parent);
    }
}

} // namespace gptimage
