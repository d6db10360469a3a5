#include "answer-record.h"

#include "json-text.h"

#include "gptimage/glib-ptr.h"

#include <algorithm>

namespace gptimage::testing {

namespace {

std::string
sha256_of_base64 (const char *text)
{
  gsize size = 0;
  CharPtr bytes (reinterpret_cast<gchar *> (g_base64_decode (text, &size)));
  return take_string (g_compute_checksum_for_data (
      G_CHECKSUM_SHA256, reinterpret_cast<const guchar *> (bytes.get ()), size));
}

void walk (JsonNode *node, AnswerRecord &record);

// Final images are b64_json outside a partial_image event, or an image_generation_call's result.
void
walk_object (JsonObject *object, AnswerRecord &record)
{
  const char *type = json_object_has_member (object, "type")
                         ? json_object_get_string_member_with_default (object, "type", "")
                         : "";
  if (g_str_has_suffix (type, "partial_image"))
    return;
  const char *image = nullptr;
  if (json_object_has_member (object, "b64_json"))
    image = json_object_get_string_member_with_default (object, "b64_json", nullptr);
  else if (g_strcmp0 (type, "image_generation_call") == 0)
    image = json_object_get_string_member_with_default (object, "result", nullptr);
  if (image)
    {
      std::string sha = sha256_of_base64 (image);
      auto &list = record.final_image_sha256;
      if (std::find (list.begin (), list.end (), sha) == list.end ())
        list.push_back (std::move (sha));
    }
  if (JsonNode *usage = json_object_get_member (object, "usage");
      usage && JSON_NODE_HOLDS_OBJECT (usage))
    {
      record.usage_json = take_string (json_to_string (usage, FALSE));
    }
  JsonObjectIter members;
  const char *name = nullptr;
  JsonNode *member = nullptr;
  json_object_iter_init (&members, object);
  while (json_object_iter_next (&members, &name, &member))
    if (g_strcmp0 (name, "usage") != 0)
      walk (member, record);
}

void
walk (JsonNode *node, AnswerRecord &record)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    walk_object (json_node_get_object (node), record);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); ++i)
        walk (json_array_get_element (array, i), record);
    }
}

void
walk_text (const std::string &text, AnswerRecord &record)
{
  if (auto json = parse_json (text))
    walk (json->get (), record);
}

} // namespace

AnswerRecord
record_answer (const Reply &reply)
{
  AnswerRecord record;
  if (reply.status != 200)
    return record;
  if (!reply.stream)
    {
      walk_text (reply.body, record);
      return record;
    }
  for (const std::string &event : reply.events)
    {
      // The data lines of the event, joined (CRLF or LF line ends).
      std::string data;
      StrvPtr lines (g_strsplit (event.c_str (), "\n", -1));
      for (gchar **line = lines.get (); *line; ++line)
        {
          std::string text = *line;
          if (!text.empty () && text.back () == '\r')
            text.pop_back ();
          if (text.rfind ("data:", 0) == 0)
            data += text.substr (text.size () > 5 && text[5] == ' ' ? 6 : 5);
        }
      walk_text (data, record);
    }
  return record;
}

} // namespace gptimage::testing
