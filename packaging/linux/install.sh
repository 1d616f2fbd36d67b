#!/bin/sh
# install.sh — add 有度管理控制台 / Youdu Console to this user's application menu (or remove it again).
#
#   ./install.sh                 menu entry + icons under ~/.local/share, `youdu-console` in ~/.local/bin
#   ./install.sh --uninstall     remove them (this folder itself stays where it is)
#
# The application runs from this unpacked folder; nothing is copied except the menu entry and icons.
# PREFIX=/usr/local ./install.sh (as root) installs for every user instead.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${PREFIX:-}" ]; then
    data=$PREFIX/share
    bin=$PREFIX/bin
else
    data=${XDG_DATA_HOME:-$HOME/.local/share}
    bin=$HOME/.local/bin
fi
sizes="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$data/applications/youdu-console.desktop" "$bin/youdu-console"
    rm -f "$data/icons/hicolor/scalable/apps/youdu-console.svg"
    for s in $sizes; do rm -f "$data/icons/hicolor/${s}x${s}/apps/youdu-console.png"; done
    echo "removed the menu entry, icons and $bin/youdu-console"
    exit 0
fi

mkdir -p "$data/applications" "$bin"
for s in $sizes; do
    mkdir -p "$data/icons/hicolor/${s}x${s}/apps"
    cp "$here/icons/hicolor/${s}x${s}/apps/youdu-console.png" "$data/icons/hicolor/${s}x${s}/apps/"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$here/icons/hicolor/scalable/apps/youdu-console.svg" "$data/icons/hicolor/scalable/apps/"
# The menu entry starts this folder's executable by its absolute path: it works without PATH changes.
sed "s|^Exec=youdu-console|Exec=\"$here/youdu-console\"|" "$here/youdu-console.desktop" \
    > "$data/applications/youdu-console.desktop"
ln -sf "$here/youdu-console" "$bin/youdu-console"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "installed: $data/applications/youdu-console.desktop and $bin/youdu-console -> $here/youdu-console"
