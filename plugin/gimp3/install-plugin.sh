#!/bin/sh
# Installs the built plug-in as FOLDER/gpt-image (GIMP 3 wants plug-ins/NAME/NAME); honours
# DESTDIR like meson's own install.
set -eu
binary=$1
folder=${DESTDIR:+$DESTDIR/}$2
mkdir -p "$folder"
install -m 0755 "$binary" "$folder/gpt-image"
echo "Installing gpt-image to $folder"
