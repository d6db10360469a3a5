#include "prompt-history.h"

#include "i18n.h"

#include "gptimage/atomic-file.h"
#include "gptimage/config.h"
#include "gptimage/glib-ptr.h"
#include "gptimage/secret-redaction.h"

#include <glib/gstdio.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace gptimage::plugin {

std::string
prompt_history_path ()
{
  CharPtr folder (g_path_get_dirname (default_config_file_path ().c_str ()));
  return take_string (g_build_filename (folder.get (), "prompt-history", nullptr));
}

std::string
encode_prompt_history (const std::vector<std::string> &prompts)
{
  std::string text;
  for (const std::string &prompt : prompts)
    {
      for (char c : prompt)
        switch (c)
          {
          case '\\':
            text += "\\\\";
            break;
          case '\n':
            text += "\\n";
            break;
          case '\r':
            text += "\\r";
            break;
          default:
            text += c;
          }
      text += '\n';
    }
  return text;
}

std::vector<std::string>
decode_prompt_history (std::string_view text)
{
  std::vector<std::string> prompts;
  std::string prompt;
  for (std::size_t i = 0; i < text.size (); ++i)
    {
      char c = text[i];
      if (c == '\n')
        {
          if (!prompt.empty ())
            prompts.push_back (std::move (prompt));
          prompt.clear ();
        }
      else if (c == '\\' && i + 1 < text.size ())
        {
          char next = text[++i];
          prompt += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
        }
      else if (c != '\r') // a file edited on Windows
        prompt += c;
    }
  if (!prompt.empty ())
    prompts.push_back (std::move (prompt));
  return prompts;
}

std::string
prompt_menu_text (const std::string &prompt)
{
  CharPtr flat (g_strdup (prompt.c_str ()));
  g_strdelimit (flat.get (), "\r\n\t", ' ');
  if (g_utf8_strlen (flat.get (), -1) <= kPromptMenuChars)
    return flat.get ();
  CharPtr cut (g_utf8_substring (flat.get (), 0, kPromptMenuChars - 1));
  return std::string (cut.get ()) + "…";
}

std::vector<std::string>
with_prompt_first (std::vector<std::string> history, const std::string &prompt,
                   std::size_t limit)
{
  history.erase (std::remove (history.begin (), history.end (), prompt), history.end ());
  history.insert (history.begin (), prompt);
  if (history.size () > limit)
    history.resize (limit);
  return history;
}

std::vector<std::string>
load_prompt_history (const std::string &path)
{
  gchar *contents = nullptr;
  gsize length = 0;
  if (!g_file_get_contents (path.c_str (), &contents, &length, nullptr))
    return {};
  CharPtr owned (contents);
  std::vector<std::string> prompts = decode_prompt_history (std::string_view (contents, length));
  // A file written by hand or by another version may hold more.
  if (prompts.size () > kPromptHistoryLimit)
    prompts.resize (kPromptHistoryLimit);
  return prompts;
}

Status
remember_prompt (const std::string &path, const std::string &prompt, std::string_view secret)
{
  CharPtr stripped (g_strstrip (g_strdup (prompt.c_str ())));
  if (!*stripped)
    return {};
  std::string kept = prompt;
  if (auto redacted = redact_secret (kept, secret))
    kept = std::move (*redacted);
  std::string text = encode_prompt_history (
      with_prompt_first (load_prompt_history (path), kept, kPromptHistoryLimit));
  return write_file_atomically (path, text.data (), text.size (), 0600);
}

Status
clear_prompt_history (const std::string &path)
{
  if (g_remove (path.c_str ()) != 0 && errno != ENOENT)
    return Error::io_error (
        /* Translators: the history file's path, then the system's reason. */
        printf_string (_("could not remove %s: %s"), path.c_str (), g_strerror (errno)));
  return {};
}

} // namespace gptimage::plugin
