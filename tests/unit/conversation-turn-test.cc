#include "conversation-turn.h"

#include <gtest/gtest.h>

using namespace gptimage::plugin;

namespace {

const StoredConversation kNone {};
const StoredConversation kThreeTurns { "resp_3", 3 };
const StoredConversation kUncounted { "resp_old", std::nullopt }; // an XCF from before turns

TEST (ConversationTurn, FirstRunStartsAtTurnOne)
{
  ConversationChoice choice = choose_conversation (kNone, "", false);
  EXPECT_TRUE (choice.error.empty ());
  EXPECT_EQ (choice.run.previous_response_id, "");
  EXPECT_EQ (choice.run.turn, 1);
}

TEST (ConversationTurn, NextRunContinuesAndCounts)
{
  ConversationChoice choice = choose_conversation (kThreeTurns, "", false);
  EXPECT_EQ (choice.run.previous_response_id, "resp_3");
  EXPECT_EQ (choice.run.turn, 4);
}

TEST (ConversationTurn, NewConversationIgnoresTheStoredId)
{
  for (const std::string given : { "", "none" })
    {
      ConversationChoice choice = choose_conversation (kThreeTurns, given, true);
      EXPECT_TRUE (choice.error.empty ());
      EXPECT_EQ (choice.run.previous_response_id, "");
      EXPECT_EQ (choice.run.turn, 1);
    }
  EXPECT_EQ (choose_conversation (kThreeTurns, "none", false).run.turn, 1);
}

TEST (ConversationTurn, OldImagesContinueUncounted)
{
  ConversationChoice choice = choose_conversation (kUncounted, "", false);
  EXPECT_EQ (choice.run.previous_response_id, "resp_old");
  EXPECT_EQ (choice.run.turn, std::nullopt);
}

TEST (ConversationTurn, AnotherGivenIdIsNotCountedHere)
{
  ConversationChoice other = choose_conversation (kThreeTurns, "resp_elsewhere", false);
  EXPECT_EQ (other.run.previous_response_id, "resp_elsewhere");
  EXPECT_EQ (other.run.turn, std::nullopt);
  EXPECT_EQ (choose_conversation (kThreeTurns, "resp_3", false).run.turn, 4);
}

TEST (ConversationTurn, NewConversationWithAGivenIdIsRefused)
{
  ConversationChoice choice = choose_conversation (kThreeTurns, "resp_x", true);
  EXPECT_EQ (choice.error, "new-conversation starts afresh, so previous-response-id "
                           "\"resp_x\" cannot be continued: leave one of them unset");
}

TEST (ConversationTurn, TurnsParasiteText)
{
  EXPECT_EQ (parse_turns ("3"), 3);
  EXPECT_EQ (parse_turns ("12"), 12);
  for (const char *bad : { "", "0", "-1", "3x", " 3", "many" })
    EXPECT_EQ (parse_turns (bad), std::nullopt) << bad;
}

TEST (ConversationTurn, LineSaysTheTurnInPlainWords)
{
  EXPECT_EQ (conversation_line (kThreeTurns, "", false),
             "This image's conversation: 3 turns so far. This message continues it.");
  EXPECT_EQ (conversation_line ({ "resp_1", 1 }, "", false),
             "This image's conversation: 1 turn so far. This message continues it.");
  EXPECT_EQ (conversation_line (kNone, "", false),
             "New conversation: this message starts one for this image.");
  EXPECT_EQ (conversation_line (kThreeTurns, "", true),
             "New conversation: this message starts afresh, leaving this image's conversation "
             "behind.");
  EXPECT_EQ (conversation_line (kUncounted, "", false),
             "This image's conversation continues (its turns were not counted).");
  EXPECT_EQ (conversation_line (kThreeTurns, "resp_elsewhere", false),
             "This message continues the response given under Advanced.");
  EXPECT_EQ (conversation_line (kThreeTurns, "resp_x", true),
             "Start a new conversation, or continue the response given under Advanced: not "
             "both.");
  for (const auto &stored : { kNone, kThreeTurns, kUncounted })
    for (const std::string given : { "", "none", "resp_x" })
      for (bool start_new : { false, true })
        EXPECT_EQ (conversation_line (stored, given, start_new).find ("resp_"),
                   std::string::npos);
}

} // namespace
