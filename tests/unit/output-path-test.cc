#include "gptimage/output-path.h"

#include <gtest/gtest.h>

using namespace gptimage;

TEST (OutputPath, PlainPathForTheSingleFinalImage)
{
  EXPECT_EQ (output_path_for ("out/hero.png", 1, false, true), "out/hero.png");
  EXPECT_EQ (output_path_for (".\\out\\hero.png", 1, false, true), ".\\out\\hero.png");
  EXPECT_EQ (output_path_for ("hero", 1, false, true), "hero");
}

TEST (OutputPath, PlainPathWithSeveralFinalImagesGetsNumberBeforeExtension)
{
  EXPECT_EQ (output_path_for ("out/hero.png", 1, false, false), "out/hero-1.png");
  EXPECT_EQ (output_path_for ("out/hero.png", 3, false, false), "out/hero-3.png");
  EXPECT_EQ (output_path_for ("out/hero.tar.webp", 2, false, false), "out/hero.tar-2.webp");
}

TEST (OutputPath, PlainPathPartialImages)
{
  EXPECT_EQ (output_path_for ("out/hero.png", 1, true, true), "out/hero-1-partial.png");
  EXPECT_EQ (output_path_for ("out/hero.png", 2, true, false), "out/hero-2-partial.png");
}

TEST (OutputPath, NoExtensionAppends)
{
  EXPECT_EQ (output_path_for ("out/hero", 2, false, false), "out/hero-2");
  EXPECT_EQ (output_path_for ("out/hero", 1, true, false), "out/hero-1-partial");
  EXPECT_EQ (output_path_for ("hero", 4, false, false), "hero-4");
}

TEST (OutputPath, DotInFolderIsNotAnExtension)
{
  EXPECT_EQ (output_path_for ("out.d/hero", 2, false, false), "out.d/hero-2");
  EXPECT_EQ (output_path_for ("./hero", 2, false, false), "./hero-2");
  EXPECT_EQ (output_path_for ("../renders/hero", 1, true, false), "../renders/hero-1-partial");
  EXPECT_EQ (output_path_for ("out.d/hero.png", 2, false, false), "out.d/hero-2.png");
}

TEST (OutputPath, BackslashSeparatesFoldersLikeSlash)
{
  EXPECT_EQ (output_path_for ("out\\hero.png", 2, false, false), "out\\hero-2.png");
  EXPECT_EQ (output_path_for (".\\out.d\\hero", 2, false, false), ".\\out.d\\hero-2");
  EXPECT_EQ (output_path_for ("C:\\renders.v2\\hero", 1, true, false),
             "C:\\renders.v2\\hero-1-partial");
  EXPECT_EQ (output_path_for (".\\out\\skyline-{index}.webp", 3, false, false),
             ".\\out\\skyline-3.webp");
}

TEST (OutputPath, HiddenFileNameHasNoExtension)
{
  EXPECT_EQ (output_path_for ("out/.hero", 2, false, false), "out/.hero-2");
  EXPECT_EQ (output_path_for ("out/.hero.png", 2, false, false), "out/.hero-2.png");
}

TEST (OutputPath, IndexPlaceholderIsOneBasedAndFilledEverywhere)
{
  EXPECT_EQ (output_path_for ("out/skyline-{index}.webp", 1, false, false), "out/skyline-1.webp");
  EXPECT_EQ (output_path_for ("out/skyline-{index}.webp", 1, false, true), "out/skyline-1.webp");
  EXPECT_EQ (output_path_for ("run-{index}/img-{index}.png", 12, false, false),
             "run-12/img-12.png");
}

TEST (OutputPath, IndexPatternPartialGetsPartialSuffix)
{
  EXPECT_EQ (output_path_for ("out/poster-{index}.png", 2, true, false),
             "out/poster-2-partial.png");
  EXPECT_EQ (output_path_for ("out/poster-{index}", 1, true, false), "out/poster-1-partial");
}

TEST (OutputPath, VariantPlaceholder)
{
  EXPECT_EQ (output_path_for ("out/{variant}-{index}.png", 1, false, false), "out/final-1.png");
  EXPECT_EQ (output_path_for ("out/{variant}-{index}.png", 2, true, false), "out/partial-2.png");
  EXPECT_EQ (output_path_for ("out/{index}/{variant}.png", 3, true, true), "out/3/partial.png");
}

TEST (OutputPath, VariantWithoutIndexStillKeepsFilesApart)
{
  EXPECT_EQ (output_path_for ("out/img-{variant}.png", 1, false, true), "out/img-final.png");
  EXPECT_EQ (output_path_for ("out/img-{variant}.png", 2, false, false), "out/img-final-2.png");
  EXPECT_EQ (output_path_for ("out/img-{variant}.png", 1, true, true), "out/img-partial-1.png");
}

TEST (OutputPath, DetectsPlaceholders)
{
  EXPECT_TRUE (output_pattern_has_placeholders ("a-{index}.png"));
  EXPECT_TRUE (output_pattern_has_placeholders ("a-{variant}.png"));
  EXPECT_FALSE (output_pattern_has_placeholders ("a.png"));
  EXPECT_FALSE (output_pattern_has_placeholders ("a-{idx}.png"));
  EXPECT_FALSE (output_pattern_has_placeholders (""));
}

TEST (OutputPath, OddInputDoesNotCrash)
{
  EXPECT_EQ (output_path_for ("", 1, false, true), "");
  EXPECT_EQ (output_path_for ("", 2, false, false), "-2");
  EXPECT_EQ (output_path_for ("out/", 1, false, false), "out/-1");
  EXPECT_EQ (output_path_for ("{index}", 0, false, false), "0");
}
