#include "conversation-turn.h"

#include "i18n.h"

#include "gptimage/parameter.h"

#include <charconv>

namespace gptimage::plugin {

ConversationChoice
choose_conversation (const StoredConversation &stored, const std::string &given, bool start_new)
{
  ConversationChoice choice;
  // The word scripts pass to start afresh.
  const std::string_view none = parameter (Param::previous_response_id).gimp_none;
  const bool given_id = !given.empty () && given != none;
  if (start_new && given_id)
    {
      choice.error = printf_string (
          /* Translators: %s is a response id (resp_…); new-conversation and
             previous-response-id are argument names, keep them as they are. */
          _("new-conversation starts afresh, so previous-response-id \"%s\" cannot be "
            "continued: leave one of them unset"),
          given.c_str ());
      return choice;
    }
  if (start_new || given == none)
    {
      choice.run.turn = 1;
      return choice;
    }
  if (given_id)
    {
      choice.run.previous_response_id = given;
      // Another conversation than the image's: its turns were not counted here.
      if (given == stored.response_id && stored.turns)
        choice.run.turn = *stored.turns + 1;
      return choice;
    }
  if (stored.response_id.empty ())
    {
      choice.run.turn = 1;
      return choice;
    }
  choice.run.previous_response_id = stored.response_id;
  if (stored.turns)
    choice.run.turn = *stored.turns + 1;
  return choice;
}

std::optional<int>
parse_turns (std::string_view text)
{
  int turns = 0;
  const char *end = text.data () + text.size ();
  auto [stop, problem] = std::from_chars (text.data (), end, turns);
  if (problem != std::errc () || stop != end || turns < 1)
    return std::nullopt;
  return turns;
}

std::string
conversation_line (const StoredConversation &stored, const std::string &given, bool start_new)
{
  ConversationChoice choice = choose_conversation (stored, given, start_new);
  if (!choice.error.empty ()) // no id here: the main area of the dialog never shows one
    return _("Start a new conversation, or continue the response given under Advanced: not "
             "both.");
  if (choice.run.previous_response_id.empty ())
    return stored.response_id.empty ()
               ? std::string (_("New conversation: this message starts one for this image."))
               : std::string (_("New conversation: this message starts afresh, leaving this "
                                "image's conversation behind."));
  if (choice.run.previous_response_id != stored.response_id)
    return _("This message continues the response given under Advanced.");
  if (!stored.turns)
    return _("This image's conversation continues (its turns were not counted).");
  return printf_string (
      g_dngettext (GETTEXT_PACKAGE,
                   /* Translators: %d is how many messages this image's conversation has had so
                      far. */
                   "This image's conversation: %d turn so far. This message continues it.",
                   "This image's conversation: %d turns so far. This message continues it.",
                   static_cast<unsigned long> (*stored.turns)),
      *stored.turns);
}

} // namespace gptimage::plugin
