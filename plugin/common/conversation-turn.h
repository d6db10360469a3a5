// An image's conversation on the Responses route: its last response id and the turns counted
// so far, both kept on the image as persistent parasites, so that the next run there continues
// it; the turn a run makes, and the line the Conversation dialog says about it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gptimage::plugin {

// The parasites: the last response id, and the turns counted (decimal text, "3"). An image
// saved before turns were counted has the id alone: its turns are not known.
inline constexpr const char *kResponseIdParasite = "gpt-image-response-id";
inline constexpr const char *kConversationTurnParasite = "gpt-image-conversation-turn";

struct StoredConversation
{
  std::string response_id;  // empty: none on the image
  std::optional<int> turns; // none: not counted
};

// What a run does with the image's conversation.
struct ConversationRun
{
  std::string previous_response_id; // to send; empty: a new conversation
  std::optional<int> turn;           // the turn this run makes; none: not counted
};

// `given` is the previous-response-id argument ("" unless given); `start_new` the
// new-conversation argument. A new conversation asked for while naming a response to continue
// is refused (naming both arguments).
struct ConversationChoice
{
  std::string error; // empty: `run` holds
  ConversationRun run;
};
ConversationChoice choose_conversation (const StoredConversation &stored,
                                        const std::string &given, bool start_new);

// The turn parasite's text, read back; anything but a positive count is not counted.
std::optional<int> parse_turns (std::string_view text);

// The Conversation dialog's line about what its message does, e.g. "This image's
// conversation: 3 turns so far. This message continues it."
std::string conversation_line (const StoredConversation &stored, const std::string &given,
                               bool start_new);

} // namespace gptimage::plugin
