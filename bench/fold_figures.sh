#!/usr/bin/env bash
# Figures of newsocr on real microfilm folds with a transcription (the 1939 晶報 folds of the
# shared data): articles found against the transcription's, articles
# holding advert text, body columns labelled headline, CJK character F1 (see
# bench/fold_figures.cpp), and the seconds taken. The folds may not be copied into the
# project, so this runs outside CI.
#
#   bench/fold_figures.sh [ECPO_DIR]     (default ../shared/real/ecpo-jingbao)
#
# Environment: NEWSOCR (default build/cli/newsocr), FOLDS (default build/bench/fold_figures),
# LANGS (default chi_tra), JOBS (default 2), KEEP=DIR keeps the outputs under DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ecpo="$(realpath "${1:-$root/../shared/real/ecpo-jingbao}")"
newsocr="${NEWSOCR:-$root/build/cli/newsocr}"
folds="${FOLDS:-$root/build/bench/fold_figures}"
for tool in "$newsocr" "$folds"; do [ -x "$tool" ] || { echo "bench: build first ($tool missing)" >&2; exit 2; }; done
work="${KEEP:-$(mktemp -d)}"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
transcripts=()
for xml in "$ecpo"/text-gt/*.xml; do
  stem="$(basename "$xml" .xml)"
  image="$(ls "$ecpo"/images/"$stem".* 2>/dev/null | head -1)"
  [ -n "$image" ] || { echo "bench: $stem has no image, skipped" >&2; continue; }
  ln -sf "$image" "$work/in/"
  transcripts+=("$xml")
done
[ ${#transcripts[@]} -gt 0 ] || { echo "bench: no fold with a transcription and an image in $ecpo" >&2; exit 2; }
echo "newsocr $("$newsocr" --version) | ${#transcripts[@]} folds of $ecpo | --lang ${LANGS:-chi_tra} --jobs ${JOBS:-2}"
start=$(date +%s.%N)
"$newsocr" "$work/in" -o "$work/out" --force --lang "${LANGS:-chi_tra}" --jobs "${JOBS:-2}" > "$work/run.log" 2>&1 || { echo "bench: newsocr failed, see $work/run.log" >&2; exit 1; }
end=$(date +%s.%N)
"$folds" "$work/out" "${transcripts[@]}"
awk -v s="$start" -v e="$end" -v n=${#transcripts[@]} 'BEGIN { printf "%.1f s per fold\n", (e - s) / n }'
