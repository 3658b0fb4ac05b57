#!/usr/bin/env bash
# Figures of newsocr on a set of generated pages, overall and per template, with the time taken:
# the loop every layout or article change is measured with.
#
#   bench/set_figures.sh SET_DIR [--pdf] [--scans] [--factor F]... [--no-dpi] [--pdf-dpi N] [--layout-only]
#
# SET_DIR holds per page <id>.jpg or <id>.scan.png (the scan), <id>.pdf (the born-digital page)
# and <id>.gt.json (e.g. ../shared/eval/sets/check). By default both the PDFs and the scans
# as they are are run. --factor F (repeatable) also runs every scan resized by F first, as a
# scanner set to F times the resolution would give it (build/bench/rescale: area-averaged
# down, cubic up), written as a TIFF that records its resolution (the scan's times F), or as
# a PNG with none under --no-dpi. --pdf-dpi N renders the PDFs at N dpi (default 300): the
# layout at that resolution with the exact text. Template = the id's first letter. Environment: JOBS
# (default 2), NEWSOCR (default build/cli/newsocr), RESCALE (default build/bench/rescale),
# KEEP=DIR keeps the outputs under DIR.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
usage() { sed -n '2,15s/^# \{0,1\}//p' "$0" >&2; exit 2; }
[ $# -ge 1 ] || usage
command_line="bench/set_figures.sh $*"
set_dir="$(realpath "$1")"; shift
run_pdf=0 run_scans=0 no_dpi=0 layout_only=() pdf_dpi=()
factors=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pdf) run_pdf=1 ;;
    --scans) run_scans=1 ;;
    --factor) factors+=("$2"); shift ;;
    --no-dpi) no_dpi=1 ;;
    --pdf-dpi) pdf_dpi=(--dpi "$2"); run_pdf=1; shift ;;
    --layout-only) layout_only=(--layout-only) ;;
    *) usage ;;
  esac
  shift
done
[ $run_pdf = 0 ] && [ $run_scans = 0 ] && [ ${#factors[@]} = 0 ] && run_pdf=1 run_scans=1
newsocr="${NEWSOCR:-$root/build/cli/newsocr}"
jobs="${JOBS:-2}"
[ -x "$newsocr" ] || { echo "bench: build newsocr first ($newsocr missing)" >&2; exit 2; }
rescale="${RESCALE:-$root/build/bench/rescale}"
[ ${#factors[@]} = 0 ] || [ -x "$rescale" ] || { echo "bench: build the bench programs first ($rescale missing)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: python3 missing" >&2; exit 2; }

work="${KEEP:-$(mktemp -d)}"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

# ids of the set, and the truth split by template (folders of links) for per-template figures
mapfile -t ids < <(find "$set_dir" -maxdepth 1 -name '*.gt.json' -printf '%f\n' | sed 's/\.gt\.json$//' | sort)
[ ${#ids[@]} -gt 0 ] || { echo "bench: no <id>.gt.json in $set_dir" >&2; exit 2; }
rm -rf "$work/gt" && mkdir -p "$work/gt/all"
for id in "${ids[@]}"; do
  mkdir -p "$work/gt/${id:0:1}"
  ln -s "$set_dir/$id.gt.json" "$work/gt/${id:0:1}/$id.gt.json"
  ln -s "$set_dir/$id.gt.json" "$work/gt/all/$id.gt.json"
done
templates=$(cd "$work/gt" && ls | grep -vx all)

scan_of() {  # the scan of page $1
  if [ -e "$set_dir/$1.jpg" ]; then echo "$set_dir/$1.jpg"; else echo "$set_dir/$1.scan.png"; fi
}
scan_dpi() {  # the resolution the scan of page $1 was made at (the render's dpi times the scan's scale)
  python3 -c 'import json,sys; g=json.load(open(sys.argv[1])); print(round(g["image"].get("dpi",300)*g.get("scan",{}).get("scale",1)))' "$set_dir/$1.gt.json"
}

echo "newsocr $("$newsocr" --version) | ${#ids[@]} pages of $set_dir | --jobs $jobs | $(nproc) cores"
echo "command: $command_line"
printf '\n%-26s %-4s %5s %7s %6s %6s %6s %8s %8s\n' variant tmpl pages "char F1" "seg F1" CER titles articles "s/page"

# runs newsocr on folder $2 (variant $1) and prints overall and per-template figures
run_variant() {
  local name="$1" inputs="$2" out="$work/out_$(basename "$2")"
  shift 2  # the rest: options of this variant
  rm -rf "$out"
  local start end
  start=$(date +%s.%N)
  # Failed pages score as missed; the run says so and goes on.
  "$newsocr" "$inputs" -o "$out" --jobs "$jobs" --quiet "${layout_only[@]}" "$@" >/dev/null 2>"$out.log" ||
    echo "bench: $name: some pages failed (exit $?), see $out.log" >&2
  end=$(date +%s.%N)
  local per_page
  per_page=$(awk -v a="$start" -v b="$end" -v n=${#ids[@]} 'BEGIN { print (b - a) / n }')
  for t in all $templates; do
    local gt="$work/gt/$t"
    "$newsocr" eval --gt "$gt" --pred "$out" | awk -v v="$name" -v t="$t" -v s="$per_page" -v n="$(ls "$gt" | wc -l)" \
      '$1 == "OVERALL" { printf "%-26s %-4s %5d %7.4f %6.4f %6.4f %6.4f %8s %8.1f\n", v, t, n, $3, $4, $2, $5, $7, (t == "all" ? s : 0) }' \
      | sed 's/ 0\.0$/    -/'
  done
}

if [ $run_pdf = 1 ]; then
  mkdir -p "$work/in_pdf"
  for id in "${ids[@]}"; do ln -sf "$set_dir/$id.pdf" "$work/in_pdf/$id.pdf"; done
  run_variant "pdf${pdf_dpi[1]:+ at ${pdf_dpi[1]} dpi}" "$work/in_pdf" "${pdf_dpi[@]}"
fi
if [ $run_scans = 1 ]; then
  mkdir -p "$work/in_scans"
  for id in "${ids[@]}"; do f="$(scan_of "$id")"; ln -sf "$f" "$work/in_scans/$id.${f##*.}"; done
  run_variant scans "$work/in_scans"
fi
wait_for_slot() { while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done; }
for factor in "${factors[@]}"; do
  dir="$work/in_x$factor"
  rm -rf "$dir" && mkdir -p "$dir"
  for id in "${ids[@]}"; do
    wait_for_slot
    if [ $no_dpi = 1 ]; then
      "$rescale" "$(scan_of "$id")" "$dir/$id.png" "$factor" &
    else
      "$rescale" "$(scan_of "$id")" "$dir/$id.tif" "$factor" "$(awk -v d="$(scan_dpi "$id")" -v f="$factor" 'BEGIN { printf "%.0f", d * f }')" &
    fi
  done
  wait
  run_variant "scans x$factor$([ $no_dpi = 1 ] && echo ' no dpi')" "$dir"
done
