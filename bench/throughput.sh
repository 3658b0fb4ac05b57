#!/usr/bin/env bash
# Speed and memory of newsocr against the tesseract CLI on the same pages, in one script.
#
#   bench/throughput.sh [PAGES_DIR [GT_DIR]]
#
# PAGES_DIR: page images (*.png, *.jpg, *.tif; only the "<id>.scan.png" when there are such), default
# samples/. GT_DIR: ground truth per page (<id>.gt.json, newsocr JSON or .txt) for the
# character F1 of both tools. Prints, per tool, the median seconds per page, their ratio, the
# throughput of a whole-folder run with --jobs 1 and --jobs 2, and peak memory (max RSS).
#
# The tesseract reference is `tesseract PAGE out --psm 3 -l chi_sim+chi_sim_vert`, run
# as installed (OpenMP threads as the package builds them) and with OMP_THREAD_LIMIT=1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pages_dir="${1:-$root/samples}"
gt_dir="${2:-}"
newsocr="${NEWSOCR:-$root/build/cli/newsocr}"
[ -x "$newsocr" ] || { echo "bench: build newsocr first ($newsocr missing)" >&2; exit 2; }
command -v tesseract >/dev/null || { echo "bench: tesseract CLI missing (apt-get install tesseract-ocr)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages" "$work/tess" "$work/tess1"
# Where rendered pages sit beside their scans (<id>.png, <id>.scan.png), the scans are the pages.
scans=("$pages_dir"/*.scan.png)
[ -e "${scans[0]}" ] && candidates=("${scans[@]}") || candidates=("$pages_dir"/*.png "$pages_dir"/*.jpg "$pages_dir"/*.tif)
for f in "${candidates[@]}"; do
  [ -e "$f" ] || continue
  name="$(basename "$f")"
  id="${name%%.*}"
  ln -s "$(realpath "$f")" "$work/pages/$id.${name##*.}"
done
mapfile -t pages < <(find "$work/pages" -mindepth 1 | sort)
[ ${#pages[@]} -gt 0 ] || { echo "bench: no page images in $pages_dir" >&2; exit 2; }

# seconds and peak kilobytes of one command, as "SECONDS KB"
measure() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true; cat "$work/time" | tail -1; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
maximum() { sort -g | tail -1; }

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GB"
echo "newsocr $("$newsocr" --version) | $(tesseract --version 2>&1 | head -1) | ${#pages[@]} pages from $pages_dir"
echo "command: bench/throughput.sh $*"
echo

declare -A seconds memory
for tool in tesseract tesseract_1thread newsocr_j1; do : > "$work/$tool.s"; : > "$work/$tool.kb"; done
for page in "${pages[@]}"; do
  id="$(basename "${page%.*}")"
  read -r s kb < <(measure tesseract "$page" "$work/tess/$id" --psm 3 -l chi_sim+chi_sim_vert)
  echo "$s" >> "$work/tesseract.s"; echo "$kb" >> "$work/tesseract.kb"
  read -r s kb < <(measure env OMP_THREAD_LIMIT=1 tesseract "$page" "$work/tess1/$id" --psm 3 -l chi_sim+chi_sim_vert)
  echo "$s" >> "$work/tesseract_1thread.s"; echo "$kb" >> "$work/tesseract_1thread.kb"
  read -r s kb < <(measure "$newsocr" "$page" -o "$work/one" -j 1 -q --force)
  echo "$s" >> "$work/newsocr_j1.s"; echo "$kb" >> "$work/newsocr_j1.kb"
  echo "  $id: tesseract $(tail -1 "$work/tesseract.s") s, tesseract 1 thread $(tail -1 "$work/tesseract_1thread.s") s, newsocr $(tail -1 "$work/newsocr_j1.s") s"
done
for tool in tesseract tesseract_1thread newsocr_j1; do
  seconds[$tool]="$(median < "$work/$tool.s")"
  memory[$tool]="$(maximum < "$work/$tool.kb")"
done

echo
echo "per page, one process per page (median of ${#pages[@]}):"
printf '  %-34s %8s s/page  peak %6d MB\n' "tesseract --psm 3 (as installed)" "${seconds[tesseract]}" $((memory[tesseract] / 1024))
printf '  %-34s %8s s/page  peak %6d MB\n' "tesseract --psm 3, OMP_THREAD_LIMIT=1" "${seconds[tesseract_1thread]}" $((memory[tesseract_1thread] / 1024))
printf '  %-34s %8s s/page  peak %6d MB\n' "newsocr --jobs 1" "${seconds[newsocr_j1]}" $((memory[newsocr_j1] / 1024))
awk -v n="${seconds[newsocr_j1]}" -v t="${seconds[tesseract]}" -v t1="${seconds[tesseract_1thread]}" \
  'BEGIN {printf "  ratio newsocr / tesseract: %.2f (as installed), %.2f (one thread)\n", n / t, n / t1}'

echo
echo "whole folder, one process:"
read -r s1 kb1 < <(measure "$newsocr" "$work/pages" -o "$work/j1" -j 1 -q)
read -r s2 kb2 < <(measure "$newsocr" "$work/pages" -o "$work/j2" -j 2 -q)
awk -v n="${#pages[@]}" -v s1="$s1" -v s2="$s2" -v m1="$kb1" -v m2="$kb2" 'BEGIN {
  printf "  newsocr --jobs 1: %6.1f s, %5.1f pages/min, peak %d MB\n", s1, 60 * n / s1, m1 / 1024
  printf "  newsocr --jobs 2: %6.1f s, %5.1f pages/min, peak %d MB\n", s2, 60 * n / s2, m2 / 1024
  printf "  speed-up --jobs 2 / --jobs 1: %.2fx\n", s1 / s2 }'
cmp -s <(cd "$work/j1" && find . -name '*.json' ! -path './.newsocr/*' ! -name manifest.json ! -name report.json -exec cat {} +) \
       <(cd "$work/j2" && find . -name '*.json' ! -path './.newsocr/*' ! -name manifest.json ! -name report.json -exec cat {} +) &&
  echo "  outputs of --jobs 1 and --jobs 2 identical" || echo "  WARNING: outputs of --jobs 1 and --jobs 2 differ"

if [ -n "$gt_dir" ]; then
  echo
  echo "quality against $gt_dir (newsocr eval; tesseract's text scored as one article per page):"
  for run in j1 tess; do
    "$newsocr" eval --gt "$gt_dir" --pred "$work/$run" | awk -v name="$run" '/^OVERALL/ {
      printf "  %-10s char F1 %s  CER %s  segmentation F1 %s  titles %s\n", (name == "j1" ? "newsocr" : "tesseract"), $3, $2, $4, $5 }'
  done
fi
