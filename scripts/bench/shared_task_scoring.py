#!/usr/bin/env python3
"""scikit-learn on the files ScoringBenchmark generated, side by side with its Java results.

usage: shared_task_scoring.py DIR

Reads DIR/java-results.tsv (written by org.enclave.api.sharedtask.scoring.ScoringBenchmark), then
times reading the same gold and submission files in Python and computing scikit-learn's
equivalents of the metrics, and prints one table of times and one of values. Needs
python3-sklearn and python3-numpy. Run through scripts/bench/shared-task-scoring.sh.
"""
import sys
import time
from collections import defaultdict

import numpy as np
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix,
                             f1_score, fbeta_score, ndcg_score, precision_recall_fscore_support,
                             precision_score, recall_score, roc_auc_score)

CUTOFFS = (5, 10, 20, 100)


def read_classification(path):
    ids, labels, scores = [], [], []
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f):
            fields = line.rstrip("\n").split("\t")
            if n == 0 and fields[0] == "user_id":
                continue
            ids.append(fields[0])
            labels.append(fields[1])
            scores.append(float(fields[2]) if len(fields) > 2 else 0.0)
    return ids, labels, scores


def aligned(gold_path, sub_path):
    gids, glabels, _ = read_classification(gold_path)
    sids, slabels, sscores = read_classification(sub_path)
    where = {u: k for k, u in enumerate(sids)}
    order = [where[u] for u in gids]
    return glabels, [slabels[k] for k in order], np.array([sscores[k] for k in order])


def clpsych2019(d):
    t0 = time.perf_counter()
    y, p, _ = aligned(f"{d}/clpsych2019-gold.tsv", f"{d}/clpsych2019-submission.tsv")
    t1 = time.perf_counter()
    labels = ["a", "b", "c", "d"]
    y = np.array(y)
    p = np.array(p)
    v = {"macro_f1": f1_score(y, p, labels=labels, average="macro", zero_division=0),
         "flagged_f1": f1_score(y != "a", p != "a", zero_division=0),
         "urgent_f1": f1_score(np.isin(y, ["c", "d"]), np.isin(p, ["c", "d"]), zero_division=0),
         "accuracy": accuracy_score(y, p)}
    prec, rec, f1, _ = precision_recall_fscore_support(y, p, labels=labels, zero_division=0)
    for k, label in enumerate(labels):
        v["precision_" + label], v["recall_" + label], v["f1_" + label] = prec[k], rec[k], f1[k]
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, v


def clpsych2021(d):
    t0 = time.perf_counter()
    y, p, s = aligned(f"{d}/clpsych2021-gold.tsv", f"{d}/clpsych2021-submission.tsv")
    t1 = time.perf_counter()
    y = np.array(y, dtype=int)
    p = np.array(p, dtype=int)
    tn, fp, fn, tp = confusion_matrix(y, p, labels=[0, 1]).ravel()
    v = {"f1": f1_score(y, p, zero_division=0), "f2": fbeta_score(y, p, beta=2, zero_division=0),
         "precision": precision_score(y, p, zero_division=0),
         "tpr": recall_score(y, p, zero_division=0), "fpr": fp / (fp + tn),
         "auc": roc_auc_score(y, s)}
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, v


def user_rows(path):
    """(user id -> value) from the 'user' rows of a prioritization TSV file."""
    out = {}
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b"user\t"):
                _, uid, value = line.rstrip(b"\n").split(b"\t")
                out[uid] = float(value)
    return out


def prioritization(d):
    t0 = time.perf_counter()
    gold = user_rows(f"{d}/prioritization-gold.tsv")
    sub = user_rows(f"{d}/prioritization-submission.tsv")
    ids = sorted(gold)
    grades = np.array([gold[u] for u in ids])
    scores = np.array([sub[u] for u in ids])
    t1 = time.perf_counter()
    v = {}
    for k in CUTOFFS:
        v[f"ndcg_cut_{k}"] = ndcg_score([grades], [scores], k=k)
    v["ndcg"] = ndcg_score([grades], [scores])
    # sklearn has no P@k or R-precision: numpy, ties by id ascending (ids are sorted, sort stable)
    order = np.argsort(-scores, kind="stable")
    relevant = grades[order] >= 1
    for k in CUTOFFS:
        v[f"p_{k}"] = relevant[:k].sum() / k
    v["map"] = average_precision_score(grades >= 1, scores)
    r = int((grades >= 1).sum())
    v["r_precision"] = relevant[:r].sum() / r
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, v


def main():
    d = sys.argv[1]
    java = defaultdict(dict)
    with open(f"{d}/java-results.tsv") as f:
        for line in f:
            suite, kind, name, value = line.rstrip("\n").split("\t")
            java[(suite, kind)][name] = float(value)
    rows = []
    values = []
    for suite, fn in (("clpsych2019", clpsych2019), ("clpsych2021", clpsych2021),
                      ("prioritization", prioritization)):
        if (suite, "time") not in java:
            continue
        py_read, py_metrics, py_values = fn(d)
        t = java[(suite, "time")]
        rows.append((suite, t["submission_read"], t["score"], t["submission_read_score"],
                     t["submission_read_score_cpu"], t["gold_read"], py_read, py_metrics))
        for name, value in py_values.items():
            values.append((suite, name, java[(suite, "value")].get(name, float("nan")), value))
    if ("prioritization-json", "time") in java:
        t = java[("prioritization-json", "time")]
        rows.append(("prioritization (json)", t["submission_read"], t["score"],
                     t["submission_read_score"], t["submission_read_score_cpu"], t["gold_read"],
                     float("nan"), float("nan")))

    print()
    print("| suite | Java: read+validate submission | Java: score | Java: both (CPU) "
          "| Java: read gold | Python: read files | scikit-learn: metrics "
          "| scikit-learn metrics / Java score |")
    print("|---|---|---|---|---|---|---|---|")
    for s, read, score, both, cpu, gold, pyr, pym in rows:
        ratio = f"{pym / score:,.0f}x" if score > 0 and pym == pym else "—"
        pyr_s = f"{pyr:.3f} s" if pyr == pyr else "—"
        pym_s = f"{pym:.3f} s" if pym == pym else "—"
        print(f"| {s} | {read:.3f} s | {score:.3f} s | {both:.3f} s ({cpu:.3f} s) | {gold:.3f} s "
              f"| {pyr_s} | {pym_s} | {ratio} |")
    print()
    print("| suite | metric | Java | scikit-learn / numpy | difference |")
    print("|---|---|---|---|---|")
    for suite, name, j, p in values:
        print(f"| {suite} | {name} | {j:.6f} | {p:.6f} | {abs(j - p):.1e} |")


if __name__ == "__main__":
    main()
