#!/bin/sh
# Installs the staged plug-in folder (stage-plugin.sh) as FOLDER: FOLDER/gpt-image and
# FOLDER/locale/ and FOLDER/help/, since GIMP 3 wants plug-ins/NAME/NAME (GIMP 2.10 loads it
# there too).
# Honours DESTDIR like meson's own install. Catalogs of languages no longer shipped are removed.
set -eu
staged=$1
folder=${DESTDIR:+$DESTDIR/}$2
mkdir -p "$folder"
rm -rf "$folder/locale"
cp -R "$staged/locale" "$folder/locale"
find "$folder/locale" -type d -exec chmod 0755 {} +
find "$folder/locale" -type f -exec chmod 0644 {} +
rm -rf "$folder/help"
cp -R "$staged/help" "$folder/help"
find "$folder/help" -type d -exec chmod 0755 {} +
find "$folder/help" -type f -exec chmod 0644 {} +
install -m 0755 "$staged/gpt-image" "$folder/gpt-image"
echo "Installing gpt-image to $folder"
