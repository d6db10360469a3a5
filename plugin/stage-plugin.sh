#!/bin/sh
# Lays out the folder GIMP loads (2.10 and 3 alike), in the build tree:
#   TREE/gpt-image/gpt-image                            the plug-in
#   TREE/gpt-image/locale/LANG/LC_MESSAGES/gpt-image.mo  its catalogs (locale/ always exists:
#                                                       GIMP warns when it is missing)
#   TREE/gpt-image/help/                                its help domain (plugin/help)
# The GIMP tests run on this folder and `meson install` copies it.
# Usage: stage-plugin.sh TREE BINARY HELP [CATALOG.mo ...], each catalog at .../LANG/LC_MESSAGES/.
set -eu
tree=$1
binary=$2
help=$3
shift 3
rm -rf "$tree"
folder=$tree/gpt-image
mkdir -p "$folder/locale"
cp "$binary" "$folder/gpt-image"
chmod 0755 "$folder/gpt-image"
cp -R "$help" "$folder/help"
for catalog in "$@"; do
  language=$(basename "$(dirname "$(dirname "$catalog")")")
  mkdir -p "$folder/locale/$language/LC_MESSAGES"
  cp "$catalog" "$folder/locale/$language/LC_MESSAGES/gpt-image.mo"
done
