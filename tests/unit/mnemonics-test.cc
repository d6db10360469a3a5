// Every label of a dialog gets a letter of its own, never one a button already has.
#include "mnemonics.h"

#include <gtest/gtest.h>

using gptimage::plugin::MnemonicPicker;

TEST (Mnemonics, EachLabelGetsAFreeLetterWordStartsFirst)
{
  MnemonicPicker picker;
  picker.reserve ("_Cancel");
  picker.reserve ("_Generate");
  EXPECT_EQ (picker.pick ("Prompt"), "_Prompt");
  EXPECT_EQ (picker.pick ("Size"), "_Size");
  EXPECT_EQ (picker.pick ("Output format"), "_Output format");
  EXPECT_EQ (picker.pick ("Partial images"), "Partial _images");
  EXPECT_EQ (picker.pick ("Compression"), "Co_mpression");
  EXPECT_EQ (picker.pick ("Already _set"), "Already _set"); // its own letter, kept
  EXPECT_EQ (picker.pick ("Sss"), "Sss");                   // nothing left to pick
}

TEST (Mnemonics, TranslatedLettersCount)
{
  MnemonicPicker picker;
  picker.reserve ("_Abbrechen");
  EXPECT_EQ (picker.pick ("Größe"), "_Größe");
  EXPECT_EQ (picker.pick ("Ägypten"), "_Ägypten");
  EXPECT_EQ (picker.pick ("ägäis"), "ägä_is");
  EXPECT_EQ (picker.pick ("Auflösung"), "A_uflösung");
}
