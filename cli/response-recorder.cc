#include "response-recorder.h"

#include "gptimage/atomic-file.h"

namespace gptimage::cli {

void
ResponseRecorder::record_body (GBytes *body)
{
  if (!enabled_)
    return;
  body_.reset (body ? g_bytes_ref (body) : nullptr);
}

void
ResponseRecorder::record_event (const SseEvent &event)
{
  if (!enabled_)
    return;
  events_.push_back (event);
}

Status
ResponseRecorder::save (const std::string &path) const
{
  if (body_)
    {
      gsize size = 0;
      const void *data = g_bytes_get_data (body_.get (), &size);
      return write_file_atomically (path, data, size);
    }
  ObjectPtr<JsonBuilder> builder (json_builder_new ());
  json_builder_begin_array (builder.get ());
  for (const auto &event : events_)
    {
      json_builder_begin_object (builder.get ());
      json_builder_set_member_name (builder.get (), "event");
      json_builder_add_string_value (builder.get (), event.event.c_str ());
      json_builder_set_member_name (builder.get (), "data");
      JsonNode *parsed = json_from_string (event.data.c_str (), nullptr);
      if (parsed)
        json_builder_add_value (builder.get (), parsed); // the builder takes ownership
      else
        json_builder_add_string_value (builder.get (), event.data.c_str ());
      json_builder_end_object (builder.get ());
    }
  json_builder_end_array (builder.get ());
  JsonNodePtr root (json_builder_get_root (builder.get ()));
  ObjectPtr<JsonGenerator> generator (json_generator_new ());
  json_generator_set_pretty (generator.get (), TRUE);
  json_generator_set_root (generator.get (), root.get ());
  gsize length = 0;
  CharPtr text (json_generator_to_data (generator.get (), &length));
  return write_file_atomically (path, text.get (), length);
}

} // namespace gptimage::cli
