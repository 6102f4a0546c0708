#!/usr/bin/env python3
"""The PyTorch Transformer peer's half of bench/transformer-speed: the peer's own model class
(../shared/peers/torch_transformer_quality.py TransformerNMT: d 256, 3 + 3 pre-norm layers, 4 heads, FF 1024,
dropout 0.1, tied target embedding) trained on a random batch of --batch pairs of --len steps (label smoothing 0.1,
Adam(0.9, 0.98, 1e-9), grad-norm clip 1.0: the peer's step), then greedy decoding of --decode-batch sources for exactly
--max-decode steps (argmax feeding, no early stop) through its incremental encode()/decode(), and its beam_one(k=5) on
--beam-sentences sources. One JSON line per measurement, as TransformerSpeed prints ours."""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--peers", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--len", type=int, default=17)
    p.add_argument("--vocab", type=int, default=8000)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--decode-batch", type=int, default=64)
    p.add_argument("--max-decode", type=int, default=30)
    p.add_argument("--beam-sentences", type=int, default=16)
    p.add_argument("--json")
    a = p.parse_args()
    sys.path.insert(0, a.peers)
    from torch_transformer_quality import TransformerNMT  # noqa: E402
    from torch_nmt_quality import BOS, beam_one  # noqa: E402
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)

    def emit(d):
        line = json.dumps(d)
        print(line, flush=True)
        if a.json:
            with open(a.json, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    model = TransformerNMT(a.vocab, a.vocab)
    opt = torch.optim.Adam(model.parameters(), lr=7e-4, betas=(0.9, 0.98), eps=1e-9)
    src = torch.randint(4, a.vocab, (a.batch, a.len))
    tgt_in = torch.randint(4, a.vocab, (a.batch, a.len))
    tgt_out = torch.randint(4, a.vocab, (a.batch, a.len))
    src_len = torch.full((a.batch,), a.len)
    model.train()
    times = []
    for i in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        logits = model(src, src_len, tgt_in)
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), tgt_out.reshape(-1), label_smoothing=0.1)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if i >= a.warmup:
            times.append(time.perf_counter() - t0)
    step = statistics.median(times)
    emit({"impl": "torch", "what": "train", "batch": a.batch, "len": a.len, "step_s": round(step, 4),
          "target_tok_s": round(a.batch * a.len / step, 1), "threads": torch.get_num_threads()})

    model.eval()
    dsrc = torch.randint(4, a.vocab, (a.decode_batch, a.len))
    dlen = torch.full((a.decode_batch,), a.len)
    runs = []
    with torch.no_grad():
        for r in range(6):
            t0 = time.perf_counter()
            mem, st = model.encode(dsrc, dlen)
            tok = torch.full((a.decode_batch, 1), BOS, dtype=torch.long)
            for _ in range(a.max_decode):
                lg, st = model.decode(mem, tok, st)
                tok = lg[:, -1].argmax(-1, keepdim=True)
            if r > 0:
                runs.append(time.perf_counter() - t0)
    emit({"impl": "torch", "what": "greedy", "sentences": a.decode_batch, "steps": a.max_decode,
          "sent_s": round(a.decode_batch / statistics.median(runs), 1)})

    few = dsrc[:a.beam_sentences].tolist()
    ratio = max(a.max_decode - 10, 1) / a.len  # beam_one stops at ratio * source length + 10 = --max-decode steps
    runs = []
    for r in range(4):
        t0 = time.perf_counter()
        for s in few:
            beam_one(model, s, k=5, maxlen_ratio=ratio)
        if r > 0:
            runs.append(time.perf_counter() - t0)
    emit({"impl": "torch", "what": "beam5", "sentences": len(few), "max_steps": int(ratio * a.len) + 10,
          "sent_s": round(len(few) / statistics.median(runs), 2)})


if __name__ == "__main__":
    main()
