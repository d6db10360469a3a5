// Mnemonics for a dialog's labels: each label gets the first letter no other label or button of
// the dialog uses yet (a word's first letter preferred), so that Alt+letter reaches every field
// and GIMP finds no duplicate. Works on translated text (UTF-8).
#pragma once

#include <glib.h>

#include <set>
#include <string>
#include <vector>

namespace gptimage::plugin {

class MnemonicPicker
{
public:
  // Labels that already carry a mnemonic ("_Cancel") reserve their letter.
  void reserve (const std::string &label_with_mnemonic);
  // `label` with an underscore before its new mnemonic; unchanged when it has one already or
  // when every letter is taken.
  std::string pick (const std::string &label);

private:
  std::set<gunichar> used_;
};

} // namespace gptimage::plugin
