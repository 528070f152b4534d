package org.enclave.api.sharedtask.scoring.submission;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The fixed, ordered labels of a classification task (at most 127), matched exactly. */
public final class LabelSet {

  private final List<String> labels;
  private final byte[][] bytes;

  public LabelSet(List<String> labels) {
    if (labels.isEmpty() || labels.size() > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("1 to 127 labels");
    }
    this.labels = List.copyOf(labels);
    this.bytes = new byte[labels.size()][];
    for (int i = 0; i < labels.size(); i++) {
      bytes[i] = labels.get(i).getBytes(StandardCharsets.UTF_8);
    }
  }

  public static LabelSet of(String... labels) {
    return new LabelSet(List.of(labels));
  }

  public int size() {
    return labels.size();
  }

  public String label(int index) {
    return labels.get(index);
  }

  public List<String> labels() {
    return labels;
  }

  /** The index of the label spelled by {@code b[from, to)}, or -1. */
  public int indexOf(byte[] b, int from, int to) {
    for (int i = 0; i < bytes.length; i++) {
      if (Arrays.equals(bytes[i], 0, bytes[i].length, b, from, to)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return String.join(", ", labels);
  }
}
