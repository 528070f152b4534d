package org.enclave.workspace.runtime.client.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The control plane's answer to a submission: accepted (with the scores the team may see) or not
 * (with the reason, and for a rejected file every problem found). {@link #json()} is the whole
 * answer as parsed JSON.
 */
public record SubmissionResult(int status, Map<String, Object> json) {

  public SubmissionResult {
    json = Map.copyOf(json);
  }

  /** True when the submission was accepted and counted. */
  public boolean accepted() {
    return status == 201;
  }

  /** The submission's id when accepted, else {@code null}. */
  public String id() {
    return accepted() ? (String) json.get("id") : null;
  }

  /** The refusal's stable code (e.g. {@code submission-rejected}), or {@code null}. */
  public String code() {
    return accepted() ? null : (String) json.get("code");
  }

  /** The score in the current scoring run as the team may see it, or an empty map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> score() {
    Object s = json.get("score");
    return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The problems that rejected the file (empty unless the file was rejected). */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> problems() {
    Object p = json.get("problems");
    return p instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  /** A few lines for a person: the scores, or why the submission was refused. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    if (accepted()) {
      b.append("submission ").append(id()).append(" accepted");
      Object phase = json.get("phaseName");
      if (phase != null) {
        b.append(" in phase ").append(phase);
      }
      b.append('\n');
      Map<String, Object> score = score();
      String status = String.valueOf(score.getOrDefault("status", "PENDING"));
      if (!status.equals("SCORED")) {
        b.append("score: ").append(status.toLowerCase(Locale.ROOT));
        if (score.get("detail") != null) {
          b.append(" (").append(score.get("detail")).append(')');
        }
        b.append('\n');
      } else {
        Object primary = score.get("primaryMetric");
        b.append("primary metric ")
            .append(primary)
            .append(": ")
            .append(number(score.get("primaryValue")));
        if (Boolean.FALSE.equals(score.get("improved"))) {
          b.append(" (no improvement by more than the ladder step; previous shown score)");
        }
        b.append('\n');
        Object metrics = score.get("metrics");
        if (metrics instanceof List<?> list) {
          for (Object o : list) {
            if (o instanceof Map<?, ?> m) {
              b.append(String.format("  %-24s %s%n", m.get("name"), number(m.get("value"))));
            }
          }
        }
      }
      Object quota = json.get("quota");
      if (quota instanceof Map<?, ?> q) {
        b.append("used: ")
            .append(q.get("usedToday"))
            .append(limit(q.get("dailyLimit")))
            .append(" today, ")
            .append(q.get("usedInPhase"))
            .append(limit(q.get("totalLimit")))
            .append(" in this phase\n");
      }
      return b.toString();
    }
    b.append("submission refused: ")
        .append(json.getOrDefault("code", "HTTP " + status))
        .append(": ")
        .append(json.getOrDefault("detail", ""))
        .append('\n');
    for (Map<String, Object> p : problems()) {
      b.append("  ")
          .append(p.get("code"))
          .append(" (")
          .append(p.get("count"))
          .append("): ")
          .append(p.get("detail"))
          .append('\n');
      Object occurrences = p.get("occurrences");
      if (occurrences instanceof List<?> list) {
        List<String> shown = new ArrayList<>();
        for (Object o : list) {
          if (o instanceof Map<?, ?> m) {
            shown.add(occurrence(m));
          }
        }
        b.append("    ").append(String.join(", ", shown));
        if (Boolean.TRUE.equals(p.get("truncated"))) {
          b.append(", ...");
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static String occurrence(Map<?, ?> m) {
    StringBuilder o = new StringBuilder();
    if (m.get("line") != null) {
      o.append("line ").append(m.get("line")).append(' ');
    }
    if (m.get("userId") != null) {
      o.append(m.get("userId"));
    }
    if (m.get("postId") != null) {
      o.append('/').append(m.get("postId"));
    }
    if (m.get("value") != null) {
      o.append(" '").append(m.get("value")).append('\'');
    }
    return o.toString().strip();
  }

  private static String limit(Object limit) {
    return limit == null ? "" : " of " + limit;
  }

  private static String number(Object v) {
    if (v == null) {
      return "undefined";
    }
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+$", "");
    }
    return v.toString();
  }
}
