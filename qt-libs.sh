#!/bin/sh
# Before `make run` on Linux with X11: Qt's xcb plugin needs system libraries that a minimal
# system may lack (libxcb-cursor0 since Qt 6.5, libxcb-icccm4, ...). Find the missing ones with
# ldd; install them when we are root with apt-get, else say which command to run.
# Usage: sh qt-libs.sh PYTHON
python=${1:-python3}
[ "$(uname -s)" = Linux ] || exit 0
[ -n "$DISPLAY" ] && [ -z "$WAYLAND_DISPLAY" ] || exit 0
qt=$("$python" -c 'import PySide6, os; print(os.path.join(os.path.dirname(PySide6.__file__), "Qt"))') || exit 0
missing=$(ldd "$qt/plugins/platforms/libqxcb.so" "$qt/lib/libQt6XcbQpa.so.6" 2>/dev/null \
  | awk '/not found/ {print $1}' | sort -u)
ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor.so.0' || missing="$missing libxcb-cursor.so.0"
[ -n "$(echo $missing)" ] || exit 0
# Debian names: libfoo.so.4 -> libfoo4; libfoo-x11.so.0 -> libfoo-x11-0
packages=$(for lib in $missing; do
  echo "$lib" | sed -E 's/\.so\.([0-9]+).*/ \1/' | awk '{ sep = ($1 ~ /[0-9]$/) ? "-" : ""; print $1 sep $2 }'
done | sort -u | tr '\n' ' ')
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing the libraries Qt needs for X11: $packages"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $packages >/dev/null; }
else
  echo "Qt needs these system libraries to open a window: $packages"
  echo "Install them, for example: sudo apt-get install $packages"
  exit 1
fi
