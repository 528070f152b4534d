#!/usr/bin/env python3
"""scikit-learn's values of the classification metrics, for SklearnCrossCheckTest.

usage: sklearn_metrics.py clpsych2019|clpsych2021 GOLD.tsv SUBMISSION.tsv

Reads the shared-task TSV formats (docs/shared-task-formats.md; header optional) and prints one
"name<TAB>value" line per metric, with the suite's metric names. Needs python3-sklearn.
"""
import sys

from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, fbeta_score,
                             precision_recall_fscore_support, precision_score, recall_score,
                             roc_auc_score)


def read(path):
    rows = {}
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f):
            fields = line.rstrip("\r\n").split("\t")
            if n == 0 and fields[0] == "user_id":
                continue
            rows[fields[0]] = fields[1:]
    return rows


def main():
    suite, gold_path, sub_path = sys.argv[1:4]
    gold = read(gold_path)
    sub = read(sub_path)
    ids = sorted(gold)
    y = [gold[i][0] for i in ids]
    p = [sub[i][0] for i in ids]
    out = {}
    if suite == "clpsych2019":
        labels = ["a", "b", "c", "d"]
        out["macro_f1"] = f1_score(y, p, labels=labels, average="macro", zero_division=0)
        flagged = lambda v: [int(x != "a") for x in v]
        urgent = lambda v: [int(x in ("c", "d")) for x in v]
        out["flagged_f1"] = f1_score(flagged(y), flagged(p), zero_division=0)
        out["urgent_f1"] = f1_score(urgent(y), urgent(p), zero_division=0)
        out["accuracy"] = accuracy_score(y, p)
        prec, rec, f1, _ = precision_recall_fscore_support(y, p, labels=labels, zero_division=0)
        for k, label in enumerate(labels):
            out["precision_" + label] = prec[k]
            out["recall_" + label] = rec[k]
            out["f1_" + label] = f1[k]
    else:
        y = [int(v) for v in y]
        p = [int(v) for v in p]
        scores = [float(sub[i][1]) for i in ids]
        out["f1"] = f1_score(y, p, zero_division=0)
        out["f2"] = fbeta_score(y, p, beta=2, zero_division=0)
        out["precision"] = precision_score(y, p, zero_division=0)
        out["tpr"] = recall_score(y, p, zero_division=0)
        tn, fp, fn, tp = confusion_matrix(y, p, labels=[0, 1]).ravel()
        out["fpr"] = fp / (fp + tn)
        out["auc"] = roc_auc_score(y, scores)
    for name, value in out.items():
        print(f"{name}\t{float(value)!r}")


if __name__ == "__main__":
    main()
