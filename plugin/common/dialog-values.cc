#include "dialog-values.h"

#include "gptimage/atomic-file.h"
#include "gptimage/glib-ptr.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <cerrno>

namespace gptimage::plugin {

namespace {

std::string
values_path ()
{
  return take_string (
      g_build_filename (g_get_user_config_dir (), "gpt-image", "dialog-values.ini", nullptr));
}

KeyFilePtr
read_values ()
{
  KeyFilePtr file (g_key_file_new ());
  // A missing or unreadable file holds nothing: the dialog starts from GIMP's values.
  g_key_file_load_from_file (file.get (), values_path ().c_str (), G_KEY_FILE_KEEP_COMMENTS,
                             nullptr);
  return file;
}

} // namespace

Status
save_dialog_values (const std::string &procedure, const DialogValues &values)
{
  KeyFilePtr file = read_values ();
  g_key_file_remove_group (file.get (), procedure.c_str (), nullptr);
  for (const auto &[name, value] : values)
    g_key_file_set_string (file.get (), procedure.c_str (), name.c_str (), value.c_str ());
  gsize length = 0;
  CharPtr text (g_key_file_to_data (file.get (), &length, nullptr));
  const std::string path = values_path ();
  CharPtr folder (g_path_get_dirname (path.c_str ()));
  if (g_mkdir_with_parents (folder.get (), 0700) != 0)
    return Error::io_error (path + ": " + g_strerror (errno));
  // Prompts are the user's own text: readable by the user alone, like the config file.
  return write_file_atomically (path, text.get (), length, 0600);
}

DialogValues
load_dialog_values (const std::string &procedure)
{
  KeyFilePtr file = read_values ();
  DialogValues values;
  gsize count = 0;
  StrvPtr keys (g_key_file_get_keys (file.get (), procedure.c_str (), &count, nullptr));
  for (gsize i = 0; i < count; ++i)
    {
      CharPtr value (g_key_file_get_string (file.get (), procedure.c_str (), keys.get ()[i],
                                            nullptr));
      if (value)
        values[keys.get ()[i]] = value.get ();
    }
  return values;
}

} // namespace gptimage::plugin
