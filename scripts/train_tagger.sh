#!/usr/bin/env bash
# Retrains the shipped tagger model, Rules/en/tagger.qtag, from the UD English treebanks in
# ../shared/data/ud (EWT train, CC BY-SA 4.0; GUM train, its CC BY genres only) and the
# capitalisation of words in ../shared/data/corpus/wikinews.jsonl (CC BY 2.5), with the
# licence and attribution written into the model's header. Deterministic: the same data and
# the same Quarry give the same bytes (check with `git diff --stat Rules/en/tagger.qtag`).
#
#   scripts/train_tagger.sh            # builds quarry (release) if needed, trains, scores on dev
set -euo pipefail
cd "$(dirname "$0")/.."
UD=../shared/data/ud
WIKINEWS=../shared/data/corpus/wikinews.jsonl
for f in "$UD/en_ewt-ud-train.conllu" "$UD/en_gum-ud-train-ccby.conllu" "$UD/en_ewt-ud-dev.conllu" "$WIKINEWS"; do
  [[ -f "$f" ]] || { echo "train_tagger.sh: $f not found (the data lives in ../shared/data)" >&2; exit 1; }
done
swift build -c release --product quarry >/dev/null
.build/release/quarry train tagger \
  --train "$UD/en_ewt-ud-train.conllu" "$UD/en_gum-ud-train-ccby.conllu" \
  --dev "$UD/en_ewt-ud-dev.conllu" \
  --unlabeled "$WIKINEWS" \
  --output Rules/en \
  --licence "Derived from Universal Dependencies English EWT (train) and English GUM (train, CC BY genres)." \
            "UD English EWT: Silveira et al. 2014, Universal Dependencies contributors; licence CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)." \
            "UD English GUM: Zeldes 2017 (Georgetown University Multilayer corpus), only its CC BY genres; licence CC BY 4.0." \
            "Capitalisation counts (words seen 5+ times) from English Wikinews articles, CC BY 2.5, Wikinews contributors." \
            "This model is therefore distributed under CC BY-SA 4.0, with the attribution above."
.build/release/quarry evaluate tags
