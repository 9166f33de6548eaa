#!/usr/bin/env sh
# The Debian packages the tests need beyond Python: chromium (browser tests), node and npm
# (axe-core, the CloudFront function test), the OCR-B font passports print their machine-
# readable zone in (the synthetic passports the verifier is tested and measured on). Only what is missing is asked for: a machine
# whose Node.js came from NodeSource has node with npm bundled, and Debian's npm package
# refuses to install beside it ("held broken packages").
set -eu
needed=""
command -v chromium >/dev/null 2>&1 || needed="$needed chromium"
command -v node >/dev/null 2>&1 || needed="$needed nodejs"
command -v npm >/dev/null 2>&1 || needed="$needed npm"
[ -f "${OCRB_FONT:-/usr/share/fonts/opentype/ocr-b/OCRB.otf}" ] || needed="$needed fonts-ocr-b"
[ -n "$needed" ] || exit 0
echo "installing from Debian:$needed"
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
# shellcheck disable=SC2086  (one word per package)
$sudo apt-get install -y -qq $needed >/dev/null
