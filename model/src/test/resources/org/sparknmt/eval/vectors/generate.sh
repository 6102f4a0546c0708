#!/usr/bin/env bash
# Regenerates every vector folder here; see README.md. Usage: generate.sh SACREBLEU_SOURCE_DIR
set -euo pipefail
src=${1:?usage: generate.sh SACREBLEU_SOURCE_DIR (an unpacked v2.6.0 tag)}
here=$(cd "$(dirname "$0")" && pwd)
/usr/bin/python3 "$here/make_inputs.py"
score() { # folder, then sacreBLEU options: the corpus score as JSON
    local dir=$here/$1; shift
    (cd "$src" && /usr/bin/python3 -m sacrebleu "$dir/ref.txt" -i "$dir/hyp.txt" -w 4 "$@") > "$dir/sacrebleu.json"
}
score_ter() { # folder, then TER options: the corpus score as JSON and each segment's score (-sl)
    local dir=$here/$1; shift
    score "$(basename "$dir")" -m ter "$@"
    (cd "$src" && /usr/bin/python3 -m sacrebleu "$dir/ref.txt" -i "$dir/hyp.txt" -w 4 -m ter -sl "$@") \
        > "$dir/sacrebleu-segments.txt"
}
score intl-multilingual -m bleu --tokenize intl
score char-multilingual -m bleu --tokenize char
score_ter ter-default
score_ter ter-case-sensitive --ter-case-sensitive
score_ter ter-normalized --ter-normalized
score_ter ter-no-punct --ter-no-punct
score_ter ter-long
score_ter ter-asian --ter-normalized --ter-asian-support --ter-no-punct
