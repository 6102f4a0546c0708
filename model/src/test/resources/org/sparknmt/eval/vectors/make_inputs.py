"""Writes hyp.txt and ref.txt of each vector folder (see README.md); sacreBLEU then scores them.

References: multilingual.txt (sentences written for these tests) and sentence pairs of the Tatoeba zh/en corpus
shipped in data/tatoeba-cmn-eng/cmn.txt (CC-BY 2.0 FR). Hypotheses: synthetic corruptions of the references
(seeded, so this script always writes the same files). Standard library only.
"""
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[7]  # the repository root
OPS = ('drop', 'swap', 'shift', 'dup', 'sub', 'case', 'punct', 'digit')


def tatoeba(first=15000, step=70, count=121):
    lines = (ROOT / 'data/tatoeba-cmn-eng/cmn.txt').read_text(encoding='utf-8').splitlines()
    pairs = [line.split('\t')[:2] for line in lines[first::step]]
    return pairs[:count]


def tokens(sentence):
    """Words for languages written with spaces, else characters (Chinese, Japanese, Thai)."""
    return (sentence.split(' '), ' ') if ' ' in sentence else (list(sentence), '')


def corrupt(sentence, pool, rng):
    toks, sep = tokens(sentence)
    for op in rng.choices(OPS, k=rng.choice((0, 1, 1, 2, 2, 3, 4))):
        if not toks:
            break
        i = rng.randrange(len(toks))
        if op == 'drop' and len(toks) > 1:
            del toks[i]
        elif op == 'swap' and i + 1 < len(toks):
            toks[i], toks[i + 1] = toks[i + 1], toks[i]
        elif op == 'shift':
            span = toks[i:i + rng.randint(1, 3)]
            del toks[i:i + len(span)]
            j = rng.randint(0, len(toks))
            toks[j:j] = span
        elif op == 'dup':
            toks.insert(i, toks[i])
        elif op == 'sub':
            other, _ = tokens(rng.choice(pool))
            toks[i] = rng.choice(other) if other else toks[i]
        elif op == 'case':
            toks[i] = rng.choice((toks[i].upper(), toks[i].lower(), toks[i].capitalize()))
        elif op == 'punct':
            toks[i] = ''.join(c for c in toks[i] if c.isalnum()) or toks[i]
        elif op == 'digit':
            toks[i] = ''.join(str(rng.randint(0, 9)) if c.isdigit() else c for c in toks[i])
    return sep.join(toks)


def write(name, refs, seed):
    rng = random.Random(seed)
    hyps = [corrupt(r, refs, rng) for r in refs]
    hyps[7] = ''  # an empty hypothesis
    hyps[11] = refs[11]  # an exact match
    folder = HERE / name
    folder.mkdir(exist_ok=True)
    (folder / 'ref.txt').write_text(''.join(r + '\n' for r in refs), encoding='utf-8')
    (folder / 'hyp.txt').write_text(''.join(h + '\n' for h in hyps), encoding='utf-8')


def write_long(name, sentences, seed):
    """Long segments (six sentences each) with many shifts, for TER's shift search and beam; plus a hypothesis
    far shorter than its reference (a wider beam), one with no reference words and one with no words at all."""
    rng = random.Random(seed)
    refs = [' '.join(sentences[i:i + 6]) for i in range(0, len(sentences) - 5, 6)]
    refs[1] = ' '.join(sentences[:10])
    hyps = []
    for ref in refs:
        hyp = ref
        for _ in range(rng.randint(2, 6)):
            hyp = corrupt(hyp, refs, rng)
        hyps.append(hyp)
    hyps[1] = refs[1].split(' ')[0]
    refs[2], hyps[2] = '', 'no reference words here'
    hyps[3] = ' '.join(reversed(refs[3].split(' ')))
    refs[4], hyps[4] = '', ''
    folder = HERE / name
    folder.mkdir(exist_ok=True)
    (folder / 'ref.txt').write_text(''.join(r + '\n' for r in refs), encoding='utf-8')
    (folder / 'hyp.txt').write_text(''.join(h + '\n' for h in hyps), encoding='utf-8')


def main():
    own = (HERE / 'multilingual.txt').read_text(encoding='utf-8').splitlines()
    pairs = tatoeba()
    english = [en for en, _ in pairs]
    chinese = [zh for _, zh in pairs]
    mixed = [en if i % 2 == 0 else zh for i, (en, zh) in enumerate(pairs)]
    write('intl-multilingual', own + mixed, 1)
    write('char-multilingual', own + chinese, 2)
    for name in ('ter-default', 'ter-case-sensitive', 'ter-normalized', 'ter-no-punct'):
        write(name, own + english, 3)
    write('ter-asian', own + chinese, 4)
    write_long('ter-long', english + own, 5)


if __name__ == '__main__':
    sys.exit(main())
