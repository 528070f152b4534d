package org.enclave.masking.ner;

import java.util.List;
import org.enclave.masking.EntityType;

/**
 * The named-entity worker's protocol on its standard streams, in big-endian binary frames (no text
 * escaping, any text):
 *
 * <ul>
 *   <li>worker → client, once the model is loaded: {@link #READY}, then the model's name (int
 *       length, UTF-8 bytes);
 *   <li>client → worker, a request: int id ≥ 0, int length, UTF-8 text; the id {@code -1} with no
 *       text asks the worker to finish and exit;
 *   <li>worker → client, an answer in any order: int id, int count, then per span int start, int
 *       end (UTF-16 offsets into the text, as Java strings count) and byte type, an index into
 *       {@link #TYPES}.
 * </ul>
 */
public final class NerProtocol {
  /** "NER1": the worker loaded its model and reads requests. */
  public static final int READY = 0x4E455231;

  /** The id that ends the conversation. */
  public static final int END = -1;

  /** Longest text a request may carry: 8 MiB of UTF-8. */
  public static final int MAX_TEXT_BYTES = 8 << 20;

  /** What a span's type byte means. */
  public static final List<EntityType> TYPES =
      List.of(EntityType.PERSON, EntityType.LOCATION, EntityType.ORGANIZATION);

  private NerProtocol() {}
}
