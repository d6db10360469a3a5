// A dialog's accepted values are kept per procedure, in the plug-in's config folder.
#include "dialog-values.h"

#include "scratch-dir.h"

#include <gtest/gtest.h>

#include <glib/gstdio.h>

using namespace gptimage::plugin;

TEST (DialogValues, KeptPerProcedureAndReplacedWhole)
{
  gptimage::testing::ScratchDir dir;
  g_setenv ("XDG_CONFIG_HOME", dir.path ().c_str (), TRUE);
  EXPECT_TRUE (load_dialog_values ("plug-in-a").empty ());
  ASSERT_TRUE (save_dialog_values ("plug-in-a", { { "prompt", "a fox; with = signs\nand a line" },
                                                  { "n", "2" } }));
  ASSERT_TRUE (save_dialog_values ("plug-in-b", { { "prompt", "a kite" } }));
  DialogValues a = load_dialog_values ("plug-in-a");
  EXPECT_EQ (a.at ("prompt"), "a fox; with = signs\nand a line");
  EXPECT_EQ (a.at ("n"), "2");
  ASSERT_TRUE (save_dialog_values ("plug-in-a", { { "prompt", "a cat" } }));
  a = load_dialog_values ("plug-in-a");
  EXPECT_EQ (a.size (), 1u);
  EXPECT_EQ (a.at ("prompt"), "a cat");
  EXPECT_EQ (load_dialog_values ("plug-in-b").at ("prompt"), "a kite");
  GStatBuf info;
  ASSERT_EQ (g_stat ((dir.path () + "/gpt-image/dialog-values.ini").c_str (), &info), 0);
  EXPECT_EQ (info.st_mode & 0777, 0600);
}
