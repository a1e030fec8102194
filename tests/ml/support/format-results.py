#!/usr/bin/env python3
"""Formats the JSON written by ravdess-experiment.sh into the markdown tables of docs/training.md."""
import json, os, sys

E = sys.argv[1]
EMO = ['happy', 'sad', 'anger', 'surprise', 'disgust', 'fear']
def load(n):
    p = os.path.join(E, n)
    return json.load(open(p)) if os.path.exists(p) and os.path.getsize(p) > 0 else None
def f(x, d=3): return '–' if x is None else f'{x:.{d}f}'
def ci(i): return f"{f(i['estimate'])} [{f(i['low'])}, {f(i['high'])}]"

print('### Pretraining (held-out actors 21–24, masked-frame MSE in standardised units, same masks)\n')
print('| loss | epochs | final train loss | model | linear interpolation | causal copy-neighbour | training mean | time s |')
print('|---|---|---|---|---|---|---|---|')
for n, lab in [('pre.json', 'all frames (paper)'), ('pre-masked.json', 'masked frames only')]:
    d = load(n)
    if not d: continue
    h = d['heldOut']
    print(f"| {lab} | {len(d['history'])} | {f(d['history'][-1]['loss'], 4)} | {f(h['model'], 4)} | {f(h['interpolation'], 4)} | {f(h['hold'], 4)} | {f(h['mean'], 4)} | {d['durationMs']/1000:.0f} |")

print('\n### Reduction over time (160 labelled clips, held-out actors 21–24)\n')
print('| backbone | reduction | MSE | MAE [95 % CI] | 4-class acc | macro-F1 |')
print('|---|---|---|---|---|---|')
for pre, lab in [('ft', 'all-frames loss'), ('ftm', 'masked-only loss')]:
    for r in ['mean', 'last']:
        d = load(f'{pre}-{r}.json')
        if not d: continue
        m = d['evaluation']['model']; i = d['evaluation']['intervals']['model']
        print(f"| {lab} | {r} | {f(m['mse'])} | {ci(i['mae'])} | {f(m['accuracy'])} | {f(m['macroF1'])} |")

for N in [40, 160]:
    d = load(f'cmp-{N}.json')
    if not d: continue
    ev, bl = d['evaluation'], d['baselineEvaluation']
    print(f'\n### {N} labelled clips: pretrained + frozen (SSL) vs from scratch, held-out actors 21–24 ({ev["model"]["n"]} clips)\n')
    print('| | MAE [95 % CI] | 4-class acc [95 % CI] | macro-F1 | MSE |')
    print('|---|---|---|---|---|')
    for lab, rep, key in [('SSL (fine-tuned)', ev, 'model'), ('from scratch', bl, 'model'), ('all-zero', ev, 'allZero'), ('training mean', ev, 'trainMean')]:
        m = rep[key]; i = rep['intervals'][key]
        print(f"| {lab} | {ci(i['mae'])} | {ci(i['accuracy'])} | {f(m['macroF1'])} | {f(m['mse'])} |")
    print('\n| emotion | SSL MAE [CI] | scratch MAE [CI] | all-zero MAE | SSL acc [CI] | scratch acc [CI] | all-zero acc | SSL F1 | scratch F1 |')
    print('|---|---|---|---|---|---|---|---|---|')
    for e in EMO:
        s, b, z = ev['intervals']['model']['perEmotion'][e], bl['intervals']['model']['perEmotion'][e], ev['allZero']['perEmotion'][e]
        sf, bf = ev['model']['perEmotion'][e]['present']['f1'], bl['model']['perEmotion'][e]['present']['f1']
        print(f"| {e} | {ci(s['mae'])} | {ci(b['mae'])} | {f(z['mae'])} | {ci(s['accuracy'])} | {ci(b['accuracy'])} | {f(z['accuracy'])} | {f(sf)} | {f(bf)} |")
    t = d['timings']
    print(f"\nFine-tuning wall time {t['wallMs']/1000:.1f} s (embedding {t['embeddedClips']} new clips, {t['cachedClips']} cached; head {t['headMs']:.0f} ms).")
