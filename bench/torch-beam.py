#!/usr/bin/env python3
"""Beam search over the PyTorch peer's reference models (../shared/peers/torch_seq2seq_bench.py has greedy only),
for bench/model-speed's beam comparison: the same batch shapes as the peer's greedy benchmark, batched beam search
with beam K for exactly --max-decode steps (no early stop, as the peer's greedy), log-softmax scores, top-K over
K x V candidates per sentence, LSTM state and cached encoder memory reordered by parent beam each step.
Appends one JSON line per run to --json. Not a test: prints the figures.
"""
import argparse
import importlib.util
import json
import statistics
import time

import torch


def load_peer(path):
    spec = importlib.util.spec_from_file_location("peer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@torch.no_grad()
def beam(peer, model, src, src_len, k, steps, vocab):
    mem = {name: t.repeat_interleave(k, 0) for name, t in model.encode(src, src_len).items()}
    b = src.size(0)
    tok = torch.full((b * k, 1), peer.BOS, dtype=torch.long)
    scores = torch.full((b, k), float("-inf"))
    scores[:, 0] = 0.0
    base = (torch.arange(b) * k).unsqueeze(1)
    state = None
    for _ in range(steps):
        logits, state = model.decode(mem, tok, state)
        logp = torch.log_softmax(logits[:, -1], -1).view(b, k, vocab)
        scores, idx = (scores.unsqueeze(-1) + logp).view(b, k * vocab).topk(k, -1)
        rows = (base + idx // vocab).view(-1)
        tok = (idx % vocab).view(b * k, 1)
        state = tuple(s[:, rows] for s in state)
    return scores


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--peer", required=True)
    p.add_argument("--variant", choices=["A", "B"], default="B")
    p.add_argument("--beam", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--src-len", type=int, default=30)
    p.add_argument("--tgt-len", type=int, default=30)
    p.add_argument("--min-len", type=int, default=10)
    p.add_argument("--vocab", type=int, default=8000)
    p.add_argument("--emb", type=int, default=256)
    p.add_argument("--hidden", type=int, default=512)
    p.add_argument("--attn-dim", type=int, default=512)
    p.add_argument("--max-decode", type=int, default=30)
    p.add_argument("--decode-warmup", type=int, default=1)
    p.add_argument("--decode-iters", type=int, default=5)
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--json")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    peer = load_peer(a.peer)
    args = argparse.Namespace(variant=a.variant, batch=a.batch, src_len=a.src_len, tgt_len=a.tgt_len,
                              min_len=a.min_len, src_vocab=a.vocab, tgt_vocab=a.vocab, emb=a.emb,
                              enc_hidden=a.hidden, dec_hidden=a.hidden, attn_dim=a.attn_dim, encoder="pack",
                              seed=a.seed)
    device = torch.device("cpu")
    model = peer.build(args, device).eval()
    gen = torch.Generator().manual_seed(a.seed + 2)
    (src, src_len, _t, _l), _ = peer.make_batch(args, gen, device)
    with torch.inference_mode():
        for _ in range(a.decode_warmup):
            beam(peer, model, src, src_len, a.beam, a.max_decode, a.vocab)
        times = []
        for _ in range(a.decode_iters):
            t0 = time.perf_counter()
            beam(peer, model, src, src_len, a.beam, a.max_decode, a.vocab)
            times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    r = {"variant": a.variant, "measure": "beam", "beam": a.beam, "batch": a.batch, "max_decode": a.max_decode,
         "decode_batch_s_median": med, "decode_sent_per_s": a.batch / med, "threads": a.threads,
         "torch": torch.__version__}
    print(f"[{a.variant}] torch beam {a.beam}: median {med * 1e3:.1f} ms/batch of {a.batch} x {a.max_decode} steps"
          f" | {a.batch / med:.1f} sent/s", flush=True)
    if a.json:
        with open(a.json, "a") as f:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
