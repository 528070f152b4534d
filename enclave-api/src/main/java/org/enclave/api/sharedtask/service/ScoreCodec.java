package org.enclave.api.sharedtask.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.enclave.api.sharedtask.scoring.Direction;
import org.enclave.api.sharedtask.scoring.MetricValue;
import org.enclave.api.sharedtask.scoring.Scores;

/** Stores a suite's metric values as JSON text; an undefined value (NaN) is stored as null. */
@ApplicationScoped
public class ScoreCodec {
  /** One stored metric value. */
  public record StoredMetric(
      String name, Double value, Direction direction, Double best, String note) {}

  private static final TypeReference<List<StoredMetric>> LIST = new TypeReference<>() {};

  @Inject ObjectMapper json;

  public String encode(Scores scores) {
    List<StoredMetric> stored = scores.values().stream().map(ScoreCodec::stored).toList();
    try {
      return json.writeValueAsString(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("scores could not be written", e);
    }
  }

  public List<StoredMetric> decode(String text) {
    if (text == null) {
      return List.of();
    }
    try {
      return json.readValue(text, LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored scores could not be read", e);
    }
  }

  private static StoredMetric stored(MetricValue v) {
    Double best = v.best() == null || v.best().isNaN() ? null : v.best();
    return new StoredMetric(
        v.name(), v.defined() ? v.value() : null, v.direction(), best, v.note());
  }
}
