package org.enclave.infra.local.demo;

/** The CLPsych 2019 user-level suicide-risk levels. */
public enum RiskLabel {
  A("a", "no risk"),
  B("b", "low risk"),
  C("c", "moderate risk"),
  D("d", "severe risk");

  private final String code;
  private final String meaning;

  RiskLabel(String code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The single letter written to the label files. */
  public String code() {
    return code;
  }

  /** A short description, as in the shared task's annotation guide. */
  public String meaning() {
    return meaning;
  }

  /** The label written as {@code code}, for reading label files back. */
  public static RiskLabel fromCode(String code) {
    for (RiskLabel label : values()) {
      if (label.code.equals(code)) {
        return label;
      }
    }
    throw new IllegalArgumentException("unknown risk label: " + code);
  }
}
