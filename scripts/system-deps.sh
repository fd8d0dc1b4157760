#!/usr/bin/env bash
# Make sure the system libraries and fonts the pipeline needs are here.
# As root on Debian it installs what is missing; otherwise it names the exact packages and stops.
#   scripts/system-deps.sh build   Pango (WeasyPrint) and Noto fonts
#   scripts/system-deps.sh test    the same, plus gettext (msgfmt --check), Chromium (browser tests),
#                                  npm (installs axe-core for the accessibility test, and Lighthouse) and
#                                  EPUBCheck (checks every EPUB the build makes) and kiwix-tools
#                                  (kiwix-serve, the Kiwix reader the ZIM files are tried in)
# The build asks fontconfig which installed font writes each language (scripts/handbook/fonts.py);
# fonts-noto-core has almost every script (Ethiopic, Tamil, Khmer, Thai, Myanmar...), fonts-noto-cjk
# Chinese, Japanese and Korean. A language whose script needs another package: add it here.
set -euo pipefail

want=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk)
if [ "${1:-build}" = test ]; then
  want+=(gettext chromium npm epubcheck kiwix-tools)
fi

# What each package provides, checked without dpkg so non-Debian machines get a real answer too.
# grep reads all its input (no -q): under pipefail, a writer cut off early would count as a failure.
present() {
  case "$1" in
    libpango-1.0-0) ldconfig -p 2>/dev/null | grep 'libpango-1.0.so.0' >/dev/null ;;
    libpangoft2-1.0-0) ldconfig -p 2>/dev/null | grep 'libpangoft2-1.0.so.0' >/dev/null ;;
    fonts-noto-core) fc-list 2>/dev/null | grep 'NotoSansBengali' >/dev/null && fc-list 2>/dev/null | grep 'NotoNaskhArabic' >/dev/null ;;
    fonts-noto-cjk) fc-list 2>/dev/null | grep 'NotoSansCJK' >/dev/null ;;
    gettext) command -v msgfmt >/dev/null ;;
    chromium) command -v chromium >/dev/null ;;
    npm) command -v npm >/dev/null ;;
    # A jar: run with `java -jar` (Debian's /usr/bin/epubcheck needs binfmt support to start it).
    epubcheck) { [ -f /usr/share/java/epubcheck.jar ] && command -v java >/dev/null; } || command -v epubcheck >/dev/null ;;
    kiwix-tools) command -v kiwix-serve >/dev/null ;;
    *) return 1 ;;
  esac
}

missing=()
for package in "${want[@]}"; do
  present "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
  exit 0
fi

echo "Missing system packages: ${missing[*]}" >&2
echo "Install them, then run make again:" >&2
echo "  sudo apt-get install ${missing[*]}" >&2
exit 1
